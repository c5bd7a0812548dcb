"""`poemsreader refs import/export` end to end, through `cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.services.library import Library
from tests.conftest import corpus_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_then_export_each_format(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    lib = str(tmp_path / "lib")
    nbib = corpus_path("bib", "pubmed-medline-10records.nbib")
    ris = corpus_path("bib", "ris-scopus.ris")
    status, out, err = run(capsys, "--library", lib, "refs", "import", str(nbib), str(ris))
    assert status == 0, err
    assert "pubmed-medline-10records.nbib: 10 references imported: 10 new, 0 merged" in out
    assert "0 of 11 articles read, 11 unavailable" in out

    target = tmp_path / "refs.json"
    status, out, _ = run(
        capsys, "--library", lib, "refs", "export", "--format", "csljson", "-o", str(target)
    )
    assert status == 0 and "11 references" in out
    items = json.loads(target.read_text(encoding="utf-8"))
    wormann = next(i for i in items if i["id"] == "Wörmann 2017")
    assert wormann["PMID"] == "29952495" and wormann["page"] == "55-64"

    for fmt, marker in (("bib", "@article{Wörmann2017,"), ("ris", "TY  - JOUR")):
        out_file = tmp_path / f"refs.{fmt}"
        status, _, _ = run(
            capsys, "--library", lib, "refs", "export", "--format", fmt, "-o", str(out_file)
        )
        assert status == 0 and marker in out_file.read_text(encoding="utf-8")


def test_malformed_entries_are_reported_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    lib = str(tmp_path / "lib")
    plain = corpus_path("bib", "medline-plain-multiple-entries.txt")
    status, _out, err = run(capsys, "--library", lib, "refs", "import", str(plain))
    assert status == 0
    assert "medline-plain-multiple-entries.txt: line 55:" in err
    with Library(tmp_path / "lib") as library:
        assert len(library.articles.rows()) == 6


@pytest.mark.parametrize("content", ["Just some notes.\nNothing else.\n", None])
def test_bad_file_one_line_error_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: str | None
) -> None:
    lib = tmp_path / "lib"
    good = corpus_path("bib", "pubmed-nbib-single.nbib")
    if content is None:
        bad = corpus_path("bib", "ris-corrupted.ris")
    else:
        bad = tmp_path / "notes.txt"
        bad.write_text(content)
    status, out, err = run(capsys, "--library", str(lib), "refs", "import", str(good), str(bad))
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("poemsreader: ")
    assert bad.name in err
    assert out == ""
    with Library(lib) as library:
        assert library.articles.rows() == []


def test_export_to_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    target = tmp_path / "no" / "such" / "refs.bib"
    status, _, err = run(
        capsys,
        "--library",
        str(tmp_path / "lib"),
        "refs",
        "export",
        "--format",
        "bib",
        "-o",
        str(target),
    )
    assert status == 1 and err.count("\n") == 1
    assert not target.exists()
