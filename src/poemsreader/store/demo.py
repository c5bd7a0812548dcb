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

from sqlalchemy import select

from poemsreader.core.demo_content import (
    DEMO_ARTICLES,
    DEMO_REVIEWER,
    DEMO_TOPICS,
    DemoArticle,
    DemoFinding,
)
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Anchor, ArticleRecord, ReadingStatus
from poemsreader.core.text import normalise
from poemsreader.pdf.demo_articles import quote_quads, write_demo_article
from poemsreader.pdf.document import PdfFacts, inspect_pdf
from poemsreader.store.library import Library
from poemsreader.store.schema import Article, Finding, FindingAnchor, FindingTopic
from poemsreader.store.topics import ensure_path

CONTEXT_CHARS = 32
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
    """The anchor of a demo finding's quote: quads, offsets, prefix and suffix."""
    page_index = finding.page - article.first_page
    quote = normalise(finding.quote)
    page_text = facts.page_texts[page_index]
    start = page_text.find(quote)
    if start < 0:
        raise ValueError(f"{article.slug}: quote not on page {finding.page}: {quote[:40]}…")
    end = start + len(quote)
    return Anchor(
        page_index=page_index,
        quote=quote,
        prefix=page_text[max(0, start - CONTEXT_CHARS) : start],
        suffix=page_text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
        quads=quote_quads(facts.path, page_index, finding.quote),
        document_sha256=facts.sha256,
    )


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
    return DemoSummary(len(DEMO_ARTICLES), findings, len(DEMO_TOPICS))


def _add_topics(library: Library) -> None:
    with library.db.transaction() as session:
        for path in DEMO_TOPICS:
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
    me = library.reviewers.me()
    with library.db.transaction() as session:
        finding = Finding(
            article_id=article_id,
            statement=demo.statement,
            quote=anchor.quote,
            status=demo.status.value,
            comment=demo.comment,
            reviewer_id=me.id if me else None,
        )
        finding.anchors = [
            FindingAnchor(
                seq=0,
                page_index=anchor.page_index,
                quads=[[q.x0, q.y0, q.x1, q.y1] for q in anchor.quads],
                quote=anchor.quote,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                start=anchor.start,
                end=anchor.end,
                document_sha256=anchor.document_sha256,
            )
        ]
        session.add(finding)
        session.flush()
        for rank, path in enumerate(demo.topics):
            topic = ensure_path(session, path)
            count = len(
                session.scalars(select(FindingTopic).where(FindingTopic.topic_id == topic.id)).all()
            )
            session.add(
                FindingTopic(finding_id=finding.id, topic_id=topic.id, rank=rank, position=count)
            )
        session.get(Article, article_id).key_locked = True  # type: ignore[union-attr]
