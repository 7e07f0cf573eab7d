"""Writing small records files for the window's import tests."""

from __future__ import annotations

import csv


def write_rows(path, rows):
    """Write dict rows as a CSV with their keys as the header."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
