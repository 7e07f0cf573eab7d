"""Changing a table's constraints the way SQLite documents it: a new table, the rows copied, the old one dropped."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db.errors import DatabaseProblem


def sql_list(values: tuple[str, ...]) -> str:
    """SQL's list of ``values`` as quoted literals, for IN (...) checks."""
    return ", ".join("'" + v + "'" for v in values)


def has_column(db: Database, table: str, column: str) -> bool:
    """Whether ``table`` has ``column``, generated columns included."""
    return any(row[1] == column for row in db.conn.execute(f"PRAGMA table_xinfo({table})"))


def rebuild_table(db: Database, table: str, create_sql: str, columns: str, select: str) -> None:
    """Replace ``table`` with one made by ``create_sql``, keeping its rows, indexes and triggers.

    SQLite's twelve-step procedure (lang_altertable.html, section 7) in one transaction:
    foreign keys off, so that dropping the old table neither cascades into the tables
    that refer to it nor fails; the legacy rename, so that triggers on other tables
    that name ``table`` are not checked while it is gone. Runs outside any transaction.

    :param create_sql: the CREATE TABLE statement, for a table named ``{table}_new``.
    :param columns: the new table's columns that ``select`` fills, comma-separated.
    :param select: the expressions, over the old table, for ``columns``.
    :raises DatabaseProblem: the copy breaks a foreign key; nothing is changed.
    """
    conn = db.conn
    new = f"{table}_new"
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            kept = conn.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? "
                "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name",
                (table,),
            ).fetchall()
            conn.execute(create_sql)
            conn.execute(f"INSERT INTO {new} ({columns}) SELECT {select} FROM {table}")
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {new} RENAME TO {table}")
            for (sql,) in kept:
                conn.execute(sql)
            broken = conn.execute("PRAGMA foreign_key_check").fetchmany(3)
            if broken:
                raise DatabaseProblem(f"rebuilding {table} would break foreign keys: {broken}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
