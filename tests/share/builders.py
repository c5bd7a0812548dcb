"""Building libraries with findings for the sharing tests, and reading them back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from poemsreader.core.model import Anchor, FindingRecord
from poemsreader.services.library import Library
from poemsreader.share.convert import SharedFinding
from poemsreader.storage.schema import Article, Conflict, Finding, Reviewer, Tombstone
from poemsreader.storage.share_rows import shared_of_row, write_shared


def add_reviewer(library: Library, reviewer_id: str, name: str, *, me: bool = True) -> None:
    with library.db.transaction() as session:
        session.add(Reviewer(id=reviewer_id, name=name, is_me=me))


def add_reference(library: Library, key: str, *, doi: str = "", uuid: str | None = None) -> str:
    """An article without a PDF; returns its uuid."""
    with library.db.transaction() as session:
        article = Article(citekey=key, title=f"Title of {key}", year=2013, doi=doi)
        if uuid:
            article.uuid = uuid
        session.add(article)
        session.flush()
        return article.uuid


def put_finding(
    library: Library,
    record: FindingRecord,
    article_uuid: str,
    positions: dict[str, float] | None = None,
) -> None:
    """Create or overwrite a finding exactly as `record` says (times included)."""
    with library.db.transaction() as session:
        article = session.scalar(select(Article).where(Article.uuid == article_uuid))
        row = session.scalar(select(Finding).where(Finding.uuid == record.uuid))
        shared = SharedFinding(record, article_uuid, positions or {})
        write_shared(session, library.findings, row, shared, article, orphan=False)


def delete_finding(library: Library, uuid: str, when: datetime) -> None:
    with library.db.transaction() as session:
        row = session.scalar(select(Finding).where(Finding.uuid == uuid))
        row.deleted = when


def findings(library: Library) -> dict[str, SharedFinding]:
    """Live findings by uuid."""
    with library.db.reading() as session:
        rows = session.scalars(select(Finding).where(Finding.deleted.is_(None)))
        return {row.uuid: shared_of_row(session, row) for row in rows}


def deleted_uuids(library: Library) -> set[str]:
    with library.db.reading() as session:
        soft = set(session.scalars(select(Finding.uuid).where(Finding.deleted.is_not(None))))
        return soft | set(session.scalars(select(Tombstone.uuid)))


def orphans(library: Library) -> set[str]:
    with library.db.reading() as session:
        return set(session.scalars(select(Finding.uuid).where(Finding.orphan.is_(True))))


def conflicts(library: Library) -> list[dict[str, Any]]:
    with library.db.reading() as session:
        return [dict(c.theirs, uuid=c.finding_uuid) for c in session.scalars(select(Conflict))]


def anchor(
    page: int,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
    **kw: Any,
) -> Anchor:
    return Anchor(
        page_index=page, quote=quote, prefix=prefix, suffix=suffix, start=start, end=end, **kw
    )


def comparable(shared: SharedFinding) -> dict[str, Any]:
    """A finding's content and times, as the round-trip compares them."""
    r = shared.record
    return {
        "uuid": r.uuid,
        "article": shared.article_uuid,
        "statement": r.statement,
        "quote": r.quote,
        "topics": list(r.topics),
        "positions": {p: shared.positions.get(p, 0.0) for p in r.topics},
        "tags": sorted(r.tags),
        "status": r.status,
        "comment": r.comment,
        "colour": r.colour,
        "reviewer": (r.reviewer_id, r.reviewer_name),
        "created": r.created,
        "modified": r.modified,
        "anchors": [
            (
                a.page_index,
                a.quote,
                a.prefix,
                a.suffix,
                a.start,
                a.end,
                [(q.x0, q.y0, q.x1, q.y1) for q in a.quads],
                a.document_sha256,
                a.is_area,
            )
            for a in r.anchors
        ],
    }
