"""Legends and titles of the timeline views, as escaped HTML for pyqtgraph's labels."""

from __future__ import annotations

import html

SWATCH = "&#9632;"  # a filled square in the kind's colour
LINE = "&#9473;&#9473;"  # a short heavy line in the flow's colour
TITLE_STYLE = "color:#333333; font-size:9pt"


def _title(text: str, entries: list[str]) -> str:
    body = "&nbsp;&nbsp;&nbsp;".join(entries)
    return f"<span style='{TITLE_STYLE}'><b>{html.escape(text)}</b>&nbsp;&nbsp;&nbsp;{body}</span>"


def kinds_title(text: str, kinds: list[tuple[str, int]], colors: dict[str, str]) -> str:
    """A title followed by every kind with its colour and record count."""
    entries = [
        f"<span style='color:{html.escape(colors.get(kind, '#7f7f7f'))}'>{SWATCH}</span>"
        f"&nbsp;{html.escape(kind)}&nbsp;<span style='color:#888888'>{count:,}</span>"
        for kind, count in kinds
    ]
    return _title(text, entries)


def flows_title(text: str, flows: list[tuple[str, str]], note: str = "") -> str:
    """A title followed by every money flow with its line colour, or ``note`` when there is none."""
    entries = [
        f"<span style='color:{html.escape(color)}'>{LINE}</span>&nbsp;{html.escape(flow)}"
        for flow, color in flows
    ]
    if note:
        entries.append(f"<span style='color:#888888'>{html.escape(note)}</span>")
    return _title(text, entries)


def events_title(text: str, note: str = "") -> str:
    """The events title with a key to the shapes, and an optional note such as a cap."""
    key = [
        "&#9679;&nbsp;on a day",
        "<span style='color:#777777'>&#9636;</span>&nbsp;known to the month or year",
        "&#9644;&nbsp;lasting (to its end, or today if in force)",
    ]
    if note:
        key.append(f"<span style='color:#b00020'>{html.escape(note)}</span>")
    return _title(text, key)
