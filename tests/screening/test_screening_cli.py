"""Screening a year's search from the command line, to a list of "to read" articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article
from tests.searchgen import make_search


def _run(lib: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--library", str(lib), *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_300_record_search_screened_to_included_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = tmp_path / "lib"
    search = make_search(tmp_path / "pubmed.txt", unique=270, duplicates=30)
    status, out, _ = _run(lib, capsys, "screen", "import", str(search.path))
    assert status == 0
    assert out.splitlines() == ["identified: 300", "duplicates: 30", "new: 270"]
    # the same search again: nothing new
    _, out, _ = _run(lib, capsys, "screen", "import", str(search.path))
    assert "new: 0" in out and "duplicates: 300" in out

    _, out, _ = _run(lib, capsys, "screen", "list", "--json")
    rows = json.loads(out)
    assert len(rows) == 270
    included = []
    for row in rows:
        if row["language"] != "eng":
            args = ["exclude", "--reason", "not in English"]
        elif "Case Reports" in row["publication_types"]:
            args = ["exclude", "--reason", "wrong publication type"]
        elif row["id"] % 5 == 0:
            args = ["maybe"]
        else:
            args = ["include"]
            included.append(row)
        status, _, err = _run(lib, capsys, "screen", "decide", str(row["id"]), *args)
        assert status == 0, err

    status, out, _ = _run(lib, capsys, "screen", "counts", "--json", "-o", str(tmp_path / "c.json"))
    counts = json.loads(out)
    assert counts == json.loads((tmp_path / "c.json").read_text())
    assert counts["identified"] == 600 and counts["duplicates"] == 330
    assert counts["screened"] == 270 == counts["included"] + counts["excluded"] + counts["maybe"]
    assert counts["excluded"] == sum(counts["excluded_by_reason"].values())
    assert counts["excluded: not in English"] == len(search.non_english)
    assert counts["included"] == len(included)

    with Library(lib) as library:
        articles = {r.title: r for r in library.articles.rows()}
        assert len(articles) == len(included)
        assert {r.reading_status for r in articles.values()} == {"to read"}
        for row in included:
            assert row["title"] in articles
        record = library.articles.record(
            included[0]["article_id"] or library.screening.row(included[0]["id"]).article_id
        )
        assert record.pmid == included[0]["pmid"] and record.doi == included[0]["doi"]


def test_undoing_an_inclusion_removes_the_article_it_made(library: Library, tmp_path: Path) -> None:
    from poemsreader.core.commands import UndoHistory
    from poemsreader.core.screening import DecideRecord, Decision

    library.screening.import_file(make_search(tmp_path / "s.txt", unique=3, duplicates=0).path)
    first = library.screening.rows()[0]
    history = UndoHistory(library)
    history.push(DecideRecord(first.id, Decision.INCLUDE))
    assert len(library.articles.rows()) == 1
    history.undo()
    assert library.articles.rows() == []
    assert library.screening.row(first.id).decision == Decision.UNDECIDED
    history.redo()
    assert len(library.articles.rows()) == 1


def test_the_pdf_of_an_included_record_attaches_to_its_article(
    library: Library, tmp_path: Path
) -> None:
    from poemsreader.bib.screening_file import ScreeningEntry
    from poemsreader.core.model import ArticleRecord, Author
    from poemsreader.core.screening import Decision

    spec = ArticleSpec()
    record = ArticleRecord(
        title=spec.title, authors=[Author("Royer", "Bruno")], year=2013, doi=spec.doi
    )
    library.screening.import_entries([ScreeningEntry(record, "eng")], "search.txt")
    [row] = library.screening.rows()
    library.screening.decide(row.id, Decision.INCLUDE)
    article_id = library.screening.row(row.id).article_id
    pdf = make_article(tmp_path / "royer.pdf", spec)
    from poemsreader.pdf.document import inspect_pdf

    result = library.articles.add_pdf(inspect_pdf(pdf))
    assert result.article_id == article_id and result.attached
    assert library.articles.pdf_path(article_id) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["screen", "decide", "999", "include"], "No screening record with id 999"),
        (["screen", "decide", "1", "perhaps"], "Unknown decision"),
        (["screen", "import", "missing.txt"], "no such file"),
    ],
)
def test_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = _run(tmp_path / "lib", capsys, *args)
    assert status == 1 and message in err and len(err.strip().splitlines()) == 1


def test_a_file_that_is_no_search_export_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\nnothing tagged\n")
    status, _, err = _run(tmp_path / "lib", capsys, "screen", "import", str(bad))
    assert status == 1 and "not in a reference format" in err
    with Library(tmp_path / "lib") as library:
        assert library.screening.rows() == [] and library.screening.counts().identified == 0
