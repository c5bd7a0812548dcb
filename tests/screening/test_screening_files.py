"""Search exports nobody here wrote, read for screening: language and publication type kept."""

from __future__ import annotations

from pathlib import Path

from poemsreader.bib.screening_file import read_screening_file
from poemsreader.services.library import Library
from tests.conftest import corpus_path


def test_pubmed_export_keeps_language_and_publication_types() -> None:
    entries = read_screening_file(corpus_path("bib", "pubmed-medline-10records.nbib"))
    assert len(entries) == 10
    assert all(e.record.pmid and e.record.title for e in entries)
    assert any("ger" in e.language for e in entries)
    assert all(e.publication_types for e in entries)


def test_ris_export_is_screened_too(library: Library) -> None:
    report = library.screening.import_file(corpus_path("bib", "ris-full.ris"))
    assert report.identified == 2 and report.new + report.duplicates == 2
    rows = library.screening.rows()
    assert all(r.title for r in rows) and all(r.publication_types for r in rows)


def test_a_generated_ris_search_with_languages(library: Library, tmp_path: Path) -> None:
    text = "".join(
        f"TY  - JOUR\nTI  - POEMS syndrome in a cohort of patients number {i}\n"
        f"AU  - Author{i}, Anna\nPY  - 2013\nLA  - {'French' if i % 2 else 'English'}\n"
        f"DO  - 10.1000/ris.{i % 3}\nER  - \n\n"
        for i in range(6)
    )
    (tmp_path / "search.ris").write_text(text, encoding="utf-8")
    report = library.screening.import_file(tmp_path / "search.ris")
    assert (report.identified, report.duplicates, report.new) == (6, 3, 3)
    assert [r.language for r in library.screening.rows()] == ["English", "French", "English"]
    assert {r.publication_types for r in library.screening.rows()} == {("Journal Article",)}
