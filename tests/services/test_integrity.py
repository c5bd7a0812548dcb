from __future__ import annotations

import shutil
from pathlib import Path

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.librarydata import add_finding, finding_statement
from tests.pdfgen import ArticleSpec, make_article


def test_a_fresh_library_is_clean(library: Library) -> None:
    report = library.integrity.check()
    assert report.clean, report.lines()
    assert report.integrity == ["ok"]


def test_deleted_pdf_is_file_missing_and_findings_stay(library: Library, article_pdf: Path) -> None:
    added = library.articles.add_pdf(inspect_pdf(article_pdf))
    finding = add_finding(library, added.article_id, "Kept")
    stored = library.articles.pdf_path(added.article_id)
    assert stored is not None
    stored.unlink()
    report = library.integrity.check()
    assert [m.key for m in report.missing_files] == [added.key]
    assert any("file missing" in line for line in report.lines())
    assert library.integrity.missing_document_ids() == {report.missing_files[0].document_id}
    assert finding_statement(library, finding) == "Kept"
    assert [r.key for r in library.articles.rows()] == [added.key]


def test_relink_finds_moved_files_by_hash(library: Library, tmp_path: Path) -> None:
    first = make_article(tmp_path / "a.pdf", ArticleSpec(authors="Ann Lee", title="One"))
    second = make_article(tmp_path / "b.pdf", ArticleSpec(authors="Bo Kim", title="Two"))
    copied = library.articles.add_pdf(inspect_pdf(first))
    linked = library.articles.add_pdf(inspect_pdf(second), link=True)
    moved = tmp_path / "moved" / "deep"
    moved.mkdir(parents=True)
    copy_path = library.articles.pdf_path(copied.article_id)
    assert copy_path is not None
    copy_path.unlink()
    shutil.move(second, moved / "renamed.PDF")
    shutil.copy(first, moved / "whatever.pdf")
    (moved / "unrelated.pdf").write_bytes(b"%PDF-1.4 nothing")
    assert len(library.integrity.missing_files()) == 2
    result = library.integrity.relink(tmp_path / "moved")
    assert {m.key for m in result.relinked} == {copied.key, linked.key}
    assert result.still_missing == []
    assert library.integrity.missing_files() == []
    assert copy_path.read_bytes() == first.read_bytes()  # copied back into the library
    assert library.articles.pdf_path(linked.article_id) == (moved / "renamed.PDF").resolve()


def test_orphaned_anchor_is_reported_and_flagged(library: Library, article_pdf: Path) -> None:
    added = library.articles.add_pdf(inspect_pdf(article_pdf))
    add_finding(library, added.article_id, "fine", page_index=1)
    bad = add_finding(library, added.article_id, "gone", page_index=40)
    report = library.integrity.check()
    assert [a.finding_id for a in report.orphan_anchors] == [bad]
    assert report.orphan_findings == []
    repaired = library.integrity.check(repair=True)
    assert [f.finding_id for f in repaired.orphan_findings] == [bad]
    assert "needs placing by hand" in repaired.lines()[-1]
    assert finding_statement(library, bad) == "gone"


def test_stray_copies_are_found_only_when_old(library: Library) -> None:
    stray = library.paths.pdf_dir / "0123456789abcdef.pdf"
    stray.write_bytes(b"%PDF-1.4")
    assert library.integrity.stray_files() == []  # may be an add still committing
    assert library.integrity.stray_files(min_age_s=0) == [stray]
    assert library.integrity.remove_stray_files(min_age_s=0) == [stray]
    assert not stray.exists()
