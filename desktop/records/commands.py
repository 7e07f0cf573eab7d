"""Undoable edits: one QUndoCommand per add, edit or delete, each calling db/ functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand
from sqlite_utils import Database

from bilateral.db import records
from bilateral.db.errors import BilateralError
from bilateral.db.records import Record

# Called after every change with the id of the record concerned (None when it is gone).
Changed = Callable[[int | None], None]
Failed = Callable[[str], None]


class _RecordCommand(QUndoCommand):
    """The shared part: the first change is made when the command is built.

    So a record that db/ refuses raises InvalidRecord to the caller before
    anything is pushed, and the stack only ever holds changes that happened.
    """

    def __init__(self, db: Database, text: str, changed: Changed, failed: Failed):
        super().__init__(text)
        self.db, self.changed, self.failed = db, changed, failed
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self._run(self._redo, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")

    def _run(self, change: Callable[[], int | None], verb: str) -> None:
        try:
            record_id = change()
        except BilateralError as error:
            # The database was changed from elsewhere or is locked: say so and
            # drop the command rather than leave the stack out of step with the data.
            self.setObsolete(True)
            text = self.text()
            self.failed(f"Could not {verb} {text[:1].lower()}{text[1:]}: {error}")
            return
        self.changed(record_id)

    def _redo(self) -> int | None:
        raise NotImplementedError

    def _undo(self) -> int | None:
        raise NotImplementedError


class AddRecord(_RecordCommand):
    """Add a record; undo deletes it, redo adds it back with the same id and uid."""

    def __init__(self, db: Database, record: Record, changed: Changed, failed: Failed):
        super().__init__(db, f"Add “{record.title.strip()}”", changed, failed)
        self.record_id = records.add_record(db, record)
        self.record: Record | None = None
        changed(self.record_id)

    def _redo(self) -> int | None:
        return records.add_record(self.db, self.record)

    def _undo(self) -> int | None:
        self.record = records.delete_record(self.db, self.record_id)
        return None


class EditRecord(_RecordCommand):
    """Replace a record; undo puts the old version back."""

    def __init__(
        self, db: Database, record_id: int, record: Record, changed: Changed, failed: Failed
    ):
        super().__init__(db, f"Edit “{record.title.strip()}”", changed, failed)
        self.record_id = record_id
        self.old = records.get_record(db, record_id)
        records.update_record(db, record_id, record)
        self.new = records.get_record(db, record_id)
        changed(record_id)

    def _redo(self) -> int | None:
        records.update_record(self.db, self.record_id, replace(self.new, id=None))
        return self.record_id

    def _undo(self) -> int | None:
        records.update_record(self.db, self.record_id, replace(self.old, id=None))
        return self.record_id


class DeleteRecord(_RecordCommand):
    """Delete a record; undo restores it with the same id, uid, lists and sources."""

    def __init__(self, db: Database, record_id: int, changed: Changed, failed: Failed):
        self.record = records.delete_record(db, record_id)
        super().__init__(db, f"Delete “{self.record.title}”", changed, failed)
        self.record_id = record_id
        changed(None)

    def _redo(self) -> int | None:
        records.delete_record(self.db, self.record_id)
        return None

    def _undo(self) -> int | None:
        return records.add_record(self.db, self.record)
