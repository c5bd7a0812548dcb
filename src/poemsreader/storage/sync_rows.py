"""What a team sync reads of the local library to find what changed since it last synced."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import (
    Article,
    Finding,
    FindingTag,
    FindingTopic,
    SyncBase,
    Tag,
    TeamSyncState,
    Topic,
)
from poemsreader.storage.share_rows import findings_query
from poemsreader.storage.team.state import DELETED


def merge_base_hashes(session: Session) -> dict[str, str]:
    """Finding uuid -> the content hash of its merge base (a share import moves it)."""
    return {u: h for u, h in session.execute(select(SyncBase.uuid, SyncBase.content_hash))}


def synced_findings_gone(session: Session) -> list[str]:
    """Findings synced live whose row is gone without a trace (their creation undone
    after the sync): no deletion stamp says so, only the sync state remembers them."""
    remaining = select(Finding.id).where(Finding.uuid == TeamSyncState.uuid).exists()
    query = select(TeamSyncState.uuid).where(
        TeamSyncState.kind == "finding", TeamSyncState.hash != DELETED, ~remaining
    )
    return list(session.scalars(query))


def finding_times(session: Session) -> list[tuple[str, datetime, datetime | None]]:
    """Every finding's (uuid, last edit, deletion time)."""
    rows = session.execute(select(Finding.uuid, Finding.modified, Finding.deleted))
    return [(uuid, modified, deleted) for uuid, modified, deleted in rows]


def articles_modified_since(session: Session, mark: datetime | None) -> list[Article]:
    """The references edited since `mark` (every one without a mark)."""
    query = select(Article)
    return list(session.scalars(query if mark is None else query.where(Article.modified >= mark)))


def placement_rows(session: Session) -> list[list[list[Any]]]:
    """The topic tree, the findings' places in it and their tags, each sorted: what a
    hash of the placement is made of."""
    queries = [
        select(Topic.id, Topic.name, Topic.parent_id),
        select(FindingTopic.finding_id, FindingTopic.topic_id, FindingTopic.position),
        select(Tag.id, Tag.name),
        select(FindingTag.finding_id, FindingTag.tag_id),
    ]
    return [[list(row) for row in sorted(session.execute(query).all())] for query in queries]


def findings_with_uuids(session: Session, uuids: Iterable[str]) -> list[Finding]:
    """The findings with these uuids, with what `shared_of_row` reads, 500 per query."""
    chosen = sorted(set(uuids))
    rows: list[Finding] = []
    for start in range(0, len(chosen), 500):
        part = chosen[start : start + 500]
        rows += session.scalars(findings_query().where(Finding.uuid.in_(part)))
    return rows
