"""Whether a database file is as Bilateral left it after its last good quick check."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from platformdirs import user_cache_path

# Damage that never goes through the file system (a failing disk, bit rot) changes
# no time stamp, so the check still runs when the last good one is older than this.
MAX_AGE = 24 * 3600.0
MAX_ENTRIES = 64  # markers of other files are dropped, oldest check first
MARKERS = "quick-checks.json"

# Why the marker lives outside the database: it records the file's size and time
# stamps, and writing it into the file would change them. Why not SQLite's own
# counters (the header's change counter, PRAGMA data_version): another program
# that flips or cuts bytes never updates them, while every write through the file
# system changes the modification and status-change times. The status-change time
# (ctime) cannot be set back by a program, so even a tool that restores the
# modification time after writing is caught.
#
# Residual risk, bounded by MAX_AGE and by `bilateral check`, which always checks:
# a change by another program that keeps the file's size and lands within the file
# system's time-stamp granularity of Bilateral's last close (a few milliseconds on
# ext4, APFS or NTFS; two seconds on FAT), damage while a Bilateral command holds the
# file open, and damage below the file system.


def _stat(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def fingerprint(path: str | os.PathLike) -> list | None:
    """What the file system says about the file and its write-ahead log (None: no file)."""
    path = Path(path)
    seen = _stat(path)
    if seen is None:
        return None
    return [seen, _stat(path.with_name(path.name + "-wal"))]


def _store() -> Path:
    return user_cache_path("Bilateral", appauthor=False) / MARKERS


def _key(path: str | os.PathLike) -> str:
    # Text with surrogate escapes, so a name that is not UTF-8 still has one key.
    return os.fsdecode(os.path.realpath(path))


def _load() -> dict:
    try:
        markers = json.loads(_store().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return markers if isinstance(markers, dict) else {}


def last_good_check(path: str | os.PathLike, now: float | None = None) -> float | None:
    """When the file was last found sound, if it has not changed since; else None.

    Call it before SQLite opens the file: opening creates the write-ahead log.
    """
    marker = _load().get(_key(path))
    now = time.time() if now is None else now
    if not isinstance(marker, dict) or marker.get("seen") != fingerprint(path):
        return None
    checked = marker.get("checked")
    if not isinstance(checked, (int, float)) or not 0 <= now - checked < MAX_AGE:
        return None
    return float(checked)


def record(path: str | os.PathLike, checked: float) -> None:
    """Note the file as it is now, last found sound at ``checked`` (a time.time() value).

    Call it only after Bilateral's own connection to the file is closed, and only
    when the file was sound (checked, or unchanged since a check) when it was opened.
    A marker that cannot be written costs the next open a check, nothing more.
    """
    seen = fingerprint(path)
    if seen is None:
        return
    markers = _load()
    markers[_key(path)] = {"seen": seen, "checked": checked}
    if len(markers) > MAX_ENTRIES:
        newest = sorted(markers.items(), key=lambda item: _checked(item[1]), reverse=True)
        markers = dict(newest[:MAX_ENTRIES])
    store = _store()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=store.parent, prefix=".quick-checks-")
    except OSError:
        return
    try:
        # Written whole and renamed, so a second process never reads half a file.
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(markers, stream)
        os.replace(partial, store)
    except OSError:
        Path(partial).unlink(missing_ok=True)


def _checked(marker: object) -> float:
    value = marker.get("checked") if isinstance(marker, dict) else None
    return float(value) if isinstance(value, (int, float)) else 0.0
