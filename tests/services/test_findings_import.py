"""`pdf import`: annotations other tools left in PDFs become findings, once."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.pdf.annotation_read import parse_pdf_date, read_annotations
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import PdfImporter
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus


def import_file(library: Library, path: Path):
    importer = PdfImporter(library.db, library.articles, library.findings)
    return importer.import_pdf(inspect_pdf(path), read_annotations(path))


def by_statement(library: Library) -> dict[str, object]:
    return {f.statement: f for f in library.findings.all()}


def test_multi_user_markup(library: Library) -> None:
    result = import_file(library, corpus_path("annotated", "hotos17-multi-user-markup.pdf"))
    assert result.article_added and result.added == 10
    found = by_statement(library)
    top = found["This is at the top of column two"]
    assert top.quote.startswith("The jump is due to extensions introduced with the “Skylake”")
    assert top.citation.endswith("p.2)")
    assert found["This is a nit."].quote == "Control transfer in x86 is already very complex"
    assert found["This is a note with no text attached."].quote == ""
    reviewers = {f.reviewer_name for f in library.findings.all()}
    assert reviewers == {"unknown", "andrewbaumann", "Linus Sehn"}


def test_zotero_highlights_and_notes(library: Library) -> None:
    result = import_file(library, corpus_path("annotated", "tracemonkey-zotero.pdf"))
    assert result.added == 12  # 10 highlights + 2 notes; the square is not a finding
    promising = by_statement(library)["Sounds promising"]
    assert promising.reviewer_name == "john"
    assert promising.quote.startswith("We present an alternative compilation technique")
    assert promising.colour == "#c9222a"
    assert len(promising.anchors[0].prefix) >= 32


@pytest.mark.parametrize(
    ("name", "count", "statement", "quote"),
    [
        ("okular-underline.pdf", 1, "", "This is some random text put here"),
        ("pandoc-highlights-notes.pdf", 5, "short highlight", "not working"),
        ("acrobat11-highlight.pdf", 1, "Highlight content", "Lorem ipsum dolor sit amet"),
        ("textedit-preview-highlight-strikeout.pdf", 2, "Comment on the annotation", "Vestibulum"),
        ("freetexts-multitool.pdf", 6, "Hello World from Okular", ""),
        ("xetex-notes-highlight.pdf", 3, "Note in second paragraph", ""),
        ("word2column-markup.pdf", 9, "Struck comma", ","),
    ],
)
def test_tools(library: Library, name: str, count: int, statement: str, quote: str) -> None:
    result = import_file(library, corpus_path("annotated", name))
    assert result.added == count
    matching = [f for f in library.findings.all() if f.statement == statement]
    assert matching and matching[0].quote.startswith(quote)


def test_owner_encrypted_pdf_with_notes(library: Library) -> None:
    result = import_file(library, corpus_path("hostile", "enc-aes128-with-annotations.pdf"))
    assert result.added == 2  # a FreeText and a sticky note; the stamp is not a finding
    assert {f.statement for f in library.findings.all()} == {"text comment", "sticky note test1"}


def test_importing_twice_adds_nothing(library: Library) -> None:
    path = corpus_path("annotated", "tracemonkey-p1-markup-popups.pdf")
    first = import_file(library, path)
    second = import_file(library, path)
    assert (first.added, second.added, second.updated, second.unchanged) == (7, 0, 0, 7)
    assert not second.article_added and second.matched_by == "sha256"
    assert len(library.articles.rows()) == 1 and len(library.findings.all()) == 7


def test_annotated_copy_joins_the_article_already_there(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    copy = tmp_path / "annotated-copy.pdf"
    with pymupdf.open(article_pdf) as doc:
        page = doc[1]
        [rect] = page.search_for("Page 2 left column")
        annot = page.add_highlight_annot(rect)
        annot.set_info(content="Second page opens here.", title="Ana Colleague")
        annot.update()
        doc.save(copy)
    result = import_file(library, copy)
    assert not result.article_added and result.article_id == article_id
    assert result.matched_by in {"pdf id", "page text"}
    [finding] = library.findings.all()
    assert finding.quote == "Page 2 left column"
    assert finding.citation == "(Royer 2013 p.208)"
    assert finding.reviewer_name == "Ana Colleague"
    assert len(library.articles.rows()) == 1


def test_cli_import_then_findings_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = str(tmp_path / "lib")
    path = str(corpus_path("annotated", "mlhc2017-futoma-highlights.pdf"))
    assert main(["--library", root, "pdf", "import", path]) == 0
    assert "3 findings added" in capsys.readouterr().out
    assert main(["--library", root, "pdf", "import", path]) == 0
    assert "0 findings added" in capsys.readouterr().out
    assert main(["--library", root, "findings", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    first = rows[0]
    assert set(first) >= {"uuid", "article", "statement", "quote", "topics", "tags", "status"}
    assert first["quote"] == "National Early Warning Score (NEWS)"
    assert first["reviewer"] == "Titipat Achakulvisut"
    assert first["pages"] == ["2"] and first["citation"].endswith("p.2)")


def test_cli_import_of_a_broken_file_is_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    assert main(["--library", str(tmp_path / "lib"), "pdf", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a PDF" in err


def test_pdf_dates() -> None:
    moment = parse_pdf_date("D:20220406171858+02'00")
    assert moment is not None and moment.isoformat() == "2022-04-06T15:18:58+00:00"
    assert parse_pdf_date("garbage") is None
    assert parse_pdf_date("D:2019") is not None


def annotated_copy(source: Path, target: Path, content: str, modified: str) -> Path:
    """`source` with one highlight named 'hl-1' carrying `content`, modified at `modified`."""
    with pymupdf.open(source) as doc:
        page = doc[0]
        [rect] = page.search_for("Page 1 left column")
        annot = page.add_highlight_annot(rect)
        annot.set_info(content=content, title="Ana Colleague")
        annot.update()
        doc.xref_set_key(annot.xref, "NM", "(hl-1)")
        doc.xref_set_key(annot.xref, "M", f"(D:{modified}Z)")
        doc.save(target)
    return target


def test_reimport_of_an_edited_annotation_updates_it(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    first = annotated_copy(article_pdf, tmp_path / "v1.pdf", "Old words.", "20200101120000")
    second = annotated_copy(article_pdf, tmp_path / "v2.pdf", "New words.", "20210101120000")
    assert import_file(library, first).added == 1
    result = import_file(library, second)
    assert (result.added, result.updated, result.article_added) == (0, 1, False)
    [finding] = library.findings.all()
    assert finding.statement == "New words." and finding.quote == "Page 1 left column"
    # the reviewer's own later edit is not overwritten by importing the old copy again
    library.findings.edit(finding.uuid, statement="My words.")
    assert import_file(library, first).unchanged == 1
    assert library.findings.get(finding.uuid).statement == "My words."
