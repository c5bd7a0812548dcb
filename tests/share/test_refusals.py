"""Bad input found by fuzzing: each is refused with one sentence (or imported), never a
traceback, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from poemsreader import cli
from poemsreader.core.errors import InvalidInput
from poemsreader.services.library import Library
from poemsreader.share.validate import InvalidShareFile
from poemsreader.storage.topics import ensure_path
from tests.pdfgen import ArticleSpec, make_article
from tests.share.dump import dump_tables

ARTICLE = "urn:uuid:33333333-3333-4333-8333-333333333333"
OUT_OF_RANGE = "0001-01-01T00:00:00+14:00"


def native(**finding: Any) -> dict[str, Any]:
    annotation = {
        "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
        "type": "Annotation",
        "creator": {"id": "urn:uuid:22222222-2222-4222-8222-222222222222"},
        "created": "2026-01-01T00:00:00Z",
        "modified": "2026-01-01T00:00:00Z",
        "target": [{"source": ARTICLE}],
        **finding,
    }
    return {
        "poemsreader_annotations": 1,
        "exported": "2026-01-01T00:00:00Z",
        "articles": [{"id": ARTICLE, "csl": {"id": "x", "title": "T"}}],
        "findings": [annotation],
    }


def hypothesis_row(document: Any = None, selector: dict | None = None) -> dict[str, Any]:
    row = {
        "id": "abc",
        "uri": "https://example.org/article",
        "target": [
            {
                "source": "https://example.org/article",
                "selector": [selector or {"type": "TextQuoteSelector", "exact": "quoted"}],
            }
        ],
    }
    if document is not None:
        row["document"] = document
    return {"rows": [row]}


def refused(library: Library, data: Any) -> str:
    before = dump_tables(library)
    with pytest.raises(InvalidShareFile) as error:
        library.sharing.import_bytes(json.dumps(data).encode(), "bad.json")
    assert dump_tables(library) == before
    return str(error.value)


@pytest.mark.parametrize(
    "data",
    [
        native(created=OUT_OF_RANGE),
        native(modified=OUT_OF_RANGE),
        {**native(), "exported": OUT_OF_RANGE},
        {**native(), "tombstones": [{"id": ARTICLE, "deleted": OUT_OF_RANGE}]},
    ],
    ids=["created", "modified", "exported", "tombstone"],
)
def test_a_date_with_no_utc_spelling_is_refused(library: Library, data: dict) -> None:
    assert "out of range" in refused(library, data)


def test_a_w3c_date_with_no_utc_spelling_is_read_as_unknown(library: Library) -> None:
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/a1",
        "type": "Annotation",
        "created": OUT_OF_RANGE,
        "target": {
            "source": "https://example.org/x",
            "selector": {"type": "TextQuoteSelector", "exact": "a"},
        },
    }
    report = library.sharing.import_bytes(json.dumps(data).encode(), "w3c.json")
    assert len(report.not_applicable) == 1  # no such article here: reported, no traceback


@pytest.mark.parametrize("document", [[1], 5, "text", {"title": [None]}, {"title": 3}])
def test_a_hypothesis_document_of_any_shape_is_no_traceback(
    library: Library, document: Any
) -> None:
    report = library.sharing.import_bytes(json.dumps(hypothesis_row(document)).encode(), "h.json")
    assert report.added == 0 and len(report.not_applicable) == 1


def test_a_quote_selector_without_exact_is_refused(library: Library) -> None:
    data = hypothesis_row(selector={"type": "TextQuoteSelector", "prefix": "p"})
    assert "missing exact" in refused(library, data)


@pytest.mark.parametrize("path", ["/", " / ", "//"])
def test_a_topic_path_naming_no_topic_is_refused(library: Library, path: str) -> None:
    data = native(poemsreader={"topics": [{"path": path}]})
    assert "topic path needs a name" in refused(library, data)


def test_a_topic_named_with_a_slash_is_refused(library: Library) -> None:
    with pytest.raises(InvalidInput, match="cannot contain"):
        library.topics.rename(library.topics.id_for_path("Treatment"), "A/B")
    with pytest.raises(InvalidInput, match="names no topic"):
        library.db.write(lambda session: ensure_path(session, "/"))


def test_the_cli_says_one_sentence_and_lists_problems_only_when_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(native(created=OUT_OF_RANGE, modified=OUT_OF_RANGE)))
    assert cli.main(["--library", str(tmp_path / "lib"), "share", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("poemsreader: bad.json cannot be imported")
    assert "Traceback" not in err
    args = ["--library", str(tmp_path / "lib"), "--verbose", "share", "import", str(bad)]
    assert cli.main(args) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[1:] == [
        "  findings[0].created: the date is out of range (before year 1 or after 9999 in UTC)",
        "  findings[0].modified: the date is out of range (before year 1 or after 9999 in UTC)",
    ]


def test_a_library_folder_ending_in_pdf_is_not_a_file_to_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_window(*_args: object) -> int:
        raise AssertionError("the window was opened")

    monkeypatch.setattr(cli, "_open_window", no_window)
    pdf = make_article(tmp_path / "x.pdf", ArticleSpec())
    folder = tmp_path / "some" / "dir.pdf"
    assert cli.main(["--library", str(folder), "add", str(pdf)]) == 0
    assert "added" in capsys.readouterr().out
    with Library(folder) as library:
        assert len(library.articles.rows()) == 1


def test_only_pdfs_before_a_command_are_files_to_open() -> None:
    split = cli._split_gui_arguments
    assert split(["--library", "/x/dir.pdf", "add", "a.pdf"]) == (
        ["--library", "/x/dir.pdf", "add", "a.pdf"],
        [],
    )
    assert split(["--library", "/x/lib", "a.pdf"]) == (["--library", "/x/lib"], ["a.pdf"])
    assert split(["b.PDF"]) == ([], ["b.PDF"])


DAMAGED_PAGE_TREE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count -5>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize("command", [["add"], ["pdf", "import"]])
def test_a_pdf_whose_pages_cannot_be_counted_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(DAMAGED_PAGE_TREE)
    assert cli.main(["--library", str(tmp_path / "lib"), *command, str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "damaged.pdf: the PDF's list of pages is damaged" in err
    assert "RuntimeError" not in err and "Traceback" not in err


def test_two_entries_with_one_id_are_refused(library: Library) -> None:
    tomb = {
        "id": "urn:uuid:44444444-1111-4111-8111-111111111111",
        "deleted": "2026-01-01T00:00:00Z",
    }
    assert "the same id as tombstones[0]" in refused(
        library, {**native(), "tombstones": [tomb, tomb]}
    )
    data = native()
    data["findings"] *= 2
    assert "the same id as findings[0]" in refused(library, data)
