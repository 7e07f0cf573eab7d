"""Measurements that need a process of their own: opening a database, the window, the timeline.

Run by ``measure.probe`` as ``python probe.py KIND DB [ARGS]``; prints one JSON line whose
``*_at`` values are wall-clock stamps (``time.time()``), so the parent can count from the
moment it spawned this process (interpreter start and imports included).
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

PAGE = 100


def _shield_none() -> None:
    """Keep None alive under PySide6 6.12 on Python 3.11, which drops a reference to it on
    every call of a method returning void; a few thousand calls abort the interpreter.

    None is immortal from Python 3.12 on, and PySide6 6.11 does not have the bug.
    """
    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def exists(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def data_open(path: Path) -> dict:
    """What the window does before its first paint, without Qt: open, pairs, ids, a page."""
    from bilateral.db import query
    from bilateral.db.store import open_database

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
    from bilateral.db import timeline
    from bilateral.db.connection import connect
    from bilateral.db.query import Filter

    db = connect(path, readonly=True)
    before = Filter(pair=pair)
    after = Filter(pair=pair, kinds=["aid", "loan", "investment"])
    report = {}
    for name, where in (("warm", before), ("changed", after)):
        start = time.perf_counter()
        if exists("bilateral.desktop.timeline.loader"):
            from bilateral.desktop.timeline.loader import Request, load

            first, last = _redraw_via_loader(load, Request, path, db, where)
        else:
            found = timeline.extent(db, where)
            first, last = found.first, found.last
            timeline.activity(db, "year", where)
            money = timeline  # where money_steps lived before db.money_flows
            if exists("bilateral.db.money_flows"):
                from bilateral.db import money_flows as money
            money.money_steps(db, where)
            timeline.events(db, where, (first, last))
        report[name] = time.perf_counter() - start
    report["via"] = (
        "loader" if exists("bilateral.desktop.timeline.loader") else "bilateral.db.timeline"
    )
    return report


def _redraw_via_loader(load, request_type, path, db, where):
    overview = load(request_type("overview", path, where), db)
    if not hasattr(overview, "money"):  # the money flows load as a part of their own
        load(request_type("money", path, where), db)
    span = (overview.extent.first, overview.extent.last)
    load(request_type("view", path, where, span=span), db)
    return span


def _qt():
    """The QApplication (Bilateral's own when the window exists), created once."""
    from PySide6.QtWidgets import QApplication

    if exists("bilateral.desktop.shell.app"):
        from bilateral.desktop.shell.app import application

        return application()
    return QApplication.instance() or QApplication([])


def _wait(app, condition, timeout: float = 600.0) -> bool:
    """Run the event loop until ``condition()`` holds; False on timeout.

    A QEventLoop polled by a timer, not a loop over processEvents(): with PySide6
    6.12 on Python 3.11 every processEvents() or QTest.qWait() call drops one
    reference to None, and a few thousand calls abort the interpreter.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout
    loop, timer = QEventLoop(), QTimer(interval=1)

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    return bool(condition())


def window(path: Path) -> dict:
    """Open the window on ``path`` the way `bilateral` does; stamp first paint, rows, timeline."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QMainWindow, QWidget

    if not (
        exists("bilateral.desktop.shell.app") and exists("bilateral.desktop.shell.main_window")
    ):
        return {"missing": "the window is not built yet"}
    from bilateral.desktop.shell.app import open_window

    report = {"imported_at": time.time()}
    app = _qt()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt naming
            if (
                event.type() == QEvent.Type.Paint
                and "painted_at" not in report
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                report["painted_at"] = time.time()
            return False

    spy = FirstPaint(app)
    app.installEventFilter(spy)
    main = open_window(path)
    report["shown_at"] = time.time()
    _wait(app, lambda: "painted_at" in report)
    _wait(app, lambda: main.model.rowCount() > 0)
    report["rows_shown_at"] = time.time()
    _wait(app, lambda: not main.timeline.is_loading())
    report["timeline_at"] = time.time()
    report["rows"] = main.model.rowCount()
    return report


def panel(path: Path, pair: str) -> dict:
    """The timeline panel alone: time from set_filter to the redrawn plots (grab included)."""
    from bilateral.db.query import Filter

    if not exists("bilateral.desktop.timeline.panel"):
        return {"missing": "the timeline panel is not built yet"}
    from bilateral.desktop.timeline.panel import TimelinePanel

    if not hasattr(TimelinePanel, "drawn"):
        return {"missing": "the timeline panel does not say when it has drawn yet"}

    app = _qt()
    drawn: list[float] = []
    view = TimelinePanel(path)
    view.drawn.connect(lambda: drawn.append(time.perf_counter()))
    view.resize(1200, 600)
    view.show()
    start = time.perf_counter()
    _wait(app, lambda: drawn and not view.is_loading())
    report = {"everything": time.perf_counter() - start}
    changes = [Filter(pair=pair)]
    for kinds in (["aid", "loan", "investment"], ["visit"], ["agreement", "trade"], []):
        changes.append(Filter(pair=pair, kinds=kinds))
    times = []
    for where in changes:
        _wait(app, lambda: not view.is_loading(), 5)  # let follow-up range loads settle
        drawn.clear()
        start = time.perf_counter()
        view.set_filter(where)
        _wait(app, lambda: drawn and not view.is_loading())
        view.grab()  # the paint itself, so the figure is what the user waits for
        times.append(time.perf_counter() - start)
    report["pair"], report["kinds"] = times[0], sorted(times[1:])[len(times[1:]) // 2]
    return report


def own_peak_mb() -> float | None:
    """This process's own peak resident memory (VmHWM), in MB; None off Linux.

    Not wait4's ru_maxrss: Linux carries the parent's resident size at the fork over
    the exec into it, so a probe started by a 400 MB suite would read 400 MB or more.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def main(argv: list[str]) -> int:
    """Run the probe named by the first argument and print its JSON report."""
    kind, path, *rest = argv
    _shield_none()
    probes = {
        "data-open": lambda: data_open(Path(path)),
        "timeline": lambda: timeline_queries(Path(path), *rest),
        "window": lambda: window(Path(path)),
        "panel": lambda: panel(Path(path), *rest),
    }
    report = probes[kind]()
    report["peak_mb"] = own_peak_mb()
    print(json.dumps(report))
    sys.stdout.flush()
    # Skip Qt's and the worker threads' teardown: nothing is left to measure.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
