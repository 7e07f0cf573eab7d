"""Renaming a kind and changing its colour: the records of a renamed kind get a revision each."""

from __future__ import annotations

import re
from dataclasses import replace

from sqlite_utils import Database

from bilateral.db import history
from bilateral.db.connection import writing
from bilateral.db.errors import InvalidRecord, Problem
from bilateral.db.kinds import kind_defaults
from bilateral.db.records import get_records
from bilateral.db.validation import now

COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_CHUNK = 500  # records read at a time, well below SQLite's limit on parameters


def _builtin(db: Database, name: str) -> bool | None:
    """True for a built-in kind, False for a user's, None for no such kind."""
    row = db.conn.execute("SELECT builtin FROM kinds WHERE name = ?", (name,)).fetchone()
    return None if row is None else bool(row[0])


def rename_kind(db: Database, old: str, new: str) -> int:
    """Rename the user's kind ``old`` to ``new``; return how many records had it.

    Each of those records changes its kind (the records table follows the kinds table
    ON UPDATE CASCADE), so each gets an 'edit' revision, old kind → new, and Revert
    and the history read back their earlier versions truthfully. Built-in kinds keep
    their names: the importers and migrations find them by name.

    :raises InvalidRecord: for an unknown or built-in ``old``, an empty or taken ``new``.
    """
    new = new.strip().lower()
    problems = []
    builtin = _builtin(db, old)
    if builtin is None:
        problems.append(Problem("kind", f"there is no kind {old!r}"))
    elif builtin:
        problems.append(Problem("kind", f"{old!r} is a built-in kind and keeps its name"))
    if not new:
        problems.append(Problem("kind", "enter a name"))
    elif new != old and new in kind_defaults(db):
        problems.append(Problem("kind", f"{new!r} exists already"))
    if problems:
        raise InvalidRecord(problems)
    if new == old:
        return 0
    origin = history.Origin("kinds", detail=f"renamed {old} to {new}")
    with writing(db):
        ids = [r[0] for r in db.conn.execute("SELECT id FROM records WHERE kind = ?", (old,))]
        before = [
            r for i in range(0, len(ids), _CHUNK) for r in get_records(db, ids[i : i + _CHUNK])
        ]
        at = now()
        db.conn.execute("UPDATE kinds SET name = ? WHERE name = ?", (new, old))
        db.conn.execute("UPDATE records SET updated_at = ? WHERE kind = ?", (at, new))
        for record in before:
            history.edited(db, record, replace(record, kind=new, updated_at=at), origin)
    return len(ids)


def set_kind_color(db: Database, name: str, color: str) -> None:
    """Give the kind ``name`` (built-in or not) the colour ``color``, as #rrggbb.

    A colour is the kind's, not a record's: no revision is written.

    :raises InvalidRecord: for an unknown kind or a colour not written #rrggbb.
    """
    problems = []
    if _builtin(db, name) is None:
        problems.append(Problem("kind", f"there is no kind {name!r}"))
    if not COLOR.fullmatch(color.strip()):
        problems.append(Problem("color", "write a colour as #rrggbb, such as #882255"))
    if problems:
        raise InvalidRecord(problems)
    with writing(db):
        db.conn.execute("UPDATE kinds SET color = ? WHERE name = ?", (color.strip().lower(), name))
