"""Measurements that need a process of their own: opening a database, the window, the timeline.

Run by ``measure.probe`` as ``python probe.py KIND DB [ARGS]``; prints one JSON line whose
``*_at`` values are wall-clock stamps (``time.time()``), so the parent can count from the
moment it spawned this process (interpreter start and imports included).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

PAGE = 100


def exists(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def data_open(path: Path) -> dict:
    """What the window does before its first paint, without Qt: open, pairs, ids, a page."""
    from db import query
    from db.store import open_database

    report = {"imported_at": time.time()}
    db = open_database(path)
    report["opened_at"] = time.time()
    pairs = query.list_pairs(db)
    report["pairs_at"] = time.time()
    ids = query.list_ids(db, query.Filter(pair=pairs[0][0]))
    report["ids_at"] = time.time()
    query.table_rows(db, ids[:PAGE])
    report["page_at"] = time.time()
    report["ids"] = len(ids)
    return report


def timeline_queries(path: Path, pair: str) -> dict:
    """The timeline's queries after a filter change (overview and view), on one connection."""
    from db import timeline
    from db.query import Filter
    from db.store import connect

    db = connect(path, readonly=True)
    before = Filter(pair=pair)
    after = Filter(pair=pair, kinds=["aid", "loan", "investment"])
    report = {}
    for name, where in (("warm", before), ("changed", after)):
        start = time.perf_counter()
        if exists("desktop.timeline.loader"):
            from desktop.timeline.loader import Request, load

            first, last = _redraw_via_loader(load, Request, path, db, where)
        else:
            found = timeline.extent(db, where)
            first, last = found.first, found.last
            timeline.activity(db, "year", where)
            timeline.money_steps(db, where)
            timeline.events(db, where, (first, last))
        report[name] = time.perf_counter() - start
    report["via"] = "loader" if exists("desktop.timeline.loader") else "db.timeline"
    return report


def _redraw_via_loader(load, request_type, path, db, where):
    overview = load(request_type("overview", path, where), db)
    span = (overview.extent.first, overview.extent.last)
    load(request_type("view", path, where, span=span), db)
    return span


def main(argv: list[str]) -> int:
    """Run the probe named by the first argument and print its JSON report."""
    kind, path, *rest = argv
    probes = {"data-open": lambda: data_open(Path(path))}
    probes["timeline"] = lambda: timeline_queries(Path(path), *rest)
    print(json.dumps(probes[kind]()))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
