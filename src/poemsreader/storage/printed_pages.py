"""The printed page labels an article's citations use, decided from what the store holds.

At add time the PDF's labels were detected (pdf/page_labels); here the
reviewer's correction and a reference page range that arrived later are taken
into account.
"""

from __future__ import annotations

from dataclasses import dataclass

from poemsreader.core.model import PageLabelSource
from poemsreader.pdf.page_labels import labels_from_first_page
from poemsreader.storage.schema import Article, Document


@dataclass(frozen=True)
class ArticleLabels:
    labels: list[str]
    source: PageLabelSource
    note: str = ""


def article_labels(article: Article) -> ArticleLabels:
    """The printed label of every page of the article's first PDF (see pdf/page_labels)."""
    document: Document | None = article.documents[0] if article.documents else None
    count = document.page_count if document else 0
    if article.first_page_override:
        labels = labels_from_first_page(article.first_page_override, count)
        return ArticleLabels(labels, PageLabelSource.REVIEWER)
    if document is None:
        return ArticleLabels([], PageLabelSource.PDF_INDEX)
    source = document.label_source or PageLabelSource.PDF_INDEX.value
    reference_first = article.pages.replace("–", "-").split("-")[0].strip()
    if source == PageLabelSource.PDF_INDEX.value and reference_first.isdigit():
        labels = labels_from_first_page(reference_first, count)
        return ArticleLabels(labels, PageLabelSource.REFERENCE_RANGE, document.label_note)
    labels = list(document.printed_labels) or [str(i + 1) for i in range(count)]
    return ArticleLabels(labels, PageLabelSource(source), document.label_note)
