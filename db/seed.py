"""The seed records shipped with the app, and the default database that holds them."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from sqlite_utils import Database

from bilateral.db.csvfile import ImportReport, import_records
from bilateral.db.store import open_database

SEED_FILE = "china-cuba-2023.csv"


def seed_path() -> Path:
    """The seed CSV inside the installed package."""
    return Path(str(resources.files("bilateral.seeds").joinpath(SEED_FILE)))


def seed(db: Database) -> ImportReport:
    """Add the seed records; records already present (same uid) are left alone."""
    return import_records(db, seed_path(), on_duplicate="skip", origin="seed")


def default_database_path() -> Path:
    """BILATERAL_DB if set, else bilateral.db in the platform's user data folder."""
    override = os.environ.get("BILATERAL_DB")
    if override:
        return Path(override)
    return user_data_path("Bilateral", appauthor=False) / "bilateral.db"


def open_default(*, check: bool | Literal["always"] = True) -> Database:
    """Open the default database, creating it with the seed records on first use.

    :param check: run SQLite's quick check on opening when needed (see ``open_database``).
    """
    path = default_database_path()
    first_use = not path.exists()
    if first_use:
        path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path, check=check)
    if first_use:
        seed(db)
    return db
