"""Importing references from the window and reviewing proposed changes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.reference_commands import EditArticleRecord
from poemsreader.services.jobs import import_reference_files
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.references.reference_dialogs import (
    ProposalsDialog,
    ProposalsModel,
    record_imports,
)
from tests.conftest import corpus_path

pytestmark = pytest.mark.gui


def pusher(bus: ChangeBus):
    return bus.push


def applied_pusher(bus: ChangeBus):
    return bus.push_applied


def test_an_imported_file_is_one_undo_step(qtbot, library: Library) -> None:
    bus = ChangeBus(library)
    stack = bus.undo_stack
    nbib = corpus_path("bib", "pubmed-medline-10records.nbib")
    imported = import_reference_files(library.root, [nbib])
    problems = record_imports(None, imported, applied_pusher(bus))
    assert problems == []
    assert len(library.articles.rows()) == 10
    assert stack.undoText() == "Import references from pubmed-medline-10records.nbib"
    stack.undo()
    assert library.articles.rows() == []
    stack.redo()
    assert len(library.articles.rows()) == 10


def test_bad_file_imports_nothing(library: Library) -> None:
    good = corpus_path("bib", "pubmed-nbib-single.nbib")
    bad = corpus_path("bib", "ris-corrupted.ris")
    with pytest.raises(PoemsReaderError, match=r"ris-corrupted\.ris"):
        import_reference_files(library.root, [good, bad])
    assert library.articles.rows() == []


def test_accept_and_reject_proposals(qtbot, library: Library) -> None:
    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    [article_id] = library.references.import_file(nbib).created
    meta = library.references.metadata(article_id)
    edited = replace(meta.record, title="My title", pages="67-9")
    UndoHistory(library).push(EditArticleRecord(article_id, edited, meta.reading_status))
    library.references.import_file(nbib)

    bus = ChangeBus(library)
    stack = bus.undo_stack
    dialog = ProposalsDialog(library, pusher(bus))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 2
    assert "2 imported values" in dialog.summary.text()
    fields = [dialog.model.index(r, 1).data() for r in range(2)]
    pages_row = fields.index("pages")
    dialog.view.selectRow(pages_row)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert library.articles.record(article_id).pages == "67"
    assert dialog.model.rowCount() == 1
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    assert library.articles.record(article_id).title == "My title"
    assert dialog.model.rowCount() == 0 and not dialog.accept_button.isEnabled()
    stack.undo()
    stack.undo()
    dialog.refresh()
    assert dialog.model.rowCount() == 2
    assert library.articles.record(article_id).pages == "67-9"
    QApplication.processEvents()


def test_proposals_model_passes_the_model_tester(qtmodeltester, library: Library) -> None:
    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    [article_id] = library.references.import_file(nbib).created
    meta = library.references.metadata(article_id)
    UndoHistory(library).push(
        EditArticleRecord(article_id, replace(meta.record, title="Mine"), meta.reading_status)
    )
    library.references.import_file(nbib)
    model = ProposalsModel()
    model.set_proposals(library.references.proposals())
    qtmodeltester.check(model)


def test_a_merge_is_named_in_the_import_message_and_undone_in_one_step(
    qtbot, library: Library, tmp_path
) -> None:
    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    library.references.import_file(nbib)
    [row] = library.articles.rows()
    # The same paper from another tool: no PMID, no DOI, a different title case.
    ris = tmp_path / "same.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - Proteomics: a new perspective for cancer\n"
        "AU  - Shruthi, B. S.\nPY  - 2016\nER  - \n",
        encoding="utf-8",
    )
    bus = ChangeBus(library)
    stack = bus.undo_stack
    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []
    bus.changed.connect(lambda changes: messages.append(changes.message))

    before = library.references.metadata(row.id)
    record_imports(parent, import_reference_files(library.root, [ris]), bus.push_applied)
    box = parent.findChild(QMessageBox, "importOutcome")
    assert box is not None and f"merged: {row.key} ← record 1 (line 1)" in box.text()
    assert f"merged: {row.key} ← record 1" in messages[0]
    assert library.references.metadata(row.id).record.authors[0].given == "B. S."
    stack.undo()
    assert library.references.metadata(row.id) == before
    box.close()
