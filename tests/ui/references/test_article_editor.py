"""The reference editor: edit an author, see the key and the table follow, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.references.article_editor import ArticleEditor, AuthorsModel

pytestmark = pytest.mark.gui

LI = ArticleRecord(
    title="Pulmonary hypertension in POEMS syndrome",
    authors=[Author("Li", "J"), Author("Tian", "Z"), Author("Zheng", "HY")],
    year=2013,
    journal="Haematologica",
    volume="98",
    pages="393-398",
)


@pytest.fixture
def editor(qtbot, library: Library):
    [article_id] = library.references.import_records([LI]).created
    bus = ChangeBus(library)
    stack = bus.undo_stack
    widget = ArticleEditor(library, bus.push)
    bus.changed.connect(widget.on_changes)
    qtbot.addWidget(widget)
    widget.resize(640, 720)
    widget.set_article(article_id)
    widget.show()
    qtbot.waitExposed(widget)
    widget.stack = stack  # the test drives undo through the same stack
    widget.bus = bus
    return widget


def edit_cell(qtbot, editor: ArticleEditor, row: int, column: int, text: str) -> None:
    view = editor.authors_view
    index = editor.authors.index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    line = view.findChild(QLineEdit)
    assert line is not None and line.isVisible()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_editing_first_author_updates_key_table_and_store(qtbot, editor, library) -> None:
    article_id = editor.article_id
    assert editor.key_label.text() == "Li 2013"

    edit_cell(qtbot, editor, 0, 0, "Zhou")

    assert editor.key_label.text() == "Zhou 2013"
    assert editor.authors.index(0, 0).data() == "Zhou"
    assert library.articles.record(article_id).authors[0] == Author("Zhou", "J")
    assert library.articles.key(article_id) == "Zhou 2013"
    assert editor.stack.undoText() == "Edit authors"

    editor.stack.undo()
    assert editor.key_label.text() == "Li 2013"
    assert editor.authors.index(0, 0).data() == "Li"
    assert library.articles.record(article_id).authors == LI.authors
    editor.stack.redo()
    assert editor.key_label.text() == "Zhou 2013"


def test_reorder_remove_and_add_authors(qtbot, editor, library) -> None:
    article_id = editor.article_id
    editor.authors_view.selectRow(1)
    editor.move_author(-1)
    assert [a.family for a in library.articles.record(article_id).authors] == [
        "Tian",
        "Li",
        "Zheng",
    ]
    assert editor.key_label.text() == "Tian 2013"
    editor.authors_view.selectRow(2)
    editor.remove_author()
    assert [a.family for a in library.articles.record(article_id).authors] == ["Tian", "Li"]
    editor.stack.undo()
    editor.stack.undo()
    assert library.articles.record(article_id).authors == LI.authors
    assert editor.authors.rowCount() == 3


def test_year_and_status_fields(qtbot, editor, library) -> None:
    editor.year.setFocus()
    editor.year.selectAll()
    qtbot.keyClicks(editor.year, "2014")
    qtbot.keyClick(editor.year, Qt.Key.Key_Return)
    assert library.articles.key(editor.article_id) == "Li 2014"
    assert editor.key_label.text() == "Li 2014"
    meta = library.references.metadata(editor.article_id)
    assert meta.edited_fields == ("year",)
    editor.stack.undo()
    assert editor.year.text() == "2013" and editor.key_label.text() == "Li 2013"

    # an article not yet dated: the year can be cleared, and the key says so
    editor.year.setFocus()
    editor.year.selectAll()
    qtbot.keyClick(editor.year, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.year, Qt.Key.Key_Return)
    assert library.references.metadata(editor.article_id).record.year is None
    assert library.articles.key(editor.article_id) == "Li n.d."
    qtbot.keyClicks(editor.year, "99")  # not a year: refused as it is typed
    assert editor.year.text() == ""


def test_authors_model_passes_the_model_tester(qtmodeltester) -> None:
    edits: list[list[Author]] = []
    model = AuthorsModel(edits.append)
    model.set_authors(LI.authors)
    qtmodeltester.check(model)
    assert model.setData(model.index(1, 1), "Zhen")
    assert edits[-1][1] == Author("Tian", "Zhen")


def test_screenshot(editor) -> None:
    QApplication.processEvents()
    assert not editor.grab().isNull()


def test_attach_pdf_in_a_worker_then_undo(qtbot, editor, library, article_pdf) -> None:
    article_id = editor.article_id
    assert editor.pdf_label.text() == "No PDF attached."
    editor.attach_pdf(article_pdf)
    try:
        qtbot.waitUntil(lambda: bool(library.references.document_paths(article_id)), timeout=30000)
    finally:
        editor.close_workers()
    assert editor.stack.undoText() == "Attach royer.pdf"
    assert library.references.metadata(article_id).reading_status.value == "to read"
    assert editor.pdf_label.text().startswith("PDF: ")
    editor.stack.undo()
    assert library.references.document_paths(article_id) == []
    assert library.references.metadata(article_id).reading_status.value == "unavailable"
    assert editor.pdf_label.text() == "No PDF attached."


def test_proposals_shown_in_the_editor(qtbot, editor, library) -> None:
    from dataclasses import replace

    edit_cell(qtbot, editor, 0, 1, "Jian")
    library.references.import_records([replace(LI, authors=[Author("Li", "Jun")])])
    editor.refresh()
    assert "proposes 1 change" in editor.proposals_label.text()
    assert editor.review_button.isVisible()
