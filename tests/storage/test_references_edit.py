"""Editing a record as an undoable command; attaching and relinking PDFs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.core.reference_commands import EditArticleRecord, ResolveProposal
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library

LI = ArticleRecord(
    title="Pulmonary hypertension in POEMS syndrome",
    authors=[Author("Li", "J"), Author("Tian", "Z")],
    year=2013,
    journal="Haematologica",
    pages="393-398",
)


def test_edit_author_changes_key_and_undo_restores(library: Library) -> None:
    [article_id] = library.references.import_records([LI]).created
    history = UndoHistory(library)
    edited = replace(LI, authors=[Author("Zhou", "DB"), *LI.authors[1:]])
    history.push(EditArticleRecord(article_id, edited, ReadingStatus.READING))
    meta = library.references.metadata(article_id)
    assert meta.citekey == "Zhou 2013"
    assert meta.reading_status is ReadingStatus.READING
    assert meta.edited_fields == ("authors",)
    history.undo()
    meta = library.references.metadata(article_id)
    assert meta.citekey == "Li 2013" and meta.record == LI
    assert meta.reading_status is ReadingStatus.UNAVAILABLE and meta.edited_fields == ()
    history.redo()
    assert library.articles.key(article_id) == "Zhou 2013"


def test_undo_keeps_the_suffixed_key(library: Library) -> None:
    _first, second = library.references.import_records([LI, replace(LI, title="Other")]).created
    assert library.articles.key(second) == "Li 2013a"
    history = UndoHistory(library)
    history.push(
        EditArticleRecord(second, replace(LI, title="Other", year=2014), ReadingStatus.READ)
    )
    assert library.articles.key(second) == "Li 2014"
    history.undo()
    assert library.articles.key(second) == "Li 2013a"


def test_accepting_a_proposal_is_undoable(library: Library) -> None:
    [article_id] = library.references.import_records([LI]).created
    UndoHistory(library).push(
        EditArticleRecord(article_id, replace(LI, pages="393-9"), ReadingStatus.TO_READ)
    )
    library.references.import_records([LI])
    [proposal] = library.references.proposals(article_id)
    history = UndoHistory(library)
    history.push(ResolveProposal(proposal, accept=True))
    assert library.articles.record(article_id).pages == "393-398"
    assert library.references.proposals() == []
    history.undo()
    assert library.articles.record(article_id).pages == "393-9"
    assert len(library.references.proposals()) == 1


def test_attach_pdf_to_unavailable_article_and_relink_after_move(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    [article_id] = library.references.import_records(
        [ArticleRecord(title="Efficacy of lenalidomide in POEMS syndrome", year=2013)]
    ).created
    library.references.attach_pdf(article_id, inspect_pdf(article_pdf), link=True)
    assert library.references.metadata(article_id).reading_status is ReadingStatus.TO_READ
    assert library.references.document_paths(article_id) == [article_pdf.resolve()]

    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    shutil.move(article_pdf, moved)
    assert [m.article_id for m in library.integrity.missing_files()] == [article_id]
    result = library.integrity.relink(tmp_path)
    assert [m.article_id for m in result.relinked] == [article_id]
    assert library.references.document_paths(article_id) == [moved.resolve()]
    assert library.integrity.missing_files() == []


def test_relink_refuses_a_different_file(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    [article_id] = library.references.import_records([LI]).created
    library.references.attach_pdf(article_id, inspect_pdf(article_pdf))
    other = tmp_path / "other.pdf"
    other.write_bytes(article_pdf.read_bytes() + b"\n%changed\n")
    with pytest.raises(InvalidInput, match="not the PDF of Li 2013"):
        library.references.relink_pdf(article_id, other)
    library.references.attach_pdf(article_id, inspect_pdf(other), replace=True)
    [path] = library.references.document_paths(article_id)
    assert path.read_bytes() == other.read_bytes()


def test_import_is_undoable(library: Library) -> None:
    from poemsreader.bib.detect import read_references
    from poemsreader.core.reference_commands import ImportReferences
    from tests.conftest import corpus_path

    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    [existing] = library.references.import_records(
        [ArticleRecord(title="Proteomics: a new perspective for cancer", year=2016)]
    ).created
    UndoHistory(library).push(
        EditArticleRecord(
            existing,
            ArticleRecord(title="Proteomics: my title", year=2016, pages="1-2", pmid="27169098"),
            ReadingStatus.READ,
        )
    )
    before = library.references.metadata(existing)
    history = UndoHistory(library)
    history.push(ImportReferences(read_references(nbib), nbib.name))
    history.push(ImportReferences(read_references(corpus_path("bib", "ris-scopus.ris")), "s"))
    assert len(library.articles.rows()) == 2  # the MEDLINE record matched by PMID
    assert {p.field for p in library.references.proposals(existing)} == {"title", "pages"}
    assert library.articles.key(existing) == "Shruthi 2016"
    history.undo()
    history.undo()
    assert len(library.articles.rows()) == 1
    assert library.references.metadata(existing) == before
    assert library.references.proposals() == []
    history.redo()
    assert library.articles.key(existing) == "Shruthi 2016"


def test_relinking_a_copied_in_pdf_copies_it_back(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    """The library stays self-contained: the found file is copied back, not linked."""
    [article_id] = library.references.import_records([LI]).created
    library.references.attach_pdf(article_id, inspect_pdf(article_pdf))
    [stored] = library.references.document_paths(article_id)
    assert stored.is_relative_to(library.root)
    found = tmp_path / "found-again.pdf"
    shutil.move(stored, found)
    assert [m.article_id for m in library.integrity.missing_files()] == [article_id]
    library.references.relink_pdf(article_id, found)
    assert library.references.document_paths(article_id) == [stored]
    assert stored.read_bytes() == found.read_bytes()
    assert library.integrity.missing_files() == []
