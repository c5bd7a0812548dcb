"""`pdf import` keys each annotation as the PDF spec does: its /NM is unique on its page only.

PyMuPDF names annotations fitz-A0, fitz-A1… afresh on every page, Okular writes
okular-{uuid}, Acrobat a lowercase UUID, Preview an uppercase one, pdf.js a counter
(pdfjs_internal_editor_N) that starts again in every editing session.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import delete, select, update

from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import NAMESPACE, PdfImporter, PdfImportResult
from poemsreader.storage.schema import Article, Finding, FindingAnchor
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article

PAGES = 3
PHRASES = ("left column", "right column")  # two highlights on each page

Namer = Callable[[int, int], str]  # (page index, place on the page) -> /NM, '' for none


def pymupdf_name(page: int, place: int) -> str:
    return ""  # PyMuPDF's own: fitz-A0, fitz-A1… on each page


def okular_name(page: int, place: int) -> str:
    return f"okular-{{{uuidlib.uuid4()}}}"


def acrobat_name(page: int, place: int) -> str:
    return str(uuidlib.uuid4())


def preview_name(page: int, place: int) -> str:
    return str(uuidlib.uuid4()).upper()


def pdfjs_session_name(page: int, place: int) -> str:
    return f"pdfjs_internal_editor_{place}"  # each page highlighted in its own session


def highlighted(source: Path, target: Path, name: Namer) -> Path:
    """`source` with a highlight on each phrase of each page, named by `name`."""
    with pymupdf.open(source) as doc:
        for page in doc:
            for place, phrase in enumerate(PHRASES):
                rect = page.search_for(f"Page {page.number + 1} {phrase}")[0]
                annot = page.add_highlight_annot(rect)
                annot.set_info(content=f"p{page.number + 1} {phrase}", title="Colleague")
                annot.update()
                nm = name(page.number, place)
                if nm:
                    doc.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(nm))
        doc.save(target)
    return target


def import_file(library: Library, path: Path) -> PdfImportResult:
    importer = PdfImporter(library.db, library.articles, library.findings)
    return importer.import_pdf(inspect_pdf(path), read_annotations(path))


def statements(library: Library) -> list[str]:
    return sorted(f.statement for f in library.findings.all())


EXPECTED = sorted(f"p{p} {phrase}" for p in range(1, PAGES + 1) for phrase in PHRASES)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return make_article(tmp_path / "source.pdf", ArticleSpec(page_count=PAGES))


@pytest.mark.parametrize(
    "name", [pymupdf_name, okular_name, acrobat_name, preview_name, pdfjs_session_name]
)
def test_every_highlight_on_every_page_arrives_once(
    library: Library, source: Path, tmp_path: Path, name: Namer
) -> None:
    copy = highlighted(source, tmp_path / "annotated.pdf", name)
    names = [a.name for a in read_annotations(copy)]
    assert len(names) == 2 * PAGES and all(names)
    first = import_file(library, copy)
    assert (first.added, first.unchanged) == (2 * PAGES, 0)
    assert statements(library) == EXPECTED
    again = import_file(library, copy)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2 * PAGES)
    assert statements(library) == EXPECTED


def test_one_name_twice_on_one_page_keeps_both(
    library: Library, source: Path, tmp_path: Path
) -> None:
    """Against the spec, but pdf.js sessions do it: both highlights are kept, once each."""
    copy = highlighted(source, tmp_path / "annotated.pdf", lambda page, place: "pdfjs_0")
    assert import_file(library, copy).added == 2 * PAGES
    assert import_file(library, copy).added == 0
    assert statements(library) == EXPECTED


def test_one_uuid_on_several_pages_keeps_each(
    library: Library, source: Path, tmp_path: Path
) -> None:
    same = str(uuidlib.uuid4())
    copy = highlighted(source, tmp_path / "annotated.pdf", lambda page, place: same)
    assert import_file(library, copy).added == 2 * PAGES
    assert import_file(library, copy).added == 0
    assert statements(library) == EXPECTED
    assert same in {f.uuid for f in library.findings.all()}  # the first keeps the tool's id


def keyed_as_before(library: Library) -> None:
    """Turn the library into what the article + /NM keying left: the first page's findings
    under uuid5(article/nm/NM), the later pages' highlights never stored."""
    with library.db.transaction() as session:
        article = session.scalars(select(Article)).one()
        later = select(FindingAnchor.finding_id).where(FindingAnchor.page_index > 0)
        session.execute(delete(Finding).where(Finding.id.in_(later)))
        for finding in session.scalars(select(Finding)):
            name = "fitz-A0" if finding.statement.endswith("left column") else "fitz-A1"
            old = str(uuidlib.uuid5(NAMESPACE, f"{article.uuid}/nm/{name}"))
            session.execute(update(Finding).where(Finding.id == finding.id).values(uuid=old))


def test_a_library_keyed_the_old_way_gets_the_lost_pages_and_no_duplicate(
    library: Library, source: Path, tmp_path: Path
) -> None:
    copy = highlighted(source, tmp_path / "annotated.pdf", pymupdf_name)
    import_file(library, copy)
    keyed_as_before(library)
    assert statements(library) == ["p1 left column", "p1 right column"]
    result = import_file(library, copy)
    assert (result.added, result.unchanged) == (2 * (PAGES - 1), 2)
    assert statements(library) == EXPECTED
    again = import_file(library, copy)
    assert (again.added, again.unchanged) == (0, 2 * PAGES)


def test_corpus_file_with_highlights_on_two_pages(library: Library) -> None:
    path = corpus_path("annotated", "googledocs-highlights-japanese-comment.pdf")
    assert import_file(library, path).added == 3
    again = import_file(library, path)
    assert (again.added, again.unchanged) == (0, 3)


def test_corpus_pdf_highlighted_by_pymupdf_on_three_pages(library: Library, tmp_path: Path) -> None:
    copy = tmp_path / "bctt.pdf"
    with pymupdf.open(corpus_path("articles", "bctt-2016-8-109.pdf")) as doc:
        for page in list(doc)[1:4]:
            for word in page.get_text("words")[40:43]:
                page.add_highlight_annot(pymupdf.Rect(word[:4])).update()
        doc.save(copy)
    assert import_file(library, copy).added == 9
    assert import_file(library, copy).added == 0
    assert len(library.findings.all()) == 9
