"""The timeline panel: activity, events and money of the current filter on one date axis."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from bilateral.db import dates
from bilateral.db.query import Filter, FilterError, parse_pair
from bilateral.db.timeline import EVENT_LIMIT
from bilateral.desktop.common.labels import flow_label, pair_label
from bilateral.desktop.timeline import legend, periods
from bilateral.desktop.timeline.events import shape
from bilateral.desktop.timeline.export import export_headed, file_name
from bilateral.desktop.timeline.keys import PlotKeys, Zooming, describe_view
from bilateral.desktop.timeline.loader import Loader, Overview, Request, View
from bilateral.desktop.timeline.money import Flow
from bilateral.desktop.timeline.plots import TimelinePlots
from bilateral.desktop.timeline.titles import TitleReader
from bilateral.desktop.timeline.toolbar import Toolbar, message_label

# Waiting this long after the last pan or zoom step before querying keeps drags smooth.
RANGE_DELAY_MS = 120
PADDING = 0.06
NO_RECORDS = "No records match the filter."
NO_RECORDS_YET = "No records yet: the timeline draws them as they are added or imported."
TITLE_CHAR_PIXELS = 8  # the average width of a 9pt character, for wrapping titles


class TimelinePanel(QWidget):
    """Three linked plots of the records that match the filter; queries run off the UI thread."""

    recordActivated = Signal(int)  # a marker was clicked
    drawn = Signal()  # the plots show the newest data and nothing is loading
    kindColorsChanged = Signal(dict)  # kind name -> '#rrggbb', as in the kinds table

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = Path(db_path)
        self._where = Filter()
        self._pairs: tuple[str, ...] = ()
        self._period: str | None = None
        self._money_per_period = False
        self._view_period = "year"  # the bars' period last drawn
        self._overview: Overview | None = None
        # The money flows of the newest filter: loaded beside its overview, drawn with it.
        self._money: list[Flow] | None = None
        self._overview_fresh = False  # whether the overview drawn is of the newest filter
        # The titles of hovered money steps, which load without them.
        self._titles = TitleReader(self._path)
        self._waiting: set[str] = set()
        self._fit = False
        #: At most this many records are drawn in the events view; the rest get a note.
        self.event_limit = EVENT_LIMIT
        self._build()
        self.plots.money.title_of = self._titles.title_of
        self._loader = Loader(self)
        self._loader.loaded.connect(self._on_loaded)
        self._loader.failed.connect(self._on_failed)
        self._range_timer = QTimer(self, singleShot=True, interval=RANGE_DELAY_MS)
        self._range_timer.timeout.connect(self._load_view)
        self.plots.rangeChanged.connect(lambda *_: self._range_timer.start())
        self._reload(fit=True)

    def _build(self) -> None:
        self.plots = TimelinePlots(self)
        self.plots.recordClicked.connect(self._on_record_clicked)
        self.zooming = Zooming(self.plots.x_range, self.plots.set_x_range)
        self.keys = PlotKeys(self.plots.widget, self.zooming, self.show_all)
        self.toolbar = Toolbar(self)
        self.toolbar.periodChosen.connect(self.set_period)
        self.toolbar.comparisonChosen.connect(self._on_comparison_typed)
        self.toolbar.ownScaleChosen.connect(self.set_own_scale)
        self.toolbar.moneyLogChosen.connect(self.set_money_log)
        self.toolbar.moneyPerPeriodChosen.connect(self.set_money_per_period)
        self.toolbar.fitRequested.connect(self.show_all)
        self.toolbar.suggest_name = self.suggested_file_name
        self.toolbar.exportRequested.connect(self._on_export_chosen)
        self.message = message_label(self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.plots.widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self._stack, 1)

    # The interface the window uses.

    def set_database(self, db_path: Path) -> None:
        """Show the records of another database."""
        self._path = Path(db_path)
        self._titles.reset(self._path)
        self._reload(fit=True)

    def set_filter(self, where: Filter) -> None:
        """Show the records that match ``where``, fitted to their dates."""
        self._where = where
        self._reload(fit=True)

    def highlight_record(self, record_id: int | None) -> None:
        """Highlight the marker of ``record_id`` and bring it into view (None clears)."""
        self.plots.events.highlight(record_id)
        if record_id is not None:
            self._submit(Request("record", self._path, self._where, record_id=record_id))

    def refresh(self) -> None:
        """Redraw from the database after its data changed, keeping the visible range."""
        self._reload(fit=False)

    def export_image(self, path: Path) -> None:
        """Save the plots as PNG or SVG, chosen by the file suffix (ValueError for others)."""
        self.plots.hide_tips()
        export_headed(
            self.plots.widget.ci,
            self.plots.activity.plot.titleLabel,
            self.export_title(),
            Path(path),
        )

    def export_title(self) -> str:
        """'China – Cuba, 2019-05-02 to 2023-11-12': the pairs shown and the dates in view."""
        first, last = self._shown_dates()
        return f"{' / '.join(self._shown_pairs()) or 'All records'}, {first} to {last}"

    # More for the window and the tests.

    def set_period(self, period: str | None) -> None:
        """Bars per 'year', 'quarter', 'month' or 'day'; None adapts to the zoom."""
        self._period = period
        self.toolbar.show_period(period)
        self._load_view()

    def set_comparison(self, pairs: Sequence[str]) -> None:
        """Draw the activity of two or more pairs one above the other; fewer pairs ends it.

        :raises FilterError: when a pair is not two countries or parties.
        """
        table = self._where.parties or (self._overview.parties if self._overview else None)
        canonical = tuple(dict.fromkeys(parse_pair(p, table) for p in pairs))
        self._pairs = canonical if len(canonical) > 1 else ()
        self._reload(fit=True)

    def set_own_scale(self, own: bool) -> None:
        """Scale each compared pair's lane to its own tallest bar (True) or all to one (False)."""
        self.plots.activity.own_scale = own
        if self.toolbar.own_scale.isChecked() != own:
            self.toolbar.own_scale.setChecked(own)  # emits again, which changes nothing
        self._load_view()

    def set_money_log(self, log: bool) -> None:
        """Draw the money counted on a log scale (True) or a linear one (False)."""
        self.plots.money.log_scale = log
        if self.toolbar.money_log.isChecked() != log:
            self.toolbar.money_log.setChecked(log)  # emits again, which changes nothing
        self._show_money()

    def set_money_per_period(self, on: bool) -> None:
        """Draw the money counted per bar period (True) or as running totals (False)."""
        self._money_per_period = on
        if self.toolbar.money_per_period.isChecked() != on:
            self.toolbar.money_per_period.setChecked(on)  # emits again, which changes nothing
        self._show_money()

    def suggested_file_name(self) -> str:
        """'china-cuba-2019-2023.png': the pairs shown and the years in view."""
        return file_name(self._shown_pairs(), *self._shown_dates())

    def _shown_pairs(self) -> list[str]:
        pairs = self._pairs or ((self._where.pair,) if self._where.pair else ())
        table = self._overview.parties if self._overview else None
        return [pair_label(p, table) for p in pairs]

    def _shown_dates(self) -> tuple[datetime.date, datetime.date]:
        first, last = (periods.to_date(x) for x in self.plots.x_range())
        if self._overview and self._overview.extent.records:
            # The padding around the records is no part of the range named.
            extent = self._overview.extent
            end = dates.last_day(extent.last)
            first = max(first, dates.first_day(extent.first))
            last = min(last, max(end, periods.today()) if extent.open_ended else end)
        return first, last

    def comparison(self) -> tuple[str, ...]:
        """The pairs compared, or () when not comparing."""
        return self._pairs

    def show_all(self) -> None:
        """Fit the time axis to every matching record."""
        if self._overview and self._overview.extent.records:
            self.plots.set_x_range(*self._fitted_range(self._overview))

    def is_empty(self) -> bool:
        """Whether no record matches (the panel then says so instead of drawing axes)."""
        return self._stack.currentWidget() is self.message

    def is_loading(self) -> bool:
        """Whether a query is still running or its result not yet drawn."""
        return bool(self._waiting)

    def kind_colors(self) -> dict[str, str]:
        """Every kind's colour from the kinds table ('#rrggbb'), once the first load is done."""
        return dict(self._overview.colors) if self._overview else {}

    # Loading.

    def _submit(self, request: Request) -> None:
        self._waiting.add(request.part)
        self._loader.submit(request)

    def _reload(self, fit: bool) -> None:
        # A refresh right after a filter change must not cancel the fit it asked for.
        self._fit = self._fit or fit
        if fit:
            # Painted once, when the view of the new selection is in: the plots half
            # redrawn after the overview cost as much again (a paint is about 30 ms).
            self._stack.setUpdatesEnabled(False)
        self._money, self._overview_fresh = None, False
        self._titles.forget()  # an edit may have changed them
        self._submit(Request("overview", self._path, self._where, self._pairs))
        # The money needs no range, so it loads beside the overview and the view.
        self._submit(Request("money", self._path, self._where, self._pairs))

    def _load_view(self) -> None:
        self._range_timer.stop()
        x0, x1 = self.plots.x_range()
        period = self._period or periods.choose_period(x0, x1)
        span = periods.span_dates(x0, x1)
        request = Request("view", self._path, self._where, self._pairs, period, span)
        self._submit(dataclasses.replace(request, event_limit=self.event_limit))

    def _on_loaded(self, request: Request, result) -> None:
        if not self._loader.is_current(request):
            return
        self._waiting.discard(request.part)
        if request.part == "overview":
            self._show_overview(result)
        elif request.part == "money":
            self._money = result
            self._show_money()
        elif request.part == "record":
            self._bring_into_view(request.record_id, result)
        else:
            self._show_view(result)
        if not self._waiting:
            self._stack.setUpdatesEnabled(True)
            self.drawn.emit()

    def _on_failed(self, request: Request, message: str) -> None:
        if not self._loader.is_current(request):
            return
        self._waiting.discard(request.part)
        if request.part == "overview":
            self.message.setText(f"The timeline cannot be drawn: {message}")
            self._stack.setCurrentWidget(self.message)
        if not self._waiting:
            self._stack.setUpdatesEnabled(True)
            self.drawn.emit()

    def _show_overview(self, overview: Overview) -> None:
        colors_changed = not self._overview or self._overview.colors != overview.colors
        self._overview = overview
        self._overview_fresh = True
        if colors_changed:
            self.kindColorsChanged.emit(dict(overview.colors))
        if not overview.extent.records:
            # A filter that asks for nothing finds nothing only in an empty database.
            unfiltered = self._where.where()[0] == Filter().where()[0] and not self._pairs
            self.message.setText(NO_RECORDS_YET if unfiltered else NO_RECORDS)
            self._stack.setCurrentWidget(self.message)
            return
        self._stack.setCurrentWidget(self.plots.widget)
        self.plots.activity.pair_name = lambda pair: pair_label(pair, overview.parties)
        self.plots.money.flow_name = lambda flow: flow_label(flow, overview.parties)
        self.plots.party_table = overview.parties
        self.plots.activity.show_memberships(overview.memberships)
        self.plots.events.set_lanes([kind for kind, _ in overview.kinds])
        self.plots.fit_rows(len(overview.kinds))
        lanes = {kind: self.plots.events.lane(kind) for kind, _ in overview.kinds}
        self.plots.chains.show(overview.chains, lanes)
        self._show_money()
        if self._fit:
            self._fit = False
            self.plots.set_x_range(*self._fitted_range(overview))
        self._load_view()

    def _show_money(self) -> None:
        """Draw the money flows, once both they and the overview of the filter are in."""
        overview, flows = self._overview, self._money
        if not (
            self._overview_fresh and overview and overview.extent.records and flows is not None
        ):
            return
        until = max(periods.timestamp(periods.today()), self._fitted_range(overview)[1])
        money = self.plots.money
        money.show(flows, until, self._view_period if self._money_per_period else None)
        money.plot.setTitle(money.title(self._title_width()))

    def _fitted_range(self, overview: Overview) -> tuple[float, float]:
        """From the first dated record to the last, or to today while a record is in force."""
        x0 = periods.timestamp(dates.first_day(overview.extent.first))
        x1 = periods.timestamp(dates.last_day(overview.extent.last)) + periods.DAY
        if overview.extent.open_ended:
            # A record in force lasts until today, so the fitted range does too.
            x1 = max(x1, periods.timestamp(periods.today()) + periods.DAY)
        pad = max((x1 - x0) * PADDING, 5 * periods.DAY)
        return x0 - pad, x1 + pad

    def _show_view(self, view: View) -> None:
        if self._overview is None or not self._overview.extent.records:
            return
        kinds = [kind for kind, _ in self._overview.kinds]
        colors = self._overview.colors
        self.plots.activity.show(view.activity, view.period, kinds, colors, self._pairs)
        if view.period != self._view_period:
            self._view_period = view.period
            if self._money_per_period:
                self._show_money()
        self.plots.activity.fit_height(*self.plots.x_range())
        per = f"Records per {view.period}"
        if self._pairs:
            per += f", {' / '.join(self.plots.activity.pair_name(p) for p in self._pairs)}"
        width = self._title_width()
        self.plots.activity.plot.setTitle(
            legend.kinds_title(per, self._overview.kinds, colors, width)
        )
        self.plots.events.show(view.events, view.shapes, colors)
        self.plots.connectors.show(view.links, self.plots.events.positions())
        self.plots.chains.show_labels(*self.plots.x_range())
        note = ""
        if view.events_total > len(view.events):
            note = f"{len(view.events):,} of {view.events_total:,} shown; zoom in for the rest"
        self.plots.events.plot.setTitle(legend.events_title("Events by kind", note, width))
        first, last = self._shown_dates()
        years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
        shown = " / ".join(self._shown_pairs()) or "All records"
        self.plots.widget.setAccessibleDescription(describe_view(shown, years, view, kinds))

    def _title_width(self) -> int:
        """How many characters of title text fit the plots' width."""
        return max(60, self.plots.widget.width() // TITLE_CHAR_PIXELS)

    def _bring_into_view(self, record_id: int, row) -> None:
        if row is None or self.plots.events.highlighted != record_id:
            return
        x0, x1 = self.plots.x_range()
        s = shape(row)
        if s.x0 >= x1 or s.x1 <= x0:
            middle, half = (s.x0 + min(s.x1, s.x0 + (x1 - x0))) / 2, (x1 - x0) / 2
            self.plots.set_x_range(middle - half, middle + half)
            self._load_view()

    # User actions inside the panel.

    def _on_record_clicked(self, record_id: int) -> None:
        self.plots.events.highlight(record_id)
        self.recordActivated.emit(record_id)

    def _on_comparison_typed(self, pairs: list[str]) -> None:
        try:
            # The filter's pair is the first lane; one party's view ('CUB') is no lane.
            own = [self._where.pair] if "-" in self._where.pair else []
            self.set_comparison(own + pairs)
        except FilterError as error:
            self.toolbar.show_problem(str(error))
        else:
            self.toolbar.show_problem("")

    def _on_export_chosen(self, path: str) -> None:
        try:
            self.export_image(Path(path))
        except (OSError, ValueError) as error:
            self.toolbar.show_problem(str(error))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        # A switch to a dark (or light) theme while the window is open: redraw in its colours.
        if event.type() == QEvent.Type.PaletteChange:
            self.plots.apply_theme()
            if self._overview is not None:
                self._show_overview(self._overview)
        super().changeEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.plots.hide_tips()
        super().leaveEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self._loader.wait()
        self._titles.close()
        super().closeEvent(event)
