"""Small things a reviewer meets in the first hour: Ctrl+E with nothing selected says so;
"1 finding"; search hits name the printed page; a bare highlight's quote printed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.core.model import FindingRecord
from poemsreader.digest.markdown import render_markdown
from poemsreader.digest.model import DigestOptions
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow
from tests.ui.windows import open_main_window

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]
WAIT = 20_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path, article_pdf: Path):
    library.articles.add_pdf(inspect_pdf(article_pdf))
    main = open_main_window(qtbot, library, tmp_path)
    yield main
    main.article_windows.close_all()


def test_ctrl_e_with_nothing_selected_says_so(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    article_id = library.articles.rows()[0].id
    article = window.article_windows.open(article_id)
    assert article is not None
    article.activateWindow()
    qtbot.waitActive(article)
    qtbot.waitUntil(lambda: not article.finding_actions._pending_load, timeout=WAIT)
    article.reader.view.setFocus()
    qtbot.keyClick(article.reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "Nothing is selected" in article.statusBar().currentMessage()
    assert library.findings.for_article(article_id) == []


def test_one_finding_is_one_finding(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    article_id = library.articles.rows()[0].id
    library.findings.create(article_id, statement="Only one")
    article = window.article_windows.open(article_id)
    assert article is not None
    qtbot.waitUntil(lambda: article.panel.count_label.text() == "1 finding", timeout=WAIT)


def test_search_hits_name_the_printed_page(window: MainWindow) -> None:
    view = window.library_view
    view.search_edit.setText("lenalidomide")
    view.run_search()
    shown = [view.hits.index(r, 0).data() for r in range(view.hits.rowCount())]
    assert shown and all("PDF page" not in text for text in shown)
    assert any(text.startswith("Royer 2013 p.20") for text in shown), shown


def test_a_highlight_without_a_statement_prints_its_quote_once(
    window: MainWindow, library: Library
) -> None:
    article_id = library.articles.rows()[0].id
    record = FindingRecord(quote="Serum VEGF was raised in every patient.")
    library.findings.create_record(article_id, record)
    digest = library.digest.build(options=DigestOptions(quotes=True))
    text = render_markdown(digest)
    assert text.count("Serum VEGF was raised in every patient.") == 1
