"""Names for screen readers, labels attached to their fields, and tables Tab can leave."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QLabel, QWidget


def mnemonic(text: str) -> str:
    """The letter after a single '&' in ``text``, in lower case ('' when there is none)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1  # '&&' is a literal ampersand
        i += 1
    return ""


def plain(text: str) -> str:
    """``text`` as read aloud: no mnemonic marker, no trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def name(widget: QWidget, text: str, description: str = "") -> QWidget:
    """Give ``widget`` the accessible name ``text`` (and a description); return it."""
    widget.setAccessibleName(plain(text))
    if description:
        widget.setAccessibleDescription(description)
    return widget


def attach(label: QLabel, widget: QWidget) -> QLabel:
    """Make ``label`` the label of ``widget``: its mnemonic moves the focus there, and
    its text is the widget's accessible name (also for a combo box, which would
    otherwise announce its value, and a field inside a box the label is not beside)."""
    label.setBuddy(widget)
    # A check box's own text ('The terms are public') says more than the label alone:
    # it is read after the label, as the description.
    own = widget.text() if isinstance(widget, QCheckBox) else ""
    name(widget, label.text(), plain(own))
    return label


def label_for(text: str, widget: QWidget) -> QLabel:
    """A new label ``text`` ('&Title:') attached to ``widget``."""
    return attach(QLabel(text), widget)


def no_tab_trap(*views: QAbstractItemView) -> None:
    """Tab leaves these views for the next control; the arrow keys move within them."""
    for view in views:
        view.setTabKeyNavigation(False)
