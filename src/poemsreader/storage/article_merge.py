"""Making two articles of the same paper one, and parting them again (its undo).

When the reviewer attaches a PDF that another article already holds, that
other article is the same paper added twice: its PDFs and findings move to the
article the reviewer chose, and it is removed. What it was is kept in an
`AbsorbedArticle`, so the undo restores it with the same uuid, key, reference,
PDFs and findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from poemsreader.core.model import ArticleRecord
from poemsreader.storage.articles import apply_record, assign_key, record_of
from poemsreader.storage.schema import Article, Document, Finding


@dataclass(frozen=True)
class AbsorbedArticle:
    """An article merged into another, as it was."""

    article_id: int
    uuid: str
    citekey: str
    key_locked: bool
    reading_status: str
    edited_fields: tuple[str, ...]
    record: ArticleRecord
    documents: tuple[str, ...]  # sha256 of its PDFs
    findings: tuple[str, ...]  # uuids of its findings (deleted ones too)


def absorb_article(session: Session, source: Article, target: Article) -> AbsorbedArticle:
    """Move `source`'s PDFs and findings to `target` and remove `source`."""
    findings = session.scalars(select(Finding.uuid).where(Finding.article_id == source.id))
    absorbed = AbsorbedArticle(
        article_id=source.id,
        uuid=source.uuid,
        citekey=source.citekey,
        key_locked=bool(source.key_locked),
        reading_status=source.reading_status,
        edited_fields=tuple(source.edited_fields or ()),
        record=record_of(source),
        documents=tuple(d.sha256 for d in source.documents),
        findings=tuple(findings),
    )
    session.flush()
    _move(session, source.id, target.id, absorbed)
    if absorbed.findings:
        target.key_locked = True  # findings cite it now
    session.expire(source)
    session.delete(source)
    session.flush()
    session.expire(target)
    return absorbed


def restore_article(session: Session, absorbed: AbsorbedArticle) -> Article:
    """The absorbed article again, holding its PDFs and findings."""
    article = Article(
        uuid=absorbed.uuid,
        citekey=absorbed.citekey,
        key_locked=absorbed.key_locked,
        reading_status=absorbed.reading_status,
        edited_fields=list(absorbed.edited_fields),
    )
    apply_record(article, absorbed.record)
    taken = session.scalar(select(Article.id).where(Article.citekey == absorbed.citekey))
    if taken is not None:
        article.citekey, article.key_locked = "", False
    session.add(article)
    if not article.citekey:
        assign_key(session, article)
    session.flush()
    owners = select(Document.article_id).where(Document.sha256.in_(absorbed.documents))
    for owner_id in set(session.scalars(owners)):
        _move(session, owner_id, article.id, absorbed)
        owner = session.get(Article, owner_id)
        if owner is not None:
            session.expire(owner)
    session.flush()
    session.expire(article)
    return article


def _move(session: Session, from_id: int, to_id: int, absorbed: AbsorbedArticle) -> None:
    """Give the absorbed article's PDFs and findings found on `from_id` to `to_id`."""
    session.execute(
        update(Document)
        .where(Document.article_id == from_id, Document.sha256.in_(absorbed.documents))
        .values(article_id=to_id)
    )
    session.execute(
        update(Finding)
        .where(Finding.article_id == from_id, Finding.uuid.in_(absorbed.findings))
        .values(article_id=to_id)
    )
