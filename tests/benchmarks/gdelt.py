"""The GDELT import at N rows, against sqlite3's `.import` of the same tab-separated file.

Usage, from the repository root after ``pip install -e .``::

    python tests/benchmarks/gdelt.py --rows 1000000 [--markdown]

The file is made from the real rows of tests/data/gdelt-2.0-sample.export.CSV, over and
over: each copy gets its own GLOBALEVENTID and a later day (10 days at a million rows,
as GDELT 2.0 holds about 100,000 events a day); every other column is the real row's.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from pathlib import Path

if __package__:
    from . import measure
else:  # run as a script: its own folder is on sys.path
    import measure

SAMPLE = Path(__file__).parents[1] / "data" / "gdelt-2.0-sample.export.CSV"
OUT = Path(__file__).with_name("out")
FIRST_ID = 1_000_000_000
ROWS_PER_DAY = 100_000
# Columns (from 0) that hold a day: SQLDATE, MonthYear, Year, FractionDate, DATEADDED.
SQLDATE, MONTH_YEAR, YEAR, FRACTION, ADDED = 1, 2, 3, 4, 59


def write_tsv(path: Path, rows: int) -> Path:
    """Write ``rows`` GDELT 2.0 rows made from the sample's (deterministic); return ``path``."""
    sample = [line.rstrip("\n").split("\t") for line in SAMPLE.read_text("utf-8").splitlines()]
    with path.open("w", encoding="utf-8", newline="") as out:
        for number in range(rows):
            cols = list(sample[number % len(sample)])
            shift = datetime.timedelta(days=number // ROWS_PER_DAY)
            day = datetime.datetime.strptime(cols[SQLDATE], "%Y%m%d").date() + shift
            added = datetime.datetime.strptime(cols[ADDED], "%Y%m%d%H%M%S") + shift
            cols[0] = str(FIRST_ID + number)
            cols[SQLDATE] = day.strftime("%Y%m%d")
            cols[MONTH_YEAR], cols[YEAR] = day.strftime("%Y%m"), day.strftime("%Y")
            cols[FRACTION] = f"{float(cols[FRACTION]) + shift.days / 365:.4f}"
            cols[ADDED] = added.strftime("%Y%m%d%H%M%S")
            out.write("\t".join(cols) + "\n")
    return path


def cached_tsv(workdir: Path, rows: int) -> Path:
    """The file for ``rows``, made once; its name holds a hash of this maker and the sample."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + SAMPLE.read_bytes()).hexdigest()[:10]
    path = workdir / f"gdelt-{rows}-{digest}.export.CSV"
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        write_tsv(path.with_suffix(".tmp"), rows).rename(path)
    return path


def sqlite_import(tsv: Path, db_path: Path) -> measure.Child:
    """sqlite3 `.import` of the tab-separated file into a plain 61-column table."""
    columns = ", ".join(f"c{n}" for n in range(61))
    return measure.run_child(
        [
            measure.sqlite_cli(),
            str(measure.fresh(db_path)),
            f"CREATE TABLE events ({columns})",
            ".mode tabs",
            f".import {tsv} events",
        ]
    )


def app_import(tsv: Path, db_path: Path, *more: str) -> measure.Child:
    """`bilateral import --format gdelt` of the file into a fresh database."""
    return measure.run_child(
        measure.bilateral("--db", measure.fresh(db_path), "import", "--format", "gdelt", tsv, *more)
    )


def main(argv: list[str] | None = None) -> int:
    """Make the file, import it both ways (and folded by day), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=OUT, help=f"default {OUT}")
    parser.add_argument("--markdown", action="store_true", help="print Markdown table rows")
    args = parser.parse_args(argv)
    tsv = cached_tsv(args.workdir, args.rows)
    size = tsv.stat().st_size / 2**20
    base = sqlite_import(tsv, args.workdir / "gdelt-sqlite.db")
    lines = []
    for label, more in (("", ()), (", --group day", ("--group", "day"))):
        app = app_import(tsv, args.workdir / "gdelt-app.db", *more)
        kept = app.output.strip().splitlines()
        ratio = app.seconds / base.seconds
        name = f"import GDELT {args.rows:,} rows ({size:.0f} MB){label}"
        if args.markdown:
            lines.append(
                f"| {name} | {app.seconds:.1f} s (CPU {app.cpu:.1f} s, peak RSS "
                f"{app.peak_mb:.0f} MB) | {base.seconds:.1f} s (CPU {base.cpu:.1f} s) | "
                f"{ratio:.1f}× | | |"
            )
        else:
            lines.append(
                f"{name}: {app.seconds:.1f} s wall, {app.cpu:.1f} s CPU, peak RSS "
                f"{app.peak_mb:.0f} MB; sqlite3 .import {base.seconds:.1f} s wall, "
                f"{base.cpu:.1f} s CPU, peak RSS {base.peak_mb:.0f} MB; ratio {ratio:.1f}× "
                f"(CPU {app.cpu / (base.cpu or 1):.1f}×)"
            )
        lines += [f"  {line}" for line in kept]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
