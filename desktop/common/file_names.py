"""The names the save dialogs suggest ('china-cuba-summary-by-year-2026-12-03.csv') and the folder they open in."""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

from bilateral.db.parties import PartyTable
from bilateral.desktop.common import settings as keys
from bilateral.desktop.common.labels import pair_label, side_label
from bilateral.desktop.common.settings import Settings


def slug(text: str) -> str:
    """'Côte d'Ivoire – France' → 'cote-d-ivoire-france': lower case without accents, each run
    of other characters one hyphen, so that the name is safe on every file system."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def view_name(pair: str, party_table: PartyTable | None = None) -> str:
    """What a filter's pair is called in a file name: 'china-cuba', 'cuba' or 'all-pairs'."""
    if not pair:
        return "all-pairs"
    label = pair_label(pair, party_table) if "-" in pair else side_label(pair, party_table)
    return slug(label) or slug(pair)


def suggested_name(
    pair: str,
    what: str,
    suffix: str,
    party_table: PartyTable | None = None,
    today: datetime.date | None = None,
) -> str:
    """'china-cuba-summary-by-year-2026-12-03.csv': the view, what is saved and today's date,
    so that exports made on different days or of different pairs never take each other's name."""
    day = (today or datetime.date.today()).isoformat()
    return f"{view_name(pair, party_table)}-{slug(what)}-{day}{suffix}"


def last_folder(settings: Settings) -> Path:
    """The folder a file was last opened from or saved to (the home folder at first)."""
    folder = settings.get(keys.LAST_FOLDER)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def start_path(settings: Settings, name: str = "") -> str:
    """Where a file dialog starts: the last folder, with ``name`` suggested in it."""
    folder = last_folder(settings)
    return str(folder / name) if name else str(folder)


def remember_folder(settings: Settings, path: Path) -> None:
    """Start the next file dialog in ``path``'s folder."""
    settings.set(keys.LAST_FOLDER, str(Path(path).parent))
