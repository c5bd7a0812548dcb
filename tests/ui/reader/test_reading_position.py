"""The article window opens where the reviewer left off: page, place on it and zoom; a new
article at its first page; Home/End and Ctrl+Home/Ctrl+End; Fit Page shows the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
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
    main = open_main_window(qtbot, library, tmp_path)
    yield main
    main.article_windows.close_all()


@pytest.fixture
def article_id(library: Library, tmp_path: Path) -> int:
    pdf = make_article(tmp_path / "long.pdf", ArticleSpec(page_count=8))
    return library.articles.add_pdf(inspect_pdf(pdf)).article_id


def open_painted(qtbot: QtBot, window: MainWindow, article_id: int):
    article = window.article_windows.open(article_id)
    assert article is not None
    article.activateWindow()
    qtbot.waitActive(article)
    qtbot.waitUntil(lambda: article.reader.view.viewport().height() > 200, timeout=WAIT)
    qtbot.waitUntil(lambda: not article.finding_actions._pending_load, timeout=WAIT)
    qtbot.wait(50)  # the findings are read on the next turn of the loop
    return article


def test_a_new_article_opens_at_its_first_page(
    qtbot: QtBot, window: MainWindow, article_id: int
) -> None:
    article = open_painted(qtbot, window, article_id)
    qtbot.wait(200)
    assert article.reader.current_page() == 0
    assert article.reader.page_box.text() == "207"


def test_page_place_and_zoom_come_back_after_closing(
    qtbot: QtBot, window: MainWindow, library: Library, article_id: int
) -> None:
    article = open_painted(qtbot, window, article_id)
    article.reader.zoom_in_action.trigger()
    article.reader.jump_to_page(5)
    view = article.reader.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 100)
    left = article.reader.position()
    assert left.page_index == 5 and left.scale is not None
    article.close()
    qtbot.waitUntil(lambda: article_id not in window.article_windows.windows, timeout=WAIT)
    page, offset = library.articles.reading_position(article_id)
    assert page == 5 and offset == pytest.approx(left.offset)

    again = open_painted(qtbot, window, article_id)
    qtbot.wait(200)
    back = again.reader.position()
    assert back.page_index == 5
    assert back.scale == pytest.approx(left.scale)
    assert back.offset == pytest.approx(left.offset, abs=0.02)


def test_home_and_end_keys_go_to_the_start_and_the_end(
    qtbot: QtBot, window: MainWindow, article_id: int
) -> None:
    article = open_painted(qtbot, window, article_id)
    view = article.reader.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert article.reader.current_page() == 7
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert article.reader.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.verticalScrollBar().value() == 0


def test_fit_page_shows_the_whole_current_page(
    qtbot: QtBot, window: MainWindow, article_id: int
) -> None:
    article = open_painted(qtbot, window, article_id)
    article.reader.jump_to_page(4)
    article.reader.fit_page_action.trigger()
    view = article.reader.view
    box = view.layout_.boxes[4]
    top = view.verticalScrollBar().value()
    assert article.reader.current_page() == 4
    assert top <= box.y and box.y + box.height <= top + view.viewport().height()
