"""Importing GDELT event files (2.0 exports, 1.0 daily files): the events between two states."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from sqlite_utils import Database

from bilateral.db import cameo, parties
from bilateral.db.cells import encode_items
from bilateral.db.csv_merge import MergeRules
from bilateral.db.csv_read import ByteCounter
from bilateral.db.csv_rows import ImportFailed, ImportReport

# The import itself is the records CSV's: one transaction, a history batch, merge on uid.
from bilateral.db.csvfile import BatchFile, CancelFn, ProgressFn, import_rows
from bilateral.db.errors import BilateralError

GROUPS = ("event", "day")
SHOWN_IDS = 20  # event ids a folded record names in its summary
SHOWN_URLS = 5  # source URLs a folded record keeps

# Columns, counted from 0, that GDELT 1.0 (57 columns; 58 since April 2013, with the
# SOURCEURL) and 2.0 (61) share; the geography blocks differ, so ActionGeo's full
# name, DATEADDED and SOURCEURL sit at each layout's own place.
ID, SQLDATE, ACTOR1_NAME, ACTOR1_COUNTRY, ACTOR2_NAME, ACTOR2_COUNTRY = 0, 1, 6, 7, 16, 17
EVENT_CODE, ROOT_CODE, QUAD_CLASS, GOLDSTEIN = 26, 28, 29, 30
MENTIONS, SOURCES, ARTICLES, TONE = 31, 32, 33, 34
LAYOUTS = {61: (52, 59, 60), 58: (50, 56, 57), 57: (50, 56, None)}  # geo name, added, URL

# The kind of an event: a few CAMEO codes (their first three digits) first, where the
# root is too coarse, then the root. Only built-in kinds (db/schema.py BUILTIN_KINDS).
KIND_BY_CODE = {
    "042": "visit",  # make a visit
    "043": "visit",  # host a visit
    "057": "agreement",  # sign formal agreement
    "062": "security",  # military cooperation
    "063": "security",  # judicial cooperation
    "064": "security",  # share intelligence
    "112": "allegation",  # accuse
}
KIND_BY_ROOT = {
    "01": "statement",  # make public statement
    "02": "statement",  # appeal
    "03": "statement",  # express intent to cooperate
    "04": "meeting",  # consult
    "05": "statement",  # diplomatic cooperation (praise, recognise, apologise…)
    "06": "trade",  # material cooperation: economic
    "07": "aid",  # provide aid
    "08": "agreement",  # yield: ease sanctions, release, allow, de-escalate
    "09": "allegation",  # investigate
    **{f"{root:02}": "dispute" for root in range(10, 21)},  # demand … mass violence
}

MISSING = "with one actor's country missing"
SAME = "within one country"
REGION = "with a region or group for a country"
OUTSIDE = "outside --pair"


@dataclass
class GdeltReport:
    """What a GDELT import did: the import's own report, the events read and kept, and
    the skipped rows counted by reason."""

    report: ImportReport
    events: int = 0
    kept: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)  # the codes behind REGION

    def skip_summary(self) -> str:
        """'skipped 812: 640 with one actor's country missing, 150 within one country'."""
        total = sum(self.skipped.values())
        if not total:
            return "skipped none"
        parts = [f"{n:,} {reason}" for reason, n in self.skipped.most_common()]
        regions = ", ".join(code for code, _ in self.regions.most_common(5))
        if regions:
            parts = [p + f" ({regions})" if p.endswith(REGION) else p for p in parts]
        return f"skipped {total:,}: {', '.join(parts)}"


@cache
def country_codes() -> dict[str, str]:
    """Each CAMEO actor country code → its ISO alpha-3 country ("" for regions and groups),
    from the codebook shipped beside this module (db/cameo_countries.csv says whence)."""
    text = resources.files("bilateral.db").joinpath("cameo_countries.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return {row["code"]: row["iso3"] for row in csv.DictReader(lines)}


def kind_of(code: str) -> str:
    """The kind an event of CAMEO ``code`` becomes (KIND_BY_CODE, else KIND_BY_ROOT)."""
    return KIND_BY_CODE.get(code[:3]) or KIND_BY_ROOT.get(code[:2], "statement")


def import_gdelt(
    db: Database,
    source: str | os.PathLike,
    *,
    pair: str | None = None,
    group: str = "event",
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> GdeltReport:
    """Import the events between two different states of a GDELT events file (or its
    .zip), in one transaction: every kept event, or none.

    :param pair: only the events of this pair, as query.parse_pair writes it: 'BRA-CHN'.
    :param group: "event" makes a record of each event; "day" one of each pair, day and
        CAMEO root code, so that many reports of one happening make one record.
    :raises ImportFailed: when a line is malformed or an event makes no valid record.
    """
    if group not in GROUPS:
        raise BilateralError(f"--group must be one of {', '.join(GROUPS)}")
    path = Path(source)
    if not path.is_file():
        raise BilateralError(f"{path} is not a file.")
    result = GdeltReport(ImportReport())
    batch = BatchFile(path.name, path.stat().st_size, "import", True)
    with _Opened(path, batch) as (raw, size):
        counter = ByteCounter(raw)
        if batch.sha256 is None:
            batch.sha256 = counter.digest
        text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding="utf-8", newline="")
        reader = _Reader(parties.table(db), result, pair)
        rows = reader.events(text) if group == "event" else reader.days(text)
        import_rows(
            db,
            result.report,
            rows,
            lambda: progress and progress(counter.read_bytes / (size or 1)),
            cancelled,
            size,
            MergeRules("merge", "keep", frozenset(), False),
            dry_run,
            batch,
        )
    return result


class _Opened:
    """The file's bytes, or those of the one file in its .zip (GDELT serves *.CSV.zip)."""

    def __init__(self, path: Path, batch: BatchFile):
        self.path, self.batch = path, batch
        self.files: list[IO[bytes]] = []

    def __enter__(self) -> tuple[IO[bytes], int]:
        if not zipfile.is_zipfile(self.path):
            self.files.append(self.path.open("rb"))
            return self.files[0], self.path.stat().st_size
        with self.path.open("rb") as whole:  # the batch names the .zip as given
            self.batch.sha256 = hashlib.file_digest(whole, "sha256")
        archive = zipfile.ZipFile(self.path)
        self.files.append(archive)  # type: ignore[arg-type]
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) != 1:
            raise BilateralError(
                f"{self.path.name} holds {len(members)} files; a GDELT .zip holds one export"
            )
        self.files.append(archive.open(members[0]))
        return self.files[-1], members[0].file_size

    def __exit__(self, *exc: object) -> None:
        for file in reversed(self.files):
            file.close()


@dataclass
class _Group:
    """The events of one pair, day and CAMEO root code, folded as they are read."""

    line: int
    cells: dict[str, str]  # of the most mentioned event so far
    mentions: int
    events: int = 0
    total_mentions: int = 0
    directions: set[tuple[str, str]] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)
    urls: dict[str, tuple[str, ...]] = field(default_factory=dict)


class _Reader:
    """Turns the lines of a GDELT file into records-CSV cells, counting what it skips."""

    def __init__(self, table: parties.PartyTable, result: GdeltReport, wanted: str | None):
        self.table, self.result, self.wanted = table, result, wanted
        self.report = result.report
        self.known: dict[str, str] = {}  # CAMEO country code → its party's code, or ""

    def _side(self, code: str) -> str:
        """The party a CAMEO actor country code stands for; "" for a region or group."""
        side = self.known.get(code)
        if side is None:
            # Mostly the ISO code itself (ROM is ROU, TMP TLS…); regions and groups (AFR,
            # EUR, WST…) are no side, unless the database has a party of that code.
            side = country_codes().get(code, code)
            if not (side and self.table.is_party(side)):
                side = code if self.table.is_party(code) else ""
            self.known[code] = side
        return side

    def _lines(self, text: io.TextIOWrapper) -> Iterator[tuple[int, list[str], tuple]]:
        """(line number, columns, layout) of each event between two states."""
        number, skipped, result = 0, self.result.skipped, self.result
        try:
            for number, line in enumerate(text, 1):  # noqa: B007 - read after a decode error
                cols = line.rstrip("\r\n").split("\t")
                layout = LAYOUTS.get(len(cols))
                if layout is None:
                    if not line.strip():
                        continue
                    self.report.problem(
                        number,
                        "",
                        f"has {len(cols)} tab-separated columns, not the 61 of a GDELT 2.0 "
                        "events export or the 57 or 58 of a GDELT 1.0 events file",
                    )
                    continue
                result.events += 1
                one, two = cols[ACTOR1_COUNTRY], cols[ACTOR2_COUNTRY]
                if not one or not two:
                    skipped[MISSING] += 1
                    continue
                cols[ACTOR1_COUNTRY], cols[ACTOR2_COUNTRY] = self._side(one), self._side(two)
                if not (cols[ACTOR1_COUNTRY] and cols[ACTOR2_COUNTRY]):
                    skipped[REGION] += 1
                    result.regions.update(c for c in (one, two) if not self._side(c))
                    continue
                one, two = cols[ACTOR1_COUNTRY], cols[ACTOR2_COUNTRY]
                if one == two:
                    skipped[SAME] += 1
                elif self.wanted and self.wanted != (
                    one + "-" + two if one < two else two + "-" + one
                ):
                    skipped[OUTSIDE] += 1
                else:
                    result.kept += 1
                    yield number, cols, layout
        except UnicodeDecodeError as error:
            self.report.problem(number + 1, "", f"is not UTF-8 ({error.reason})")

    def _cells(self, number: int, cols: list[str], layout: tuple) -> dict[str, str]:
        """The records-CSV cells of one event."""
        geo, added, url_at = layout
        day = cols[SQLDATE]
        if not (len(day) == 8 and day.isdigit()):
            self.report.problem(number, "date", f"SQLDATE {day[:20]!r} is not YYYYMMDD")
        code = cols[EVENT_CODE]
        one, two = cols[ACTOR1_COUNTRY], cols[ACTOR2_COUNTRY]
        names = f"{cols[ACTOR1_NAME] or one} → {cols[ACTOR2_NAME] or two}"
        url = cols[url_at] if url_at is not None else ""
        published = cols[added][:8]
        published = f"{published[:4]}-{published[4:6]}-{published[6:]}" if url else ""
        return {
            "uid": f"gdelt-{cols[ID]}",
            "actor": one,
            "partner": two,
            "kind": kind_of(code),
            "date": f"{day[:4]}-{day[4:6]}-{day[6:]}",
            "title": f"{cameo.label(code) or code}: {names}",
            "summary": (
                f"GDELT event {cols[ID]}, {_count(cols[MENTIONS], 'mention')} in "
                f"{_count(cols[SOURCES], 'source')} and {_count(cols[ARTICLES], 'article')}, "
                f"average tone {cols[TONE][:6]}."
            ),
            "location": cols[geo],
            "sources": encode_items([(urlsplit(url).hostname or "", "", url, published, "")])
            if url
            else "",
            "cameo_code": code,
            "quad_class": cols[QUAD_CLASS],
            "goldstein": cols[GOLDSTEIN],
            "status": "completed",
        }

    def events(self, text: io.TextIOWrapper) -> Iterator[tuple[int, dict[str, str]]]:
        """One record's cells per event."""
        for number, cols, layout in self._lines(text):
            yield number, self._cells(number, cols, layout)

    def days(self, text: io.TextIOWrapper) -> Iterator[tuple[int, dict[str, str]]]:
        """One record's cells per pair, day and CAMEO root code: the most mentioned event's,
        with the others counted, named and their sources added. Memory grows with the
        groups, not the events."""
        groups: dict[tuple[str, str, str], _Group] = {}
        for number, cols, layout in self._lines(text):
            one, two = cols[ACTOR1_COUNTRY], cols[ACTOR2_COUNTRY]
            key = ("-".join(sorted((one, two))), cols[SQLDATE], cols[ROOT_CODE])
            mentions = int(cols[MENTIONS]) if cols[MENTIONS].isdigit() else 0
            group = groups.get(key)
            if group is None or mentions > group.mentions:
                cells = self._cells(number, cols, layout)
                if group is None:
                    group = groups[key] = _Group(number, cells, mentions)
                else:
                    group.cells, group.mentions = cells, mentions
            group.events += 1
            group.total_mentions += mentions
            group.directions.add((one, two))
            if len(group.ids) < SHOWN_IDS:
                group.ids.append(cols[ID])
            url = cols[layout[2]] if layout[2] is not None else ""
            if url and len(group.urls) < SHOWN_URLS and url not in group.urls:
                published = cols[layout[1]][:8]
                day = f"{published[:4]}-{published[4:6]}-{published[6:]}"
                group.urls[url] = (urlsplit(url).hostname or "", "", url, day, "")
        for (pair, day, root), group in groups.items():
            yield group.line, _folded(group, pair, day, root)


def _count(number: str, word: str) -> str:
    """'1 mention', '12 mentions'."""
    return f"{number} {word}" + ("" if number == "1" else "s")


def _folded(group: _Group, pair: str, day: str, root: str) -> dict[str, str]:
    """The cells of a folded record: its most mentioned event's, said to stand for all."""
    cells = dict(group.cells)
    cells["uid"] = f"gdelt-{pair}-{cells['date']}-{root}"
    if len(group.directions) > 1:
        cells["direction"] = "mutual"
    more = group.events - len(group.ids)
    ids = ", ".join(group.ids) + (f" and {more:,} more" if more > 0 else "")
    shown = f"{group.events:,} GDELT events" if group.events > 1 else "1 GDELT event"
    cells["summary"] = (
        f"{shown} of {pair} on {cells['date']} under CAMEO root {root} "
        f"({(cameo.label(root) or root).capitalize()}), {group.total_mentions:,} mentions "
        f"in all; the most mentioned: {group.cells['summary']} Events: {ids}."
    )
    cells["sources"] = encode_items(group.urls.values())
    return cells


__all__ = ["GROUPS", "GdeltReport", "ImportFailed", "import_gdelt", "kind_of"]
