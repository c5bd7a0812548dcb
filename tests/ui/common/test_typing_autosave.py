"""Typing into a finding never waits for the disk: saved after a pause, at least every
second while typing goes on, at once on focus-out and on closing, one undo step per burst."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.common.text_autosave import SAVE_AT_LEAST_MS, SAVE_PAUSE_MS
from poemsreader.ui.shell.article_window import ArticleWindow
from poemsreader.ui.shell.main_window import MainWindow
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
def article(qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path):
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    opened = window.article_windows.open(article_id)
    assert opened is not None
    opened.activateWindow()
    qtbot.waitActive(opened)
    qtbot.waitUntil(lambda: not opened.finding_actions._pending_load, timeout=WAIT)
    return opened


def new_finding(article: ArticleWindow) -> str:
    uuid = article.finding_actions.make_article_finding()
    assert article.editor.statement.hasFocus()
    return uuid


def test_typing_is_saved_after_a_pause_as_one_undo_step(
    qtbot: QtBot, window: MainWindow, article: ArticleWindow, library: Library
) -> None:
    uuid = new_finding(article)
    steps = window.undo_stack.count()
    qtbot.keyClicks(article.editor.statement, "Lenalidomide works")
    assert library.findings.get(uuid).statement == ""  # nothing written per keystroke
    qtbot.waitUntil(lambda: library.findings.get(uuid).statement == "Lenalidomide works")
    assert window.undo_stack.count() == steps + 1
    qtbot.wait(SAVE_PAUSE_MS + 100)  # a pause: the next burst is its own step
    qtbot.keyClicks(article.editor.statement, " after ASCT")
    qtbot.waitUntil(lambda: library.findings.get(uuid).statement.endswith("after ASCT"))
    assert window.undo_stack.count() == steps + 2
    window.undo_stack.undo()
    assert library.findings.get(uuid).statement == "Lenalidomide works"
    assert article.editor.statement.toPlainText() == "Lenalidomide works"
    window.undo_stack.undo()
    assert library.findings.get(uuid).statement == ""


def test_steady_typing_is_saved_at_least_every_second(
    qtbot: QtBot, article: ArticleWindow, library: Library
) -> None:
    uuid = new_finding(article)
    start = time.monotonic()
    saved_at = None
    while time.monotonic() - start < 2.0:  # 10 keys a second, never pausing
        qtbot.keyClicks(article.editor.statement, "x")
        qtbot.wait(100)
        if saved_at is None and library.findings.get(uuid).statement:
            saved_at = time.monotonic() - start
    assert saved_at is not None and saved_at <= (SAVE_AT_LEAST_MS + 250) / 1000


def test_focus_out_and_closing_save_at_once(
    qtbot: QtBot, window: MainWindow, article: ArticleWindow, library: Library
) -> None:
    uuid = new_finding(article)
    qtbot.keyClicks(article.editor.statement, "Typed then tabbed away")
    article.editor.tags.setFocus()
    assert library.findings.get(uuid).statement == "Typed then tabbed away"
    article.editor.comment.setFocus()
    qtbot.keyClicks(article.editor.comment, "closing at once")
    article.close()
    assert library.findings.get(uuid).comment == "closing at once"


def test_a_refresh_never_overwrites_typing_not_yet_saved(
    qtbot: QtBot, window: MainWindow, article: ArticleWindow, library: Library
) -> None:
    uuid = new_finding(article)
    qtbot.keyClicks(article.editor.statement, "half a sent")
    article.editor.refresh()  # as any change arriving on the bus does
    assert article.editor.statement.toPlainText() == "half a sent"
    qtbot.keyClicks(article.editor.statement, "ence")
    article.editor.tags.setFocus()
    assert library.findings.get(uuid).statement == "half a sentence"


def test_the_digest_behind_its_tab_is_read_again_when_shown(
    qtbot: QtBot, window: MainWindow, article: ArticleWindow, library: Library
) -> None:
    window.tabs.setCurrentWidget(window.library_view)

    def digest_statements() -> list[str]:
        data = window.digest_view.model.data_
        groups = data.groups if data is not None else []
        return [f.statement for g in groups for f in g.findings]

    new_finding(article)
    qtbot.keyClicks(article.editor.statement, "Read when the tab shows")
    article.editor.tags.setFocus()
    assert "Read when the tab shows" not in digest_statements()  # saving did not wait for it
    window.tabs.setCurrentWidget(window.digest_view)
    assert "Read when the tab shows" in digest_statements()
