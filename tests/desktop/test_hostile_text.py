"""HTML and file:// links in every text field of a record are shown as typed, never rendered or opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from bilateral.db import backup
from bilateral.db.records import Participant, Record, Source, add_record, delete_record
from bilateral.db.store import open_database
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.records.records_model import Column
from bilateral.desktop.shell.main_window import MainWindow

HTML = "<b>x</b><img src=y>"
LINK = '<a href="file:///etc/passwd">link</a>'
FILE_URL = "file:///etc/passwd"
HOSTILE = f"{HTML} {LINK} {FILE_URL}"
WEB = "https://example.org/report"
# A file name cannot hold '/', so it carries the tags without closing ones.
HOSTILE_NAME = "<b>x<b><img src=y>"


def hostile_record() -> Record:
    """A record with the hostile text in every text field; the URL is the one that may open."""
    return Record(
        actor="CHN",
        partner="CUB",
        kind="visit",
        date="2024-01-05",
        title=f"Title {HOSTILE}",
        summary=f"Summary {HOSTILE}",
        location=f"Place {HOSTILE}",
        sectors=[f"Sector {HOSTILE}"],
        participants=[Participant(f"Name {HOSTILE}", "CHN", f"Role {HOSTILE}")],
        sources=[Source(f"Publisher {HOSTILE}", f"Source {HOSTILE}", WEB, "2024-01-05", HOSTILE)],
    )


TEXTS = [
    f"{label} {HOSTILE}"
    for label in ("Title", "Summary", "Place", "Sector", "Name", "Role", "Publisher", "Source")
] + [HOSTILE]


@pytest.fixture
def shown(window, seeded_db):
    """The window with the hostile record selected; its id."""
    record_id = add_record(seeded_db, hostile_record())
    window.data_changed(record_id)
    assert window.table.current_record_id() == record_id
    return record_id


@pytest.fixture
def opened(monkeypatch):
    """Every URL handed to the desktop to open."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()))
    return urls


def _anchors(document: QTextDocument) -> list[tuple[str, int]]:
    """Every link in a document: its address and the position of its middle."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                middle = fragment.position() + fragment.length() // 2
                found.append((fragment.charFormat().anchorHref(), middle))
            it += 1
        block = block.next()
    return found


def _click_anchors(browser) -> None:
    """Click the middle of every link in a text browser, as the user would."""
    for _href, position in _anchors(browser.document()):
        cursor = browser.textCursor()
        cursor.setPosition(position)
        browser.setTextCursor(cursor)
        browser.ensureCursorVisible()
        point = browser.cursorRect(cursor).center()
        QTest.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_every_field_is_shown_literally_in_the_detail_pane(window, shown):
    text = window.detail.toPlainText()
    assert [t for t in TEXTS if t not in text] == []


def test_the_detail_pane_draws_no_image_and_links_only_the_web_address(window, shown):
    links = {href for href, _ in _anchors(window.detail.document())}
    assert (links, "<img src=y>" in window.detail.toPlainText()) == ({WEB}, True)


def test_activating_links_in_the_detail_pane_opens_only_web_addresses(window, shown, opened):
    _click_anchors(window.detail)
    for href in (FILE_URL, "y", "javascript:alert(1)"):
        window.detail.anchorClicked.emit(QUrl(href))
    assert (opened, window.detail.openLinks(), window.detail.openExternalLinks()) == (
        [WEB],
        False,
        False,
    )


def test_the_table_shows_the_title_literally_and_its_tooltip_as_text(window, shown):
    index = window.model.index(window.model.row_of(shown), Column.TITLE)
    tooltip = QTextDocument()
    tooltip.setHtml(index.data(Qt.ItemDataRole.ToolTipRole))
    assert (index.data(), tooltip.toPlainText()) == (f"Title {HOSTILE}",) * 2


def test_the_record_dialog_shows_every_field_literally(window, shown):
    form = window.editing.edit(shown).form
    values = [
        form.title.text(),
        form.summary.toPlainText(),
        form.location.text(),
        *form.sectors.tags(),
        *[cell for row in form.participants.rows() for cell in row if cell != "CHN"],
        *[cell for row in form.sources.rows() for cell in row if cell not in (WEB, "2024-01-05")],
    ]
    assert values == TEXTS


def test_the_record_dialog_refuses_a_file_url_as_a_source(qtbot, window, shown):
    dialog = window.editing.edit(shown)
    dialog.form.sources.table.item(0, 2).setText(FILE_URL)
    label = dialog.problem_label("sources")
    assert (label.text(), dialog.save_button.isEnabled()) == (
        "source 1: the URL must start with http(s)://",
        False,
    )


def test_the_timeline_hover_shows_the_title_as_text(qtbot, window, shown):
    plots = window.timeline.plots
    qtbot.waitUntil(lambda: plots.scene_pos(shown) is not None, timeout=5000)
    text = plots.hover_text(plots.scene_pos(shown))
    item = plots.tips[plots.events].item.textItem
    assert (f"Title {HOSTILE}" in text, item.toPlainText() == text) == (True, True)


def _rich_labels() -> tuple[int, list[str]]:
    """How many visible labels show a '<b>', and those among them that may render it."""
    labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel) and "<b>" in w.text()]
    return len(labels), [w.text() for w in labels if w.textFormat() != Qt.TextFormat.PlainText]


def test_no_label_renders_user_text_as_rich_text(qtbot, tmp_path, seeded_path, answer):
    # A database, a backup and a CSV whose names look like HTML, and a failed undo
    # whose message quotes a hostile title: every label that shows them.
    path = seeded_path.with_name(f"{HOSTILE_NAME}.db")
    seeded_path.rename(path)
    db = open_database(path)
    record_id = add_record(db, hostile_record())
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.backups.daily.done)
    backup.make_backup(db, path)
    window.backups.open_dialog()
    window.editing.delete(record_id)
    answer("Delete")
    window.editing.undo()
    other = open_database(path)
    delete_record(other, record_id)  # another program deletes it: redo cannot find it...
    other.close()
    window.editing.redo()  # ...and says so, quoting the record's title
    csv = tmp_path / f"{HOSTILE_NAME}.csv"
    csv.write_text("not,a\nrecords,file\n", encoding="utf-8")
    task = window.files.import_csv(csv)
    qtbot.waitUntil(lambda: task.done)
    count, rich = _rich_labels()
    assert (count >= 4, rich) == (True, [])


def test_an_ampersand_in_a_sector_or_kind_makes_no_keyboard_shortcut(window, shown):
    window.filter_bar.kinds.set_items([("R&D", None)])
    window.filter_bar.kinds.set_checked(["R&D"])
    form = window.editing.edit(shown).form
    form.sectors.set_tags(["R&D"])
    chip = form.sectors.findChildren(QToolButton)[0]
    texts = [chip.text(), window.filter_bar.kinds.text()]
    texts += [a.text() for a in window.filter_bar.kinds.menu().actions() if a.isCheckable()]
    assert [QKeySequence.mnemonic(t).isEmpty() for t in texts] == [True, True, True]


def test_a_database_name_is_shown_as_typed_in_the_window_title(qtbot, seeded_path):
    path = seeded_path.with_name("a[*]b.db")
    seeded_path.rename(path)
    window = MainWindow(open_database(path), Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowHandle().title().startswith("a[*]b.db")  # the title as shown
