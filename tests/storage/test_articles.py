from __future__ import annotations

import sqlite3
from pathlib import Path

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article


def test_add_records_facts_and_text(library: Library, article_pdf: Path) -> None:
    result = library.articles.add_pdf(inspect_pdf(article_pdf))
    assert result.created
    assert result.key == "Royer 2013"
    [row] = library.articles.rows()
    assert row.title == "Efficacy of lenalidomide in POEMS syndrome"
    copied = library.articles.pdf_path(row.id)
    assert copied is not None and copied.read_bytes() == article_pdf.read_bytes()
    hits = library.articles.search_text("lenalidomide relapse")
    assert {h.key for h in hits} == {"Royer 2013"}


def test_same_file_twice_is_recognised(library: Library, article_pdf: Path) -> None:
    first = library.articles.add_pdf(inspect_pdf(article_pdf))
    second = library.articles.add_pdf(inspect_pdf(article_pdf))
    assert not second.created and second.article_id == first.article_id
    assert len(library.articles.rows()) == 1


def test_same_key_gets_suffixes(library: Library, tmp_path: Path) -> None:
    keys = []
    for n in range(3):
        spec = ArticleSpec(authors="Jian Li", title=f"Article {n}")
        keys.append(
            library.articles.add_pdf(inspect_pdf(make_article(tmp_path / f"{n}.pdf", spec))).key
        )
    assert keys == ["Li 2013", "Li 2013a", "Li 2013b"]


def test_database_is_wal_with_foreign_keys(library: Library) -> None:
    con = sqlite3.connect(library.paths.database)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with library.db.reading() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_search_survives_fts_syntax(library: Library, article_pdf: Path) -> None:
    library.articles.add_pdf(inspect_pdf(article_pdf))
    assert library.articles.search_text('alcohol AND ( "') == []
