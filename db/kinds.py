"""The kinds of record: built-in ones with their CAMEO codes, and those users add."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db import cameo
from bilateral.db.connection import writing
from bilateral.db.errors import InvalidRecord, Problem
from bilateral.db.kind_colors import KIND_COLORS, spare_color
from bilateral.db.model import Kind

# name, CAMEO root code, quad class (1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict, 4 material conflict), colour as m001 gave it: m015
# changes it to a colour-blind-safe one (db/kind_colors.py).
BUILTIN_KINDS = (
    ("visit", "042", 1, "#1f77b4"),
    ("statement", "010", 1, "#7f7f7f"),
    ("agreement", "057", 1, "#2ca02c"),
    ("membership", "060", 2, "#17becf"),
    ("aid", "070", 2, "#ff7f0e"),
    ("loan", "071", 2, "#bcbd22"),
    ("investment", "061", 2, "#8c564b"),
    ("trade", "061", 2, "#e377c2"),
    ("security", "062", 2, "#9467bd"),
    ("allegation", "112", 3, "#d62728"),
    ("dispute", "110", 3, "#a0522d"),
)
MEETING_KIND = ("meeting", "040", 1, "#aec7e8")  # added by m008
# AidData's debt forgiveness and rescheduling: economic aid in CAMEO (071), yet a kind
# of its own, since relief on an old loan is no new money (added by m014).
DEBT_RELIEF_KIND = ("debt-relief", "071", 2, "#dbdb8d")


def add_builtin_kind(db: Database, kind: tuple[str, str, int, str]) -> None:
    """Add a built-in kind (name, CAMEO code, quad class, colour) unless one has its name."""
    db.conn.execute(
        "INSERT OR IGNORE INTO kinds (name, cameo_code, quad_class, color, builtin) "
        "VALUES (?, ?, ?, ?, 1)",
        kind,
    )


def recolour_builtin_kinds(db: Database) -> None:
    """Give each built-in kind its colour-blind-safe colour, unless the user chose another."""
    first = {name: color for name, *_, color in (*BUILTIN_KINDS, MEETING_KIND, DEBT_RELIEF_KIND)}
    db.conn.executemany(
        "UPDATE kinds SET color = ? WHERE name = ? AND builtin = 1 AND lower(color) = ?",
        [(KIND_COLORS[name], name, color) for name, color in first.items()],
    )


def kind_defaults(db: Database) -> dict[str, tuple[str, int | None]]:
    """Map each kind name to its CAMEO code and quad class."""
    return {
        name: (code, quad)
        for name, code, quad in db.execute("SELECT name, cameo_code, quad_class FROM kinds")
    }


def list_kinds(db: Database) -> list[Kind]:
    """Every kind, built-in ones first."""
    rows = db.execute(
        "SELECT name, cameo_code, quad_class, color, builtin FROM kinds ORDER BY builtin DESC, rowid"
    )
    return [Kind(n, c, q, col, bool(b)) for n, c, q, col, b in rows]


def add_kind(
    db: Database,
    name: str,
    cameo_code: str = "",
    quad_class: int | None = None,
    color: str | None = None,
) -> Kind:
    """Add a user-defined kind.

    :raises InvalidRecord: for an empty or existing name, a code not in the CAMEO
        codebook or a bad quad class.
    """
    name, cameo_code = name.strip().lower(), cameo_code.strip()
    problems = []
    if not name:
        problems.append(Problem("kind", "enter a name"))
    elif name in kind_defaults(db):
        problems.append(Problem("kind", f"{name!r} exists already"))
    if cameo_code and (error := cameo.problem(cameo_code)):
        problems.append(Problem("cameo_code", error))
    if quad_class is not None and quad_class not in (1, 2, 3, 4):
        problems.append(Problem("quad_class", "must be 1, 2, 3 or 4"))
    if problems:
        raise InvalidRecord(problems)
    if color is None:
        color = spare_color({kind.color for kind in list_kinds(db)})
    with writing(db):
        db.conn.execute(
            "INSERT INTO kinds (name, cameo_code, quad_class, color) VALUES (?, ?, ?, ?)",
            (name, cameo_code, quad_class, color),
        )
    return Kind(name, cameo_code, quad_class, color, False)
