"""A tool button whose menu is a checklist, for picking several kinds or statuses."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QIcon, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from bilateral.desktop.common.plain import no_mnemonic, tooltip


class _StayOpenMenu(QMenu):
    """A menu that stays open while its checkable entries are toggled."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class ChecklistButton(QToolButton):
    """Pick any number of values; none picked means all. Emits ``changed`` on every toggle."""

    changed = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.noun = noun
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = _StayOpenMenu(self)
        self.setMenu(self._menu)
        self._actions: dict[str, QAction] = {}
        self._update_text()

    def set_items(self, items: Iterable[tuple[str, QIcon | None]]) -> None:
        """Offer these values (each with an optional icon), keeping the ones still offered."""
        kept = set(self.checked())
        self._menu.clear()
        self._actions = {}
        for value, icon in items:
            action = self._menu.addAction(no_mnemonic(value))
            if icon is not None:
                action.setIcon(icon)
            action.setCheckable(True)
            action.setChecked(value in kept)
            action.toggled.connect(self._on_toggled)
            self._actions[value] = action
        self._menu.addSeparator()
        self._menu.addAction(f"All {self.noun}", self.clear)
        self._update_text()

    def checked(self) -> list[str]:
        """The values picked, in menu order."""
        return [value for value, action in self._actions.items() if action.isChecked()]

    def set_checked(self, values: Iterable[str]) -> None:
        """Pick exactly ``values``; emits ``changed`` once."""
        wanted = set(values)
        for value, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(value in wanted)
            action.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def clear(self) -> None:
        """Pick nothing, which means all."""
        self.set_checked([])

    def _on_toggled(self, _checked: bool) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        picked = self.checked()
        if not picked:
            self.setText(f"All {self.noun}")
        elif len(picked) <= 2:
            self.setText(no_mnemonic(", ".join(picked)))
        else:
            self.setText(f"{len(picked)} {self.noun}")
        self.setToolTip(tooltip(", ".join(picked) or f"Showing all {self.noun}"))
