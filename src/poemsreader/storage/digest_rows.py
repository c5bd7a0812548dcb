"""What a digest is made from, read in one go: articles, topics, live findings.

The digest's use case (`services/digest_source.py`) filters, groups and orders
these plain rows; it never sees a session. Each finding comes with its passages
and each article with the printed page labels its citations use
(`storage/printed_pages.py`). The digest's title, date and introduction are
settings rows, read and written here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from poemsreader.core.model import Anchor
from poemsreader.digest.model import ArticleEntry, TopicGroup
from poemsreader.storage.anchor_rows import anchor_of
from poemsreader.storage.articles import record_of
from poemsreader.storage.database import Database
from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import Article, Finding, FindingTag, Reviewer, Setting
from poemsreader.storage.topics import depth_first, topic_tree


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
            reviewers = dict(session.execute(select(Reviewer.id, Reviewer.name)).all())
            me = session.scalar(select(Reviewer.name).where(Reviewer.is_me.is_(True)))
            findings = [
                _finding(row, reviewers.get(row.reviewer_id or "", ""))
                for row in session.scalars(
                    select(Finding)
                    .where(Finding.deleted.is_(None))
                    .order_by(Finding.id)
                    .options(
                        selectinload(Finding.anchors),
                        selectinload(Finding.topic_links),
                        selectinload(Finding.tag_links).selectinload(FindingTag.tag),
                    )
                )
            ]
            with_passages = {f.article_id for f in findings if f.anchors}
            labels = {i: article_labels(articles[i]).labels for i in with_passages}
            entries = {
                a.id: ArticleEntry(a.id, a.citekey, a.uuid, record_of(a)) for a in articles.values()
            }
        return DigestRows(entries, labels, groups, findings, me or "")


def _finding(row: Finding, reviewer: str) -> DigestFinding:
    return DigestFinding(
        id=row.id,
        uuid=row.uuid,
        article_id=row.article_id,
        statement=row.statement,
        quote=row.quote,
        comment=row.comment,
        status=row.status,
        tags=tuple(link.tag.name for link in row.tag_links),
        reviewer_id=row.reviewer_id or "",
        reviewer=reviewer,
        created=row.created,
        orphan=row.orphan,
        anchors=tuple(anchor_of(a) for a in row.anchors),
        topics=tuple((link.topic_id, link.position) for link in row.topic_links),
    )
