"""`digest --since-last`: each export recorded; the next holds or marks only what is new."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.librarydata import add_finding
from tests.pdfgen import ArticleSpec, make_article


def _library(tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "lib"
    with Library(root) as library:
        pdf = make_article(tmp_path / "royer.pdf", ArticleSpec())
        article = library.articles.add_pdf(inspect_pdf(pdf)).article_id
        for text in ("Lenalidomide works.", "Radiation controls lesions.", "VEGF falls."):
            add_finding(library, article, text)
        uuids = [f.uuid for f in library.findings.all()]
    return root, uuids


def _digest(root: Path, out: Path, *extra: str) -> str:
    assert main(["--library", str(root), "digest", "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_since_last_holds_only_new_and_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, uuids = _library(tmp_path)
    first = _digest(root, tmp_path / "first.md")
    assert "Lenalidomide works." in first and "VEGF falls." in first
    with Library(root) as library:
        [export] = library.digest.log.exports()
        assert set(export.findings) == set(uuids)
        assert export.findings[uuids[0]]["statement"] == "Lenalidomide works."
        library.findings.edit(uuids[1], statement="Radiation controls isolated lesions.")
        article = library.articles.rows()[0].id
        add_finding(library, article, "Castleman disease accompanies it.")
    only = _digest(root, tmp_path / "only.md", "--since-last")
    assert "Castleman disease accompanies it." in only
    assert "Radiation controls isolated lesions." in only
    assert "Lenalidomide works." not in only and "VEGF falls." not in only

    # the "only" export was recorded too: nothing is new since
    empty = _digest(root, tmp_path / "empty.md", "--since-last")
    assert "Castleman" not in empty and "Radiation" not in empty


def test_since_last_mark_keeps_all_and_marks(tmp_path: Path) -> None:
    root, uuids = _library(tmp_path)
    _digest(root, tmp_path / "first.md")
    with Library(root) as library:
        library.findings.edit(uuids[2], statement="VEGF falls after treatment.")
    marked = _digest(root, tmp_path / "marked.md", "--since-last", "mark")
    assert "[changed] VEGF falls after treatment." in marked.replace("\\[", "[").replace("\\]", "]")
    assert "Lenalidomide works." in marked and "[new]" not in marked
    with Library(root) as library:
        last = library.digest.log.last()
        assert last is not None and last.format == "md"
        # the log keeps the text, not the mark
        assert last.findings[uuids[2]]["statement"] == "VEGF falls after treatment."


def test_unknown_mode_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--library", str(tmp_path / "lib"), "digest", "-o", "x.md", "--since-last", "x"])
    assert "invalid choice" in capsys.readouterr().err
