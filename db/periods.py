"""The periods a summary groups records by, as SQL over the records' ``date``."""

from __future__ import annotations

PERIODS = ("year", "quarter", "month", "all")

# A date coarser than the period keeps its own: '2023' stays '2023' by month. By
# year, the summary's GROUP BY comes straight off the records_pair_year index, whose
# expression is PERIOD_SQL["year"] word for word: keep the two the same.
PERIOD_SQL = {
    "year": "substr(date, 1, 4)",
    "month": "substr(date, 1, 7)",
    "quarter": (
        "CASE WHEN length(date) >= 7 THEN substr(date, 1, 4) || '-Q' || "
        "((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) ELSE substr(date, 1, 4) END"
    ),
    "all": "'all'",
}
