"""Every change reaches every open window: imports and conflict resolutions made from the
library window show at once in an open article window, and findings another process
added show when the window regains focus."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.core.changes import ChangeSet
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.shell.article_window import ArticleWindow
from poemsreader.ui.shell.main_window import MainWindow
from tests.share.builders import add_reviewer, findings, put_finding
from tests.share.test_convergence import ALICE, BOB, at
from tests.ui.windows import open_main_window

pytestmark = pytest.mark.gui
WAIT = 60_000
PASSAGE = "Radiation therapy is a good option"


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    main = open_main_window(qtbot, library, tmp_path)
    qtbot.waitExposed(main)
    yield main
    main.article_windows.close_all()


def open_article(qtbot: QtBot, window: MainWindow, article_id: int) -> ArticleWindow:
    """The article's window, with its (empty or not) findings list loaded."""
    window.open_article(article_id)
    article = window.article_windows.windows[article_id]
    qtbot.waitUntil(lambda: not article.finding_actions._pending_load, timeout=WAIT)
    return article


def statements(article: ArticleWindow) -> list[str]:
    model = article.panel.model
    return [model.finding(row).statement for row in range(model.rowCount())]


def share_file_with_finding(pdf: Path, tmp_path: Path, statement: str) -> Path:
    """A collaborator's annotation file: a finding about their copy of `pdf`."""
    with Library(tmp_path / "theirs") as theirs:
        add_reviewer(theirs, BOB, "Bob")
        article_id = theirs.articles.add_pdf(inspect_pdf(pdf)).article_id
        theirs.findings.create(article_id, statement=statement, topics=["Treatment"])
        shared = tmp_path / "from-them.json"
        theirs.sharing.export(shared)
    return shared


def test_a_share_import_appears_in_the_open_article_window(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    shared = share_file_with_finding(article_pdf, tmp_path, "Bob's finding about radiation.")
    article = open_article(qtbot, window, article_id)
    assert statements(article) == []
    job = window.share_actions.import_from(shared)
    with qtbot.waitSignal(job.succeeded, timeout=WAIT):
        pass
    assert statements(article) == ["Bob's finding about radiation."]  # at once, not reopened
    assert window.library_view.model.article_row(0).findings == 1


def annotated_copy(source: Path, target: Path, note: str) -> Path:
    """The article as another PDF tool leaves it: one highlight with a note."""
    with pymupdf.open(source) as document:
        page = document[0]
        [quad] = page.search_for(PASSAGE, quads=True)[:1]
        highlight = page.add_highlight_annot(quad)
        highlight.set_info(content=note)
        highlight.update()
        document.save(target)
    return target


def test_a_pdf_import_appears_in_the_open_article_window(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    annotated = annotated_copy(
        article_pdf, tmp_path / "annotated.pdf", "Radiation for few lesions."
    )
    article = open_article(qtbot, window, article_id)
    job = window.share_actions.import_pdfs_from([annotated])
    with qtbot.waitSignal(job.succeeded, timeout=WAIT):
        pass
    [finding] = library.findings.for_article(article_id)  # the same article, recognised
    assert article.panel.model.rowCount() == 1
    assert article.panel.model.finding(0).uuid == finding.uuid
    qtbot.waitUntil(lambda: 0 in article.reader.view.highlights, timeout=WAIT)  # drawn too


def test_a_conflict_resolved_in_the_library_window_appears_in_the_article_window(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    add_reviewer(library, ALICE, "Alice")
    uuid, _ = library.findings.create(article_id, statement="First words")
    with Library(tmp_path / "bob") as bob:
        add_reviewer(bob, BOB, "Bob")
        library.sharing.export(tmp_path / "1.json")
        bob.sharing.import_file(tmp_path / "1.json")
        mine = findings(library)[uuid]
        article_uuid = mine.article_uuid
        put_finding(
            library, replace(mine.record, statement="Alice's words", modified=at(10)), article_uuid
        )
        theirs = replace(mine.record, statement="Bob's words", modified=at(11), reviewer_id=BOB)
        put_finding(bob, theirs, article_uuid)
        bob.sharing.export(tmp_path / "2.json")
    article = open_article(qtbot, window, article_id)
    assert statements(article) == ["Alice's words"]
    job = window.share_actions.import_from(tmp_path / "2.json")
    with qtbot.waitSignal(job.succeeded, timeout=WAIT):
        pass
    assert statements(article) == ["Bob's words"]  # the newer stays live until chosen
    conflicts = window.share_actions.conflicts_view
    assert conflicts is not None and conflicts.isVisible()  # opened by the import
    qtbot.addWidget(conflicts)
    qtbot.mouseClick(conflicts.keep_mine, Qt.MouseButton.LeftButton)
    assert statements(article) == ["Alice's words"]
    article.finding_actions.go_to_finding(uuid)
    assert article.editor.statement.toPlainText() == "Alice's words"
    window.undo_stack.undo()  # Edit > Undo in either window: the article window follows
    assert statements(article) == ["Bob's words"]
    assert conflicts.model.rowCount() == 1


def test_findings_added_by_another_process_appear_when_the_window_regains_focus(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    shared = share_file_with_finding(article_pdf, tmp_path, "Added from the command line.")
    article = open_article(qtbot, window, article_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    heard: list[ChangeSet] = []
    window.bus.changed.connect(heard.append)
    cli = [sys.executable, "-m", "poemsreader", "--library", str(library.root)]
    done = subprocess.run(
        [*cli, "share", "import", str(shared)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert statements(article) == [] and not heard  # nothing noticed while away
    article.activateWindow()  # the reviewer comes back to the article
    qtbot.waitUntil(lambda: statements(article) == ["Added from the command line."], timeout=2000)
    assert heard and heard[-1].everything
    assert window.library_view.model.article_row(0).findings == 1
    assert "changed elsewhere" in window.statusBar().currentMessage()


def test_own_writes_are_not_taken_for_another_processs(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    window.external_changes.check()
    article = open_article(qtbot, window, article_id)
    article.finding_actions.make_article_finding()
    assert article.panel.model.rowCount() == 1
    assert not window.external_changes.check()  # the bus carried it already
