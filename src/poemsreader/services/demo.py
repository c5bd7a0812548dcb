"""The demo library: six generated articles with references, topics and findings.

`build_demo_library(library)` fills an empty library so that every panel has
something to show and the digest exports at once. Nothing is downloaded: the
PDFs are written from `core/demo_content.py` into a temporary folder and added
like any other PDF.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from poemsreader.core.anchors import anchor_from_selection
from poemsreader.core.demo_content import DEMO_ARTICLES, DEMO_REVIEWER, DemoArticle, DemoFinding
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Anchor, ArticleRecord, ReadingStatus, SelectedPassage
from poemsreader.core.printed_pages import index_of_label
from poemsreader.pdf.demo_articles import write_demo_article
from poemsreader.pdf.document import PdfFacts, inspect_pdf
from poemsreader.pdf.quote_search import quote_quads
from poemsreader.services.library import Library
from poemsreader.storage.topics import STARTER_TOPICS, ensure_path

REVIEWER_COLOUR = "#1971c2"

# step number, step count, what is being done; returns False to cancel.
Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True)
class DemoSummary:
    articles: int
    findings: int
    topics: int

    @property
    def message(self) -> str:
        return (
            f"Demo library ready: {self.articles} articles, {self.findings} findings "
            f"under {self.topics} topics"
        )


class DemoCancelled(Exception):
    """The reviewer cancelled while the demo library was being built."""


def record_of(article: DemoArticle) -> ArticleRecord:
    return ArticleRecord(
        title=article.title,
        authors=list(article.authors),
        year=article.year,
        journal=article.journal,
        volume=article.volume,
        issue=article.issue,
        pages=article.page_range,
        published=article.published,
        doi=article.doi,
    )


def demo_anchor(facts: PdfFacts, article: DemoArticle, finding: DemoFinding) -> Anchor:
    """The anchor of a demo finding's quote, made as a reviewer's selection would be."""
    page_index = index_of_label(facts.printed_labels, str(finding.page))
    if page_index is None:
        raise ValueError(f"{article.slug}: no page of the PDF is labelled {finding.page}")
    quads = tuple(quote_quads(facts.path, page_index, finding.quote))
    passage = SelectedPassage(page_index, quads, finding.quote)
    anchor = anchor_from_selection(passage, facts.page_texts[page_index], facts.sha256)
    if anchor.start is None:
        raise ValueError(f"{article.slug}: quote not on page {finding.page}: {anchor.quote[:40]}…")
    return anchor


def ensure_empty(library: Library) -> None:
    if library.articles.rows():
        raise InvalidInput(
            f"The library at {library.root} already has articles; "
            "the demo library needs an empty folder."
        )


def build_demo_library(library: Library, progress: Progress | None = None) -> DemoSummary:
    """Fill the empty `library` with the demo articles and their findings."""
    ensure_empty(library)
    library.reviewers.set_me(DEMO_REVIEWER, REVIEWER_COLOUR)
    _add_topics(library)
    total = len(DEMO_ARTICLES) + 1
    findings = 0
    with tempfile.TemporaryDirectory(prefix="poemsreader-demo-") as tmp:
        for step, article in enumerate(DEMO_ARTICLES, start=1):
            if progress is not None and not progress(step, total, f"Writing {article.title}"):
                raise DemoCancelled("The demo library was cancelled half-way.")
            findings += _add_article(library, article, Path(tmp))
    if progress is not None:
        progress(total, total, "Done")
    return DemoSummary(len(DEMO_ARTICLES), findings, len(STARTER_TOPICS))


def _add_topics(library: Library) -> None:
    """The starter topics (the demo files its findings under them), in their order."""
    with library.db.transaction() as session:
        for path in STARTER_TOPICS:
            ensure_path(session, path)


def _add_article(library: Library, article: DemoArticle, folder: Path) -> int:
    pdf = write_demo_article(article, folder / f"{article.slug}.pdf")
    facts = inspect_pdf(pdf)
    added = library.articles.add_pdf(facts, record_of(article))
    library.articles.set_reading_status(added.article_id, ReadingStatus(article.reading_status))
    for finding in article.findings:
        _add_finding(library, added.article_id, demo_anchor(facts, article, finding), finding)
    return len(article.findings)


def _add_finding(library: Library, article_id: int, anchor: Anchor, demo: DemoFinding) -> None:
    library.findings.create(
        article_id,
        [anchor],
        statement=demo.statement,
        topics=demo.topics,
        status=demo.status,
        comment=demo.comment,
    )
