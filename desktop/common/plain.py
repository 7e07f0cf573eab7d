"""Showing user text safely: escaping for the few places that render HTML, and plain message boxes."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def escape(text: object) -> str:
    """HTML-escape any value, quotes included, for a widget that renders HTML."""
    return html.escape(str(text), quote=True)


def no_mnemonic(text: str) -> str:
    """Text for a button, menu entry or action: '&' shown as typed, not as a shortcut marker."""
    return text.replace("&", "&&")


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt guesses whether a tooltip is rich text, so plain text that looks like
    HTML would be rendered; escaping inside an explicit paragraph shows it as typed.
    """
    return f"<p>{escape(text)}</p>" if text else ""


def message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    details: str = "",
) -> QMessageBox:
    """A message box that shows ``text`` as plain text, never as rich text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    return box


def show_message(parent: QWidget | None, title: str, text: str, **kwargs) -> None:
    """Show a plain-text message box and wait until it is closed."""
    message(parent, title, text, **kwargs).exec()


def notify(parent: QWidget, title: str, text: str, **kwargs) -> QMessageBox:
    """Show a plain-text message box without blocking; it deletes itself when closed."""
    box = message(parent, title, text, **kwargs)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def ask(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """Ask a plain-text question whose answer button says ``yes``; True when it was chosen."""
    box = message(parent, title, text, icon=QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    agree = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is agree


def ask_then(
    parent: QWidget, title: str, text: str, yes: str, agreed: Callable[[], None]
) -> QMessageBox:
    """Ask without blocking, Cancel being the default; call ``agreed`` if ``yes`` is chosen."""
    box = message(parent, title, text, icon=QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    agree = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: agreed() if button is agree else None)
    box.open()
    return box
