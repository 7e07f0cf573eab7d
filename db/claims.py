"""The statuses the counting rules name, in a module that imports nothing of Bilateral's."""

from __future__ import annotations

# Claim statuses of things that happened: the others are counted apart, or not at all.
HAPPENED = ("established", "confirmed")
# Claims that add nothing anywhere, not even to the money kept apart.
VOID = ("denied", "retracted")
# A record in force with no end date lasts until today: its span is open-ended.
OPEN_STATUS = "in force"
