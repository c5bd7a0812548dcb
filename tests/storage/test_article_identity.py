"""Finding an article by what identifies it, and the key a new or completed article takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from poemsreader.core.errors import NotFound
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.pdf.document import PdfFacts, inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.article_identity import (
    article_for_key,
    article_of_pdf_id,
    article_of_sha256,
    article_with_doi,
    article_with_page_texts,
    articles_by_key,
    articles_with_url,
    key_owned_by_another,
    keys_of_articles_with_pdf,
)
from poemsreader.storage.articles import add_article_awaiting_pdf, adopt_key
from poemsreader.storage.pdf_files import page_texts
from poemsreader.storage.schema import Article, PageText
from tests.pdfgen import ArticleSpec, make_article
from tests.share.builders import add_reference


def _add_pdf(library: Library, path: Path) -> PdfFacts:
    facts = inspect_pdf(path)
    library.articles.add_pdf(facts)
    return facts


def test_a_pdf_names_its_article_by_both_id_halves_or_its_hash(
    library: Library, article_pdf: Path
) -> None:
    facts = _add_pdf(library, article_pdf)
    with library.db.reading() as session:
        by_hash = article_of_sha256(session, facts.sha256)
        assert by_hash is not None and by_hash.citekey == "Royer 2013"
        assert article_of_sha256(session, "0" * 64) is None
        found = article_of_pdf_id(session, facts.pdf_id0, facts.pdf_id1)
        assert found is not None and found.id == by_hash.id
        assert article_of_pdf_id(session, facts.pdf_id0, "not the second half") is None


def test_the_doi_matches_in_any_case(library: Library) -> None:
    add_reference(library, "Royer 2013", doi="10.1002/AJH.23368")
    with library.db.reading() as session:
        found = article_with_doi(session, "10.1002/ajh.23368")
        assert found is not None and found.citekey == "Royer 2013"
        assert article_with_doi(session, "10.1002/ajh.2336") is None


def test_articles_with_an_url_stop_at_the_limit(library: Library) -> None:
    for key in ("A 2013", "B 2013", "C 2013"):
        add_reference(library, key)
    with library.db.transaction() as session:
        for article in session.scalars(select(Article)):
            article.url = "https://journal.example/landing"
    with library.db.reading() as session:
        assert len(articles_with_url(session, "https://journal.example/landing", limit=2)) == 2
        assert articles_with_url(session, "https://journal.example/other", limit=2) == []


def test_most_page_texts_in_common_name_the_article(library: Library, tmp_path: Path) -> None:
    facts = _add_pdf(library, make_article(tmp_path / "a.pdf", ArticleSpec(page_count=4)))
    hashes = [h for h in facts.page_text_hashes if h]
    assert len(hashes) == 4
    with library.db.reading() as session:
        half = {*hashes[:2], "x" * 64, "y" * 64}  # 2 of 4 wanted pages are ours
        found = article_with_page_texts(session, half, 0.5)
        assert found is not None and found.citekey == "Royer 2013"
        assert article_with_page_texts(session, {*hashes[:1], "x" * 64, "y" * 64}, 0.5) is None
        assert article_with_page_texts(session, set(), 0.5) is None


def test_keys_in_order_and_the_ones_with_a_pdf(library: Library, article_pdf: Path) -> None:
    add_reference(library, "Zeta 2020")
    add_reference(library, "Alpha 2001")
    _add_pdf(library, article_pdf)
    with library.db.reading() as session:
        assert [a.citekey for a in articles_by_key(session)] == [
            "Alpha 2001",
            "Royer 2013",
            "Zeta 2020",
        ]
        assert keys_of_articles_with_pdf(session) == ["Royer 2013"]
        assert article_for_key(session, "Zeta 2020").citekey == "Zeta 2020"
        with pytest.raises(NotFound, match="No article with the key 'Nobody 1999'"):
            article_for_key(session, "Nobody 1999")


def test_a_key_is_owned_by_another_article_only(library: Library) -> None:
    add_reference(library, "Li 2013")
    with library.db.reading() as session:
        li = article_for_key(session, "Li 2013")
        assert key_owned_by_another(session, "Li 2013", None)
        assert not key_owned_by_another(session, "Li 2013", li.id)
        assert not key_owned_by_another(session, "Li 2014", None)


def test_page_texts_fill_missing_pages_with_nothing(library: Library, article_pdf: Path) -> None:
    _add_pdf(library, article_pdf)
    with library.db.transaction() as session:
        document = article_for_key(session, "Royer 2013").documents[0]
        stored = page_texts(session, document)
        assert len(stored) == document.page_count == 4 and all(stored)
        session.execute(
            delete(PageText).where(PageText.document_id == document.id, PageText.page_index == 1)
        )
        session.add(PageText(document_id=document.id, page_index=9, text="beyond the file"))
        assert page_texts(session, document) == [stored[0], "", stored[2], stored[3]]


RECORD = ArticleRecord(
    title="Efficacy of lenalidomide", authors=[Author("Li", "Jian")], year=2013, doi="10.1/li"
)


def test_an_article_awaiting_its_pdf_takes_the_wanted_key(library: Library) -> None:
    with library.db.transaction() as session:
        article = add_article_awaiting_pdf(session, "u-1", RECORD, "Royer 2013")
        assert article.id is not None  # written: findings may point at it
        assert (article.citekey, article.key_locked) == ("Royer 2013", True)
        assert article.reading_status == ReadingStatus.UNAVAILABLE.value
        assert (article.uuid, article.doi) == ("u-1", "10.1/li")


@pytest.mark.parametrize("wanted", ["", "   ", "Li 2013"])
def test_a_blank_or_taken_key_gives_a_key_of_our_own(library: Library, wanted: str) -> None:
    add_reference(library, "Li 2013")
    with library.db.transaction() as session:
        article = add_article_awaiting_pdf(session, "u-2", RECORD, wanted)
        assert article.citekey == "Li 2013a"  # made from the record, unique
        assert not article.key_locked


def test_a_locked_key_stays(library: Library) -> None:
    with library.db.transaction() as session:
        article = add_article_awaiting_pdf(session, "u-3", RECORD, "Royer 2013")
        adopt_key(session, article, "Royer 2013b")
        assert article.citekey == "Royer 2013"
