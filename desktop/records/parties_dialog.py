"""Edit › Parties…: the organisations and groups of the database, adding and deleting them."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db import parties, reference
from bilateral.db.party_tables import ROLES, TYPES
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import label_for, no_tab_trap
from bilateral.desktop.common.plain import ask, show_message
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.common.tables import list_table
from bilateral.desktop.records.record_fields import CodePicker

COLUMNS = ("Code", "Name", "Type", "Members", "Partners", "Observers")
MEMBER_COLUMNS = ("Member", "Role", "From", "To")


class _MemberDelegate(QStyledItemDelegate):
    """Edits a member as the record dialog's sides: the type-ahead offers 'Name (CODE)'."""

    def __init__(self, names: dict[str, str], parent: QWidget):
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent, option, index) -> QWidget:  # noqa: N802 - Qt naming
        return CodePicker(self.names, "Country or party", parent, country=True)


def _item(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem()
    # Numbers as numbers, so that sorting a count column puts 10 after 9.
    item.setData(Qt.ItemDataRole.DisplayRole, int(text) if number else text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AddPartyDialog(QDialog):
    """Code, name, type, source and memberships of a new party; saved only when all are valid."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.party: parties.Party | None = None
        self.setWindowTitle("Add party")
        self.code = QLineEdit()
        self.code.setPlaceholderText("2 to 10 capitals or digits, such as ALBA")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Bolivarian Alliance for the Peoples of Our America")
        self.type = QComboBox()
        self.type.addItems(TYPES)
        self.type.setCurrentText("other")
        self.source = QLineEdit()
        self.source.setPlaceholderText("Where the membership comes from (a URL)")
        self.members = QTableWidget(0, len(MEMBER_COLUMNS))
        no_tab_trap(self.members)
        self.members.setHorizontalHeaderLabels(MEMBER_COLUMNS)
        self.members.verticalHeader().hide()
        # Countries first, then the parties, as the record dialog offers them.
        names = {**reference.countries(), **parties.table(db).names}
        self.members.setItemDelegateForColumn(0, _MemberDelegate(names, self.members))
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Wide enough for YYYY-MM-DD as typed, not only for the header's word.
        width = self.fontMetrics().horizontalAdvance("2024-12-31") + 24
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.members.setToolTip(
            "Member: a country or party, by code or name. From and To: YYYY, YYYY-MM or "
            "YYYY-MM-DD, To empty while it lasts."
        )
        add_row = QPushButton("&Add membership")
        add_row.clicked.connect(lambda: self.add_membership())
        remove_row = QPushButton("&Remove membership")
        remove_row.clicked.connect(self._remove_membership)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        theme.tint(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        for text, field in (
            ("&Code:", self.code),
            ("&Name:", self.name),
            ("&Type:", self.type),
            ("S&ource:", self.source),
        ):
            form.addRow(label_for(text, field), field)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add_row)
        row_buttons.addWidget(remove_row)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label_for("&Memberships:", self.members))
        layout.addWidget(self.members, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 460)

    def add_membership(
        self, member: str = "", role: str = "member", start: str = "", end: str = ""
    ) -> int:
        """Add a row for one membership; return its row number."""
        row = self.members.rowCount()
        self.members.insertRow(row)
        self.members.setItem(row, 0, QTableWidgetItem(member))
        choice = QComboBox()
        choice.addItems(ROLES)
        choice.setCurrentText(role)
        self.members.setCellWidget(row, 1, choice)
        self.members.setItem(row, 2, QTableWidgetItem(start))
        self.members.setItem(row, 3, QTableWidgetItem(end))
        self.members.setCurrentCell(row, 0)
        return row

    def _remove_membership(self) -> None:
        if (row := self.members.currentRow()) >= 0:
            self.members.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.members.item(row, column)
        return item.text().strip() if item is not None else ""

    def memberships(self) -> list[parties.Membership]:
        """The rows as memberships; a row without member is left out."""
        found = []
        for row in range(self.members.rowCount()):
            role = self.members.cellWidget(row, 1)
            member = parties.Membership(
                self._text(row, 0),
                role.currentText() if isinstance(role, QComboBox) else "member",
                self._text(row, 2),
                self._text(row, 3),
            )
            if member.member:
                found.append(member)
        return found

    def save(self) -> None:
        """Add the party, or say why not and keep every field as typed."""
        try:
            self.party = parties.add_party(
                self.db,
                self.code.text().strip().upper(),
                self.name.text(),
                self.type.currentText(),
                self.memberships(),
                self.source.text().strip(),
            )
        except parties.PartyError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()


class PartiesDialog(QDialog):
    """Every party of the database with its counts, and Add… and Delete."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Parties")
        self.table = list_table(COLUMNS, stretch=1, title="Parties")
        header = self.table.horizontalHeader()
        # By name, as `bilateral parties` lists them.
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.add_button = QPushButton("&Add…")
        self.add_button.clicked.connect(lambda: self.add())
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(self.delete)
        for button in (self.add_button, self.delete_button):
            button.setEnabled(not read_only)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        note = QLabel(
            "Countries are always parties; these are the organisations and groups a record's "
            "side can also be. bilateral export parties and bilateral parties import share them."
        )
        note.setWordWrap(True)
        theme.tint(note, "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 540)  # fits a 940×600 screen with the longest names whole
        self.refresh()

    def refresh(self) -> None:
        """Read the parties again."""
        self.table.setSortingEnabled(False)
        found = parties.list_parties(self.db)
        self.table.setRowCount(len(found))
        for row, party in enumerate(found):
            counts = [str(sum(m.role == role for m in party.members)) for role in ROLES]
            cells = [_item(party.code), _item(party.name), _item(party.type)]
            cells += [_item(n, number=True) for n in counts]
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)

    def codes(self) -> list[str]:
        """The codes listed, top to bottom."""
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]

    def select(self, code: str) -> None:
        """Make the row of ``code`` current."""
        if code in (codes := self.codes()):
            self.table.selectRow(codes.index(code))

    def current(self) -> str | None:
        """The code of the selected party, if any."""
        row = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows()
        return self.table.item(row, 0).text() if selected and row >= 0 else None

    def add(self) -> AddPartyDialog:
        """Open the Add party dialog; a party saved is listed, selected and usable at once."""
        dialog = AddPartyDialog(self.db, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        return dialog

    def _added(self, dialog: AddPartyDialog) -> None:
        self.refresh()
        if dialog.party is not None:
            self.select(dialog.party.code)
        self.changed.emit()

    def delete(self) -> None:
        """Delete the selected party, unless records use it: then say how many, change nothing."""
        code = self.current()
        if code is None:
            return
        if parties.records_using(self.db, code):
            try:
                parties.delete_party(self.db, code)  # refuses, naming the count
            except parties.PartyError as error:
                show_message(self, "Party not deleted", str(error))
            return
        name = parties.party_name(self.db, code)
        if not ask(self, "Delete party", f"Delete the party {name} ({code})?", "Delete"):
            return
        try:
            parties.delete_party(self.db, code)
        except parties.PartyError as error:
            show_message(self, "Party not deleted", str(error))
            return
        self.refresh()
        self.changed.emit()


class Window(Protocol):
    """What the dialog needs from the main window."""

    db: Database
    read_only: bool

    def data_changed(self, record_id: int | None = None) -> None: ...


def open_parties(window: Window) -> PartiesDialog:
    """Show the Parties dialog of the window's database; a change reloads the window."""
    dialog = PartiesDialog(window.db, window, window.read_only)  # type: ignore[arg-type]
    dialog.changed.connect(lambda: window.data_changed())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
