"""Error classes the data layer raises for problems a user can cause."""

from __future__ import annotations

from dataclasses import dataclass


class BilateralError(Exception):
    """Base class for every error the user can cause and be told about."""


class DatabaseProblem(BilateralError):
    """The database file cannot be opened or used as it is."""


class RecordNotFound(BilateralError):
    """No record has the given id or uid."""


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
