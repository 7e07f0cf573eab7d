"""Shared fixtures: offscreen Qt, and a fresh database per test, seeded where asked."""

from __future__ import annotations

import os

# Set before anything imports Qt, so tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import gc  # noqa: E402

import pytest  # noqa: E402

from bilateral.db.seed import seed  # noqa: E402
from bilateral.db.store import open_database  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread():
    """As the app does (desktop.collector): no collection in worker threads, where it
    could delete Qt objects of the main thread and crash the interpreter."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    """Keep every test away from the real default database and settings."""
    monkeypatch.setenv("BILATERAL_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def db_path(tmp_path):
    """Path of a fresh, empty (migrated) database file."""
    path = tmp_path / "test.db"
    open_database(path).close()
    return path


@pytest.fixture
def empty_db(db_path):
    """A fresh, empty database."""
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def seeded_path(db_path):
    """Path of a fresh database holding the seed records."""
    db = open_database(db_path)
    seed(db)
    db.close()
    return db_path


@pytest.fixture
def seeded_db(seeded_path):
    """A fresh database holding the seed records."""
    db = open_database(seeded_path)
    yield db
    db.close()


@pytest.fixture
def answer(qapp):
    """Click the button named ``text`` on the question the window shows without blocking
    (Delete, Restore…); fails when no question or no such button is shown."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click(text: str) -> str:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        asking = [
            (box, button)
            for box in boxes
            if box.isVisible()
            for button in box.buttons()
            if button.text() == text
        ]
        assert len(asking) == 1, f"{len(asking)} questions offer {text!r}"
        box, button = asking[0]
        question = box.text()
        button.click()
        return question

    return click


@pytest.fixture
def palettes(qapp):
    """The light palette the tests start in and a dark one: {'light': …, 'dark': …}."""
    from palettes import dark_palette
    from PySide6.QtGui import QGuiApplication, QPalette

    light = QPalette(QGuiApplication.palette())
    return {"light": light, "dark": dark_palette(light)}


@pytest.fixture
def switch_palette(palettes):
    """switch_palette('dark') sets the application's palette; the test's end puts it back."""
    from PySide6.QtWidgets import QApplication

    def switch(name: str) -> None:
        QApplication.setPalette(palettes[name])
        QApplication.processEvents()  # widgets hear of a new palette through posted events

    yield switch
    QApplication.setPalette(palettes["light"])


@pytest.fixture
def dark(switch_palette):
    """The application in the dark palette for one test."""
    switch_palette("dark")
