"""Undoable edits: one QUndoCommand per add, edit, delete or revert, each calling db/ functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand
from sqlite_utils import Database

from bilateral.db import history, links, records, versions
from bilateral.db.connection import writing
from bilateral.db.errors import BilateralError, RecordChanged
from bilateral.db.records import Record

# Called after every change with the id of the record concerned (None when it is gone).
Changed = Callable[[int | None], None]
Failed = Callable[[str], None]


class _RecordCommand(QUndoCommand):
    """The shared part: the first change is made when the command is built.

    So a record that db/ refuses raises InvalidRecord to the caller before
    anything is pushed, and the stack only ever holds changes that happened.
    Each command remembers its record by uid and the version it left (``left``);
    undo and redo go ahead only while the stored record is still that version,
    so they never delete or overwrite what another writer made meanwhile.
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

    def _find(self) -> int:
        """The id the command's record has now, found by its uid, not by a reusable row id."""
        record_id = records.record_id_for_uid(self.db, self.left.uid)
        if record_id is None:
            raise RecordChanged(self.left.title, None, [])
        return record_id

    def _redo(self) -> int | None:
        raise NotImplementedError

    def _undo(self) -> int | None:
        raise NotImplementedError


class AddRecord(_RecordCommand):
    """Add a record; undo deletes it, redo adds it back with the same uid (and id, if free)."""

    def __init__(self, db: Database, record: Record, changed: Changed, failed: Failed):
        super().__init__(db, f"Add “{record.title.strip()}”", changed, failed)
        with writing(db):
            self.record_id = records.add_record(db, record)
            self.left = records.get_record(db, self.record_id)
        changed(self.record_id)

    def _redo(self) -> int | None:
        # add_record refuses when a record with this uid exists: nothing is overwritten.
        self.record_id = records.add_record(self.db, self.left)
        self.left = records.get_record(self.db, self.record_id)
        return self.record_id

    def _undo(self) -> int | None:
        records.delete_record(self.db, self._find(), expected=self.left)
        return None


class EditRecord(_RecordCommand):
    """Replace a record; undo puts the old version back.

    ``expected`` is the record as the dialog read it: the edit goes through only
    if nobody changed it since. ``wrote`` is False when the record already held
    those values: nothing was written, and the command is not to be pushed.
    """

    def __init__(
        self,
        db: Database,
        record_id: int,
        record: Record,
        changed: Changed,
        failed: Failed,
        expected: Record | None = None,
    ):
        super().__init__(db, f"Edit “{record.title.strip()}”", changed, failed)
        with writing(db):
            self.old = records.get_record(db, record_id)
            self.wrote = records.update_record(db, record_id, record, expected=expected)
            self.left = self.new = records.get_record(db, record_id)
        self.record_id = record_id
        if self.wrote:
            changed(record_id)

    def _redo(self) -> int | None:
        return self._put(self.new)

    def _undo(self) -> int | None:
        return self._put(self.old)

    def _put(self, version: Record) -> int:
        self.record_id = self._find()
        records.update_record(
            self.db, self.record_id, replace(version, id=None), expected=self.left
        )
        self.left = records.get_record(self.db, self.record_id)
        return self.record_id


class DeleteRecord(_RecordCommand):
    """Delete a record with the links others hold to it; undo restores it with the same
    id (if free), uid, lists and sources, and those links."""

    def __init__(self, db: Database, record_id: int, changed: Changed, failed: Failed):
        with writing(db):
            self.record = records.get_record(db, record_id)
            self.incoming = links.incoming_links(db, self.record.uid)
            records.delete_record(db, record_id)
        super().__init__(db, f"Delete “{self.record.title}”", changed, failed)
        self.left = self.record
        changed(None)

    def _redo(self) -> int | None:
        with writing(self.db):
            record_id = self._find()
            # The links to it may have changed since the undo: remember them as they are now.
            self.incoming = links.incoming_links(self.db, self.left.uid)
            records.delete_record(self.db, record_id, expected=self.left)
        return None

    def _undo(self) -> int | None:
        # add_record refuses when a record with this uid exists: nothing is overwritten.
        with writing(self.db):
            record_id = records.add_record(self.db, self.record)
            records.restore_links(self.db, self.incoming)
            self.left = records.get_record(self.db, record_id)
        return record_id


class RevertRecord(_RecordCommand):
    """Make a record what one of its earlier versions was; undo puts back the version it
    replaced. Each step is a new revision, and goes through only while the stored record
    is still the one the History tab showed (``expected``) or the step left."""

    def __init__(
        self,
        db: Database,
        expected: Record,
        number: int,
        changed: Changed,
        failed: Failed,
    ):
        super().__init__(
            db, f"Revert “{expected.title.strip()}” to version {number}", changed, failed
        )
        with writing(db):
            record_id = records.record_id_for_uid(db, expected.uid)
            if record_id is None:
                raise RecordChanged(expected.title, None, [])
            self.before = history.revisions(db, expected.uid)[0].number
            self.old = records.get_record(db, record_id)
            wanted = versions.version(db, expected.uid, number)
            if wanted is None:
                raise history.HistoryProblem(
                    f"Version {number} of “{expected.title}” is its deletion."
                )
            self.new = replace(wanted, id=None)
            to = history.Origin("revert", detail=f"to version {number}")
            if not records.update_record(db, record_id, self.new, expected=expected, origin=to):
                raise BilateralError(
                    f"“{expected.title}” is already what version {number} was; nothing was changed."
                )
            self.left = records.get_record(db, record_id)
        self.number, self.record_id = number, record_id
        changed(record_id)

    def _redo(self) -> int | None:
        return self._put(self.new, f"to version {self.number}")

    def _undo(self) -> int | None:
        return self._put(self.old, f"to version {self.before} (undo)")

    def _put(self, version: Record, detail: str) -> int:
        self.record_id = self._find()
        origin = history.Origin("revert", detail=detail)
        records.update_record(
            self.db, self.record_id, replace(version, id=None), expected=self.left, origin=origin
        )
        self.left = records.get_record(self.db, self.record_id)
        return self.record_id


class BringBackRecord(_RecordCommand):
    """Bring back a deleted record as it was deleted, with the links others held to it;
    undo deletes it again (those links with it), redo brings it back once more."""

    def __init__(self, db: Database, uid: str, changed: Changed, failed: Failed):
        with writing(db):
            self.left = versions.bring_back(db, uid)
        super().__init__(db, f"Bring back “{self.left.title.strip()}”", changed, failed)
        changed(self.left.id)

    def _redo(self) -> int | None:
        with writing(self.db):
            self.left = versions.bring_back(self.db, self.left.uid)
        return self.left.id

    def _undo(self) -> int | None:
        records.delete_record(self.db, self._find(), expected=self.left)
        return None
