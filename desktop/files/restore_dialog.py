"""The Restore from backup dialog: a database's backups, newest first, and how many to keep."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bilateral.db.backup import Backup, own_folder
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import label_for, name, no_tab_trap
from bilateral.desktop.common.screen import fit_to_screen

HEADERS = ("Taken", "Records", "File")
MAX_KEPT = 999


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # file and folder names are the user's
    label.setWordWrap(True)
    theme.styled(label, style)
    return label


class RestoreDialog(QDialog):
    """Pick a backup to restore; ``chosen()`` is the one picked when the dialog is accepted.

    ``keep`` sets how many backups are kept; it is disabled when the database
    cannot be written.
    """

    def __init__(
        self, db_file: Path, kept: int, parent: QWidget | None = None, writable: bool = True
    ):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restore_dialog")
        fit_to_screen(self, 720, 420)
        self.backups: list[Backup] = []
        intro = _label(
            f"Backups of {Path(db_file).name} are made when it is opened (at most once a day), "
            "before an import, before its format is updated and before a restore. "
            f"They are kept in {own_folder(db_file)}.\n\n"
            "Restoring one replaces every record of the database with the backup's. "
            "The current records are backed up first, so a restore can itself be undone."
        )
        self.status = _label("Reading the backups…", "color: {muted};")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("backups")
        name(self.table, "Backups")
        no_tab_trap(self.table)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.keep = QSpinBox()
        self.keep.setObjectName("keep")
        self.keep.setRange(1, MAX_KEPT)
        self.keep.setValue(kept)
        self.keep.setEnabled(writable)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        self.writable = writable
        self._lay_out(intro)

    def _lay_out(self, intro: QLabel) -> None:
        keep_row = QHBoxLayout()
        keep_row.addWidget(label_for("&Keep the newest", self.keep))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("backups; older ones are deleted when the next one is made."))
        keep_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(keep_row)
        layout.addWidget(self.buttons)

    def show_backups(self, backups: list[Backup]) -> None:
        """List ``backups`` (newest first), the newest one chosen."""
        self.backups = list(backups)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            records = "unreadable" if backup.records is None else f"{backup.records:,}"
            cells = (f"{backup.taken_at:%Y-%m-%d %H:%M:%S}", records, backup.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if self.backups:
            self.table.selectRow(0)
        self.status.setText("" if self.backups else "There are no backups of this database yet.")
        self.status.setVisible(not self.backups)
        self.restore_button.setEnabled(bool(self.backups) and self.writable)

    def show_problem(self, text: str) -> None:
        """Say why the backups could not be listed."""
        self.status.setText(text)
        self.status.setVisible(True)

    def chosen(self) -> Backup | None:
        """The selected backup, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _restore(self) -> None:
        if self.writable and self.chosen() is not None:
            self.accept()
