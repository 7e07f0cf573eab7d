"""Adding, editing and deleting records from the window: dialogs in, undoable commands out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from bilateral.db.connection import writing
from bilateral.db.errors import BilateralError, RecordChanged
from bilateral.db.links import linked_from
from bilateral.db.records import Record, get_record, list_kinds, record_id_for_uid
from bilateral.desktop.common.plain import ask_then, notify
from bilateral.desktop.records.commands import (
    AddRecord,
    BringBackRecord,
    DeleteRecord,
    EditRecord,
    RevertRecord,
)
from bilateral.desktop.records.record_dialog import RecordDialog

SHOWN_LINKING = 10


def delete_question(title: str, linking: list[tuple[str, str]]) -> str:
    """The question before deleting ``title``: what goes, and the records that link to it
    (relation, title) and would lose their link."""
    if not linking:
        return f"Delete 1 record, “{title}”?\n\nUndo (Ctrl+Z) brings it back."
    count = len(linking)
    lines = [
        f"{count} record{'s' * (count != 1)} link{'s' * (count == 1)} to “{title}”:",
        *(f"  • {other} ({relation})" for relation, other in linking[:SHOWN_LINKING]),
    ]
    if count > SHOWN_LINKING:
        lines.append(f"  … and {count - SHOWN_LINKING} more")
    lines.append("")
    lines.append("Delete this 1 record and remove these links? Undo (Ctrl+Z) brings both back.")
    return "\n".join(lines)


class Editing(QObject):
    """Opens the record dialog and turns what it returns into commands on the undo stack.

    ``changed(record_id)`` follows every change, undo and redo included, so the
    views can read the data again and show the record concerned.
    """

    changed = Signal(object)
    dialogOpened = Signal(RecordDialog)

    def __init__(self, db: Database, window: QWidget, pair: Callable[[], str]):
        super().__init__(window)
        self.db, self.window, self.pair = db, window, pair
        self.stack = QUndoStack(self)
        self.dialog: RecordDialog | None = None

    def set_database(self, db: Database) -> None:
        """Work on another database; the undo history of the old one is dropped."""
        self.db = db
        self.stack.clear()

    def add(self) -> RecordDialog:
        """Open the dialog for a new record (of the selected pair, if any)."""
        dialog = RecordDialog(list_kinds(self.db), None, self.window, pair=self.pair(), db=self.db)
        dialog.saver = self._save
        return self._open(dialog)

    def edit(self, record_id: int) -> RecordDialog | None:
        """Open the dialog on the record ``record_id``."""
        try:
            record = get_record(self.db, record_id)
        except BilateralError as error:
            self._failed(str(error))
            return None
        dialog = RecordDialog(list_kinds(self.db), record, self.window, db=self.db)
        dialog.saver = self._save
        return self._open(dialog)

    def delete(self, record_id: int) -> None:
        """Delete once the user agrees, told what links to it and would lose its link;
        Undo brings the record and the links back."""
        try:
            record = get_record(self.db, record_id)
        except BilateralError as error:
            self._failed(str(error))
            return
        linking = linked_from(self.db, record.uid)

        def delete() -> None:
            self._push(lambda: DeleteRecord(self.db, record_id, self.changed.emit, self._failed))

        ask_then(
            self.window,
            "Delete a linked record?" if linking else "Delete a record?",
            delete_question(record.title, [(link.relation, link.title) for link in linking]),
            "Delete",
            delete,
        )

    def revert(self, shown: Record, number: int) -> None:
        """Make the record ``shown`` (as the History tab read it) what its version ``number``
        was, as an undoable step; a record changed since is refused, not overwritten."""
        self._push(lambda: RevertRecord(self.db, shown, number, self.changed.emit, self._failed))

    def bring_back(self, uid: str) -> None:
        """Bring back the deleted record ``uid`` with its links, as an undoable step."""
        self._push(lambda: BringBackRecord(self.db, uid, self.changed.emit, self._failed))

    def undo(self) -> None:
        """Undo the last change, if the database can be written now."""
        self._locked(self.stack.undo, "undo")

    def redo(self) -> None:
        """Redo the change undone last, if the database can be written now."""
        self._locked(self.stack.redo, "redo")

    def _locked(self, step: Callable[[], None], verb: str) -> None:
        # The write lock is taken before the stack moves: when another program
        # holds it, the stack stays where it was and the user can try again.
        index = self.stack.index()
        try:
            with writing(self.db):
                step()
        except BilateralError as error:
            if self.stack.index() != index:
                # The step ran but its COMMIT failed, so the data is as before it while
                # the stack moved on; a history out of step with the data must go.
                self.stack.clear()
                error = f"{error} The undo history was cleared."
            self._failed(f"Could not {verb}: {error}")

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()  # so typing goes to it at once, whatever the window manager does
        self.dialogOpened.emit(dialog)
        return dialog

    def _save(self, values: Record, expected: Record | None) -> None:
        """Store what a dialog holds: an edit of ``expected`` as read, else a new record.

        Errors go back to the dialog, which stays open with the input kept.
        """
        if expected is None:
            command = AddRecord(self.db, values, self.changed.emit, self._failed)
        else:
            # By uid: the row id may belong to another record by now.
            record_id = record_id_for_uid(self.db, expected.uid)
            if record_id is None:
                raise RecordChanged(expected.title, None, [])
            command = EditRecord(
                self.db, record_id, values, self.changed.emit, self._failed, expected=expected
            )
            if not command.wrote:
                return  # an unchanged save: no undo step for a change that never happened
        self.stack.push(command)

    def _push(self, build: Callable[[], object]) -> None:
        try:
            command = build()
        except BilateralError as error:
            self._failed(str(error))
            return
        self.stack.push(command)

    def _failed(self, text: str) -> None:
        notify(self.window, "Bilateral", text)
