"""Collects the reliability figures of the safety suite and prints them after the run."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bilateral.db.store import open_database

FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


@pytest.fixture
def figures():
    """Counters the safety tests add to: FIGURES[section][name] += n."""
    return FIGURES


@pytest.fixture
def other(seeded_path):
    """A second connection to the same file, as an import or a second window holds."""
    db = open_database(seeded_path)
    yield db
    db.close()


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("Reliability figures")
    for section, counts in sorted(FIGURES.items()):
        line = ", ".join(f"{name}: {value}" for name, value in counts.items())
        terminalreporter.write_line(f"{section}: {line}")
