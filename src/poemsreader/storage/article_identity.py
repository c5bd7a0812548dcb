"""Articles found by what identifies them: uuid, key, a PDF's /ID or SHA-256, DOI, PMID,
URL, the text of its pages. Each look-up returns the row (or None); which ones to
trust, and in what order, is the caller's rule."""

from __future__ import annotations

from collections.abc import Set

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.core.errors import NotFound
from poemsreader.storage.schema import Article, Document


def article_with_uuid(session: Session, uuid: str) -> Article | None:
    return session.scalar(select(Article).where(Article.uuid == uuid))


def article_with_key(session: Session, key: str) -> Article | None:
    return session.scalar(select(Article).where(Article.citekey == key))


def article_for_key(session: Session, key: str) -> Article:
    """The article the reviewer names by its key, or NotFound."""
    article = article_with_key(session, key)
    if article is None:
        raise NotFound(f"No article with the key {key!r}.")
    return article


def articles_by_key(session: Session) -> list[Article]:
    """Every article, in the order of their keys."""
    return list(session.scalars(select(Article).order_by(Article.citekey)))


def key_owned_by_another(session: Session, key: str, article_id: int | None) -> bool:
    """Whether an article other than `article_id` (None: any article) has the key."""
    query = select(Article.id).where(Article.citekey == key)
    if article_id is not None:
        query = query.where(Article.id != article_id)
    return session.scalar(query) is not None


def keys_of_articles_with_pdf(session: Session) -> list[str]:
    """The keys of the articles that have a PDF, sorted."""
    query = select(Article.citekey).where(Article.documents.any())
    return sorted(session.scalars(query))


def article_of_pdf_id(session: Session, id0: str, id1: str) -> Article | None:
    """The article of the PDF whose /ID has both these halves."""
    query = select(Document).where(Document.pdf_id0 == id0, Document.pdf_id1 == id1)
    document = session.scalar(query)
    return document.article if document is not None else None


def article_of_sha256(session: Session, sha256: str) -> Article | None:
    """The article of the PDF file with this SHA-256."""
    document = session.scalar(select(Document).where(Document.sha256 == sha256))
    return document.article if document is not None else None


def article_with_doi(session: Session, doi: str) -> Article | None:
    """DOIs compare without regard to case (`doi` given in lower case)."""
    return session.scalar(select(Article).where(func.lower(Article.doi) == doi))


def article_with_pmid(session: Session, pmid: str) -> Article | None:
    return session.scalar(select(Article).where(Article.pmid == pmid))


def articles_with_url(session: Session, url: str, limit: int) -> list[Article]:
    """At most `limit` articles whose URL is exactly `url`."""
    return list(session.scalars(select(Article).where(Article.url == url).limit(limit)))


def article_with_page_texts(session: Session, wanted: Set[str], share: float) -> Article | None:
    """The article of the first PDF whose page-text hashes hold at least `share` of
    `wanted` (the same text in another file); None when `wanted` is empty."""
    if not wanted:
        return None
    for document in session.scalars(select(Document)):
        have = {h for h in document.page_text_hashes if h}
        if len(wanted & have) >= share * len(wanted):
            return document.article
    return None
