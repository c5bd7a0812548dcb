"""Finding rows <-> the shared form of a finding (used by import and export)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from poemsreader.core.model import FindingRecord, FindingStatus
from poemsreader.share.convert import SharedFinding
from poemsreader.store.anchor_rows import anchor_of, anchor_row
from poemsreader.store.schema import (
    Article,
    Finding,
    FindingTag,
    FindingTopic,
    Reviewer,
    Tag,
    Topic,
)
from poemsreader.store.topics import ensure_path, topic_path


def findings_query() -> Select[tuple[Finding]]:
    """Findings with everything `shared_of_row` reads, loaded in a few queries."""
    return select(Finding).options(
        selectinload(Finding.anchors),
        selectinload(Finding.topic_links).joinedload(FindingTopic.topic),
        selectinload(Finding.tag_links).joinedload(FindingTag.tag),
        joinedload(Finding.article),
    )


def preload_names(session: Session) -> None:
    """Every topic and reviewer into the session, so paths and names need no query."""
    session.scalars(select(Topic)).all()
    session.scalars(select(Reviewer)).all()


def shared_of_row(session: Session, finding: Finding) -> SharedFinding:
    reviewer = session.get(Reviewer, finding.reviewer_id) if finding.reviewer_id else None
    topics = [(topic_path(session, link.topic), link.position) for link in finding.topic_links]
    record = FindingRecord(
        uuid=finding.uuid,
        statement=finding.statement,
        quote=finding.quote,
        topics=[path for path, _ in topics],
        tags=sorted(link.tag.name for link in finding.tag_links),
        status=FindingStatus(finding.status),
        comment=finding.comment,
        colour=finding.colour,
        reviewer_id=finding.reviewer_id or "",
        reviewer_name=reviewer.name if reviewer else "",
        created=finding.created,
        modified=finding.modified,
        anchors=[anchor_of(a) for a in finding.anchors],
    )
    return SharedFinding(record, finding.article.uuid, dict(topics))


def ensure_reviewer(session: Session, reviewer_id: str, name: str, colour: str = "") -> None:
    """Known reviewers keep the name and colour they have here; new ones are added with
    the sender's (never as me)."""
    if not reviewer_id:
        return
    if session.get(Reviewer, reviewer_id) is None:
        reviewer = Reviewer(id=reviewer_id, name=name, is_me=False)
        if colour:
            reviewer.colour = colour[:7]
        session.add(reviewer)


class NameCache:
    """Topics by path and tags by name, created once per import (not queried per finding)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.topics: dict[str, Topic] = {}
        self.tags: dict[str, Tag] = {t.name: t for t in session.scalars(select(Tag))}
        self.reviewers: set[str] = set(session.scalars(select(Reviewer.id)))

    def reviewer(self, reviewer_id: str, name: str, colour: str = "") -> None:
        if reviewer_id and reviewer_id not in self.reviewers:
            ensure_reviewer(self.session, reviewer_id, name, colour)
            self.reviewers.add(reviewer_id)

    def topic(self, path: str) -> Topic:
        if path not in self.topics:
            self.topics[path] = ensure_path(self.session, path)
        return self.topics[path]

    def tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name] = _tag(self.session, name)
        return self.tags[name]


def _tag(session: Session, name: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.name == name))
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
    return tag


def write_row(
    session: Session,
    finding: Finding,
    shared: SharedFinding,
    article: Article,
    orphan: bool,
    names: NameCache | None = None,
) -> None:
    """Make `finding` hold `shared` (content, anchors already placed, topics, tags)."""
    record = shared.record
    if names is not None:
        names.reviewer(record.reviewer_id, record.reviewer_name)
    else:
        ensure_reviewer(session, record.reviewer_id, record.reviewer_name)
    topic_of: Callable[[str], Topic] = names.topic if names else lambda p: ensure_path(session, p)
    tag_of: Callable[[str], Tag] = names.tag if names else lambda n: _tag(session, n)
    with session.no_autoflush:
        topics = [topic_of(path) for path in record.topics]
        tags = [tag_of(name) for name in record.tags]
    if finding.id is not None:  # replace links in two steps: same primary keys come back
        finding.topic_links = []
        finding.tag_links = []
        finding.anchors = []
        session.flush()
    with session.no_autoflush:
        finding.uuid = record.uuid
        finding.article = article
        finding.statement = record.statement
        finding.quote = record.quote
        finding.status = record.status.value
        finding.comment = record.comment
        finding.colour = record.colour
        finding.reviewer_id = record.reviewer_id or None
        finding.created = record.created
        finding.modified = record.modified
        finding.deleted = None
        finding.orphan = orphan
        finding.anchors = [anchor_row(a, i) for i, a in enumerate(record.anchors)]
        finding.topic_links = [
            FindingTopic(topic=topic, rank=rank, position=shared.positions.get(path, 0.0))
            for rank, (path, topic) in enumerate(zip(record.topics, topics, strict=True))
        ]
        finding.tag_links = [FindingTag(tag=tag) for tag in tags]
        session.add(finding)
