"""Timeline queries off the UI thread: each request runs on its own connection, newer ones win."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bilateral.db import memberships, parties, records, timeline, timeline_links
from bilateral.db.connection import connect
from bilateral.db.errors import BilateralError
from bilateral.db.parties import PartyTable
from bilateral.db.query import Filter
from bilateral.desktop.timeline.events import Shape, shape
from bilateral.desktop.timeline.money import Flow
from bilateral.desktop.timeline.money import prepare as prepare_money

FINE_PERIODS = ("month", "day")


@dataclass(frozen=True)
class Request:
    """What to load: 'overview' (extent, kinds, money), 'view' (one x-range) or 'record' (one id)."""

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
    money: list[Flow]
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
    if request.where.parties is None and (request.pairs or request.part == "overview"):
        # Compared pairs may name organisations ('CUB-BRICS'), and the overview names
        # the parties: both need the database's parties (a filter from the window has them).
        where = dataclasses.replace(request.where, parties=parties.table(db))
        request = dataclasses.replace(request, where=where)
    if request.part == "overview":
        return Overview(
            extent=timeline.extent(db, request.where, request.pairs),
            kinds=timeline.kind_counts(db, request.where, request.pairs),
            colors={k.name: k.color for k in records.list_kinds(db)},
            money=prepare_money(timeline.money_steps(db, request.where, request.pairs)),
            chains=timeline_links.chains(db, request.where, request.pairs),
            memberships=memberships.bands(db, request.where, request.pairs),
            parties=request.where.parties,
        )
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
    """Runs requests one at a time on a private pool; only the newest of each part is delivered."""

    loaded = Signal(object, object)  # request, result
    failed = Signal(object, str)  # request, message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._serial = 0
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._running: tuple[Request, sqlite3.Connection] | None = None

    def submit(self, request: Request) -> Request:
        """Queue ``request``; an older request of the same part is dropped or interrupted."""
        self._serial += 1
        request = Request(**{**request.__dict__, "serial": self._serial})
        self._latest[request.part] = request.serial
        with self._lock:
            if self._running and self._running[0].part == request.part:
                # A stale query would only delay the one the user is waiting for.
                self._running[1].interrupt()
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
        return self._pool.waitForDone(msecs)

    def _run(self, request: Request) -> None:
        if not self.is_current(request):
            return
        try:
            # Read-only: the timeline never writes, and never creates a missing file.
            db = connect(request.path, readonly=True)
        except sqlite3.Error as error:
            self.failed.emit(request, str(error))
            return
        with self._lock:
            self._running = (request, db.conn)
        try:
            result = load(request, db)
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
                self._running = None
            db.close()
        if self.is_current(request):
            self.loaded.emit(request, result)


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
