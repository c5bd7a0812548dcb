"""The printed page labels of an article, from its rows (the rule: core/printed_pages).

What was detected when the PDF was added is stored with the document; the
reviewer's first page and the reference's page range are on the article.
"""

from __future__ import annotations

from poemsreader.core.model import PageLabelSource
from poemsreader.core.printed_pages import PageLabels
from poemsreader.core.printed_pages import article_labels as decide_article_labels
from poemsreader.storage.schema import Article, Document


def detected_labels(document: Document) -> PageLabels:
    """The labels decided from the PDF when it was added, as the document row holds them."""
    source = PageLabelSource(document.label_source or PageLabelSource.PDF_INDEX.value)
    return PageLabels(list(document.printed_labels or []), source, document.label_note or "")


def article_labels(article: Article) -> PageLabels:
    """The printed label of every page of the article's first PDF."""
    document: Document | None = article.documents[0] if article.documents else None
    return decide_article_labels(
        detected_labels(document) if document is not None else None,
        document.page_count if document is not None else 0,
        first_page_override=article.first_page_override or "",
        reference_pages=article.pages or "",
    )
