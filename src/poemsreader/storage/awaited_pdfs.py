"""Articles waiting for their PDF, and knowing that PDF when the reviewer adds it.

An article arrives without a PDF from a collaborator's annotation file or a
reference file. When the reviewer later adds or attaches its PDF, the PDF joins
that article, findings and all, instead of making a second article of the same
paper. The PDF is recognised by what the sender knew of their copy (SHA-256,
both /ID halves, most of the page texts: kept from the annotation file), by the
file the article's findings were highlighted on, then by DOI, PMID or title and
year, as the reference importer matches (`ArticleIndex`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.core.model import ArticleRecord
from poemsreader.pdf.document import PdfFacts
from poemsreader.storage.reference_matching import ArticleIndex
from poemsreader.storage.schema import Article, Finding, FindingAnchor, Setting

AWAITED_PREFIX = "awaited-pdf/"  # + article uuid: the sender's fingerprints of its PDF
TEXT_MATCH_SHARE = 0.5  # share of a fingerprint's page texts the added PDF must have


def remember_files(session: Session, article: Article, files: list[dict[str, Any]]) -> None:
    """Keep the fingerprints (sha256, pdf_id, page_text_hashes) of the PDF the article
    is waiting for."""
    if article.documents or not files:
        return
    key = AWAITED_PREFIX + article.uuid
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=files))
    else:
        held = _stored_files(setting)
        setting.value = [*held, *(f for f in files if f not in held)]


def _stored_files(setting: Setting) -> list[dict[str, Any]]:
    """The fingerprints kept in `setting` (a JSON list of objects; anything else: none)."""
    value = setting.value
    return [f for f in value if isinstance(f, dict)] if isinstance(value, list) else []


def forget_files(session: Session, article: Article) -> None:
    setting = session.get(Setting, AWAITED_PREFIX + article.uuid)
    if setting is not None:
        session.delete(setting)


def _fits(fingerprint: dict[str, Any], facts: PdfFacts) -> bool:
    if fingerprint.get("sha256") == facts.sha256:
        return True
    pdf_id = fingerprint.get("pdf_id") or []
    if len(pdf_id) == 2 and all(pdf_id) and pdf_id == [facts.pdf_id0, facts.pdf_id1]:
        return True
    wanted = {h for h in fingerprint.get("page_text_hashes") or [] if h}
    have = {h for h in facts.page_text_hashes if h}
    return bool(wanted) and len(wanted & have) >= TEXT_MATCH_SHARE * len(wanted)


def _by_fingerprints(session: Session, facts: PdfFacts) -> Article | None:
    query = select(Setting).where(Setting.key.startswith(AWAITED_PREFIX))
    for setting in session.scalars(query):
        if any(_fits(f, facts) for f in _stored_files(setting)):
            uuid = setting.key[len(AWAITED_PREFIX) :]
            found = session.scalar(select(Article).where(Article.uuid == uuid))
            if found is not None and not found.documents:
                return found
    return None


def _by_highlighted_file(session: Session, facts: PdfFacts) -> Article | None:
    """The article whose findings were highlighted on this very file elsewhere."""
    query = (
        select(Article)
        .join(Finding, Finding.article_id == Article.id)
        .join(FindingAnchor, FindingAnchor.finding_id == Finding.id)
        .where(FindingAnchor.document_sha256 == facts.sha256)
    )
    return next((a for a in session.scalars(query) if not a.documents), None)


def _by_reference(session: Session, record: ArticleRecord) -> Article | None:
    found = ArticleIndex(session).match(record)
    return found if found is not None and not found.documents else None


def article_awaiting(session: Session, facts: PdfFacts, record: ArticleRecord) -> Article | None:
    """The article without a PDF that `facts` is the PDF of (`record`: read from it)."""
    if session.scalar(select(Article.id).where(~Article.documents.any()).limit(1)) is None:
        return None  # every article has its PDF: nothing to look through
    return (
        _by_fingerprints(session, facts)
        or _by_highlighted_file(session, facts)
        or _by_reference(session, record)
    )
