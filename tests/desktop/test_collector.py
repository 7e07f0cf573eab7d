"""Garbage is collected on the main thread only, never by chance in a worker."""

from __future__ import annotations

import gc

from bilateral.desktop.shell.app import application


def test_the_application_turns_automatic_collection_off(qapp):
    application()
    assert not gc.isenabled()


def test_the_timer_collects_once_garbage_passes_the_threshold(qapp):
    collector = application().collector
    for _ in range(gc.get_threshold()[0] + 10):
        cycle = []
        cycle.append(cycle)
    collector.collect()
    assert gc.get_count()[0] < gc.get_threshold()[0]
