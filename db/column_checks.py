"""The checks of a records CSV's batch of rows, column by column, each as strict as a row's.

A column with few distinct values (codes, kinds, dates) is checked per distinct value in
Python, by the same functions as a row; the others by Arrow's regular expressions and
casts, which accept only what the row-by-row checks read the same way. Anything else
raises NotClean: the file is then left to the row-by-row import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bilateral.db import cameo, dates, links, reference, validation
from bilateral.db.cells import COLUMNS
from bilateral.db.csv_encoding import MAX_FIELD, MAX_LINE
from bilateral.db.csv_rows import _BOOLEANS, parse_amount
from bilateral.db.model import RECORD_COLUMNS
from bilateral.db.parties import PartyTable
from bilateral.db.schema import CLAIM_STATUSES, DIRECTIONS, STATUSES, USD_BASES

# Whitespace Python's strip() removes that the ASCII trims below leave: Unicode spaces.
_SPACE_END = r"^\p{Z}|\p{Z}$"
_TRIM = " \t\n\r\x0b\x0c"
_AMOUNT = r"^[0-9]{1,16}(\.[0-9]{1,20})?$"  # what float() reads the same as Arrow's cast
_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][^@]*$"  # text.has_host's common address
_TIMESTAMP = validation._TIMESTAMP.pattern
# The list columns staged: their columns after (row, position) and an item's width.
LISTS = {
    "sectors": ("sector",),
    "participants": ("name", "country", "role"),
    "sources": ("publisher", "title", "url", "published", "quote"),
}


class NotClean(Exception):
    """A row may need the row-by-row import: the file goes there whole."""


@dataclass
class _Memo:
    """The distinct cells of a column seen so far, and what they became."""

    keys: object
    values: object


class Checker:
    """Checks and normalises a batch of CSV rows; raises NotClean at the first doubt."""

    def __init__(self, kinds: dict[str, tuple[str, int | None]], parties: PartyTable, stamp: str):
        self.kinds, self.parties, self.stamp = kinds, parties, stamp
        self.memo: dict[str, _Memo] = {}

    def check(self, batch, first_row: int) -> dict[str, object]:
        n = batch.num_rows
        empty = pa.array([""] * n, pa.string())
        cells = {
            name: batch.column(name) if name in batch.schema.names else empty for name in COLUMNS
        }
        length = pa.array([0] * n, pa.int64())
        ascii_only = set()  # the columns of only ASCII text in this batch
        for name, column in cells.items():
            cells[name] = _cell(column)
            if pc.all(pc.string_is_ascii(cells[name])).as_py():
                ascii_only.add(name)
            else:
                other = pc.filter(cells[name], pc.invert(pc.string_is_ascii(cells[name])))
                _require(pc.equal(pc.utf8_normalize(other, form="NFC"), other))
            length = pc.add(length, pc.binary_length(cells[name]))
        # No line may exceed MAX_LINE (csv_encoding): a row's bytes, its quotes doubled,
        # are more than any line of it has characters.
        _require(pc.less_equal(pc.add(pc.multiply(length, 2), 3 * len(cells)), MAX_LINE))
        for name in ("links", "other_parties"):
            if pc.any(pc.not_equal(pc.utf8_trim(cells[name], _TRIM), "")).as_py():
                raise NotClean
        out: dict[str, object] = {"row": pa.array(np.arange(first_row, first_row + n))}
        uid = pc.utf8_trim(cells["uid"], " \t\r\n")
        _require(pc.match_substring_regex(uid, r"^[!-~]+$"))
        out["uid"] = uid
        out["actor"] = self._mapped("actor", cells["actor"], self._side)
        out["partner"] = self._mapped("partner", cells["partner"], self._side)
        _require(pc.not_equal(out["actor"], out["partner"]))
        out["direction"] = self._mapped("direction", cells["direction"], _direction)
        out["kind"] = self._mapped("kind", cells["kind"], self._kind)
        out["date"] = self._mapped("date", cells["date"], _date)
        end = self._mapped("end_date", cells["end_date"], _end_date)
        self._check_range(out["date"], end)
        out["end_date"] = _null_if_empty(end)
        for name in ("title", "summary", "location", "claimed_by"):
            out[name] = _text(cells[name], name in ascii_only)
        _require(_shows(out["title"], "title" in ascii_only))
        self._money(cells, out)
        status = pc.binary_join_element_wise(cells["status"], cells["claim_status"], "\x1f")
        both = self._mapped("status", status, _claim)
        parts = pc.split_pattern(both, "\x1f")
        out["status"] = pc.list_element(parts, 0)
        out["claim_status"] = pc.list_element(parts, 1)
        out["terms_disclosed"] = pc.cast(
            self._mapped("terms_disclosed", cells["terms_disclosed"], _disclosed, pa.int64()),
            pa.int64(),
        )
        self._codes(cells, out)
        for name in ("created_at", "updated_at"):
            stamp = pc.utf8_trim(cells[name], _TRIM)
            _no_space_end(stamp)
            ok = pc.or_(pc.equal(stamp, ""), pc.match_substring_regex(stamp, _TIMESTAMP))
            _require(ok)
            out[name] = pc.if_else(pc.equal(stamp, ""), self.stamp, stamp)
        tables = {"records": pa.table({"row": out["row"], **{c: out[c] for c in RECORD_COLUMNS}})}
        for table in LISTS:
            tables[table] = self._items(table, cells[table], out["row"], table in ascii_only)
        return tables

    def _mapped(self, name: str, column, function: Callable[[str], object], kind=None):
        """``function`` of each cell (None: the row may not pass), called in Python once
        per distinct cell of the whole file; the cells seen before are looked up in Arrow."""

        # Checks of two batches may run at once: a memo is replaced whole, never changed.
        memo = self.memo.get(name)
        if memo is not None:
            found = pc.index_in(column, value_set=memo.keys)
            if pc.all(pc.is_valid(found)).as_py():
                return memo.values.take(found)
            column_new = pc.unique(pc.filter(column, pc.is_null(found)))
        else:
            column_new = pc.unique(column)
        texts = column_new.to_pylist()
        values = [function(text) if len(text) <= 200 else None for text in texts]
        if any(value is None for value in values):
            raise NotClean
        keys, known = pa.array(texts, pa.string()), pa.array(values, kind or pa.string())
        if memo is not None:
            keys = pa.concat_arrays([memo.keys, keys])
            known = pa.concat_arrays([memo.values, known])
        self.memo[name] = _Memo(keys, known)
        return known.take(pc.index_in(column, value_set=keys))

    def _side(self, text: str) -> str | None:
        code = validation.party_code(text.strip(), self.parties)
        return code if code and self.parties.is_party(code) else None

    def _kind(self, text: str) -> str | None:
        kind = text.strip().lower()
        return kind if kind in self.kinds else None

    def _check_range(self, start, end) -> None:
        has_end = pc.not_equal(end, "")
        if not pc.any(has_end).as_py():
            return
        first = self._mapped("first_day", start, lambda d: dates.first_day(d).isoformat())
        last = self._mapped("last_day", pc.if_else(has_end, end, start), _last_day)
        _require(pc.or_(pc.invert(has_end), pc.greater_equal(last, first)))

    def _money(self, cells: dict, out: dict) -> None:
        amount, amount_usd = (_amount(cells[n]) for n in ("amount", "amount_usd"))
        currency = self._mapped("currency", cells["currency"], _currency)
        basis = self._mapped("usd_basis", cells["usd_basis"], _basis)
        has_amount, has_usd = pc.is_valid(amount), pc.is_valid(amount_usd)
        has_currency, has_basis = pc.not_equal(currency, ""), pc.not_equal(basis, "")
        # Each must come with its other half; an amount without its USD value would be
        # converted at an ECB rate, which the row-by-row import does and notes.
        _require(pc.equal(has_amount, has_currency))
        _require(pc.equal(has_usd, has_basis))
        _require(pc.or_(pc.invert(has_amount), has_usd))
        out["amount"], out["amount_usd"] = amount, amount_usd
        out["currency"], out["usd_basis"] = _null_if_empty(currency), _null_if_empty(basis)

    def _codes(self, cells: dict, out: dict) -> None:
        """cameo_code, quad_class and goldstein; the kind's defaults where empty."""

        code = self._mapped("cameo_code", cells["cameo_code"], _cameo)
        default_code = pc.cast(
            self._mapped("kind_code", out["kind"], lambda k: self.kinds[k][0] or ""), pa.string()
        )
        out["cameo_code"] = pc.if_else(pc.equal(code, ""), default_code, code)
        quad = self._mapped("quad_class", cells["quad_class"], _quad, pa.int64())
        default_quad = self._mapped(
            "kind_quad", out["kind"], lambda k: self.kinds[k][1] or 0, pa.int64()
        )
        quad = pc.if_else(pc.equal(quad, 0), default_quad, quad)
        out["quad_class"] = pc.if_else(pc.equal(quad, 0), pa.scalar(None, pa.int64()), quad)
        goldstein = self._mapped("goldstein", cells["goldstein"], _goldstein, pa.float64())
        out["goldstein"] = pc.if_else(
            pc.is_nan(goldstein), pa.scalar(None, pa.float64()), goldstein
        )

    def _items(self, table: str, column, rows, ascii_only: bool):
        """One row per item of a list cell: (row, position, values), as decode_items gives."""

        columns = LISTS[table]
        width = len(columns)
        _require(pc.invert(pc.match_substring(column, "\\")))
        items = pc.split_pattern(column, ";")
        parents = pc.list_parent_indices(items)
        flat = pc.list_flatten(items)
        if width == 1:
            # A sector is an item's first value (csv_rows: item[0]); the rest is dropped.
            first = pc.list_element(pc.split_pattern(flat, "|", max_splits=1), 0)
            values = [_text(first, ascii_only)]
        else:
            bars = pc.count_substring(flat, "|")
            _require(pc.less_equal(bars, width - 1))
            # Padded with '|' to exactly ``width`` values, as Source(*item) and
            # Participant(*item) fill the missing ones with ''.
            pad = pa.array(["|" * k for k in range(width)]).take(pc.subtract(width - 1, bars))
            fields = pc.split_pattern(pc.binary_join_element_wise(flat, pad, ""), "|")
            values = [_text(pc.list_element(fields, k), ascii_only) for k in range(width)]
        keep = pc.not_equal(values[0], "")
        for other in values[1:]:
            keep = pc.or_(keep, pc.not_equal(other, ""))
        parents = np.asarray(pc.filter(parents, keep))
        values = [pc.filter(v, keep) for v in values]
        position = np.arange(len(parents)) - np.searchsorted(parents, parents, side="left")
        found = dict(zip(columns, values, strict=True))
        if table == "participants":
            _require(_shows(found["name"], ascii_only))
            found["country"] = self._mapped("participant_country", found["country"], _country)
        elif table == "sources":
            self._sources(found)
        return pa.table(
            {
                "row": pc.take(rows, pa.array(parents)),
                "position": pa.array(position, pa.int64()),
                **found,
            }
        )

    def _sources(self, found: dict) -> None:
        named = pc.or_(pc.not_equal(found["publisher"], ""), pc.not_equal(found["title"], ""))
        _require(pc.or_(named, pc.not_equal(found["url"], "")))
        url = found["url"]
        _require(pc.or_(pc.equal(url, ""), pc.match_substring_regex(url, _URL)))
        self._mapped("published", found["published"], lambda d: d if not d or _date(d) else None)


def _require(ok) -> None:
    """Raise NotClean unless every row is true (a null, which no check should give, is not)."""

    if pc.all(ok, skip_nulls=False, min_count=0).as_py() is not True:
        raise NotClean


def _cell(column):
    """A cell as the reader hands it on: restored (cells.restore), not too long."""
    if pc.any(pc.starts_with(column, "'")).as_py():
        column = pc.replace_substring_regex(column, r"^'('*[=+\-@\t\r])", r"\1", max_replacements=1)
    # Bytes, at least as many as characters: read from the offsets, not the text.
    _require(pc.less_equal(pc.binary_length(column), MAX_FIELD))
    return column


def _text(column, ascii_only: bool = False):
    """A free text cell stripped as str.strip() would: ASCII trims, Unicode spaces refused."""
    column = pc.utf8_trim(column, _TRIM)
    if not ascii_only:
        _no_space_end(column)
    return column


def _no_space_end(column) -> None:
    """Raise NotClean if a cell starts or ends with a Unicode space the trims left."""

    if pc.all(pc.string_is_ascii(column)).as_py():  # trimmed already of ASCII blanks
        return
    _require(pc.invert(pc.match_substring_regex(column, _SPACE_END)))


def _shows(column, ascii_only: bool):
    """Not blank (validation._is_empty): conservatively, holds a printable ASCII character.

    Trimmed ASCII text without controls (csv_scan) holds one when it is not empty.
    """
    if ascii_only:
        return pc.not_equal(column, "")
    return pc.match_substring_regex(column, r"[!-~]")


def _null_if_empty(column):
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _amount(column):
    """Amounts as float64, null when empty; anything but plain digits is left to Python."""

    given = pc.not_equal(column, "")
    _require(pc.or_(pc.invert(given), pc.match_substring_regex(column, _AMOUNT)))
    value = pc.cast(pc.if_else(given, column, pa.scalar(None, pa.string())), pa.float64())
    _require(pc.or_kleene(pc.is_null(value), pc.less_equal(value, validation.MAX_AMOUNT)))
    return value


def _direction(text: str) -> str | None:
    direction = validation.normal_direction(text or "one-way")
    return direction if direction in DIRECTIONS else None


def _date(text: str) -> str | None:
    date = text.strip()
    return date if date and not validation._date_problems("date", date) else None


def _end_date(text: str) -> str | None:
    date = text.strip()
    return date if not date or _date(date) else None


def _last_day(text: str) -> str:
    return dates.last_day(text).isoformat()


def _claim(text: str) -> str | None:
    status, _, claim = text.partition("\x1f")
    status, claim = links.normal_claim(status or "completed", claim)
    return f"{status}\x1f{claim}" if status in STATUSES and claim in CLAIM_STATUSES else None


def _disclosed(text: str) -> int | None:
    value = _BOOLEANS.get(text.strip().lower())
    return None if value is None else int(value)


def _currency(text: str) -> str | None:
    code = text.strip().upper()
    return code if not code or reference.is_currency(code) else None


def _basis(text: str) -> str | None:
    basis = text.strip()
    return basis if not basis or basis in USD_BASES else None


def _cameo(text: str) -> str | None:
    code = text.strip()
    return code if not code or not cameo.problem(code) else None


def _quad(text: str) -> int | None:
    text = text.strip()
    return {"": 0, "1": 1, "2": 2, "3": 3, "4": 4}.get(text)


def _goldstein(text: str) -> float | None:
    try:
        value = parse_amount(text)
    except ValueError:
        return None
    if value is None:
        return float("nan")
    return value if -10 <= value <= 10 else None


def _country(text: str) -> str | None:
    code = validation.country_code(text)
    return code if not code or reference.is_country(code) else None
