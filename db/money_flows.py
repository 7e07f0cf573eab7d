"""The timeline's money view reads: counted USD per flow and date, with links counted once."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import counting
from bilateral.db.query import Filter
from bilateral.db.schema import UNCOUNTED_CLAIMS, UNCOUNTED_STATUSES
from bilateral.db.timeline import filter_condition, flow_name

MONEY_FLOWS = 8


class MoneyStep(NamedTuple):
    """Counted USD of one flow on one date: the total, how many records, and the largest one."""

    flow: str
    date: str
    usd: float
    records: int
    record_id: int
    title: str


def money_steps(
    db: Database,
    where: Filter | None = None,
    pairs: Sequence[str] = (),
    flows: int = MONEY_FLOWS,
    titles: bool = True,
) -> list[MoneyStep]:
    """Counted USD per flow and date, for the ``flows`` largest flows, in date order.

    With ``titles`` False each step's title is '' (``title`` reads it when needed): a
    pair of 100,000 records has about 11,000 steps, and their titles cost 27 ms.

    Counted means the rule of ``db.summary.summarize``: the record's status is not
    expected, pledged or cancelled, it is not a claim, and links count it once.
    """
    condition, params = filter_condition(where, pairs)
    flow = (
        "CASE WHEN direction = 'mutual' THEN pair || '|mutual' "
        "ELSE actor || '-' || partner || '|one-way' END"
    )
    # The bare id comes from the row holding max(amount_usd) (SQLite's rule). The
    # status test is written out rather than read from the generated `counts`, and
    # titles are read after grouping (one lookup per step), so the partial index
    # records_money answers alone. The records links touch are left out of the SQL
    # and added back with what their links make them count (a chain's money once,
    # a confirmed claim's money).
    found = counting.adjustments(db)
    uncounted = ", ".join(f"'{status}'" for status in UNCOUNTED_STATUSES)
    claims = ", ".join(f"'{claim}'" for claim in UNCOUNTED_CLAIMS)
    sql = f"""
        WITH counted AS (
            SELECT {flow} AS flow, date, amount_usd, id FROM records
            WHERE {condition} AND status NOT IN ({uncounted})
                AND claim_status NOT IN ({claims}) AND amount_usd > 0
                AND id NOT IN (SELECT value FROM json_each(?))),
        top AS (SELECT flow FROM counted GROUP BY flow ORDER BY total(amount_usd) DESC LIMIT ?),
        steps AS (
            SELECT flow, date, total(amount_usd) AS usd, count(*) AS n, id, max(amount_usd)
            FROM counted WHERE flow IN (SELECT flow FROM top) GROUP BY flow, date)
        SELECT steps.*, {"(SELECT title FROM records WHERE records.id = steps.id)" if titles else "''"}
        FROM steps ORDER BY date, flow
    """
    ids = json.dumps(sorted(found))
    rows = db.conn.execute(sql, [*params, ids, flows]).fetchall()
    if found:
        rows = _with_linked(db, rows, flow, condition, params, found, flows, titles)
    names: dict[str, str] = {}  # a flow's name, made once per flow rather than per step
    steps = []
    for key, date, usd, n, record_id, _, title in rows:
        name = names.get(key)
        if name is None:
            codes, direction = key.split("|")
            name = names[key] = flow_name(*codes.split("-"), direction)
        steps.append(MoneyStep(name, date, usd, n, record_id, title))
    return steps


def _with_linked(
    db: Database,
    rows: list[tuple],
    flow: str,
    condition: str,
    params: list,
    found: dict[int, counting.Adjustment],
    flows: int,
    titles: bool,
) -> list[tuple]:
    """``rows`` with the money of the records links touch added as their links count it."""
    by_key = {tuple(row[:2]): row for row in rows}
    shown = {key[0] for key in by_key}
    for record_id, key, _, after in counting.linked(db, f"{flow}, date", condition, params, found):
        if after.amount_usd <= 0 or (key[0] not in shown and len(shown) >= flows):
            continue
        shown.add(key[0])
        _, _, usd, n, largest_id, largest, title = by_key.get(
            key, (*key, 0.0, 0, record_id, 0.0, None)
        )
        if after.amount_usd > largest:
            largest_id, largest, title = record_id, after.amount_usd, None if titles else ""
        by_key[key] = (*key, usd + after.amount_usd, n + 1, largest_id, largest, title)
    missing = _titles(db, [row[4] for row in by_key.values() if row[6] is None])
    return sorted(
        (row if row[6] is not None else (*row[:6], missing[row[4]]) for row in by_key.values()),
        key=lambda row: (row[1], row[0]),
    )


def title(db: Database, record_id: int) -> str:
    """The title of one record ('' when it no longer exists)."""
    row = db.conn.execute("SELECT title FROM records WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else ""


def _titles(db: Database, ids: list[int]) -> dict[int, str]:
    """Titles of ``ids``, read in batches that stay under SQLite's parameter limit."""
    titles: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        marks = ", ".join("?" * len(batch))
        titles.update(
            db.conn.execute(f"SELECT id, title FROM records WHERE id IN ({marks})", batch)
        )
    return titles
