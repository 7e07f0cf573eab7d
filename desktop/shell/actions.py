"""Every action of the window, declared once and keyed by an enum, with shortcuts and icons."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from bilateral.desktop.common.icons import set_icon

Key = QKeySequence.StandardKey


class ActionId(enum.Enum):
    """The window's actions."""

    NEW_DATABASE = enum.auto()
    OPEN_DATABASE = enum.auto()
    SAVE_COPY = enum.auto()
    RESTORE_BACKUP = enum.auto()
    IMPORT_CSV = enum.auto()
    IMPORTS = enum.auto()
    EXPORT_RECORDS = enum.auto()
    EXPORT_SUMMARY = enum.auto()
    EXPORT_TIMELINE = enum.auto()
    QUIT = enum.auto()
    ADD_RECORD = enum.auto()
    EDIT_RECORD = enum.auto()
    DELETE_RECORD = enum.auto()
    UNDO = enum.auto()
    REDO = enum.auto()
    FIND = enum.auto()
    PARTIES = enum.auto()
    KINDS = enum.auto()
    DELETED_RECORDS = enum.auto()
    CLEAR_FILTERS = enum.auto()
    REFRESH = enum.auto()
    FOLD_PARTS = enum.auto()
    SHOW_PARTS = enum.auto()
    THROUGH_MEMBERSHIP = enum.auto()
    ZOOM_IN = enum.auto()
    ZOOM_OUT = enum.auto()
    ZOOM_FIT = enum.auto()
    GETTING_STARTED = enum.auto()
    ABOUT = enum.auto()


@dataclass(frozen=True)
class Spec:
    """How an action looks: its text, shortcut, icon name and status tip, and whether
    it is an option that stays on or off."""

    text: str
    shortcut: Key | str | None = None
    icon: str = ""
    tip: str = ""
    checkable: bool = False


SPECS: dict[ActionId, Spec] = {
    ActionId.NEW_DATABASE: Spec(
        "&New database…", "Ctrl+Shift+N", "new", "Create an empty database"
    ),
    ActionId.OPEN_DATABASE: Spec("&Open database…", Key.Open, "open", "Open a database file"),
    ActionId.SAVE_COPY: Spec("Save a &copy as…", Key.SaveAs, "save-copy", "Copy the database"),
    ActionId.RESTORE_BACKUP: Spec(
        "Restore from &backup…", None, "", "Replace the records with those of a backup"
    ),
    ActionId.IMPORT_CSV: Spec(
        "&Import records…", "Ctrl+I", "import", "Import records from a CSV file or .xlsx workbook"
    ),
    ActionId.IMPORTS: Spec("Im&ports…", None, "", "Every import with what it did, and Undo import"),
    ActionId.EXPORT_RECORDS: Spec(
        "&Export records…", "Ctrl+E", "export", "Export the records shown as CSV or .xlsx"
    ),
    ActionId.EXPORT_SUMMARY: Spec(
        "Export &summary…", None, "export", "Export counts and USD totals per year (CSV or .xlsx)"
    ),
    ActionId.EXPORT_TIMELINE: Spec(
        "Export &timeline image…", None, "image", "Save the timeline as PNG or SVG"
    ),
    ActionId.QUIT: Spec("&Quit", Key.Quit, "", "Close Bilateral"),
    ActionId.ADD_RECORD: Spec("&Add record…", Key.New, "add", "Add a record"),
    ActionId.EDIT_RECORD: Spec("&Edit record…", "F2", "edit", "Edit the selected record"),
    ActionId.DELETE_RECORD: Spec(
        "&Delete record", Key.Delete, "delete", "Delete the selected record (can be undone)"
    ),
    ActionId.UNDO: Spec("&Undo", Key.Undo, "undo", "Undo the last change"),
    ActionId.REDO: Spec("&Redo", Key.Redo, "redo", "Redo the change undone last"),
    ActionId.FIND: Spec("&Find…", Key.Find, "find", "Search titles, summaries, quotes and people"),
    ActionId.PARTIES: Spec(
        "&Parties…", None, "", "The organisations and groups a record's side can be: add, delete"
    ),
    ActionId.KINDS: Spec(
        "&Kinds…", None, "", "The kinds of record: add one, rename yours, change a colour"
    ),
    ActionId.DELETED_RECORDS: Spec(
        "De&leted records…", None, "", "The records deleted, to bring one back with its links"
    ),
    ActionId.CLEAR_FILTERS: Spec("&Clear filters", "Ctrl+Shift+L", "clear", "Show every record"),
    ActionId.REFRESH: Spec("&Refresh", Key.Refresh, "refresh", "Read the database again"),
    ActionId.FOLD_PARTS: Spec(
        "Fold &parts under their trip",
        "Ctrl+Shift+P",
        "",
        "Show a trip's meetings and other parts folded under it, not as rows of their own",
        checkable=True,
    ),
    ActionId.SHOW_PARTS: Spec(
        "&Show parts",
        "Ctrl+Shift+O",
        "",
        "Show the parts folded under the selected trip below it, or fold them again",
    ),
    ActionId.THROUGH_MEMBERSHIP: Spec(
        "Include records through &memberships",
        None,
        "",
        "In a pair's view, add the records in which a side acts through an organisation "
        "it belonged to at the time (an EU–Cuba agreement in the Spain–Cuba view)",
        checkable=True,
    ),
    ActionId.ZOOM_IN: Spec(
        "Zoom timeline &in", Key.ZoomIn, "", "Show a shorter stretch of time (+ on the timeline)"
    ),
    ActionId.ZOOM_OUT: Spec(
        "Zoom timeline &out", Key.ZoomOut, "", "Show a longer stretch of time (− on the timeline)"
    ),
    ActionId.ZOOM_FIT: Spec(
        "&Fit timeline to the records",
        "Ctrl+0",
        "",
        "Show every matching record on the timeline (Home on the timeline)",
    ),
    ActionId.GETTING_STARTED: Spec(
        "&Getting started", "F1", "", "What the window holds, how to use it, and its shortcuts"
    ),
    ActionId.ABOUT: Spec("&About Bilateral", None, "about", "Versions and licence"),
}


_USUAL_KEYS = {
    Key.Quit: ("Ctrl+Q",),
    Key.Redo: ("Ctrl+Shift+Z",),
    Key.Undo: ("Ctrl+Z",),
    # Ctrl+= too: on most keyboards + is Shift+=.
    Key.ZoomIn: ("Ctrl++", "Ctrl+="),
    Key.ZoomOut: ("Ctrl+-",),
}


def create_action(action_id: ActionId, parent: QWidget) -> QAction:
    """Build the QAction for ``action_id`` from its spec."""
    spec = SPECS[action_id]
    action = QAction(spec.text, parent)
    action.setObjectName(action_id.name.lower())
    action.setCheckable(spec.checkable)
    if spec.icon:
        set_icon(action, spec.icon)
    if isinstance(spec.shortcut, Key):
        keys = QKeySequence.keyBindings(spec.shortcut)
        # Some platforms (and the offscreen one) leave out keys people expect.
        for usual in _USUAL_KEYS.get(spec.shortcut, ()):
            if QKeySequence(usual) not in keys:
                keys.append(QKeySequence(usual))
        action.setShortcuts(keys)
    elif spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.tip:
        action.setStatusTip(spec.tip)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{spec.tip} ({shortcut})" if shortcut else spec.tip)
    return action


def create_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """Every action, keyed by its id."""
    return {action_id: create_action(action_id, parent) for action_id in ActionId}
