"""What a digest is made from, read in one go: articles, topics, live findings.

The digest's use case (`services/digest_source.py`) filters, groups and orders
these plain rows; it never sees a session. Each finding comes with its passages
and each article with the printed page labels its citations use
(`storage/printed_pages.py`). The digest's title, date and introduction are
settings rows, read and written here too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from poemsreader.core.model import Anchor
from poemsreader.digest.model import ArticleEntry, TopicGroup
from poemsreader.storage.anchor_rows import anchor_of
from poemsreader.storage.articles import record_of
from poemsreader.storage.database import Database
from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import (
    Article,
    Finding,
    FindingAnchor,
    FindingTag,
    FindingTopic,
    Reviewer,
    Setting,
    Tag,
)
from poemsreader.storage.topics import depth_first, topic_tree

FINDING_COLUMNS = (
    Finding.id,
    Finding.uuid,
    Finding.article_id,
    Finding.statement,
    Finding.quote,
    Finding.comment,
    Finding.status,
    Finding.reviewer_id,
    Finding.created,
    Finding.orphan,
)


@dataclass(frozen=True)
class DigestFinding:
    """A live finding as the digest filters and files it."""

    id: int
    uuid: str
    article_id: int
    statement: str
    quote: str
    comment: str
    status: str
    tags: tuple[str, ...]
    reviewer_id: str  # '' when no reviewer is recorded
    reviewer: str  # the reviewer's name ('' when unknown)
    created: datetime
    orphan: bool
    anchors: tuple[Anchor, ...]
    topics: tuple[tuple[int, float], ...]  # (topic id, position among its findings)


@dataclass
class DigestRows:
    articles: dict[int, ArticleEntry]  # every article of the library
    labels: dict[int, list[str]]  # printed page labels of the articles with passages
    groups: list[TopicGroup]  # every topic, depth first, with no findings yet
    findings: list[DigestFinding]
    me: str  # the name of the library's own reviewer ('' when unset)


class DigestRowReader:
    def __init__(self, db: Database) -> None:
        self.db = db

    def settings(self, keys: list[str]) -> dict[str, str]:
        """The text of each settings key ('' when unset)."""
        with self.db.reading() as session:
            return {
                key: str((session.get(Setting, key) or Setting(value="")).value or "")
                for key in keys
            }

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as session:
            setting = session.get(Setting, key)
            if setting is None:
                session.add(Setting(key=key, value=value))
            else:
                setting.value = value

    def read(self) -> DigestRows:
        with self.db.reading() as session:
            articles = {
                a.id: a
                for a in session.scalars(
                    select(Article).options(
                        selectinload(Article.authors), selectinload(Article.documents)
                    )
                )
            }
            groups = [
                TopicGroup(node.id, node.name, node.path, depth)
                for node, depth in depth_first(topic_tree(session))
            ]
            me = session.scalar(select(Reviewer.name).where(Reviewer.is_me.is_(True)))
            findings = _live_findings(session)
            with_passages = {f.article_id for f in findings if f.anchors}
            labels = {i: article_labels(articles[i]).labels for i in with_passages}
            entries = {
                a.id: ArticleEntry(a.id, a.citekey, a.uuid, record_of(a)) for a in articles.values()
            }
        return DigestRows(entries, labels, groups, findings, me or "")


def _live_findings(session: Session) -> list[DigestFinding]:
    """Every live finding with its passages, topics and tags (plain rows: no ORM objects
    for the thousands of findings a digest may hold)."""
    live = Finding.deleted.is_(None)
    anchors: dict[int, list[Anchor]] = defaultdict(list)
    table = FindingAnchor.__table__
    query = (
        select(table)
        .join(Finding, Finding.id == table.c.finding_id)
        .where(live)
        .order_by(table.c.finding_id, table.c.seq)
    )
    for row in session.execute(query):
        anchors[row.finding_id].append(anchor_of(row))
    topics: dict[int, list[tuple[int, float]]] = defaultdict(list)
    query = select(FindingTopic.finding_id, FindingTopic.topic_id, FindingTopic.position)
    for finding_id, topic_id, position in session.execute(
        query.order_by(FindingTopic.finding_id, FindingTopic.rank)
    ):
        topics[finding_id].append((topic_id, position))
    tags: dict[int, list[str]] = defaultdict(list)
    query = select(FindingTag.finding_id, Tag.name).join(Tag, Tag.id == FindingTag.tag_id)
    for finding_id, name in session.execute(
        query.order_by(FindingTag.finding_id, FindingTag.tag_id)
    ):
        tags[finding_id].append(name)
    reviewers = dict(session.execute(select(Reviewer.id, Reviewer.name)).all())
    rows = session.execute(select(*FINDING_COLUMNS).where(live).order_by(Finding.id))
    return [
        DigestFinding(
            id=row.id,
            uuid=row.uuid,
            article_id=row.article_id,
            statement=row.statement,
            quote=row.quote,
            comment=row.comment,
            status=row.status,
            tags=tuple(tags.get(row.id, ())),
            reviewer_id=row.reviewer_id or "",
            reviewer=reviewers.get(row.reviewer_id or "", ""),
            created=row.created,
            orphan=row.orphan,
            anchors=tuple(anchors.get(row.id, ())),
            topics=tuple(topics.get(row.id, ())),
        )
        for row in rows
    ]
