"""The library window's references: the editor follows the selected article, File >
Import References adds records (one undo step), and the coverage line keeps up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow
from tests.conftest import corpus_path
from tests.ui.windows import open_main_window

pytestmark = pytest.mark.gui

LI = ArticleRecord(title="Pulmonary hypertension in POEMS", authors=[Author("Li", "J")], year=2013)


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    library.references.import_records([LI])
    win = open_main_window(qtbot, library, tmp_path)
    return win


def _import_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    """File > Import References… (the file dialog answered by the test), then wait for
    the child process that reads and imports."""
    window.reference_actions.import_action.trigger()
    job = window.reference_actions.job
    assert job is not None and not window.reference_actions.import_action.isEnabled()
    with qtbot.waitSignal(job.succeeded, timeout=60_000):
        pass
    assert window.reference_actions.import_action.isEnabled()


def _coverage(window: MainWindow) -> str:
    label = window.findChild(QLabel, "coverage")
    assert label is not None
    return label.text()


def test_the_editor_follows_the_selection_and_edits_stay_selected(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = window.reference_actions.editor
    assert not editor.isEnabled()
    table = window.library_view.table
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(0, 0)).center(),
    )
    assert editor.isEnabled() and editor.key_label.text() == "Li 2013"
    title = editor.fields["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Pulmonary hypertension in 154 POEMS patients")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    [row] = window.library.articles.rows()
    assert row.title == "Pulmonary hypertension in 154 POEMS patients"
    assert window.library_view.selected_article_ids() == [row.id]  # still selected
    assert editor.article_id == row.id
    window.undo_stack.undo()
    assert window.library.articles.rows()[0].title == LI.title
    assert editor.fields["title"].text() == LI.title


def test_import_references_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbib = corpus_path("bib", "pubmed-medline-10records.nbib")
    assert _coverage(window) == window.library.references.coverage_line()
    before = _coverage(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args, **_kw: ([str(nbib)], ""))
    _import_and_wait(qtbot, window)
    assert len(window.library.articles.rows()) == 11
    assert window.library_view.model.rowCount() == 11
    assert _coverage(window) != before and "11" in _coverage(window)
    window.undo_stack.undo()
    assert len(window.library.articles.rows()) == 1
    assert _coverage(window) == before


def test_export_references_writes_the_chosen_format(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "refs.ris"
    window.reference_actions.export_to(target, "ris")
    assert "TI  - Pulmonary hypertension in POEMS" in target.read_text(encoding="utf-8")
    assert "refs.ris: 1 references" in window.statusBar().currentMessage()


def test_an_import_that_disagrees_with_an_edit_opens_the_proposals(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poemsreader.ui.references.reference_dialogs import ProposalsDialog

    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(nbib)], ""))
    _import_and_wait(qtbot, window)
    assert not window.reference_actions.review_action.isEnabled()
    [article] = [r for r in window.library.articles.rows() if r.title != LI.title]
    window.library_view.select_article(article.id)
    editor = window.reference_actions.editor
    title = editor.fields["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "My own title")
    qtbot.keyClick(title, Qt.Key.Key_Return)

    _import_and_wait(qtbot, window)  # the same record again
    dialogs = window.findChildren(ProposalsDialog)
    assert dialogs and dialogs[-1].isVisible()
    assert dialogs[-1].model.rowCount() >= 1
    assert window.reference_actions.review_action.isEnabled()
    assert window.library.references.metadata(article.id).record.title == "My own title"
    dialogs[-1].close()


def test_a_file_that_cannot_be_read_imports_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = corpus_path("bib", "pubmed-nbib-single.nbib")
    bad = corpus_path("bib", "ris-corrupted.ris")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(good), str(bad)], "")
    )
    window.reference_actions.import_action.trigger()
    job = window.reference_actions.job
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=60_000):
        pass
    assert len(warnings) == 1 and "ris-corrupted.ris" in warnings[0]
    assert len(window.library.articles.rows()) == 1  # only the article it had
    assert window.undo_stack.count() == 0
    assert window.reference_actions.import_action.isEnabled()
