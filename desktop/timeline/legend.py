"""Legends and titles of the timeline views, as escaped HTML for pyqtgraph's labels."""

from __future__ import annotations

import html

from bilateral.desktop.common import theme

SWATCH = "&#9632;"  # a filled square in the kind's colour
LINE = "&#9473;&#9473;"  # a short heavy line in the flow's colour
GAP = "&nbsp;&nbsp;&nbsp;"
# Characters of 9pt text that fit a line of the default panel; wider titles wrap.
LINE_CHARS = 150


def _title(text: str, entries: list[tuple[str, int]], width: int = LINE_CHARS) -> str:
    """``text`` in bold, then the entries (html, length in characters), wrapped to ``width``."""
    lines, line, used = [], [f"<b>{html.escape(text)}</b>"], len(text)
    for entry, length in entries:
        if used + length + 4 > width and line:
            lines.append(GAP.join(line))
            line, used = [], 0
        line.append(entry)
        used += length + 4
    lines.append(GAP.join(line))
    return f"<span style='color:{theme.current().text}; font-size:9pt'>{'<br>'.join(lines)}</span>"


def kinds_title(
    text: str, kinds: list[tuple[str, int]], colors: dict[str, str], width: int = LINE_CHARS
) -> str:
    """A title followed by every kind with its colour and record count."""
    muted = theme.current().muted
    entries = [
        (
            f"<span style='color:{html.escape(colors.get(kind, theme.NO_KIND_COLOR))}'>{SWATCH}</span>"
            f"&nbsp;{html.escape(kind)}&nbsp;<span style='color:{muted}'>{count:,}</span>",
            len(kind) + len(f"{count:,}") + 3,
        )
        for kind, count in kinds
    ]
    return _title(text, entries, width)


def flows_title(
    text: str, flows: list[tuple[str, str]], note: str = "", width: int = LINE_CHARS
) -> str:
    """A title followed by every money flow with its line colour, or ``note`` when there is none."""
    entries = [
        (
            f"<span style='color:{html.escape(color)}'>{LINE}</span>&nbsp;{html.escape(flow)}",
            len(flow) + 3,
        )
        for flow, color in flows
    ]
    if note:
        note_html = f"<span style='color:{theme.current().muted}'>{html.escape(note)}</span>"
        entries.append((note_html, len(note)))
    return _title(text, entries, width)


def events_title(text: str, note: str = "", width: int = LINE_CHARS) -> str:
    """The events title with a key to the shapes, and an optional note such as a cap."""
    colors = theme.current()
    key = [
        ("&#9679;&nbsp;on a day", 10),
        (f"<span style='color:{colors.muted}'>&#9636;</span>&nbsp;known to the month or year", 28),
        ("&#9644;&nbsp;lasting (to its end, or today if in force)", 42),
        ("&#9675;&nbsp;claim (hatched if a span, grey if denied)", 41),
        ("&#9473;&nbsp;chain, money once", 17),
        (
            f"<span style='color:{colors.muted}'>&#9472;&nbsp;part of</span>&nbsp; &#9473;&nbsp;"
            f"fulfils&nbsp; <span style='color:{colors.denies}'>- - denies</span>&nbsp; "
            f"<span style='color:{colors.confirms}'>- - confirms</span>&nbsp; &#183;&#183;&#183; "
            "responds to",
            56,
        ),
    ]
    if note:
        key.append((f"<span style='color:{colors.error}'>{html.escape(note)}</span>", len(note)))
    return _title(text, key, width)
