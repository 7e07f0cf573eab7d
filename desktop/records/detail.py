"""The detail pane: everything a record holds, with its sources as links that open in the browser."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QEvent, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from bilateral.db import cameo, dates, reference
from bilateral.db.links import LinkedRecord, RecordLinks
from bilateral.db.parties import PartyTable
from bilateral.db.records import Record
from bilateral.db.validation import usd_conversion
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import name
from bilateral.desktop.common.plain import escape

BASES = {
    "source": "as stated in the source",
    "ecb": "converted at an ECB rate",
    "user": "entered by hand",
}
QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
SAFE_SCHEMES = ("http", "https")
# A linked record's title is an anchor 'record:N', N its place in the pane's list of uids:
# no uid is ever put in a URL, whatever characters it holds.
RECORD_SCHEME = "record"
RELATION_TEXT = {
    "part-of": "part of",
    "fulfils": "fulfils",
    "responds-to": "responds to",
    "denies": "denies",
    "confirms": "confirms",
    "supersedes": "supersedes",
    "same-as": "same as",
}
# The pane's classes and the theme colour each is drawn in, on the pane's Base.
CLASS_COLORS = {"meta": "muted", "label": "muted", "quote": "text", "muted": "muted"}
CLASS_COLORS["warn"] = "warning"


def style(colors: theme.Theme | None = None) -> str:
    """The pane's CSS in the colours of ``colors`` (the current palette's theme)."""
    colors = colors or theme.current()
    c = {name: getattr(colors, role) for name, role in CLASS_COLORS.items()}
    return f"""
h2 {{ margin: 0 0 4px 0; }}
.meta {{ color: {c["meta"]}; }}
.label {{ color: {c["label"]}; font-weight: 600; }}
.quote {{ color: {c["quote"]}; margin-left: 12px; font-style: italic; }}
.muted {{ color: {c["muted"]}; font-size: small; }}
.warn {{ color: {c["warn"]}; font-weight: 600; }}
"""


def long_date(text: str) -> str:
    """'25 November 2022', 'November 2022' or '2021', following the date's precision."""
    if not text:
        return ""
    try:
        year, month, day = dates.parse(text)
    except dates.PartialDateError:
        return text
    if month is None:
        return str(year)
    name = datetime.date(year, month, 1).strftime("%B")
    return f"{day} {name} {year}" if day else f"{name} {year}"


def money_text(record: Record) -> str:
    """The amount in its currency, its USD value and how that value was obtained."""
    parts = []
    if record.amount is not None:
        parts.append(f"{record.amount:,.2f}".rstrip("0").rstrip(".") + f" {record.currency}")
    if record.amount_usd is not None and record.currency != "USD":
        parts.append(f"≈ {record.amount_usd:,.0f} USD ({_basis_text(record)})")
    elif record.amount_usd is not None and record.amount is None:
        parts.append(f"{record.amount_usd:,.0f} USD ({BASES.get(record.usd_basis, '')})")
    elif record.amount is not None and record.currency != "USD":
        conversion = usd_conversion(record)
        why = f": {conversion.reason}" if conversion and conversion.reason else ""
        parts.append(f"(no USD value{why})")
    return " ".join(parts)


def _basis_text(record: Record) -> str:
    """How the USD value was obtained; for an ECB value, the day of the rate."""
    if record.usd_basis != "ecb":
        return BASES.get(record.usd_basis, record.usd_basis)
    conversion = usd_conversion(record)
    if conversion is None or conversion.rate_date is None:
        # Stored before rates more than a week away were refused.
        return (
            f"converted at an ECB rate, but {conversion.reason if conversion else 'none fits'}: "
            "check it"
        )
    return f"converted at the ECB rate of {conversion.rate_date}"


def _side(code: str, party_table: PartyTable | None) -> str:
    """'Cuba (CUB)', or 'European Union (EU)' for a party of the database."""
    name = party_table.name(code) if party_table is not None else reference.country_name(code)
    return f"{name} ({code})" if code else ""


def _row(label: str, value: str) -> str:
    return (
        f"<tr><td class='label'>{escape(label)}&nbsp;</td><td>{escape(value)}</td></tr>"
        if value
        else ""
    )


def record_html(
    record: Record,
    kind_color: str = "",
    linked: RecordLinks | None = None,
    party_table: PartyTable | None = None,
) -> str:
    """The record as HTML in which every value is escaped; with ``linked``, its links
    both ways, each linked title an anchor 'record:N' for the Nth uid of ``link_uids``;
    with ``party_table``, a side that is a party shows its name."""
    color = (
        QColor(kind_color).name() if QColor.isValidColorName(kind_color) else theme.NO_KIND_COLOR
    )
    arrow = "↔" if record.direction == "mutual" else "→"
    sides = f"{_side(record.actor, party_table)} {arrow} {_side(record.partner, party_table)}"
    when = long_date(record.date) + (f" – {long_date(record.end_date)}" if record.end_date else "")
    parts = [
        f"<h2>{escape(record.title)}</h2>",
        f"<p class='meta'><span style='color:{color}'>■</span> {escape(record.kind)} · "
        f"{escape(when)} · {escape(record.status)}</p>",
        f"<p>{escape(sides)}</p>",
    ]
    if record.summary:
        parts.append(f"<p>{escape(record.summary)}</p>")
    others = [
        _side(o.party, party_table) + (f", {o.role}" if o.role else "")
        for o in record.other_parties
    ]
    table = (
        _row("Other parties", "; ".join(others))
        + _row("Place", record.location)
        + _row("Money", money_text(record))
    )
    table += _row("Sectors", ", ".join(record.sectors))
    if not record.terms_disclosed:
        table += "<tr><td></td><td class='warn'>Terms not disclosed</td></tr>"
    if table:
        parts.append(f"<table>{table}</table>")
    if record.claim_status != "established":
        parts.append(f"<p class='warn'>{escape(claim_text(record, linked))}</p>")
    parts += _participants_html(record) + _sources_html(record)
    if linked is not None:
        parts += links_html(record, linked)
    parts.append(_footer_html(record))
    return "".join(parts)


def claim_text(record: Record, linked: RecordLinks | None = None) -> str:
    """'Claim: claimed by The Wall Street Journal', or without who when nobody is named;
    with what its responses make of it: '… — disputed: denied by 2 records'."""
    by = f" by {record.claimed_by}" if record.claimed_by else ""
    text = f"Claim: {record.claim_status}{by}"
    followed = linked.claim_status(record.claim_status) if linked else record.claim_status
    if followed != record.claim_status:
        relation = "denies" if followed == "disputed" else "confirms"
        n = sum(link.relation == relation for link in linked.linked_from)
        verb = "denied" if relation == "denies" else "confirmed"
        text += f" — {followed}: {verb} by {n} record{'s' if n != 1 else ''}"
    return text


def link_uids(record: Record, linked: RecordLinks) -> list[str]:
    """The uids the anchors of ``links_html`` number, in that order."""
    shown = _link_sections(record, linked)
    return [link.uid for _, items in shown for link in items]


def _link_sections(record: Record, linked: RecordLinks) -> list[tuple[str, list[LinkedRecord]]]:
    """(heading, links) of each section shown: a claim's responses apart from the rest."""
    responses = linked.responses if record.claim_status != "established" else []
    others = [link for link in linked.linked_from if link not in responses]
    sections = [("Links to", linked.to), ("Responses", responses), ("Linked from", others)]
    return [(heading, items) for heading, items in sections if items]


def links_html(record: Record, linked: RecordLinks) -> list[str]:
    """The record's links both ways, each linked record by its title, relation and date."""
    parts, number = [], 0
    for heading, items in _link_sections(record, linked):
        rows = []
        # A relation is read from the record that holds it: the others' links say "this".
        this = "" if heading == "Links to" else " this"
        for link in items:
            relation = escape(RELATION_TEXT.get(link.relation, link.relation) + this)
            if link.title:
                title = f"<a href='{RECORD_SCHEME}:{number}'>{escape(link.title)}</a>"
                when = f" · {escape(long_date(link.date))}" if link.date else ""
            else:
                title, when = f"{escape(link.uid)} <span class='warn'>(no such record)</span>", ""
            rows.append(f"<li>{relation}: {title}{when}</li>")
            number += 1
        parts += [f"<p class='label'>{heading}</p><ul>", *rows, "</ul>"]
    return parts


def _participants_html(record: Record) -> list[str]:
    if not record.participants:
        return []
    items = []
    for person in record.participants:
        extra = ", ".join(x for x in (person.role, reference.country_name(person.country)) if x)
        items.append(
            f"<li>{escape(person.name)}" + (f" — {escape(extra)}" if extra else "") + "</li>"
        )
    return ["<p class='label'>Participants</p><ul>", *items, "</ul>"]


def _sources_html(record: Record) -> list[str]:
    if not record.sources:
        return ["<p class='warn'>No source yet.</p>"]
    items = []
    for source in record.sources:
        title = escape(source.title or source.url or "(untitled)")
        if QUrl(source.url).scheme() in SAFE_SCHEMES:
            title = f"<a href='{escape(source.url)}'>{title}</a>"
        head = " · ".join(
            x for x in (escape(source.publisher), title, escape(long_date(source.published))) if x
        )
        quote = f"<div class='quote'>“{escape(source.quote)}”</div>" if source.quote else ""
        items.append(f"<li>{head}{quote}</li>")
    return ["<p class='label'>Sources</p><ol>", *items, "</ol>"]


def _cameo_text(code: str) -> str:
    """'CAMEO 070 (Provide aid, not specified below)', or without the label if it has none."""
    if not code:
        return ""
    label = cameo.label(code)
    return f"CAMEO {code} ({label})" if label else f"CAMEO {code}"


def _footer_html(record: Record) -> str:
    quad = QUADS.get(record.quad_class or 0, "")
    bits = [
        _cameo_text(record.cameo_code),
        f"quad class {record.quad_class} ({quad})" if quad else "",
        f"uid {record.uid}",
        f"added {record.created_at}",
        f"changed {record.updated_at}",
    ]
    return f"<p class='muted'>{escape(' · '.join(b for b in bits if b))}</p>"


def open_link(url: QUrl) -> bool:
    """Open a source's web address in the browser; any other kind of link is refused."""
    if url.scheme() not in SAFE_SCHEMES:
        return False
    return QDesktopServices.openUrl(url)


class DetailPane(QTextBrowser):
    """Shows one record, or a hint when none is selected.

    ``recordRequested(uid)`` asks for a linked record whose title was clicked.
    """

    recordRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        name(self, "Details of the record")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(style())
        self.anchorClicked.connect(self._on_anchor)
        self._uids: list[str] = []
        self.party_table: PartyTable | None = None  # the window sets it as it reads the pairs
        self.show_record(None)

    def show_record(
        self, record: Record | None, kind_color: str = "", linked: RecordLinks | None = None
    ) -> None:
        """Show ``record`` with its links both ways (``linked``); None shows a hint."""
        self.record = record
        self._shown_with = (kind_color, linked)  # to show it again in a new palette
        self._uids = link_uids(record, linked) if record and linked else []
        if record is None:
            self.setHtml("<p class='muted'>Choose a record to see everything it holds.</p>")
        else:
            self.setHtml(record_html(record, kind_color, linked, self.party_table))

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (a dark theme) restyles the pane and shows the record again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.document().setDefaultStyleSheet(style())
            self.show_record(self.record, *self._shown_with)

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == RECORD_SCHEME:
            number = url.path()
            if number.isdigit() and int(number) < len(self._uids):
                self.recordRequested.emit(self._uids[int(number)])
            return
        open_link(url)
