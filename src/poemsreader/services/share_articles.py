"""Recognising a shared article in this library, and placing its findings on our PDF.

Matching order: the article's uuid (it came from here, or from an earlier
exchange), both /ID halves, SHA-256, DOI, PMID, the URL with the same title, then
the per-page text hashes (most pages equal: the same text, another file). The first
/ID half alone is not trusted: producers reuse it across different files.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poemsreader.core.model import Anchor, Placing, Quad
from poemsreader.core.reanchor import KeyedPages, PassageHint, reanchor
from poemsreader.pdf.quote_search import QuoteFinder
from poemsreader.share.convert import record_of_csl
from poemsreader.share.format import SharedArticle, uuid_of
from poemsreader.storage.article_identity import (
    article_of_pdf_id,
    article_of_sha256,
    article_with_doi,
    article_with_page_texts,
    article_with_pmid,
    article_with_uuid,
    articles_with_url,
)
from poemsreader.storage.articles import (
    RECORD_FIELDS,
    add_article_awaiting_pdf,
    adopt_key,
    record_of,
    write_record,
)
from poemsreader.storage.awaited_pdfs import remember_files
from poemsreader.storage.pdf_files import document_file, page_texts
from poemsreader.storage.reference_matching import normalised_title
from poemsreader.storage.schema import Article

if TYPE_CHECKING:
    from poemsreader.storage.database import Session

TEXT_MATCH_SHARE = 0.5  # share of the file's page hashes found in one of our documents
MAX_KEY = 100  # a longer key from a file is not a key a reviewer chose: ours is made


def _by_documents(session: Session, shared: SharedArticle) -> Article | None:
    for fingerprint in shared.documents:
        if len(fingerprint.pdf_id) == 2 and all(fingerprint.pdf_id):
            found = article_of_pdf_id(session, *fingerprint.pdf_id)
            if found is not None:
                return found
    for fingerprint in shared.documents:
        found = article_of_sha256(session, fingerprint.sha256)
        if found is not None:
            return found
    return None


def _by_identifiers(
    session: Session, shared: SharedArticle, url_names_it: bool = False
) -> Article | None:
    doi = shared.csl.DOI.strip().lower()
    if doi:
        found = article_with_doi(session, doi)
        if found is not None:
            return found
    pmid = shared.csl.PMID.strip()
    if pmid:
        found = article_with_pmid(session, pmid)
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
    candidates = articles_with_url(session, url, limit=2)
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
    return article_with_page_texts(session, wanted, TEXT_MATCH_SHARE)


def match_article(
    session: Session, shared: SharedArticle, url_names_it: bool = False
) -> Article | None:
    by_uuid = article_with_uuid(session, uuid_of(shared.id))
    return (
        by_uuid
        or _by_documents(session, shared)
        or _by_identifiers(session, shared, url_names_it)
        or _by_text(session, shared)
    )


def sender_key(shared: SharedArticle) -> str:
    """The key the sender cites the article by, as our keys are written ("" when it is too
    long to be a key a reviewer chose)."""
    key = unicodedata.normalize("NFC", " ".join(shared.csl.id.split()))
    return key if len(key) <= MAX_KEY else ""


def take_sender_key(session: Session, article: Article, shared: SharedArticle) -> None:
    """The sender's key, so both digests cite alike (the sender's findings cite it), unless
    another article of ours owns it or this one's key is already cited here; else a key of
    our own."""
    adopt_key(session, article, sender_key(shared))


def add_reference(session: Session, shared: SharedArticle) -> Article:
    """An article we do not have: its whole reference arrives, without a PDF."""
    record = record_of_csl(shared.csl)
    article = add_article_awaiting_pdf(session, uuid_of(shared.id), record, sender_key(shared))
    remember_files(session, article, _fingerprints(shared))
    return article


def _fingerprints(shared: SharedArticle) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json") for d in shared.documents]


def complete_reference(session: Session, article: Article, shared: SharedArticle) -> None:
    """Fill what our reference of the article lacks from the sender's (what we hold, and
    what the reviewer emptied on purpose, stays); take the sender's key when ours is not
    cited yet."""
    theirs = record_of_csl(shared.csl)
    ours = record_of(article)
    edited = set(article.edited_fields or [])
    missing = [
        name
        for name in (*RECORD_FIELDS, "authors")
        if name not in edited
        and getattr(ours, name) in ("", None, [])
        and getattr(theirs, name) not in ("", None, [])
    ]
    if missing:
        for name in missing:
            setattr(ours, name, getattr(theirs, name))
        write_record(session, article, ours)
    take_sender_key(session, article, shared)
    remember_files(session, article, _fingerprints(shared))


def complete_matched_references(session: Session, articles: list[SharedArticle]) -> None:
    """complete_reference for each shared article this library already holds."""
    for shared in articles:
        article = match_article(session, shared)
        if article is not None:
            complete_reference(session, article, shared)


@dataclass(frozen=True)
class PlacedPassage:
    """One shared passage placed on our PDF, for the import report."""

    page_label: str  # where it landed, as the reviewer cites pages ("" for an orphan)
    kind: Placing


@dataclass
class LocalPdf:
    """Our PDF of an article (the first one), as re-anchoring needs it."""

    sha256: str
    pages: list[str] = field(default_factory=list)
    path: Path | None = None  # the file, to draw a re-anchored passage's highlight
    labels: list[str] = field(default_factory=list)  # printed page labels, for the report
    placed: list[PlacedPassage] = field(default_factory=list)
    _finder: QuoteFinder | None = None
    _keyed: KeyedPages | None = None

    @property
    def keyed(self) -> KeyedPages:
        """The pages' match keys, made once for all the passages placed on this PDF."""
        if self._keyed is None:
            self._keyed = KeyedPages(self.pages)
        return self._keyed

    def quads(self, page_index: int, start: int, end: int) -> list[Quad]:
        """Where the passage found again at [start, end) of the page text stands: a
        rectangle per line of exactly those characters; [] when the file is gone."""
        if self.path is None or not 0 <= page_index < len(self.pages):
            return []
        if self._finder is None:
            self._finder = QuoteFinder(self.path)
        return self._finder.range_quads(page_index, self.pages[page_index], start, end)

    def label(self, page_index: int) -> str:
        if 0 <= page_index < len(self.labels) and self.labels[page_index]:
            return self.labels[page_index]
        return str(page_index + 1)

    def close(self) -> None:
        if self._finder is not None:
            self._finder.close()


def local_pdf(session: Session, article: Article, root: Path | None = None) -> LocalPdf | None:
    """Our first PDF of `article` (its file looked for inside the library folder `root`)."""
    if not article.documents:
        return None
    document = article.documents[0]
    pages = page_texts(session, document)
    path = document_file(root, document.path) if root is not None else None
    labels = list(document.printed_labels or [])
    return LocalPdf(document.sha256, pages, path if path and path.is_file() else None, labels)


def place_anchors(anchors: list[Anchor], pdf: LocalPdf | None) -> tuple[list[Anchor], bool]:
    """Anchors placed on our PDF, and whether any could not be placed (an orphan).

    Without a PDF here the anchors are kept as they came. On the very file they
    were made on they hold as they are. Otherwise each passage is found again (a
    passage that crosses a page break in our copy becomes one anchor per page);
    one that cannot be found with confidence keeps its quote and context but loses
    its position, and the finding is marked orphan. Each anchor says how it was
    placed (`Anchor.placement`).
    """
    if pdf is None:
        return anchors, False
    placed: list[Anchor] = []
    for anchor in anchors:
        if anchor.document_sha256 == pdf.sha256:
            placed.append(replace(anchor, placement=Placing.POSITION.value))
            continue
        placed.extend(_place(anchor, pdf))
    return placed, any(a.placement == Placing.ORPHAN for a in placed)


def _place(anchor: Anchor, pdf: LocalPdf) -> list[Anchor]:
    hint = PassageHint(
        anchor.page_index, anchor.quote, anchor.prefix, anchor.suffix, anchor.start, anchor.end
    )
    where = None if anchor.is_area else reanchor(hint, pdf.keyed)
    if where is None:
        pdf.placed.append(PlacedPassage("", Placing.ORPHAN))
        return [replace(anchor, start=None, end=None, quads=[], placement=Placing.ORPHAN.value)]
    kind = Placing(where.method.value)
    pdf.placed.append(PlacedPassage(pdf.label(where.page_index), kind))
    pieces = []
    for segment in where.segments:
        text = pdf.pages[segment.page_index]
        pieces.append(
            replace(
                anchor,
                page_index=segment.page_index,
                quote=anchor.quote
                if len(where.segments) == 1
                else text[segment.start : segment.end],
                start=segment.start,
                end=segment.end,
                quads=pdf.quads(segment.page_index, segment.start, segment.end),
                document_sha256=pdf.sha256,
                placement=kind.value,
            )
        )
    return pieces
