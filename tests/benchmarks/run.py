"""Run every scale measurement at N records and print the table, with sqlite3 CLI baselines.

Usage, from the repository root after ``pip install -e .``::

    python tests/benchmarks/run.py --records 1000000 [--markdown]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__:
    from . import floor, generate, measure
else:  # run as a script: its own folder is on sys.path
    import floor
    import generate
    import measure

from bilateral.db.query import Filter

OUT = Path(__file__).with_name("out")


@dataclass
class Row:
    """One line of the table: the app's figure, the sqlite3 figure, the target and a note."""

    name: str
    value: float | None
    unit: str = "s"
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """The app's figure over the sqlite3 CLI's, when both exist."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def seconds_target(limit: float) -> tuple[str, Callable[[Row], bool]]:
    """A target of at most ``limit`` seconds."""
    return f"≤ {limit:g} s", lambda row: row.value <= limit


def ratio_target(limit: float, tool: str = "sqlite3") -> tuple[str, Callable[[Row], bool]]:
    """A target of at most ``limit`` times the sqlite3 CLI figure (``tool`` names it)."""
    return f"≤ {limit:g}× {tool}", lambda row: row.ratio is not None and row.ratio <= limit


def _at_most(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.value <= limit


def judged(row: Row, target: tuple[str, Callable[[Row], bool]] | None) -> Row:
    """``row`` with its target text and verdict filled in."""
    if target:
        row.target, check = target
        row.met = None if row.value is None else check(row)
    return row


class Suite:
    """Runs the measurements in order; each adds rows to ``rows``."""

    def __init__(self, records: int, workdir: Path, repeats: int, seed: int):
        self.records, self.workdir, self.repeats, self.seed = records, workdir, repeats, seed
        self.rows: list[Row] = []
        self.cli = measure.sqlite_cli()
        # Named by N, seed and the generator's source, so a stale cache is never reused.
        version = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:8]
        self.csv = workdir / f"records-{records}-{seed}-{version}.csv"
        self.app_db = workdir / f"app-{records}.db"
        self.cli_db = workdir / f"cli-{records}.db"

    def add(self, row: Row, target=None) -> None:
        """Judge ``row`` against ``target`` and keep it; say it on stderr as it comes."""
        self.rows.append(judged(row, target))
        shown = "-" if row.value is None else f"{row.value:.3f} {row.unit}"
        print(f"  {row.name}: {shown} {row.note}", file=sys.stderr, flush=True)

    def prepare(self) -> None:
        """Generate the CSV unless a complete one for this N and seed is cached."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not self.csv.exists():
            start = time.perf_counter()
            generate.write_csv(self.csv, self.records, self.seed)
            took = time.perf_counter() - start
            print(f"generated {self.csv} in {took:.1f} s", file=sys.stderr)

    def import_export(self) -> None:
        """(a) import the CSV, (b) export every record: the app against the sqlite3 tool."""
        cli = measure.cli_import(self.csv, self.cli_db) if self.cli else None
        app = measure.app_import(self.csv, self.app_db)
        self._compare("import records CSV", app, cli, ratio_target(6, ".import"))
        self._floor(app, cli)
        self._history_cost(app)
        out_cli, out_app = self.workdir / "export-cli.csv", self.workdir / "export-app.csv"
        cli = measure.cli_export(self.cli_db, out_cli) if self.cli else None
        app = measure.app_export(self.app_db, out_app)
        self._compare("export records CSV", app, cli, ratio_target(4, "sqlite3 -csv"))
        for path in (out_cli, out_app):
            path.unlink(missing_ok=True)

    def _floor(self, app: measure.Child, cli: measure.Child | None) -> None:
        """The same rows loaded into the same schema by the sqlite3 tool alone, and the
        import's ratio to it: what Bilateral's own Python costs."""
        name = "  no-Python floor, same schema"
        if cli is None:
            self.add(Row(name, None, note="not measured: the sqlite3 tool is missing"))
            return
        floor_db = self.workdir / f"floor-{self.records}.db"
        found = floor.cli_floor(self.csv, floor_db, self.workdir)
        note = (
            f"sqlite3 INSERT … SELECT from staged copies; CPU {found.cpu:.1f} s "
            f"vs .import's {cli.cpu:.1f} s ({found.cpu / max(cli.cpu, 1e-3):.1f}×)"
        )
        self.add(Row(name, found.seconds, baseline=cli.seconds, note=note))
        note = f"CPU {app.cpu / max(found.cpu, 1e-3):.2f}×"
        row = Row("  import / no-Python floor", app.seconds / found.seconds, unit="×", note=note)
        self.add(row, ("≤ 1.3×", _at_most(1.3)))
        measure.fresh(floor_db)
        for path in (*self.workdir.glob("staged-*.csv"), self.workdir / "floor.sql"):
            path.unlink(missing_ok=True)

    def _history_cost(self, app: measure.Child) -> None:
        """The import again without history: the cost of revisions in time and file size."""
        bare_db = self.workdir / f"app-no-history-{self.records}.db"
        bare = measure.app_import_without_history(self.csv, bare_db)
        note = f"CPU {bare.cpu:.1f} s; with history {app.cpu / max(bare.cpu, 1e-3):.2f}× the CPU"
        self.add(Row("  import without history", bare.seconds, note=note))
        row = Row("  import with history / without", app.seconds / bare.seconds, unit="×")
        self.add(row, ("≤ 1.3×", _at_most(1.3)))
        kept, without = measure.file_mb(self.app_db), measure.file_mb(bare_db)
        self.add(Row("  file with history", kept, unit="MB", note=f"{without:.0f} MB without"))
        self.add(
            Row("  file with history / without", kept / without, unit="×"), ("< 2×", _at_most(1.99))
        )
        measure.fresh(bare_db)

    def _compare(
        self, name: str, app: measure.Child, cli: measure.Child | None, target: tuple
    ) -> None:
        # CPU seconds say the same as wall seconds on an idle machine, and stay fair on a busy one.
        note = f"peak RSS {app.peak_mb:.0f} MB; CPU {app.cpu:.1f} s"
        if cli:
            note += f" vs {cli.cpu:.1f} s ({app.cpu / max(cli.cpu, 1e-3):.0f}×)"
        self.add(Row(name, app.seconds, baseline=cli and cli.seconds, note=note), target)

    def baseline(self, sql: str) -> float | None:
        """The sqlite3 tool's median time for ``sql`` on the app's own database."""
        return measure.cli_query(self.app_db, sql, self.repeats) if self.cli else None

    def queries(self) -> None:
        """(c) summaries, (d) search, (g) jump, (h) biggest pair: in this process, warm."""
        self.summaries()
        where = Filter(text=measure.SEARCH_WORD)
        listing, page = measure.first_page(self.app_db, where, self.repeats)
        shown = measure.shown_page(self.app_db, where, self.repeats)
        self.add(
            Row(
                "search, first page",
                shown.seconds,
                note=f"'{measure.SEARCH_WORD}': first_ids + table_rows of 100",
            ),
            seconds_target(0.1),
        )
        self.add(
            Row(
                "  whole ordered result (loads after)",
                listing.seconds + page.seconds,
                baseline=self.baseline(measure.list_sql(where)),
                note=f"{listing.found} hits: list_ids + table_rows",
            )
        )
        listing, page = measure.random_jump(self.app_db, self.repeats, self.seed)
        self.add(
            Row("table jump to a random row", page.seconds, note="one page of 100"),
            seconds_target(0.05),
        )
        self.add(
            Row(
                "ordered ids of every record",
                listing.seconds,
                baseline=self.baseline(measure.list_sql(Filter())),
                note=f"{listing.found} ids, once per result",
            )
        )
        pair, count = measure.biggest_pair(self.app_db)
        listing, page = measure.first_page(self.app_db, Filter(pair=pair), self.repeats)
        self.add(
            Row(
                f"select pair {pair}",
                listing.seconds + page.seconds,
                baseline=self.baseline(measure.list_sql(Filter(pair=pair))),
                note=f"{count} records; list_ids + first page",
            ),
            ("no target", lambda row: None),
        )
        self.pair = pair

    def summaries(self) -> None:
        """(c) the summary by year over every pair: the command, the window's first rows, the CSV."""
        out = self.workdir / "summary.csv"
        child = measure.cli_summary(self.app_db, out, self.repeats)
        note = (
            "`bilateral --db F export summary --by year --out X`, a fresh process; "
            f"second run (quick check skipped: file unchanged since a good one); CPU {child.cpu:.2f} s"
        )
        self.add(Row("CLI summary, whole command", child.seconds, note=note), seconds_target(1.0))
        first = measure.summary_first_rows(self.app_db, self.repeats)
        note = (
            f"first {first.found} rows of summarize by year (what the summary export reads first)"
        )
        self.add(
            Row("summary in the window: first rows", first.seconds, note=note), seconds_target(0.1)
        )
        whole = measure.summary_csv(self.app_db, out, self.repeats)
        self.add(
            Row(
                "summary, whole CSV",
                whole.seconds,
                baseline=self.baseline(measure.summary_sql()),
                note=f"{whole.found} rows: summary_lines + export_summary_lines, in process",
            ),
            seconds_target(0.8),
        )
        found = measure.summary(self.app_db, self.repeats)
        self.add(
            Row("  summarize alone, fully consumed", found.seconds, note=f"{found.found} rows")
        )
        out.unlink(missing_ok=True)

    def window(self) -> None:
        """(e) open the database to the first painted window, with peak memory."""
        opened, _ = measure.probe("data-open", self.app_db, home=self.workdir)
        report, child = measure.probe("window", self.app_db, home=self.workdir)
        if "missing" in report:
            report, child = opened, _
            note = "window not yet built: open_database + list_pairs + list_ids + first page"
            self.add(Row("open to first paint", report["page"], note=note), seconds_target(2))
        else:
            note = f"offscreen, from process start; {report['rows']} rows in the table"
            self.add(Row("open to first paint", report["painted"], note=note), seconds_target(2))
            self.add(Row("  table's first page shown", report["rows_shown"]))
            self.add(Row("  timeline drawn", report["timeline"]))
        # The probe's own peak (VmHWM): wait4's would hold this suite's size at the fork.
        peak = report.get("peak_mb") or child.peak_mb
        self.add(Row("  peak RSS", peak, unit="MB"), ("≤ 350 MB", _at_most(350)))
        # The window defers the quick check to a background thread; the command line runs it first.
        self.add(
            Row("  open_database with quick check (CLI)", opened["opened"] - opened["imported"])
        )

    def timeline(self) -> None:
        """(f) the timeline's redraw after a filter change: the panel, and its queries alone."""
        queries, _ = measure.probe("timeline", self.app_db, self.pair, home=self.workdir)
        panel, _ = measure.probe("panel", self.app_db, self.pair, home=self.workdir)
        name = "timeline redraw after a filter change"
        if "missing" in panel:
            note = f"queries only ({queries['via']}): {panel['missing']}"
            self.add(Row(name, queries["changed"], note=note), seconds_target(0.15))
            return
        note = f"{self.pair}, kinds changed; median of 4, paint included"
        self.add(Row(name, panel["kinds"], note=note), seconds_target(0.15))
        self.add(Row("  of which queries", queries["changed"], note=f"via {queries['via']}"))
        self.add(Row(f"  all pairs → {self.pair}", panel["pair"]))
        self.add(Row("  first draw, every record", panel["everything"]))

    def run(self, reuse_db: bool = False) -> list[Row]:
        """Every measurement, in order; ``reuse_db`` keeps the last run's database."""
        self.prepare()
        if reuse_db and self.app_db.exists():
            for name in ("import records CSV", "export records CSV"):
                self.add(Row(name, None, note="not measured: --reuse-db"))
        else:
            self.import_export()
        self.queries()
        self.window()
        self.timeline()
        return self.rows


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(rows: list[Row], markdown: bool) -> str:
    """The rows as a plain or Markdown table."""
    header = ("measurement", "Bilateral", "sqlite3 CLI", "ratio", "target", "met", "note")
    lines = [header]
    for row in rows:
        verdict = {True: "yes", False: "NO", None: ""}[row.met]
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}×"
        baseline = "" if row.baseline is None else _figure(row.baseline, "s")
        lines.append(
            (row.name, _figure(row.value, row.unit), baseline, ratio, row.target, verdict, row.note)
        )
    if markdown:
        out = ["| " + " | ".join(cells) + " |" for cells in lines]
        out.insert(1, "|" + "---|" * len(header))
        return "\n".join(out)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def machine(records: int) -> str:
    """One paragraph on the machine: CPU model, cores, RAM, Python and SQLite versions."""
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cli = measure.sqlite_cli()
    version = os.popen(f"{cli} --version").read().split()[0] if cli else "not installed"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    root = Path(__file__).resolve().parents[2]
    commit = os.popen(f"git -C '{root}' describe --always --dirty 2>/dev/null").read().strip()
    return (
        f"{records:,} records at commit {commit or 'unknown'}; "
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM "
        f"(load average at the end {load}); "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version} "
        f"(sqlite3 CLI {version}); {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the suite and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=OUT, help=f"default {OUT}")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each fast measurement")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--reuse-db", action="store_true", help="skip import and export; query the last database"
    )
    args = parser.parse_args(argv)
    rows = Suite(args.records, args.workdir, args.repeats, args.seed).run(args.reuse_db)
    print(machine(args.records))
    print()
    print(table(rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
