"""The window's remembered state, declared once with type and default and kept in QSettings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


@dataclass(frozen=True)
class Setting:
    """One remembered value: its key, its type and its default."""

    key: str
    type: type
    default: Any


GEOMETRY = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
SPLITTER = Setting("window/splitter", QByteArray, QByteArray())
CENTRE_SPLITTER = Setting("window/centre_splitter", QByteArray, QByteArray())
COLUMNS = Setting("table/header", QByteArray, QByteArray())
LAST_DATABASE = Setting("databases/last", str, "")
RECENT_DATABASES = Setting("databases/recent", list, [])
LAST_FOLDER = Setting("files/last_folder", str, "")
# Off unless asked for: the table then holds every record the filter matches, as the
# counts and exports do, and a part just saved or imported never seems to vanish.
FOLD_PARTS = Setting("view/fold_parts", bool, False)


class Settings:
    """Typed access to the settings above; every read and write goes through here."""

    def __init__(self, store: QSettings | None = None):
        self.store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Bilateral", "Bilateral"
        )

    def get(self, setting: Setting) -> Any:
        """The stored value, or the default when it is missing or of the wrong type."""
        value = self.store.value(setting.key, setting.default)
        if setting.type is list:
            # An INI file gives back a single string for a one-item list, None for none.
            value = [value] if isinstance(value, str) else list(value or [])
            return [str(v) for v in value]
        if setting.type is bool and isinstance(value, str):
            # An INI file gives back 'true' or 'false'.
            return {"true": True, "false": False}.get(value.lower(), setting.default)
        if not isinstance(value, setting.type):
            return setting.default
        return value

    def set(self, setting: Setting, value: Any) -> None:
        """Store a value."""
        self.store.setValue(setting.key, value)

    def recent_databases(self) -> list[Path]:
        """Recently opened databases that still exist, newest first."""
        return [Path(p) for p in self.get(RECENT_DATABASES) if Path(p).exists()]

    def remember_database(self, path: Path) -> None:
        """Make ``path`` the last database and the first of the recent ones."""
        text = str(Path(path).absolute())
        recent = [p for p in self.get(RECENT_DATABASES) if p != text]
        self.set(RECENT_DATABASES, [text, *recent][:MAX_RECENT])
        self.set(LAST_DATABASE, text)
        self.store.sync()
