"""Recognising a shared article in this library, and placing its findings on our PDF.

Matching order: the article's uuid (it came from here, or from an earlier
exchange), both /ID halves, SHA-256, DOI, PMID, the URL with the same title, then
the per-page text hashes (most pages equal: the same text, another file). The first
/ID half alone is not trusted: producers reuse it across different files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.core.model import Anchor, Quad, ReadingStatus
from poemsreader.core.reanchor import PassageHint, reanchor
from poemsreader.pdf.quote_search import QuoteFinder
from poemsreader.share.convert import record_of_csl
from poemsreader.share.format import SharedArticle, uuid_of
from poemsreader.store.articles import apply_record, assign_key
from poemsreader.store.pdf_files import document_file
from poemsreader.store.reference_matching import normalised_title
from poemsreader.store.schema import Article, Document, PageText

TEXT_MATCH_SHARE = 0.5  # share of the file's page hashes found in one of our documents


def _by_documents(session: Session, shared: SharedArticle) -> Article | None:
    for fingerprint in shared.documents:
        if len(fingerprint.pdf_id) == 2 and all(fingerprint.pdf_id):
            found = session.scalar(
                select(Document).where(
                    Document.pdf_id0 == fingerprint.pdf_id[0],
                    Document.pdf_id1 == fingerprint.pdf_id[1],
                )
            )
            if found is not None:
                return found.article
    for fingerprint in shared.documents:
        found = session.scalar(select(Document).where(Document.sha256 == fingerprint.sha256))
        if found is not None:
            return found.article
    return None


def _by_identifiers(
    session: Session, shared: SharedArticle, url_names_it: bool = False
) -> Article | None:
    doi = shared.csl.DOI.strip().lower()
    if doi:
        found = session.scalar(select(Article).where(func.lower(Article.doi) == doi))
        if found is not None:
            return found
    pmid = shared.csl.PMID.strip()
    if pmid:
        found = session.scalar(select(Article).where(Article.pmid == pmid))
        if found is not None:
            return found
    return _by_url(session, shared, url_names_it)


def _by_url(session: Session, shared: SharedArticle, url_names_it: bool) -> Article | None:
    """A collaborator's URL only supports a match the title agrees with (and no DOI or
    PMID denies): many articles share a journal's landing page. A W3C annotation's target
    IRI is the page annotated (`url_names_it`): the one article with that URL is it. A
    `javascript:` URL names nothing."""
    url = shared.csl.URL.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    candidates = list(session.scalars(select(Article).where(Article.url == url).limit(2)))
    if url_names_it:
        return candidates[0] if len(candidates) == 1 else None
    title = normalised_title(shared.csl.title)
    for article in candidates if title else []:
        if normalised_title(article.title) == title and not _ids_differ(article, shared):
            return article
    return None


def _ids_differ(article: Article, shared: SharedArticle) -> bool:
    doi, pmid = shared.csl.DOI.strip().lower(), shared.csl.PMID.strip()
    return bool(doi and article.doi and article.doi.lower() != doi) or bool(
        pmid and article.pmid and article.pmid != pmid
    )


def _by_text(session: Session, shared: SharedArticle) -> Article | None:
    wanted = {h for d in shared.documents for h in d.page_text_hashes if h}
    if not wanted:
        return None
    for document in session.scalars(select(Document)):
        have = {h for h in document.page_text_hashes if h}
        if len(wanted & have) >= TEXT_MATCH_SHARE * len(wanted):
            return document.article
    return None


def match_article(
    session: Session, shared: SharedArticle, url_names_it: bool = False
) -> Article | None:
    by_uuid = session.scalar(select(Article).where(Article.uuid == uuid_of(shared.id)))
    return (
        by_uuid
        or _by_documents(session, shared)
        or _by_identifiers(session, shared, url_names_it)
        or _by_text(session, shared)
    )


def add_reference(session: Session, shared: SharedArticle) -> Article:
    """An article we do not have: its reference arrives, without a PDF."""
    article = Article(
        uuid=uuid_of(shared.id), citekey="", reading_status=ReadingStatus.UNAVAILABLE.value
    )
    apply_record(article, record_of_csl(shared.csl))
    session.add(article)
    assign_key(session, article)
    session.flush()
    return article


@dataclass
class LocalPdf:
    """Our PDF of an article (the first one), as re-anchoring needs it."""

    sha256: str
    pages: list[str] = field(default_factory=list)
    path: Path | None = None  # the file, to draw a re-anchored passage's highlight
    _finder: QuoteFinder | None = None

    def quads(self, page_index: int, start: int, end: int) -> list[Quad]:
        """Where the passage found again at [start, end) of the page text stands; [] when
        its text is not unique on the page (which copy is meant is unknown to a search)
        or the file is gone."""
        if self.path is None or not 0 <= page_index < len(self.pages):
            return []
        quote = self.pages[page_index][start:end]
        if not quote.strip() or self.pages[page_index].count(quote) != 1:
            return []
        if self._finder is None:
            self._finder = QuoteFinder(self.path)
        return self._finder.quads(page_index, quote)

    def close(self) -> None:
        if self._finder is not None:
            self._finder.close()


def local_pdf(session: Session, article: Article, root: Path | None = None) -> LocalPdf | None:
    """Our first PDF of `article` (its file looked for inside the library folder `root`)."""
    if not article.documents:
        return None
    document = article.documents[0]
    texts = session.execute(
        select(PageText.page_index, PageText.text).where(PageText.document_id == document.id)
    ).all()
    pages = [""] * document.page_count
    for index, text in texts:
        if 0 <= index < len(pages):
            pages[index] = text
    path = document_file(root, document.path) if root is not None else None
    return LocalPdf(document.sha256, pages, path if path and path.is_file() else None)


def place_anchors(anchors: list[Anchor], pdf: LocalPdf | None) -> tuple[list[Anchor], bool]:
    """Anchors placed on our PDF, and whether any could not be placed (an orphan).

    Without a PDF here the anchors are kept as they came. On the very file they
    were made on they hold as they are. Otherwise each passage is found again; one
    that cannot be found with confidence keeps its quote and context but loses its
    position, and the finding is marked orphan.
    """
    if pdf is None:
        return anchors, False
    placed: list[Anchor] = []
    orphan = False
    for anchor in anchors:
        if anchor.document_sha256 == pdf.sha256:
            placed.append(anchor)
            continue
        hint = PassageHint(
            anchor.page_index, anchor.quote, anchor.prefix, anchor.suffix, anchor.start, anchor.end
        )
        where = None if anchor.is_area else reanchor(hint, pdf.pages)
        if where is None:
            orphan = True
            placed.append(replace(anchor, start=None, end=None, quads=[]))
        else:
            placed.append(
                replace(
                    anchor,
                    page_index=where.page_index,
                    start=where.start,
                    end=where.end,
                    quads=pdf.quads(where.page_index, where.start, where.end),
                    document_sha256=pdf.sha256,
                )
            )
    return placed, orphan
