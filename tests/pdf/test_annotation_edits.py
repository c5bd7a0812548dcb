"""Editing marks other tools write: a "replace text" edit (a StrikeOut grouped under a
Caret) and a Caret's inserted text become findings like the other markup."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from poemsreader.cli import main
from poemsreader.pdf.annotation_read import read_annotations
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article


def test_acrobat_replace_edit_is_read(tmp_path: Path) -> None:
    found = read_annotations(corpus_path("annotated", "caret-acrobat.pdf"))
    replace = [a for a in found if a.kind == "Replace"]
    assert len(replace) == 1
    assert replace[0].anchor.quote == "Adobe Acrobat Reader"
    assert replace[0].contents == "Replace with: Google Chrome"
    assert replace[0].name == "aa7207e6-d5df-423a-8956-dbc4c21c5c8b"  # the Caret's /NM
    assert sorted(a.kind for a in found) == ["Highlight", "Replace", "StrikeOut", "Underline"]


def test_acrobat_edits_become_findings_through_the_cli(tmp_path: Path, capsys) -> None:
    root = str(tmp_path / "lib")
    path = str(corpus_path("annotated", "caret-acrobat.pdf"))
    assert main(["--library", root, "pdf", "import", path]) == 0
    assert "4 findings added" in capsys.readouterr().out
    assert main(["--library", root, "pdf", "import", path]) == 0
    assert "0 findings added" in capsys.readouterr().out
    assert main(["--library", root, "findings", "--json"]) == 0
    rows = {r["statement"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["Replace with: Google Chrome"]["quote"] == "Adobe Acrobat Reader"


def _pdfjs_style_edits(source: Path, target: Path) -> Path:
    """A lone Caret with inserted text, and a replace written as pdf.js writes it."""
    doc = pymupdf.open(source)
    page = doc[0]
    words = page.get_text("words")
    first, second = words[0], words[5]
    caret = page.add_caret_annot(pymupdf.Point(first[2], first[3]))
    caret.set_info(content="insert 'rare' here", title="Ana")
    caret.update()
    head = page.add_caret_annot(pymupdf.Point(second[2], second[3]))
    head.set_info(content="replacement", title="Ana")
    head.update()
    struck = page.add_strikeout_annot(pymupdf.Rect(second[:4]))
    struck.update()
    doc.xref_set_key(struck.xref, "IRT", f"{head.xref} 0 R")
    doc.xref_set_key(struck.xref, "RT", "/Group")
    doc.save(target)
    doc.close()
    return target


def test_a_caret_comment_and_a_replace_become_findings(tmp_path: Path) -> None:
    source = make_article(tmp_path / "a.pdf", ArticleSpec())
    words = pymupdf.open(source)[0].get_text("words")
    found = read_annotations(_pdfjs_style_edits(source, tmp_path / "edited.pdf"))
    by_kind = {a.kind: a for a in found}
    assert set(by_kind) == {"Caret", "Replace"}
    assert by_kind["Caret"].contents == "insert 'rare' here"
    assert by_kind["Replace"].contents == "Replace with: replacement"
    assert by_kind["Replace"].anchor.quote == words[5][4]


def test_an_empty_caret_alone_is_no_finding(tmp_path: Path) -> None:
    source = make_article(tmp_path / "a.pdf", ArticleSpec())
    doc = pymupdf.open(source)
    caret = doc[0].add_caret_annot(pymupdf.Point(100, 100))
    caret.set_info(content="")
    caret.update()
    doc.save(tmp_path / "empty.pdf")
    assert read_annotations(tmp_path / "empty.pdf") == []
