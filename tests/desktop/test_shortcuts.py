"""The standard shortcuts people expect are there on every platform."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from bilateral.desktop.shell.actions import ActionId


@pytest.mark.parametrize(
    ("action", "keys"),
    [
        (ActionId.ADD_RECORD, "Ctrl+N"),
        (ActionId.UNDO, "Ctrl+Z"),
        (ActionId.REDO, "Ctrl+Shift+Z"),
        (ActionId.QUIT, "Ctrl+Q"),
        (ActionId.FIND, "Ctrl+F"),
    ],
)
def test_action_answers_its_usual_shortcut(window, action, keys):
    assert QKeySequence(keys) in window.action_map[action].shortcuts()
