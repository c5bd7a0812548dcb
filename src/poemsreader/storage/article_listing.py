"""Every article with all the library knows of it, for `list --json` and scripts.

The full reference, each PDF (its file, hash, pages and where its printed page
numbers came from), the printed pages the citations use, and the finding count:
what a script needs to check what was read from the PDFs and reference files.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import RECORD_FIELDS, Article, Document, Finding


def _document(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "linked": document.linked,
        "sha256": document.sha256,
        "pdf_id": [document.pdf_id0, document.pdf_id1],
        "page_count": document.page_count,
        "page_label_source": document.label_source,
        "page_label_note": document.label_note,
        "printed_labels": list(document.printed_labels),
        "has_text": document.has_text,
    }


def _article(article: Article, findings: int) -> dict[str, Any]:
    labels = article_labels(article)
    reference = {name: getattr(article, name) for name in RECORD_FIELDS}
    authors = [{"family": a.family, "given": a.given} for a in article.authors]
    return {
        "id": article.id,
        "uuid": article.uuid,
        "key": article.citekey,
        "key_locked": bool(article.key_locked),
        # the library table's columns, as before
        "authors": ", ".join(a.family for a in article.authors),
        "year": article.year,
        "title": article.title,
        "journal": article.journal,
        "reading_status": article.reading_status,
        "findings": findings,
        "has_pdf": bool(article.documents),
        # the whole reference and the PDFs
        "reference": {**reference, "authors": authors},
        "documents": [_document(d) for d in article.documents],
        "page_label_source": labels.source.value,
        "printed_pages": [labels.labels[0], labels.labels[-1]] if labels.labels else [],
    }


def articles_with_finding_counts(session: Session) -> list[tuple[Article, int]]:
    """Every article (authors and PDFs loaded) with its count of live findings, by key."""
    counts = dict(
        session.execute(
            select(Finding.article_id, func.count())
            .where(Finding.deleted.is_(None))
            .group_by(Finding.article_id)
        ).all()
    )
    articles = session.scalars(
        select(Article)
        .options(selectinload(Article.authors), selectinload(Article.documents))
        .order_by(Article.citekey)
    )
    return [(a, counts.get(a.id, 0)) for a in articles]


def full_listing(session: Session) -> list[dict[str, Any]]:
    """Each article as a JSON-ready dict, ordered by key."""
    return [_article(a, count) for a, count in articles_with_finding_counts(session)]
