"""Links between records and claims: their rules, the checks that need the database, and reading them."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import counting
from bilateral.db.errors import Problem
from bilateral.db.model import Link, Record
from bilateral.db.schema import CLAIM_STATUSES, LEGACY_STATUSES, RELATIONS

# Relations that make a chain in time, in which a record cannot come back to itself.
ACYCLIC = ("part-of", "fulfils")
RELATION_ALIASES = {"part of": "part-of", "fulfills": "fulfils", "responds to": "responds-to"}


def normal_claim(status: str, claim_status: str) -> tuple[str, str]:
    """The status and claim status as typed, lower case; an old status that said who
    claims a thing ('alleged', 'reported', 'denied') becomes a stage and a claim."""
    status, claim = status.strip().lower(), claim_status.strip().lower()
    if status in LEGACY_STATUSES:
        status, legacy_claim = LEGACY_STATUSES[status]
        if claim in ("", "established"):
            claim = legacy_claim
    return status, claim or "established"


def normal_link(relation: str, uid: str) -> Link:
    """A link as typed: the relation in lower case (aliases read), the uid stripped."""
    relation = " ".join(relation.strip().lower().split())
    return Link(RELATION_ALIASES.get(relation, relation), uid.strip())


def problems(record: Record) -> list[Problem]:
    """What is wrong with a record's claim status and links, as far as the record shows."""
    found = []
    if record.claim_status not in CLAIM_STATUSES:
        found.append(
            Problem(
                "claim_status",
                f"{record.claim_status[:40]!r} must be one of {', '.join(CLAIM_STATUSES)}",
            )
        )
    seen = set()
    for number, link in enumerate(record.links, 1):
        if link.relation not in RELATIONS:
            found.append(
                Problem(
                    "links",
                    f"link {number}: {link.relation[:40]!r} is not a relation; "
                    f"use one of {', '.join(RELATIONS)}",
                )
            )
        if not link.uid:
            found.append(Problem("links", f"link {number} names no record: write relation | uid"))
        elif record.uid and link.uid == record.uid:
            found.append(Problem("links", f"link {number}: a record cannot link to itself"))
        if (link.relation, link.uid) in seen:
            found.append(Problem("links", f"link {number} repeats {link.relation} | {link.uid}"))
        seen.add((link.relation, link.uid))
    return found


def any_links(db: Database) -> bool:
    """Whether any record links to another."""
    return db.conn.execute("SELECT 1 FROM links LIMIT 1").fetchone() is not None


def unknown_targets(db: Database, record_ids: Collection[int] | None = None) -> list[tuple]:
    """(record id, uid) of links to a uid no record has, for ``record_ids`` (None: all)."""
    sql = (
        "SELECT l.record_id, l.target_uid FROM links l "
        "WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.uid = l.target_uid)"
    )
    rows = db.conn.execute(sql).fetchall()
    if record_ids is None:
        return rows
    return [row for row in rows if row[0] in record_ids]


def cycles(db: Database, record_ids: Collection[int] | None = None) -> list[tuple[int, str, str]]:
    """(record id, relation, the chain as uids) for each record of ``record_ids`` that comes
    back to itself along ``part-of`` or ``fulfils`` links (None: every record)."""
    marks = ", ".join("?" * len(ACYCLIC))
    edges: dict[str, dict[str, list[str]]] = {r: {} for r in ACYCLIC}
    ids: dict[str, int] = {}
    for record_id, uid, relation, target in db.conn.execute(
        "SELECT l.record_id, r.uid, l.relation, l.target_uid FROM links l "
        f"JOIN records r ON r.id = l.record_id WHERE l.relation IN ({marks})",
        ACYCLIC,
    ):
        edges[relation].setdefault(uid, []).append(target)
        ids[uid] = record_id
    found = []
    for relation, graph in edges.items():
        for start in graph:
            if record_ids is not None and ids[start] not in record_ids:
                continue
            chain = _path_back(graph, start)
            if chain:
                found.append((ids[start], relation, " → ".join(chain)))
    return found


def _path_back(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """The uids from ``start`` back to itself along ``graph``, or None (iterative DFS)."""
    stack: list[tuple[str, Iterable[str]]] = [(start, iter(graph.get(start, ())))]
    on_path, done = [start], set()
    while stack:
        node, targets = stack[-1]
        step = next(targets, None)
        if step is None:
            stack.pop()
            on_path.pop()
            done.add(node)
        elif step == start:
            return [*on_path, start]
        elif step not in done and step not in on_path:
            stack.append((step, iter(graph.get(step, ()))))
            on_path.append(step)
    return None


def write_problems(db: Database, record_ids: Collection[int]) -> list[tuple[int, Problem]]:
    """After writing ``record_ids`` (in the same transaction): links to unknown uids and
    cycles, as (record id, problem)."""
    found = [
        (
            record_id,
            Problem(
                "links",
                f"links to {uid}, which no record has (not in the database, nor in this file)",
            ),
        )
        for record_id, uid in unknown_targets(db, record_ids)
    ]
    found += [
        (record_id, Problem("links", f"its {relation} links make a cycle: {chain}"))
        for record_id, relation, chain in cycles(db, record_ids)
    ]
    return found


class LinkedRecord(NamedTuple):
    """One end of a link, as the detail pane and `bilateral show` list it."""

    relation: str
    uid: str
    title: str
    date: str
    kind: str


def links_to(db: Database, uid: str) -> list[LinkedRecord]:
    """The records ``uid`` links to, with their titles (a target gone shows no title)."""
    sql = (
        "SELECT l.relation, l.target_uid, coalesce(t.title, ''), coalesce(t.date, ''), "
        "coalesce(t.kind, '') FROM links l JOIN records r ON r.id = l.record_id "
        "LEFT JOIN records t ON t.uid = l.target_uid WHERE r.uid = ? ORDER BY l.position"
    )
    return [LinkedRecord(*row) for row in db.conn.execute(sql, (uid,))]


def linked_from(db: Database, uid: str) -> list[LinkedRecord]:
    """The records that link to ``uid``, with the relation they state, oldest first."""
    sql = (
        "SELECT l.relation, r.uid, r.title, r.date, r.kind FROM links l "
        "JOIN records r ON r.id = l.record_id WHERE l.target_uid = ? ORDER BY r.date, r.id"
    )
    return [LinkedRecord(*row) for row in db.conn.execute(sql, (uid,))]


# The relations by which a record answers a claim: the claim's responses.
RESPONSES = ("denies", "confirms", "responds-to")


class RecordLinks(NamedTuple):
    """A record's links both ways: what it links to, and what links to it."""

    to: list[LinkedRecord]
    linked_from: list[LinkedRecord]

    @property
    def responses(self) -> list[LinkedRecord]:
        """The records that deny, confirm or respond to it, oldest first."""
        return [link for link in self.linked_from if link.relation in RESPONSES]

    def claim_status(self, stored: str) -> str:
        """The claim status the record reads as once its responses are taken in."""
        return counting.followed_claim(stored, (link.relation for link in self.linked_from))


def record_links(db: Database, uid: str) -> RecordLinks:
    """The links of the record ``uid`` in both directions, with the linked titles."""
    return RecordLinks(links_to(db, uid), linked_from(db, uid))


def find_records(db: Database, text: str, *, exclude: str = "", limit: int = 20) -> list[tuple]:
    """(uid, title, date) of at most ``limit`` records whose title or uid holds ``text``,
    titles that start with it first, newest first; ``exclude`` is a uid left out (the
    record being edited). Empty text finds nothing: the list is never read whole."""
    text = " ".join(text.split())
    if not text:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    start = pattern[1:]
    sql = (
        "SELECT uid, title, date FROM records "
        "WHERE (title LIKE ? ESCAPE '\\' OR uid LIKE ? ESCAPE '\\') AND uid != ? "
        "ORDER BY title LIKE ? ESCAPE '\\' DESC, date DESC, id LIMIT ?"
    )
    return db.conn.execute(sql, (pattern, pattern, exclude, start, limit)).fetchall()


def titles(db: Database, uids: Collection[str]) -> dict[str, str]:
    """The title of each of ``uids`` that a record has."""
    uids = list(dict.fromkeys(uids))
    found: dict[str, str] = {}
    for chunk in range(0, len(uids), 500):  # below SQLite's limit on bound values
        part = uids[chunk : chunk + 500]
        sql = f"SELECT uid, title FROM records WHERE uid IN ({', '.join('?' * len(part))})"
        found.update(db.conn.execute(sql, part).fetchall())
    return found


class IncomingLink(NamedTuple):
    """A link another record holds to a record, as it was before that record was deleted."""

    uid: str
    position: int
    relation: str
    target: str


def incoming_links(db: Database, uid: str) -> list[IncomingLink]:
    """The links other records hold to ``uid``: deleting it removes them with it."""
    sql = (
        "SELECT r.uid, l.position, l.relation, l.target_uid FROM links l "
        "JOIN records r ON r.id = l.record_id WHERE l.target_uid = ? AND r.uid != ? "
        "ORDER BY r.id, l.position"
    )
    return [IncomingLink(*row) for row in db.conn.execute(sql, (uid, uid))]


def restore_incoming(db: Database, incoming: Iterable[IncomingLink]) -> int:
    """Put back links removed with their target (an undone delete), inside the caller's
    write; how many were put back.

    A record that went meanwhile gets none; a link it holds again is not doubled; a
    place in its list taken meanwhile puts the link at the end.
    """
    restored = 0
    for link in incoming:
        row = db.conn.execute("SELECT id FROM records WHERE uid = ?", (link.uid,)).fetchone()
        if row is None:
            continue
        record_id = row[0]
        held = db.conn.execute(
            "SELECT 1 FROM links WHERE record_id = ? AND relation = ? AND target_uid = ?",
            (record_id, link.relation, link.target),
        ).fetchone()
        if held:
            continue
        taken = db.conn.execute(
            "SELECT 1 FROM links WHERE record_id = ? AND position = ?", (record_id, link.position)
        ).fetchone()
        position = link.position
        if taken:
            position = db.conn.execute(
                "SELECT max(position) + 1 FROM links WHERE record_id = ?", (record_id,)
            ).fetchone()[0]
        db.conn.execute(
            "INSERT INTO links (record_id, position, relation, target_uid) VALUES (?, ?, ?, ?)",
            (record_id, position, link.relation, link.target),
        )
        restored += 1
    return restored
