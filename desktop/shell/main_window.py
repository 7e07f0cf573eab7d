"""The main window: composes the pair list, filter bar, table, detail pane and timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db.connection import db_path
from bilateral.db.errors import BilateralError
from bilateral.db.links import record_links
from bilateral.db.query import Filter
from bilateral.db.records import get_record, list_kinds, record_id_for_uid
from bilateral.desktop.common import settings as keys
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files.backups import Backups
from bilateral.desktop.files.file_actions import FileActions
from bilateral.desktop.records.detail import DetailPane
from bilateral.desktop.records.editing import Editing
from bilateral.desktop.records.filter_bar import FilterBar
from bilateral.desktop.records.history_pane import HistoryPane, record_tabs
from bilateral.desktop.records.pairs import PairList
from bilateral.desktop.records.records_table import RecordsTable
from bilateral.desktop.records.search import IdSearch
from bilateral.desktop.records.unfolding import Unfolding
from bilateral.desktop.shell import about, keyboard
from bilateral.desktop.shell.actions import ActionId as A
from bilateral.desktop.shell.actions import create_actions
from bilateral.desktop.shell.collector import follow_window
from bilateral.desktop.shell.context_menus import ContextMenus
from bilateral.desktop.shell.menus import build_menus, fill_recent
from bilateral.desktop.shell.opening import open_for_window
from bilateral.desktop.shell.watch import DataWatch
from bilateral.desktop.shell.welcome import Welcome
from bilateral.desktop.timeline.panel import TimelinePanel


class MainWindow(QMainWindow):
    """One database at a time: browse, filter, edit and undo its records."""

    def __init__(self, db: Database, settings: Settings | None = None, read_only: bool = False):
        super().__init__()
        self.db = db
        self.read_only = read_only
        self.settings = settings or Settings()
        self.setObjectName("main_window")
        # Made before the actions, so that the undo stack, which announces its
        # clearing when destroyed, goes before the actions it retitles.
        self.editing = Editing(db, self, lambda: self.search.where.pair)
        self.action_map = create_actions(self)
        self.pairs = PairList()
        self.filter_bar = FilterBar()
        self.table = RecordsTable(db)
        self.model = self.table.records
        self.detail = DetailPane()
        self.history = HistoryPane(lambda: self.db)
        self.timeline = TimelinePanel(self.database_file())
        self.search = IdSearch(db, self)
        self.unfolding = Unfolding(self.model, lambda: self.db, lambda: self.search.where)
        self.files = FileActions(self)
        self.backups = Backups(self)
        self.watch = DataWatch(lambda: self.db, self)
        follow_window(self)  # no garbage collection timer while the window is hidden
        self.count_label = QLabel()
        # A record just saved that the filter would hide stays in the table until the
        # filter changes, so a save never seems to lose the record or the place in the list.
        self._pinned: int | None = None
        self._pending_selection: int | None = None
        self.outside_button = QToolButton()
        self.outside_button.setText("Show all records")
        self.outside_button.setToolTip("Clear every filter, so the saved record is among the rest")
        self.outside_button.setAutoRaise(True)
        self.outside_button.hide()
        self._kind_colors: dict[str, str] = {}
        self._lay_out()
        self.menus = build_menus(self, self.action_map)
        self._connect()
        self.keys = keyboard.install(self)
        self.welcome = Welcome(self)  # in place of the records while there are none
        self._restore()
        self._load(first=True)

    # ---------------------------------------------------------------- building

    def _lay_out(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.detail_tabs = record_tabs(self.detail, self.history)
        for widget, stretch in ((self.pairs, 0), (self.table, 3), (self.detail_tabs, 2)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([180, 760, 460])
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(centre)
        self.timeline_dock = QDockWidget("Timeline", self)
        self.timeline_dock.setObjectName("timeline_dock")
        self.timeline_dock.setWidget(self.timeline)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.outside_button)
        self.setWindowIcon(about.app_icon())

    def _connect(self) -> None:
        a = self.action_map
        self.pairs.pairSelected.connect(self.filter_bar.set_pair)
        self.filter_bar.changed.connect(self._on_filter)
        self.search.ready.connect(self._on_result)
        self.search.preview.connect(self._on_preview)
        self.search.failed.connect(self.show_status)
        self.model.sortRequested.connect(self.search.set_sort)
        self.table.currentRecordChanged.connect(self._on_current)
        self.table.editRequested.connect(self._edit)
        self.timeline.recordActivated.connect(self.select_record)
        self.detail.recordRequested.connect(self.select_uid)
        self.history.revertRequested.connect(self.editing.revert)
        self.outside_button.clicked.connect(self.filter_bar.clear)
        self.watch.changedElsewhere.connect(self._changed_elsewhere)
        self.editing.changed.connect(self.data_changed)
        stack = self.editing.stack
        stack.canUndoChanged.connect(a[A.UNDO].setEnabled)
        stack.canRedoChanged.connect(a[A.REDO].setEnabled)
        stack.undoTextChanged.connect(lambda t: _retitle(a[A.UNDO], "&Undo", t))
        stack.redoTextChanged.connect(lambda t: _retitle(a[A.REDO], "&Redo", t))
        a[A.UNDO].setEnabled(False)
        a[A.REDO].setEnabled(False)
        a[A.UNDO].triggered.connect(self.editing.undo)
        a[A.REDO].triggered.connect(self.editing.redo)
        a[A.ADD_RECORD].triggered.connect(self.editing.add)
        a[A.EDIT_RECORD].triggered.connect(self._edit)
        a[A.DELETE_RECORD].triggered.connect(self._delete)
        a[A.FIND].triggered.connect(self.filter_bar.focus_text)
        a[A.CLEAR_FILTERS].triggered.connect(self.filter_bar.clear)
        a[A.REFRESH].triggered.connect(lambda: self.data_changed(self.table.current_record_id()))
        a[A.FOLD_PARTS].toggled.connect(self._set_fold_parts)
        a[A.SHOW_PARTS].triggered.connect(self._toggle_parts)
        a[A.THROUGH_MEMBERSHIP].toggled.connect(self.filter_bar.set_through_membership)
        self.context_menus = ContextMenus(self)  # and Ctrl+C on the table
        a[A.QUIT].triggered.connect(self.close)
        a[A.ABOUT].triggered.connect(lambda: about.show_about(self))
        a[A.NEW_DATABASE].triggered.connect(lambda: self.files.new_database())
        a[A.OPEN_DATABASE].triggered.connect(lambda: self.files.open_database())
        a[A.SAVE_COPY].triggered.connect(lambda: self.files.save_copy())
        a[A.RESTORE_BACKUP].triggered.connect(lambda: self.backups.open_dialog())
        a[A.IMPORT_CSV].triggered.connect(lambda: self.files.import_csv())
        a[A.EXPORT_RECORDS].triggered.connect(lambda: self.files.export_records())
        a[A.EXPORT_SUMMARY].triggered.connect(lambda: self.files.export_summary())
        a[A.EXPORT_TIMELINE].triggered.connect(lambda: self.files.export_timeline())
        self.menus["view"].addAction(self.timeline_dock.toggleViewAction())

    # ---------------------------------------------------------------- the database

    def database_file(self) -> Path:
        """The file of the open database."""
        return Path(db_path(self.db))

    def switch_database(self, path: Path, create: bool = False) -> bool:
        """Open another database in this window; on a problem, say so and keep the current one."""
        opened = open_for_window(self, path, create)
        if opened is None:
            return False
        old, (self.db, self.read_only) = self.db, opened
        db = self.db
        for part in (self.table, self.search, self.editing):
            part.set_database(db)
        self.unfolding.clear()
        self.timeline.set_database(self.database_file())
        old.close()
        self._load(first=True)
        return True

    def _load(self, first: bool = False) -> None:
        kinds = list_kinds(self.db)
        self._kind_colors = {k.name: k.color for k in kinds}
        self.model.set_kind_colors(self._kind_colors)
        self.filter_bar.set_kinds(kinds)
        self.pairs.refresh(self.db)
        self.filter_bar.set_pairs(self.pairs.pairs(), self.pairs.party_table)
        self.detail.party_table = self.pairs.party_table
        self.history.read_only = self.read_only
        suffix = " (read-only)" if self.read_only else ""
        # '[*]' would be read as the modified-marker placeholder; doubled it shows as typed.
        name = self.database_file().name.replace("[*]", "[*][*]")
        self.setWindowTitle(f"{name}{suffix} — Bilateral")
        for action_id in (A.ADD_RECORD, A.IMPORT_CSV):
            self.action_map[action_id].setEnabled(not self.read_only)
        if first:
            self.watch.start()
            self.backups.back_up_if_due()
            self.settings.remember_database(self.database_file())
            fill_recent(
                self.menus["recent"], self.settings.recent_databases()[1:], self.files.open_database
            )
            pairs = self.pairs.pairs()
            # Start on the busiest pair: what the user most likely came for.
            self.filter_bar.set_pair(pairs[0] if pairs else "")
            self.table.setFocus()

    def data_changed(self, record_id: int | None = None) -> None:
        """Read everything again after a change, and make ``record_id`` current if given.

        ``record_id`` stays shown even when the filter would hide it (see _on_result).
        """
        if record_id is not None:
            self._pinned = record_id
        self._pending_selection = (
            record_id if record_id is not None else self.table.current_record_id()
        )
        self.watch.sync()  # what is read below is up to date, whoever wrote it
        self._load()
        self.search.refresh()
        self.timeline.refresh()

    def _changed_elsewhere(self) -> None:
        self.data_changed()
        self.show_status(
            "The database was changed by another program; the records were read again."
        )

    # ---------------------------------------------------------------- views

    def current_filter(self) -> Filter:
        """The filter the table shows."""
        return self.search.where

    def _on_filter(self, where: Filter) -> None:
        self.pairs.set_filter(self.db, where)
        self.pairs.select_pair(where.pair)
        self._pinned = None
        self._pending_selection = self.table.current_record_id()
        self.search.set_filter(where)
        self.timeline.set_filter(where)

    def _set_fold_parts(self, on: bool) -> None:
        self.settings.set(keys.FOLD_PARTS, on)
        self._pending_selection = self.table.current_record_id()
        self.search.set_fold_parts(on)

    def _toggle_parts(self) -> None:
        record_id = self.table.current_record_id()
        if not self.search.fold_parts:
            self.show_status("Parts are not folded: “Fold parts under their trip” is off.")
        elif record_id is None or not self.unfolding.toggle(record_id):
            self.show_status("The selected record holds no parts folded under it.")
        else:
            self.table.select_record(record_id)

    def _on_preview(self, ids: list[int]) -> None:
        ids = self.unfolding.show(ids)
        # The first row only when nothing else is wanted: the whole result, coming next,
        # selects the wanted record, and the selection must not jump to row 1 meanwhile.
        wanted = self._pending_selection
        if not self.table.select_record(wanted) and ids and wanted is None:
            self.table.select_row(0)
        self.count_label.setText(f"Searching… showing the first {len(ids):,}")

    def _on_result(self, ids: list[int], total: int) -> None:
        matched, ids = len(ids), self.unfolding.show(ids)
        outside = self._pinned is not None and self.model.row_of(self._pinned) < 0
        if outside and self.unfolding.reveal(self._pinned):  # a part just saved: open its trip
            ids, outside = self.model.ids(), False
        if outside and self._still_there(self._pinned):
            ids = [self._pinned, *ids]
            self.model.set_ids(
                ids, self.model.folded_by(), self.model.shown_parts(), self.unfolding.trips
            )
            self.show_status(
                "The record you saved is not among the records the filter shows; it stays "
                "at the top until the filter changes. “Show all records” clears the filter."
            )
        else:
            outside = False
        self.outside_button.setVisible(outside)
        if not self.table.select_record(self._pending_selection) and ids:
            self.table.select_row(0)
        if not ids:
            self._on_current(None)
        folded = self.search.folded
        extra = f" · {folded:,} {'part' if folded == 1 else 'parts'} folded" if folded else ""
        extra += " · 1 saved record shown outside the filter" if outside else ""
        self.count_label.setText(
            f"{matched + self.search.folded:,} of {total:,} records match{extra}"
        )

    def _still_there(self, record_id: int) -> bool:
        try:
            get_record(self.db, record_id)
        except BilateralError:
            return False
        return True

    def _on_current(self, record_id: int | None) -> None:
        record = None
        if record_id is not None:
            try:
                record = get_record(self.db, record_id)
            except BilateralError:
                record = None
        color = self._kind_colors.get(record.kind, "") if record else ""
        linked = record_links(self.db, record.uid) if record else None
        self.detail.show_record(record, color, linked)
        self.history.show_record(record)
        self.timeline.highlight_record(record_id)
        for action_id in (A.EDIT_RECORD, A.DELETE_RECORD):
            self.action_map[action_id].setEnabled(record is not None and not self.read_only)

    def select_record(self, record_id: int) -> None:
        """Make ``record_id`` the current row of the table, if the current result holds it
        (a part folded under its trip is shown by unfolding the trip)."""
        if self.model.row_of(record_id) < 0:
            self.unfolding.reveal(record_id)
        if not self.table.select_record(record_id):
            self.show_status("That record is not in the table's current result.")

    def select_uid(self, uid: str) -> None:
        """Make the record ``uid`` current (a linked record clicked in the detail pane)."""
        record_id = record_id_for_uid(self.db, uid)
        if record_id is None:
            self.show_status("That record is no longer in the database.")
        else:
            self.select_record(record_id)

    def show_status(self, text: str) -> None:
        """Show a passing message in the status bar."""
        self.statusBar().showMessage(text, 8000)

    def export_timeline_image(self, path: Path) -> None:
        """Save the timeline plots to ``path`` (PNG or SVG)."""
        self.timeline.export_image(path)

    def _edit(self) -> None:
        record_id = self.table.current_record_id()
        if record_id is not None and not self.read_only:
            self.editing.edit(record_id)

    def _delete(self) -> None:
        record_id = self.table.current_record_id()
        if record_id is None or self.read_only:
            return
        row = self.model.row_of(record_id)
        # Move to the neighbour, so Delete pressed again walks down the list.
        self._pending_selection = self.model.record_id(row + 1) or self.model.record_id(row - 1)
        self.editing.delete(record_id)

    # ---------------------------------------------------------------- settings

    def _restore(self) -> None:
        s = self.settings
        if not self.restoreGeometry(s.get(keys.GEOMETRY)):
            self.resize(1400, 900)
        fit_to_screen(self)  # a size remembered from a larger screen, or the default
        if not self.restoreState(s.get(keys.WINDOW_STATE)):
            dock_height = min(440, self.height() * 11 // 20)  # the table keeps 45 %
            self.resizeDocks([self.timeline_dock], [dock_height], Qt.Orientation.Vertical)
        self.splitter.restoreState(s.get(keys.SPLITTER))
        self.table.restore_columns(s.get(keys.COLUMNS))
        fold = s.get(keys.FOLD_PARTS)
        self.search.fold_parts = fold  # read before the first query, which _load runs
        fold_action = self.action_map[A.FOLD_PARTS]
        fold_action.blockSignals(True)  # the first query is yet to come
        fold_action.setChecked(fold)
        fold_action.blockSignals(False)

    def save_settings(self) -> None:
        """Remember the window's size, splitter, dock and columns."""
        s = self.settings
        s.set(keys.GEOMETRY, self.saveGeometry())
        s.set(keys.WINDOW_STATE, self.saveState())
        s.set(keys.SPLITTER, self.splitter.saveState())
        s.set(keys.COLUMNS, self.table.horizontalHeader().saveState())
        s.store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self.watch.stop()
        self.save_settings()
        self.timeline.close()
        super().closeEvent(event)


def _retitle(action, base: str, command_text: str) -> None:
    # A title with '&' would otherwise turn a letter into a mnemonic.
    action.setText(f"{base} {command_text.replace('&', '&&')}" if command_text else base)
