"""Right-click menus on the table, the pair list and the timeline, and Ctrl+C on the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from bilateral.db import query
from bilateral.db.records import get_record, record_id_for_uid
from bilateral.desktop.records.records_model import HEADERS, Column
from bilateral.desktop.shell.actions import ActionId as A


def _espionage(db) -> int:
    return query.list_ids(db, query.Filter(text="espionage"))[0]


def _row_pos(window, row: int):
    return window.table.visualRect(window.model.index(row, Column.TITLE)).center()


def _texts(menu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def _action(menu, start: str):
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(start))


def test_the_records_menu_holds_the_windows_own_actions_and_the_rows_filters(window):
    row = window.model.row_of(_espionage(window.db))
    menu = window.context_menus.records_menu(_row_pos(window, row))
    a = window.action_map
    assert (window.table.currentIndex().row(), menu.actions()[:4], _texts(menu)[4:]) == (
        row,
        [a[A.EDIT_RECORD], a[A.SHOW_PARTS], window.context_menus.copy, a[A.DELETE_RECORD]],
        [
            "Filter by this &pair (China – Cuba)",
            f"Filter by this &kind ({get_record(window.db, _espionage(window.db)).kind})",
        ],
    )


def test_delete_in_the_menu_is_the_delete_of_the_edit_menu_and_can_be_undone(window, answer):
    record_id = _espionage(window.db)
    uid = get_record(window.db, record_id).uid
    menu = window.context_menus.records_menu(_row_pos(window, window.model.row_of(record_id)))
    _action(menu, "Delete record").trigger()
    answer("Delete")
    gone = record_id_for_uid(window.db, uid)
    window.action_map[A.UNDO].trigger()
    assert (gone, window.editing.stack.count(), record_id_for_uid(window.db, uid)) == (
        None,
        1,
        record_id,
    )


def test_filter_by_this_kind_leaves_only_that_kind(qtbot, window):
    menu = window.context_menus.records_menu(_row_pos(window, 0))
    kind = window.model.index(0, Column.KIND).data()
    _action(menu, "Filter by this kind").trigger()
    qtbot.waitUntil(lambda: window.current_filter().kinds == [kind])
    qtbot.waitUntil(
        lambda: (
            {window.model.index(r, Column.KIND).data() for r in range(window.model.rowCount())}
            == {kind}
        )
    )


def test_filter_by_this_pair_from_a_row_of_all_pairs(qtbot, window):
    window.filter_bar.set_pair("")
    qtbot.waitUntil(lambda: window.current_filter().pair == "")
    record_id = _espionage(window.db)
    qtbot.waitUntil(lambda: window.model.row_of(record_id) >= 0)
    menu = window.context_menus.records_menu(_row_pos(window, window.model.row_of(record_id)))
    _action(menu, "Filter by this pair").trigger()
    assert (window.current_filter().pair, window.pairs.current_pair()) == ("CHN-CUB", "CHN-CUB")


def test_ctrl_c_copies_the_selected_rows_with_the_column_names(window):
    table = window.table
    table.select_row(0)
    second = window.model.index(2, 0)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(second, flags)
    table.setFocus()
    QApplication.clipboard().clear()
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    rows = [line.split("\t") for line in lines]
    expected = [[window.model.index(r, c).data() or "" for c in range(len(Column))] for r in (0, 2)]
    assert rows == [[HEADERS[c] for c in Column], *expected]


def test_the_copied_amount_has_no_thousands_commas_and_a_hidden_column_is_left_out(window):
    table = window.table
    amounts = [
        window.model.index(r, Column.AMOUNT_USD).data() for r in range(window.model.rowCount())
    ]
    row = next(r for r, amount in enumerate(amounts) if amount and "," in amount)
    table.hideColumn(Column.STATUS)
    table.select_row(row)
    window.context_menus.copy.trigger()
    header, values = (line.split("\t") for line in QApplication.clipboard().text().splitlines())
    assert (header[-1], values[-1]) == ("Amount (USD)", amounts[row].replace(",", ""))


def test_the_pair_list_menu_filters_by_its_pair_and_copies_it(window):
    window.filter_bar.set_pair("")
    item = window.pairs.topLevelItem(2)
    menu = window.context_menus.pairs_menu(window.pairs.visualItemRect(item).center())
    filter_text = _texts(menu)[0]
    _action(menu, "Copy").trigger()  # the pair clicked, not the current one
    _action(menu, "Filter by this pair").trigger()
    assert (
        filter_text,
        window.current_filter().pair,
        QApplication.clipboard().text(),
    ) == (
        f"Filter by this &pair ({item.text(0)})",
        item.data(0, Qt.ItemDataRole.UserRole + 1),
        f"Pair\tRecords\n{item.text(0)}\t{item.text(1).replace(',', '')}\n",
    )


def test_the_pair_list_menu_offers_each_side_alone(window):
    item = window.pairs.topLevelItem(1)  # China – Cuba, the busiest pair
    menu = window.context_menus.pairs_menu(window.pairs.visualItemRect(item).center())
    _action(menu, "Every record of Cuba").trigger()
    assert (_texts(menu)[1:3], window.current_filter().pair) == (
        ["Every record of China", "Every record of Cuba"],
        "CUB",
    )


def test_the_timeline_menu_offers_export_show_all_and_the_kind_of_the_bar_under_it(qtbot, window):
    plots = window.timeline.plots
    qtbot.waitUntil(lambda: bool(plots.activity.bars) and not window.timeline.is_loading())
    bar = max(plots.activity.bars, key=lambda b: b.height)
    middle = QPointF((bar.x0 + bar.x1) / 2, bar.y0 + bar.height / 2)
    pos = plots.widget.mapFromScene(plots.activity.plot.vb.mapViewToScene(middle))
    menu = window.context_menus.timeline_menu(pos)
    empty = window.context_menus.timeline_menu(plots.widget.mapFromScene(QPointF(2, 2)))
    assert (menu.actions()[0], _texts(menu)[1:], _texts(empty)[1:]) == (
        window.action_map[A.EXPORT_TIMELINE],
        [f"Filter by this &kind ({bar.kind})", "&Show all"],
        ["&Show all"],
    )
    _action(menu, "Filter by this kind").trigger()
    assert window.current_filter().kinds == [bar.kind]


def test_a_right_click_among_several_selected_rows_keeps_them_and_acts_on_the_one_clicked(window):
    table = window.table
    table.select_row(0)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(window.model.index(3, 0), flags)
    menu = window.context_menus.records_menu(_row_pos(window, 3))
    kind = window.model.index(3, Column.KIND).data()
    rows = sorted({i.row() for i in table.selectionModel().selectedIndexes()})
    assert (rows, table.currentIndex().row(), _texts(menu)[-1]) == (
        [0, 3],
        3,
        f"Filter by this &kind ({kind})",
    )


def test_ctrl_c_on_the_pair_list_copies_the_current_pair(window):
    pairs = window.pairs
    pairs.setFocus()
    item = pairs.currentItem()
    QApplication.clipboard().clear()
    QTest.keyClick(pairs, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == (
        f"Pair\tRecords\n{item.text(0)}\t{item.text(1).replace(',', '')}\n"
    )


def test_a_context_menu_event_on_the_table_pops_up_its_menu(qtbot, window):
    viewport = window.table.viewport()
    pos = _row_pos(window, 1)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.findChildren(QMenu)))
    (menu,) = [m for m in window.findChildren(QMenu) if m.isVisible()]
    texts = _texts(menu)
    menu.close()
    assert (window.table.currentIndex().row(), texts[3]) == (1, "&Delete record")
