"""Trips whose folded parts the table shows below them, one trip at a time."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from bilateral.db import folding
from bilateral.db.query import Filter
from bilateral.desktop.records.records_model import RecordsModel

# A part's trip is looked for this many levels up: a statement within a meeting within a trip.
MAX_DEPTH = 8


class Unfolding:
    """Feeds the table's model a result, with the parts of each unfolded trip below it.

    A trip is unfolded by the user (Show parts), or when a part folded under it is
    asked for: clicked in the detail pane, or just saved.
    """

    def __init__(
        self, model: RecordsModel, db: Callable[[], Database], where: Callable[[], Filter]
    ):
        self.model = model
        self._db, self._where = db, where
        self.trips: set[int] = set()
        self.result: list[int] = []

    def clear(self) -> None:
        """Fold every trip again (another database)."""
        self.trips.clear()

    def show(self, ids: list[int]) -> list[int]:
        """Show the result ``ids`` with the unfolded trips' parts; return the rows' ids."""
        self.result = list(ids)
        return self.reshow()

    def reshow(self) -> list[int]:
        """Show the last result again, after a trip was folded or unfolded."""
        where = self._where()
        if not where.fold_parts:
            self.model.set_ids(self.result)
            return self.result
        rows: list[int] = []
        parts: set[int] = set()

        def add(record_id: int, depth: int) -> None:
            rows.append(record_id)
            if record_id in self.trips and depth < MAX_DEPTH:
                for part in folding.folded_parts(self._db(), record_id, where):
                    if part not in parts:
                        parts.add(part)
                        add(part, depth + 1)

        for record_id in self.result:
            add(record_id, 0)
        self.model.set_ids(rows, where, parts, self.trips)
        return rows

    def toggle(self, record_id: int) -> bool:
        """Show the parts folded under ``record_id``, or fold them again; False when it
        holds none."""
        if record_id in self.trips:
            self.trips.discard(record_id)
        elif self.model.parts_folded(self.model.row_of(record_id)):
            self.trips.add(record_id)
        else:
            return False
        self.reshow()
        return True

    def reveal(self, record_id: int) -> bool:
        """Unfold the trips ``record_id`` is folded under, so that it has a row; False
        when no shown trip holds it (the filter leaves it out)."""
        if not self._where().fold_parts:
            return False
        db, chain, level = self._db(), {}, [record_id]
        for _ in range(MAX_DEPTH):
            above = {}
            for part in level:
                for trip in folding.trips_of(db, part):
                    if trip not in chain and trip != record_id:
                        chain[trip] = part
                        above[trip] = part
            shown = next((trip for trip in above if self.model.row_of(trip) >= 0), None)
            if shown is not None:
                # Unfold the shown trip and every trip between it and the record.
                trip = shown
                while trip != record_id:
                    self.trips.add(trip)
                    trip = chain[trip]
                self.reshow()
                return self.model.row_of(record_id) >= 0
            level = list(above)
            if not level:
                return False
        return False
