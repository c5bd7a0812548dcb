"""The keyboard path as the README has it: Tab from the filter to the table; the finding
editor's Tab order; Ctrl+W closes an article; one menu vocabulary; each action listed once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.common.shortcuts_help import collect_shortcuts
from poemsreader.ui.shell.article_window import ArticleWindow
from poemsreader.ui.shell.main_window import MainWindow
from tests.pdfgen import ArticleSpec, make_article
from tests.ui.windows import open_main_window

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]
WAIT = 20_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    for n in range(2):
        pdf = make_article(tmp_path / f"a{n}.pdf", ArticleSpec(first_page=10 + 100 * n))
        library.articles.add_pdf(inspect_pdf(pdf))
    main = open_main_window(qtbot, library, tmp_path)
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    main.article_windows.close_all()


def open_article(qtbot: QtBot, window: MainWindow, article_id: int) -> ArticleWindow:
    article = window.article_windows.open(article_id)
    assert article is not None
    article.activateWindow()
    qtbot.waitActive(article)
    qtbot.waitUntil(lambda: not article.finding_actions._pending_load, timeout=WAIT)
    return article


def tab(qtbot: QtBot, backwards: bool = False) -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    if backwards:
        qtbot.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


def test_tab_from_the_filter_goes_to_the_table(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library_view.filter_edit.hasFocus()
    assert tab(qtbot) is window.library_view.table


def test_tab_order_of_the_finding_editor(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    article = open_article(qtbot, window, library.articles.rows()[0].id)
    editor = article.editor
    uuid = article.finding_actions.make_article_finding()
    assert editor.statement.hasFocus()
    qtbot.keyClicks(editor.statement, "No tab in here")
    assert tab(qtbot) is editor.topics.entry  # the read-only quote is skipped
    assert tab(qtbot) is editor.tags
    assert tab(qtbot) is editor.status
    assert tab(qtbot) is editor.comment
    assert library.findings.get(uuid).statement == "No tab in here"  # saved on leaving it

    qtbot.mouseClick(editor.edit_quote, Qt.MouseButton.LeftButton)
    assert editor.quote.hasFocus() and not editor.quote.isReadOnly()
    assert editor.edit_quote.text().startswith("Editing quote")  # the sign that it is on
    qtbot.keyClicks(editor.quote, "A corrected quote")
    assert tab(qtbot) is editor.topics.entry
    assert library.findings.get(uuid).quote == "A corrected quote"
    editor.statement.setFocus()
    assert tab(qtbot) is editor.quote
    qtbot.mouseClick(editor.edit_quote, Qt.MouseButton.LeftButton)
    assert editor.edit_quote.text() == "Edit quote" and editor.quote.isReadOnly()
    editor.statement.setFocus()
    assert tab(qtbot) is editor.topics.entry


def test_ctrl_w_closes_the_article_window_and_menus_match(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    article_id = library.articles.rows()[0].id
    article = open_article(qtbot, window, article_id)
    titles = [a.text() for a in article.menuBar().actions()]
    assert titles[0] == "&File" and "&Edit" in titles and "&Help" in titles
    file_items = [a.text() for a in article.menuBar().actions()[0].menu().actions()]
    assert {"&Close", "Export &Digest…", "&Quit"} <= set(file_items)
    qtbot.keyClick(article.reader.view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: article_id not in window.article_windows.windows, timeout=WAIT)
    assert window.isVisible()


def test_the_shortcuts_list_names_each_action_once(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    for row in library.articles.rows():
        open_article(qtbot, window, row.id)
    rows = collect_shortcuts(window)
    names = [(r.action, r.shortcut) for r in rows]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert ("Zoom in", rows[[r.action for r in rows].index("Zoom in")].shortcut) in names
