"""The indexes m009 and m016 make: for counting per side and apart from claims, and for one
party's records, with why each has its columns."""

from __future__ import annotations

from sqlite_utils import Database

# Which side of its pair a record's count and money go to: 0 when the pair's first
# code acts or gives, 1 the second, 2 both (mutual). The summary groups by this
# expression word for word, so that its groups come straight off records_pair_year.
SIDE_SQL = "CASE WHEN direction = 'mutual' THEN 2 WHEN actor < partner THEN 0 ELSE 1 END"

SIDE_AND_CLAIM_INDEXES = (
    # The summary's groups are pair, year, kind and side, and it reads claim_status.
    # SQLite 3.40 reads an indexed expression's columns, not its value, so they are
    # in the index as well: without them every row is a table lookup (200 k records:
    # 1.4 s against 0.6 s).
    (
        "records_pair_year",
        "CREATE INDEX records_pair_year ON records (pair, substr(date, 1, 4), kind, "
        f"({SIDE_SQL}), date, amount_usd, counts, claim_status, direction, actor, partner)",
    ),
    # The timeline counts events that happened: its indexes by pair and by kind carry
    # claim_status, or every row is a table lookup (1 M records, one pair: its kind
    # counts 206 ms -> 44 ms, its yearly bars 227 ms -> 92 ms).
    (
        "records_pair_date",
        "CREATE INDEX records_pair_date ON records "
        "(pair, date, kind, amount_usd, counts, claim_status)",
    ),
    ("records_kind_date", "CREATE INDEX records_kind_date ON records (kind, date, claim_status)"),
    # The lasting records' ends, per side (1 M records: 3.3 s -> 0.26 s).
    (
        "records_lasting",
        "CREATE INDEX records_lasting ON records (pair, kind, end_date, status, date, "
        "direction, actor, partner) WHERE end_date IS NOT NULL OR status = 'in force'",
    ),
    # The money view leaves claims out.
    (
        "records_money",
        "CREATE INDEX records_money ON records (pair, kind, date, direction, actor, partner, "
        "amount_usd, status, claim_status) WHERE amount_usd > 0",
    ),
)

# One party's view ('Cuba': every record Cuba is in) asks for actor = ? OR partner = ?,
# which SQLite answers as two index ranges joined, not a scan of every record; the date
# lets it read the first page of a listing in order.
PARTY_INDEXES = (
    ("records_actor", "CREATE INDEX records_actor ON records (actor, date)"),
    ("records_partner", "CREATE INDEX records_partner ON records (partner, date)"),
)


def replace_indexes(db: Database, indexes: tuple[tuple[str, str], ...]) -> None:
    """Create each (name, CREATE statement) index, dropping any older one of that name."""
    for name, create in indexes:
        db.execute(f"DROP INDEX IF EXISTS {name}")
        db.execute(create)
