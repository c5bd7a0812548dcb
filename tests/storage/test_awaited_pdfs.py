"""An article that arrived without its PDF takes the PDF when the reviewer adds or attaches it:
one article with its findings, never a second one."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.core.commands import UndoHistory
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.core.reference_commands import AttachPdf
from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.add_job import AddJob
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import PdfImporter
from tests.pdfgen import ArticleSpec, default_columns, make_article


def annotated(source: Path, target: Path) -> Path:
    """`source` with a highlight on its second page, as a colleague's tool leaves it."""
    with pymupdf.open(source) as doc:
        page = doc[1]
        annot = page.add_highlight_annot(page.search_for("Page 2 left column")[0])
        annot.set_info(content="Second page opens here.", title="Ana")
        annot.update()
        doc.save(target)
    return target


def pdf_import(library: Library, path: Path):
    importer = PdfImporter(library.db, library.articles, library.findings)
    return importer.import_pdf(inspect_pdf(path), read_annotations(path))


@pytest.fixture
def share_file(tmp_path: Path, article_pdf: Path) -> Path:
    """A collaborator's annotation file: the article (from its PDF) with one finding."""
    with Library(tmp_path / "sender") as sender:
        sender.articles.add_pdf(inspect_pdf(article_pdf))
        pdf_import(sender, annotated(article_pdf, tmp_path / "annotated.pdf"))
        sender.sharing.export(tmp_path / "share.json")
    return tmp_path / "share.json"


@pytest.fixture
def receiver(tmp_path: Path, share_file: Path) -> Library:
    library = Library(tmp_path / "receiver")
    library.sharing.import_file(share_file)
    [row] = library.articles.rows()
    assert not row.has_pdf and row.findings == 1
    yield library
    library.close()


def only_article(library: Library):
    [row] = library.articles.rows()
    return row


def test_adding_the_collaborators_pdf_gives_it_to_the_imported_article(
    receiver: Library, article_pdf: Path
) -> None:
    before = only_article(receiver)
    result = receiver.articles.add_pdf(inspect_pdf(article_pdf))
    assert result.attached and not result.created and result.article_id == before.id
    after = only_article(receiver)
    assert after.has_pdf and after.findings == 1 and after.key == before.key
    assert after.reading_status == ReadingStatus.TO_READ.value
    [finding] = receiver.findings.all()
    assert finding.citation == f"({before.key} p.208)"


def test_another_file_of_the_same_pdf_is_known_by_its_id_or_its_text(
    receiver: Library, article_pdf: Path, tmp_path: Path
) -> None:
    other = tmp_path / "downloaded-again.pdf"
    other.write_bytes(article_pdf.read_bytes() + b"\n%another download\n")
    assert receiver.articles.add_pdf(inspect_pdf(other)).attached
    assert only_article(receiver).has_pdf


def test_the_window_add_job_and_the_cli_attach_too(
    receiver: Library, article_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    job = AddJob(receiver.articles, [article_pdf], workers=1)
    report = job.run()
    assert len(report.attached) == 1 and not report.added and not report.duplicates
    assert "1 attached to articles waiting for their PDF" in report.summary()
    assert len(receiver.articles.rows()) == 1
    receiver.close()
    assert main(["--library", str(tmp_path / "receiver"), "add", str(article_pdf)]) == 0
    assert "already in the library" in capsys.readouterr().out


def test_pdf_import_of_an_annotated_copy_joins_the_imported_article(
    receiver: Library, article_pdf: Path, tmp_path: Path
) -> None:
    copy = annotated(article_pdf, tmp_path / "mine.pdf")
    result = pdf_import(receiver, copy)
    assert not result.article_added
    row = only_article(receiver)
    assert row.has_pdf and row.findings >= 1


def test_a_reference_imported_first_takes_the_pdf_by_doi(library: Library, tmp_path: Path) -> None:
    columns = [default_columns(i) for i in range(1, 5)]
    columns[0][0] = "doi: 10.1002/ajh.23368. " + columns[0][0]
    article_pdf = make_article(tmp_path / "doi.pdf", ArticleSpec(pages=columns))
    assert inspect_pdf(article_pdf).doi == "10.1002/ajh.23368"
    medline = ArticleRecord(
        title="Efficacy of lenalidomide in POEMS syndrome: a retrospective study",
        authors=[Author("Royer", "B"), Author("Merlusca", "L")],
        year=2013,
        journal="Am J Hematol",
        volume="88",
        pages="207-12",
        doi="10.1002/ajh.23368",
    )
    [article_id] = library.references.import_records([medline]).created
    result = library.articles.add_pdf(inspect_pdf(article_pdf))
    assert result.attached and result.article_id == article_id
    assert library.articles.record(article_id) == medline  # the reference is kept
    assert len(library.articles.rows()) == 1


def test_a_reference_without_ids_takes_the_pdf_by_title_and_year(
    library: Library, tmp_path: Path
) -> None:
    pdf = make_article(tmp_path / "nodoi.pdf", ArticleSpec(doi=""))
    facts = inspect_pdf(pdf)
    assert not facts.doi
    guessed = facts.guessed
    reference = ArticleRecord(
        title=guessed.title, authors=list(guessed.authors), year=guessed.year, journal="AJH"
    )
    [article_id] = library.references.import_records([reference]).created
    assert library.articles.add_pdf(facts).article_id == article_id
    assert len(library.articles.rows()) == 1


def test_a_pdf_of_another_paper_is_a_new_article(receiver: Library, tmp_path: Path) -> None:
    other = make_article(
        tmp_path / "other.pdf",
        ArticleSpec(title="Castleman disease in children", doi="10.1/other", first_page=11),
    )
    assert receiver.articles.add_pdf(inspect_pdf(other)).created
    assert len(receiver.articles.rows()) == 2


def test_attach_takes_the_pdf_from_the_duplicate_that_holds_it_and_undo_parts_them(
    tmp_path: Path, article_pdf: Path, share_file: Path
) -> None:
    with Library(tmp_path / "duplicated") as library:
        library.articles.add_pdf(inspect_pdf(article_pdf))  # added before the file arrived
        duplicate = only_article(library)
        library.sharing.import_file(share_file)
        assert len(library.articles.rows()) == 1  # matched by the file: no duplicate now
        # a library where the duplicate exists already (made before matching knew better)
        imported = _split_off(library, duplicate.id)
        history = UndoHistory(library)
        history.push(AttachPdf(imported, inspect_pdf(article_pdf)))
        [row] = library.articles.rows()
        assert row.id == imported and row.has_pdf and row.findings == 1
        history.undo()
        rows = {r.key: r for r in library.articles.rows()}  # the restored one has a new id
        assert len(rows) == 2 and rows[duplicate.key].has_pdf
        assert rows[duplicate.key].findings == 0
        [again] = [r for r in rows.values() if r.id == imported]
        assert again.findings == 1 and not again.has_pdf
        history.redo()
        assert len(library.articles.rows()) == 1


def _split_off(library: Library, article_id: int) -> int:
    """Move the article's findings to a new PDF-less article of the same paper: the
    duplicate pair an older library can hold. Returns the new article's id."""
    from sqlalchemy import update

    from poemsreader.storage.schema import Article, Finding

    record = library.articles.record(article_id)
    [new_id] = library.references.import_records([ArticleRecord(title="placeholder")]).created
    with library.db.transaction() as session:
        session.execute(update(Finding).values(article_id=new_id))
        article = session.get(Article, new_id)
        assert article is not None
        article.title, article.year = record.title + " (from the annotation file)", record.year
    return new_id
