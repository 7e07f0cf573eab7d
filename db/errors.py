"""Error classes the data layer raises for problems a user can cause."""

from __future__ import annotations

from dataclasses import dataclass


class BilateralError(Exception):
    """Base class for every error the user can cause and be told about."""


class DatabaseProblem(BilateralError):
    """The database file cannot be opened or used as it is."""


class RecordNotFound(BilateralError):
    """No record has the given id or uid."""


class RecordChanged(BilateralError):
    """The record was changed or deleted by another writer since it was read.

    ``current`` is the record as stored now (None when it is gone) and ``fields``
    the fields in which it differs from the version read.
    """

    def __init__(self, title: str, current: object | None, fields: list[str]):
        self.current, self.fields = current, fields
        if current is None:
            text = f"“{title}” was deleted by another program since it was read."
        else:
            text = (
                f"“{title}” was changed by another program since it was read "
                f"(changed: {', '.join(fields)})."
            )
        super().__init__(text + " Nothing was written.")


class WriteFailed(DatabaseProblem):
    """A write failed in SQLite or the file system (disk full, I/O error); nothing was written."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: the field it concerns and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidRecord(BilateralError):
    """A record failed validation; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class UnknownKind(BilateralError):
    """A kind name is not in the kinds table."""


class Cancelled(BilateralError):
    """The user cancelled a long operation; nothing was changed."""


class BackupFailed(BilateralError):
    """A backup could not be made (read-only folder, full disk, ...); nothing was changed."""
