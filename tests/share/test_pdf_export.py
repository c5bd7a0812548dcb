"""`pdf export`: a copy of the PDF with a standard highlight per finding, which
pdfannots (a third-party reader) finds with its text and statement."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import FindingRecord, Quad
from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.annotation_write import HighlightSpec, write_annotated_copy
from poemsreader.pdf.document import inspect_pdf, sha256_of
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import PdfImporter
from tests.share.builders import add_reviewer, anchor, put_finding

ME = "dddddddd-0000-4000-8000-000000000004"
PASSAGES = [
    (0, "Page 1 left column."),
    (1, "Radiation therapy is a good option for patients"),
    (2, "Lenalidomide is effective at treating patients"),
]


def _finding(
    number: int, page: int, quote: str, pages: list[str], sha: str, quads: list[Quad]
) -> FindingRecord:
    start = pages[page].find(quote)
    return FindingRecord(
        uuid=f"00000000-0000-4000-8000-{number:012d}",
        statement=f"Statement {number}: <b>markup</b> & more",
        quote=quote,
        colour="#00ff00" if number else "",
        reviewer_id=ME,
        anchors=[
            anchor(page, quote, "", "", start, start + len(quote), quads=quads, document_sha256=sha)
        ],
    )


def test_pdfannots_reads_every_highlight_and_statement(tmp_path: Path, article_pdf: Path) -> None:
    facts = inspect_pdf(article_pdf)
    original_hash = sha256_of(article_pdf)
    with pymupdf.open(article_pdf) as doc:
        boxes = [doc[p].search_for(q) for p, q in PASSAGES]
    out = tmp_path / "annotated.pdf"
    with Library(tmp_path / "lib") as library:
        add_reviewer(library, ME, "Dr Humeniuk")
        added = library.articles.add_pdf(facts)
        uuid = _article_uuid(library)
        for number, (page, quote) in enumerate(PASSAGES):
            lines = boxes[number][: 2 if number == 2 else 1]  # the first copy of the quote
            quads = [Quad(r.x0, r.y0, r.x1, r.y1) for r in lines] if number != 1 else []
            put_finding(
                library, _finding(number, page, quote, facts.page_texts, facts.sha256, quads), uuid
            )
        stored = library.articles.pdf_path(added.article_id)
    assert (
        main(["--library", str(tmp_path / "lib"), "pdf", "export", added.key, "-o", str(out)]) == 0
    )
    assert sha256_of(stored) == original_hash  # the reviewer's copy is untouched

    result = subprocess.run(
        [sys.executable, "-m", "pdfannots", "-f", "json", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    annotations = json.loads(result.stdout)
    assert len(annotations) == len(PASSAGES)
    by_page = {a["page"]: a for a in annotations}
    for number, (page, quote) in enumerate(PASSAGES):
        found = by_page[page + 1]
        assert found["type"] == "Highlight"
        assert " ".join(found["text"].split()) == quote
        assert found["contents"] == f"Statement {number}: <b>markup</b> & more"
        assert found["author"] == "Dr Humeniuk"
    with pymupdf.open(out) as doc:
        names = {a.info["id"] for page in doc for a in page.annots()}
    assert names == {f"00000000-0000-4000-8000-{n:012d}" for n in range(len(PASSAGES))}

    # importing the copy back recognises every finding by its /NM: nothing doubles
    with Library(tmp_path / "lib") as library:
        before = {f.uuid: f.statement for f in library.findings.all()}
        importer = PdfImporter(library.db, library.articles, library.findings)
        result = importer.import_pdf(inspect_pdf(out), read_annotations(out))
        assert (result.added, result.article_added) == (0, False)
        assert result.unchanged == len(PASSAGES)
        assert {f.uuid: f.statement for f in library.findings.all()} == before


def test_the_highlight_carries_the_finding_times_so_importing_it_back_changes_nothing(
    tmp_path: Path, article_pdf: Path
) -> None:
    """/M is the finding's last edit, not the export's time: a copy exported a second
    later used to look newer than the finding and came back as "updated"."""
    facts = inspect_pdf(article_pdf)
    made, edited = (
        datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2021, 6, 7, 8, 9, 10, tzinfo=UTC),
    )
    out = tmp_path / "annotated.pdf"
    with Library(tmp_path / "lib") as library:
        add_reviewer(library, ME, "Dr Humeniuk")
        added = library.articles.add_pdf(facts)
        page, quote = PASSAGES[1]
        record = _finding(1, page, quote, facts.page_texts, facts.sha256, [])
        put_finding(library, replace(record, created=made, modified=edited), _article_uuid(library))
    assert (
        main(["--library", str(tmp_path / "lib"), "pdf", "export", added.key, "-o", str(out)]) == 0
    )

    (annotation,) = read_annotations(out)
    assert (annotation.created, annotation.modified) == (made, edited)
    with Library(tmp_path / "lib") as library:
        importer = PdfImporter(library.db, library.articles, library.findings)
        result = importer.import_pdf(inspect_pdf(out), read_annotations(out))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)


def test_the_original_file_is_never_the_target(article_pdf: Path) -> None:
    spec = HighlightSpec("u", 0, "Page 1", "s", "a")
    with pytest.raises(InvalidInput):
        write_annotated_copy(article_pdf, article_pdf, [spec])


def _article_uuid(library: Library) -> str:
    from sqlalchemy import select

    from poemsreader.storage.schema import Article

    with library.db.reading() as session:
        return session.scalar(select(Article.uuid))
