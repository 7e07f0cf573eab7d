"""The menu bar and tool bar, built from the declared actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from bilateral.desktop.files.imports_dialog import open_imports
from bilateral.desktop.records.deleted_dialog import open_deleted
from bilateral.desktop.records.kinds_dialog import open_kinds
from bilateral.desktop.records.parties_dialog import open_parties
from bilateral.desktop.shell.actions import ActionId as A

FILE = (
    A.NEW_DATABASE,
    A.OPEN_DATABASE,
    None,
    A.SAVE_COPY,
    A.RESTORE_BACKUP,
    None,
    A.IMPORT_CSV,
    A.IMPORTS,
    A.EXPORT_RECORDS,
    A.EXPORT_SUMMARY,
    A.EXPORT_TIMELINE,
    None,
    A.QUIT,
)
EDIT = (
    A.ADD_RECORD,
    A.EDIT_RECORD,
    A.DELETE_RECORD,
    None,
    A.UNDO,
    A.REDO,
    None,
    A.FIND,
    None,
    A.PARTIES,
    A.KINDS,
    A.DELETED_RECORDS,
)
VIEW = (A.CLEAR_FILTERS, A.REFRESH, None, A.FOLD_PARTS, A.SHOW_PARTS, None, A.THROUGH_MEMBERSHIP)
TOOLBAR = (
    A.ADD_RECORD,
    A.EDIT_RECORD,
    A.DELETE_RECORD,
    None,
    A.UNDO,
    A.REDO,
    None,
    A.IMPORT_CSV,
    A.EXPORT_RECORDS,
)


def _fill(menu: QMenu | QToolBar, actions: dict[A, QAction], ids) -> None:
    for action_id in ids:
        if action_id is None:
            menu.addSeparator()
        else:
            menu.addAction(actions[action_id])


def build_menus(window: QMainWindow, actions: dict[A, QAction]) -> dict[str, QMenu]:
    """Add File, Edit, View and Help menus and the tool bar; return the menus by name."""
    bar = window.menuBar()
    menus = {
        name: bar.addMenu(title)
        for name, title in (
            ("file", "&File"),
            ("edit", "&Edit"),
            ("view", "&View"),
            ("help", "&Help"),
        )
    }
    _fill(menus["file"], actions, FILE[:2])
    menus["recent"] = menus["file"].addMenu("Open &recent")
    menus["recent"].setObjectName("recent")
    _fill(menus["file"], actions, FILE[2:])
    _fill(menus["edit"], actions, EDIT)
    # Connected here rather than in the window, whose module is at its size limit.
    # The dialogs that stand on their own, each given the window it belongs to.
    for action_id, open_dialog in (
        (A.KINDS, open_kinds),
        (A.PARTIES, open_parties),
        (A.DELETED_RECORDS, open_deleted),
        (A.IMPORTS, open_imports),
    ):
        actions[action_id].triggered.connect(lambda _=False, f=open_dialog: f(window))
    _fill(menus["view"], actions, VIEW)
    menus["view"].addSeparator()
    menus["help"].addAction(actions[A.GETTING_STARTED])
    menus["help"].addAction(actions[A.ABOUT])
    toolbar = window.addToolBar("Tools")
    toolbar.setObjectName("tools")
    toolbar.setIconSize(QSize(20, 20))
    _fill(toolbar, actions, TOOLBAR)
    menus["view"].addAction(toolbar.toggleViewAction())
    return menus


def fill_recent(menu: QMenu, paths: list[Path], open_path: Callable[[Path], object]) -> None:
    """List recent databases in ``menu``; picking one opens it."""
    menu.clear()
    for number, path in enumerate(paths, 1):
        # '&' would be read as a mnemonic marker in a file name.
        action = menu.addAction(f"&{number} {path.name.replace('&', '&&')}")
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _=False, p=path: open_path(p))
    menu.setEnabled(bool(paths))
