"""Timeline queries off the UI thread: each request runs on its own connection, newer ones win."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bilateral.db import memberships, money_flows, parties, records, timeline, timeline_links
from bilateral.db.connection import connect
from bilateral.db.errors import BilateralError
from bilateral.db.parties import PartyTable
from bilateral.db.query import Filter
from bilateral.desktop.timeline.events import Shape, shape
from bilateral.desktop.timeline.money import prepare as prepare_money

FINE_PERIODS = ("month", "day")
# Each kept connection's page cache: a filter change on a pair of 100,000 records reads
# about 10 MB of index pages; SQLite's default of 2 MB would read them again each time.
CACHE_KIB = 16384
THREADS = 2


@dataclass(frozen=True)
class Request:
    """What to load: 'overview' (extent, kinds), 'money' (the flows), 'view' (one x-range)
    or 'record' (one id)."""

    part: str
    path: Path
    where: Filter
    pairs: tuple[str, ...] = ()
    period: str = "year"
    span: tuple[str, str] | None = None
    record_id: int | None = None
    event_limit: int = timeline.EVENT_LIMIT
    serial: int = 0


@dataclass
class Overview:
    """Everything the panel needs that does not depend on the visible range."""

    extent: timeline.Extent
    kinds: list[tuple[str, int]]
    colors: dict[str, str]
    chains: list[timeline_links.Chain] = field(default_factory=list)
    memberships: memberships.Bands = field(default_factory=lambda: memberships.Bands([], 0))
    parties: PartyTable = field(default_factory=PartyTable)


@dataclass
class View:
    """The bars and events of one visible range."""

    period: str
    span: tuple[str, str] | None
    activity: list[timeline.ActivityRow]
    events: list[timeline.EventRow] = field(default_factory=list)
    events_total: int = 0
    shapes: list[Shape] = field(default_factory=list)
    links: list[timeline_links.LinkRow] = field(default_factory=list)


def load(request: Request, db) -> Overview | View | timeline.EventRow | None:
    """Run the queries of ``request`` on the connection ``db``."""
    if request.where.parties is None:
        # Compared pairs may name organisations ('CUB-BRICS') and the overview names the
        # parties. Every part needs them: knowing which pairs records involve through
        # other parties keeps a plain pair's condition plain, so the kept totals answer
        # (a filter from the window has them; the table is cached per connection).
        where = dataclasses.replace(request.where, parties=parties.table(db))
        request = dataclasses.replace(request, where=where)
    if request.part == "overview":
        return Overview(
            extent=timeline.extent(db, request.where, request.pairs),
            kinds=timeline.kind_counts(db, request.where, request.pairs),
            colors={k.name: k.color for k in records.list_kinds(db)},
            chains=timeline_links.chains(db, request.where, request.pairs),
            memberships=memberships.bands(db, request.where, request.pairs),
            parties=request.where.parties,
        )
    if request.part == "money":
        # Titles are read when a step is hovered: thousands of them cost more than the rest.
        steps = money_flows.money_steps(db, request.where, request.pairs, titles=False)
        return prepare_money(steps)
    if request.part == "record":
        return timeline.event(db, request.record_id)
    # Years and quarters are few whatever the range; limiting them to the range
    # would only make SQLite walk the date index instead of scanning the table.
    span = request.span if request.period in FINE_PERIODS else None
    activity = timeline.activity(db, request.period, request.where, request.pairs, span)
    shown, total = timeline.events(
        db, request.where, request.span, request.pairs, request.event_limit
    )
    # Links between the events shown: an end not drawn (beyond the limit) has no place.
    links = timeline_links.view_links(db, [r.id for r in shown])
    shapes = [shape(r) for r in shown]
    return View(request.period, request.span, activity, shown, total, shapes, links)


class Loader(QObject):
    """Runs requests on a private pool of two threads; only the newest of each part is delivered.

    Two, so that the money flows (the slowest part) load while the overview and then
    the view of the same filter do. Requests of one part never run side by side.
    """

    loaded = Signal(object, object)  # request, result
    failed = Signal(object, str)  # request, message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(THREADS)
        self._serial = 0
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._running: dict[int, tuple[Request, sqlite3.Connection]] = {}
        # Connections kept between requests, each used by one request at a time.
        self._idle: list[tuple[tuple, object]] = []
        self._parts: dict[str, threading.Lock] = {}

    def submit(self, request: Request) -> Request:
        """Queue ``request``; an older request of the same part is dropped or interrupted."""
        self._serial += 1
        request = Request(**{**request.__dict__, "serial": self._serial})
        self._latest[request.part] = request.serial
        with self._lock:
            for running, conn in self._running.values():
                if running.part == request.part:
                    # A stale query would only delay the one the user is waiting for.
                    conn.interrupt()
        self._pool.start(_Task(self, request))
        return request

    def is_current(self, request: Request) -> bool:
        """Whether ``request`` is still the newest of its part."""
        return self._latest.get(request.part) == request.serial

    def pending(self) -> bool:
        """Whether any request is queued or running."""
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = 5000) -> bool:
        """Wait until every request finished (used before the panel goes away)."""
        done = self._pool.waitForDone(msecs)
        if done:
            with self._lock:
                idle, self._idle = self._idle, []
            for _, db in idle:
                db.close()
        return done

    def _take_connection(self, path: Path):
        """A kept read-only connection to ``path``, or a new one.

        Kept across requests: a fresh connection parses the schema and starts with an
        empty page cache, which made a filter change's queries about half as slow again.
        A connection to a file since replaced (another inode) is closed, never reused.
        """
        key = _file_key(path)
        with self._lock:
            same = [kept for kept in self._idle if kept[0] == key]
            stale = [kept for kept in self._idle if kept[0] != key]
            found = same.pop() if same else None
            self._idle = same
        for _, db in stale:
            db.close()
        if found is not None:
            return key, found[1]
        # Read-only: the timeline never writes, and never creates a missing file.
        return key, connect(path, readonly=True, cache_kib=CACHE_KIB)

    def _give_back(self, key: tuple | None, db, trusted: bool) -> None:
        if trusted and key is not None:
            with self._lock:
                if len(self._idle) < THREADS:
                    self._idle.append((key, db))
                    return
        db.close()

    def _run(self, request: Request) -> None:
        with self._lock:
            part = self._parts.setdefault(request.part, threading.Lock())
        with part:
            self._run_alone(request)

    def _run_alone(self, request: Request) -> None:
        if not self.is_current(request):
            return
        try:
            key, db = self._take_connection(request.path)
        except sqlite3.Error as error:
            self.failed.emit(request, str(error))
            return
        with self._lock:
            self._running[threading.get_ident()] = (request, db.conn)
        trusted = False
        try:
            result = load(request, db)
            trusted = True
        except sqlite3.OperationalError as error:
            if self.is_current(request):
                self.failed.emit(request, str(error))
            return
        except BilateralError as error:
            self.failed.emit(request, str(error))
            return
        except Exception as error:  # noqa: BLE001 - a worker must report, never die silently
            self.failed.emit(request, f"{type(error).__name__}: {error}")
            return
        finally:
            with self._lock:
                self._running.pop(threading.get_ident(), None)
            # An interrupted or failed connection is closed rather than trusted again.
            self._give_back(key, db, trusted)
        if self.is_current(request):
            self.loaded.emit(request, result)


def _file_key(path: Path) -> tuple | None:
    """What tells a file from one put in its place: its path, device and inode."""
    try:
        stat = path.stat()
    except OSError:
        return None  # connect() says what is wrong with the path
    return (path, stat.st_dev, stat.st_ino)


class _Task(QRunnable):
    def __init__(self, loader: Loader, request: Request) -> None:
        super().__init__()
        self._loader = loader
        self._request = request

    def run(self) -> None:
        try:
            self._loader._run(self._request)
        except RuntimeError as error:
            # The panel (and its loader) was closed while this query ran: nobody is
            # left to receive the result, so dropping it is right.
            if "deleted" not in str(error):
                raise
