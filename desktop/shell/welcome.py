"""The first-run panel: on an empty database, what Bilateral is for and three ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db.csvfile import ImportReport
from bilateral.db.seed import seed, seed_path
from bilateral.desktop.files import tasks
from bilateral.desktop.shell.actions import ActionId as A
from bilateral.desktop.shell.getting_started import open_getting_started

PURPOSE = (
    "Bilateral keeps the record of the relations between two countries: visits, "
    "agreements, aid and loans, statements and allegations, each with its date, its "
    "sides, its money and the sources that report it, on a timeline."
)
EMPTY = "This database holds no records yet. Start in one of three ways:"


def _sample_job(db: Database, progress, cancelled) -> ImportReport:
    # Imported as a batch of its own, so File › Imports… can undo it like any import.
    return seed(db)


class WelcomePanel(QWidget):
    """What the window shows in place of the records while the database is empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("Welcome to Bilateral")
        title.setObjectName("welcome_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.purpose = QLabel(PURPOSE)
        self.empty = QLabel(EMPTY)
        for label in (title, self.purpose, self.empty):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.sample_button = QPushButton("Load the sample records")
        self.sample_button.setObjectName("load_sample")
        self.sample_button.setToolTip(
            "The China–Cuba records of 2023 the seed article describes (File › Imports… undoes it)"
        )
        self.import_button = QPushButton("Import a CSV or workbook…")
        self.import_button.setObjectName("welcome_import")
        self.add_button = QPushButton("Add a record…")
        self.add_button.setObjectName("welcome_add")
        self.help_button = QPushButton("Read Getting started (F1)")
        self.help_button.setObjectName("welcome_help")
        buttons = QHBoxLayout()
        for button in (self.sample_button, self.import_button, self.add_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        column = QWidget()
        column.setMaximumWidth(640)
        inner = QVBoxLayout(column)
        inner.addWidget(title)
        inner.addSpacing(8)
        inner.addWidget(self.purpose)
        inner.addSpacing(12)
        inner.addWidget(self.empty)
        inner.addLayout(buttons)
        inner.addSpacing(8)
        inner.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)


class Welcome:
    """Shows the panel in place of the window's centre while the database holds no records.

    The window's centre (filter bar, pairs, table, detail) and the panel share a stack;
    each search result says how many records there are, and the stack follows.
    """

    def __init__(self, window: QMainWindow):
        self.window = window
        self.panel = WelcomePanel()
        self.stack = QStackedWidget()
        self.stack.setObjectName("centre_stack")
        centre = window.takeCentralWidget()  # kept: setCentralWidget would delete it
        self.stack.addWidget(centre)
        self.stack.addWidget(self.panel)
        window.setCentralWidget(self.stack)
        actions: dict[A, QAction] = window.action_map  # type: ignore[attr-defined]
        self.panel.import_button.clicked.connect(actions[A.IMPORT_CSV].trigger)
        self.panel.add_button.clicked.connect(actions[A.ADD_RECORD].trigger)
        self.panel.sample_button.clicked.connect(self.load_sample)
        self.panel.help_button.clicked.connect(actions[A.GETTING_STARTED].trigger)
        actions[A.GETTING_STARTED].triggered.connect(lambda: open_getting_started(window))
        for action_id in (A.IMPORT_CSV, A.ADD_RECORD):
            actions[action_id].changed.connect(self._follow_actions)
        window.search.ready.connect(lambda _ids, total: self.show_if_empty(total))  # type: ignore[attr-defined]

    def shown(self) -> bool:
        """Whether the panel is what the window shows."""
        return self.stack.currentWidget() is self.panel

    def show_if_empty(self, total: int) -> None:
        """Show the panel when the database holds no records, the records otherwise."""
        self.stack.setCurrentWidget(self.panel if total == 0 else self.stack.widget(0))
        self._follow_actions()

    def _follow_actions(self) -> None:
        # A read-only database can be looked at, not filled: the buttons say so.
        actions = self.window.action_map  # type: ignore[attr-defined]
        self.panel.import_button.setEnabled(actions[A.IMPORT_CSV].isEnabled())
        self.panel.add_button.setEnabled(actions[A.ADD_RECORD].isEnabled())
        self.panel.sample_button.setEnabled(not self.window.read_only)  # type: ignore[attr-defined]

    def load_sample(self) -> tasks.Task | None:
        """Import the sample records through the window's file tasks; the window reloads."""
        if self.window.read_only:  # type: ignore[attr-defined]
            return None
        files = self.window.files  # type: ignore[attr-defined]
        return files.run(
            _sample_job,
            "Loading the sample records…",
            lambda report: files.imported(seed_path(), report),
            name=seed_path().name,
        )
