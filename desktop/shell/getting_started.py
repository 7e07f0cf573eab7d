"""The Getting started page (F1): what the window holds and how to work with it, with the shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from bilateral.desktop.common.accessibility import name
from bilateral.desktop.common.plain import escape
from bilateral.desktop.shell.actions import SPECS, ActionId

# Each section: a heading and its paragraphs, plain text (escaped when rendered).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Records",
        (
            "A record is one event between two sides: a visit, an agreement, aid or a loan, "
            "a statement, an allegation. It has a kind, a date, its two sides, a title and "
            "summary, and optionally people, sectors, money, sources and links.",
            "Add a record with Edit › Add record; double-click or Enter edits it; Delete "
            "removes it (Edit › Deleted records brings one back).",
        ),
    ),
    (
        "Pairs and parties",
        (
            "Every record belongs to a pair: the two sides, countries by their ISO codes "
            "(CHN–CUB) or parties such as the EU or the African Union. The list on the left "
            "gives each pair with its count; picking one shows its records. Edit › Parties "
            "lists the organisations and groups a side can be, and View › Include records "
            "through memberships adds, in a country's pair, the records of the bodies it "
            "belonged to at the time.",
        ),
    ),
    (
        "Kinds",
        (
            "The kind says what happened (visit, agreement, aid, loan, statement, "
            "allegation and others), each with its colour in the table and on the timeline. "
            "`bilateral kinds --add NAME` on the command line adds one of your own.",
        ),
    ),
    (
        "Partial dates",
        (
            "A date may be as precise as it is known: 2023, 2023-06 or 2023-06-15. A year "
            "or a month draws as a span on the timeline, and filters match it by its whole "
            "span. A record may also have an end date.",
        ),
    ),
    (
        "Money and USD",
        (
            "An amount is kept in its own currency. For another currency than USD, the "
            "window converts it at the European Central Bank (ECB) reference rate of the "
            "record's date, unless you give the USD value yourself; when there is no rate "
            "within 7 days, it asks for the value. The detail pane says how the USD value "
            "was obtained.",
        ),
    ),
    (
        "Sources and claims",
        (
            "Each source gives its outlet, link, date and quote. A record's claim status "
            "(established, claimed, disputed, denied, confirmed, retracted) says how sure "
            "it is, and claimed by says who claims it; money only claimed is not counted "
            "in the totals.",
        ),
    ),
    (
        "Links",
        (
            "A record can link to another: part-of a trip, fulfils an agreement, "
            "responds-to, denies or confirms a statement, supersedes or is the same-as "
            "another. The detail pane lists the links both ways; a click selects "
            "the linked record. View › Fold parts under their trip shows a trip as one row.",
        ),
    ),
    (
        "Import and export",
        (
            "File › Import records reads a records CSV (the columns of File › Export "
            "records), an .xlsx workbook with the same columns, an AidData file or a GDELT "
            "events export (.CSV or .zip); it shows what the import would do before doing "
            "it. File › Export records writes the records shown as CSV or .xlsx; Export "
            "summary gives counts and USD totals per year.",
        ),
    ),
    (
        "History and undo",
        (
            "Every change is kept: the History tab of a record shows its versions and can "
            "bring one back. Edit › Undo and Redo step through the window's changes; "
            "File › Imports lists every import and undoes one as a whole.",
        ),
    ),
    (
        "Backups",
        (
            "Bilateral backs the database up once a day and before every import into a "
            "database that holds records. File › Restore from backup puts a backup's records back; File › Save "
            "a copy copies the whole database.",
        ),
    ),
    (
        "Keyboard",
        (
            "Tab moves between the controls in the order of the screen, and the arrow keys "
            "within a list; Alt and a label's underlined letter goes to its field. In the "
            "search box Esc empties it and Enter or Down goes to the records found.",
            "On the timeline (Tab to it, or click it) + and − zoom, the arrows move, "
            "PageUp and PageDown move a whole view and Home shows every record; "
            "View › Zoom timeline in and out do the same from anywhere.",
        ),
    ),
)


def menu_text(action_id: ActionId) -> str:
    """The action's menu entry as read: no mnemonic marker, no ellipsis."""
    return SPECS[action_id].text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcuts(actions: dict[ActionId, QAction]) -> list[tuple[str, str]]:
    """(menu entry, keys) of every action that has a shortcut, as the menus show them."""
    rows = []
    for action_id, action in actions.items():
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        if keys:
            rows.append((menu_text(action_id), keys))
    return rows


def page_html(actions: dict[ActionId, QAction]) -> str:
    """The page as HTML, every text escaped."""
    parts = [
        "<h2>Getting started</h2>",
        "<p>Bilateral keeps the record of the relations between two countries, with the "
        "sources that report each event, in a table and on a timeline.</p>",
    ]
    for heading, paragraphs in SECTIONS:
        parts.append(f"<h3>{escape(heading)}</h3>")
        parts += [f"<p>{escape(p)}</p>" for p in paragraphs]
    parts.append("<h3>Keyboard shortcuts</h3><table cellpadding='3'>")
    for text, keys in shortcuts(actions):
        parts.append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>")
    parts.append("</table>")
    parts.append(
        "<p>Everything the window does is also on the command line: run "
        "<code>bilateral --help</code>.</p>"
    )
    return "\n".join(parts)


class GettingStarted(QDialog):
    """The page in a dialog that fits the screen."""

    def __init__(self, actions: dict[ActionId, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("getting_started")
        self.setWindowTitle("Getting started — Bilateral")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # the page has no links to follow
        name(self.browser, "Getting started")
        self.browser.setHtml(page_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent else None) or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        self.resize(min(720, available.width() * 9 // 10), min(760, available.height() * 85 // 100))


def open_getting_started(window: QWidget) -> GettingStarted:
    """Open the page beside ``window`` (its actions give the shortcuts)."""
    dialog = GettingStarted(window.action_map, window)  # type: ignore[attr-defined]
    dialog.open()
    return dialog
