"""Counting once: what the links between records change in what each record adds to a total.

A record adds to a summary row (or a timeline bar) as one event of its kind and with its
money. Links change that for the few records they touch:

- a ``part-of`` child of its parent's kind is counted inside the parent, not as another
  event (a trip with its meetings is one visit; meetings of kind ``meeting`` count as
  meetings);
- along a ``fulfils`` chain the money counts once, at its most advanced stage that is
  not cancelled and states an amount; the other stages stay events, with no money;
- of records that are ``same-as`` each other the first recorded counts; a record another
  ``supersedes`` does not count at all;
- a claim stored as ``claimed`` is ``disputed`` when a record denies it, ``confirmed``
  when records only confirm it.

Totals are computed by SQLite without links; ``corrections`` then gives, for the records
links touch only, the difference between what they added and what they should add.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlite_utils import Database

from bilateral.db.claims import HAPPENED, VOID
from bilateral.db.schema import UNCOUNTED_CLAIMS, UNCOUNTED_STATUSES

# Stages of one commitment, from the least to the most advanced.
STAGE_RANK = {"expected": 0, "pledged": 1, "signed": 2, "in force": 3, "completed": 4}


@dataclass(frozen=True)
class Adjustment:
    """How links change one record's share of a total."""

    not_event: bool = False  # counted inside another record, or replaced by one
    no_money: bool = False  # its money counts at another record of its chain or group
    claim_status: str | None = None  # the claim status its responses give it


class Share(NamedTuple):
    """What one record adds to a total: events, claims apart, counted and uncounted USD."""

    records: int
    claimed: int
    disputed: int
    amount_usd: float
    uncounted_usd: float
    paid: int = 0  # 1 when it adds counted money: a record of the timeline's money steps


class _Stage(NamedTuple):
    id: int
    kind: str
    status: str
    claim_status: str
    date: str
    amount_usd: float | None


class Groups:
    """Union-find over record ids: the records one relation joins into one thing."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # flatten the path walked
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        members: dict[int, list[int]] = defaultdict(list)
        for item in self.parent:
            members[self.find(item)].append(item)
        return list(members.values())


def followed_claim(claim_status: str, responses: Iterable[str]) -> str:
    """The claim status a claim reads as, given the relations of the records answering it:
    a ``claimed`` claim any record denies is disputed, one records only confirm is
    confirmed; any other claim status was set by hand and is kept."""
    relations = set(responses)
    if claim_status != "claimed":
        return claim_status
    if "denies" in relations:
        return "disputed"
    return "confirmed" if "confirms" in relations else claim_status


def adjustments(db: Database) -> dict[int, Adjustment]:
    """Per record id, how its links change its share; records without one are absent."""
    links = db.conn.execute(
        "SELECT l.record_id, l.relation, t.id FROM links l JOIN records t ON t.uid = l.target_uid"
    ).fetchall()
    if not links:
        return {}
    ids = sorted({i for source, _, target in links for i in (source, target)})
    stages = {
        row[0]: _Stage(*row)
        for row in db.conn.execute(
            "SELECT id, kind, status, claim_status, date, amount_usd FROM records "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
    }
    not_event: set[int] = set()
    no_money: set[int] = set()
    chains, same = Groups(), Groups()
    denied, confirmed = set(), set()
    for source, relation, target in links:
        if relation == "part-of" and stages[source].kind == stages[target].kind:
            not_event.add(source)
        elif relation == "fulfils":
            chains.join(source, target)
        elif relation == "same-as":
            same.join(source, target)
        elif relation == "supersedes":
            not_event.add(target)
            no_money.add(target)
        elif relation == "denies":
            denied.add(target)
        elif relation == "confirms":
            confirmed.add(target)
    for group in same.groups():
        for record_id in sorted(group)[1:]:  # the first recorded stands for the event
            not_event.add(record_id)
            no_money.add(record_id)
    for chain in chains.groups():
        no_money.update(_moneyless_stages([stages[i] for i in chain]))
    claims = {}
    for record_id in denied | confirmed:
        answers = ["denies"] * (record_id in denied) + ["confirms"] * (record_id in confirmed)
        followed = followed_claim(stages[record_id].claim_status, answers)
        if followed != stages[record_id].claim_status:
            claims[record_id] = followed
    return {
        record_id: Adjustment(record_id in not_event, record_id in no_money, claims.get(record_id))
        for record_id in not_event | no_money | claims.keys()
    }


def most_advanced(chain: Sequence[Any]) -> Any | None:
    """The most advanced stage of a chain that is not cancelled (the latest, of equal
    stages), or None. Stages are anything with id, status and date."""
    live = [s for s in chain if s.status in STAGE_RANK]
    return max(live, key=lambda s: (STAGE_RANK[s.status], s.date, s.id)) if live else None


def money_stage(chain: Sequence[Any]) -> Any | None:
    """The stage of a chain whose money counts: the most advanced one that is not
    cancelled and states an amount; None if none does (stages also have amount_usd)."""
    return most_advanced([s for s in chain if s.amount_usd is not None])


def _moneyless_stages(chain: list[_Stage]) -> list[int]:
    """The stages of a chain whose money another stage counts (when every stage with an
    amount was cancelled, the latest of them keeps it, as money kept apart)."""
    final = money_stage(chain)
    if final is None:
        priced = [s for s in chain if s.amount_usd is not None]
        if not priced:
            return []
        final = max(priced, key=lambda s: (s.date, s.id))
    return [s.id for s in chain if s.id != final.id and s.amount_usd is not None]


def share(
    status: str, claim_status: str, amount_usd: float | None, adjustment: Adjustment | None = None
) -> Share:
    """What a record adds to a total: stored values as SQLite counts them, or with links."""
    adjustment = adjustment or Adjustment()
    claim = adjustment.claim_status or claim_status
    event = 0 if adjustment.not_event else 1
    usd = 0.0 if adjustment.no_money or amount_usd is None or claim in VOID else amount_usd
    counted = status not in UNCOUNTED_STATUSES and claim not in UNCOUNTED_CLAIMS
    return Share(
        event * (claim in HAPPENED),
        event * (claim == "claimed"),
        event * (claim == "disputed"),
        usd if counted else 0.0,
        0.0 if counted else usd,
        int(counted and usd > 0),
    )


def linked(
    db: Database,
    keys: str,
    condition: str,
    params: list,
    found: dict[int, Adjustment],
    usd: str = "amount_usd",
) -> Iterator[tuple[int, tuple, Share, Share]]:
    """For each record in ``found`` that meets ``condition``: its id, its ``keys`` (SQL
    expressions, comma-separated), its share without links and with them; ``usd`` is the
    SQL of the money (the summary's whole cents, say)."""
    if not found:
        return
    # The ids lead: SQLite looks each up by rowid, then tests the condition.
    sql = (
        f"SELECT id, status, claim_status, {usd}, {keys} FROM records "
        f"WHERE id IN (SELECT value FROM json_each(?)) AND ({condition})"
    )
    for record_id, status, claim, usd, *key in db.conn.execute(
        sql, [json.dumps(sorted(found)), *params]
    ):
        before = share(status, claim, usd)
        yield record_id, tuple(key), before, share(status, claim, usd, found[record_id])


def corrections(
    db: Database,
    keys: str,
    condition: str,
    params: list,
    found: dict[int, Adjustment] | None = None,
    usd: str = "amount_usd",
) -> dict[tuple, Share]:
    """Per key, what to add to SQLite's totals so the records links touch count once.

    :param keys: the SQL expressions the totals are grouped by, comma-separated.
    :param condition: the totals' WHERE condition (records outside it are not corrected).
    :param usd: the SQL of the money the totals sum.
    """
    found = adjustments(db) if found is None else found
    if not found:
        return {}
    result: dict[tuple, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0.0, 0])
    for _, key, before, after in linked(db, keys, condition, params, found, usd):
        totals = result[key]
        for field, (old, new) in enumerate(zip(before, after, strict=True)):
            totals[field] += new - old
    return {key: Share(*totals) for key, totals in result.items() if any(totals)}


def added(total: Iterable[float], correction: Share | None) -> Share:
    """A total with its correction added (``total`` in Share's field order, ``paid`` optional)."""
    values = list(total)
    values += [0] * (len(Share._fields) - len(values))
    if correction is not None:
        values = [a + b for a, b in zip(values, correction, strict=True)]
    return Share(*values)
