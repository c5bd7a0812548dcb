"""Findings: create, edit, delete/restore, list in reading order, cite.

Every public call is one transaction and returns a ChangeSet. Reads return
`FindingInfo` snapshots (plain data, no live ORM objects), so the UI and the
CLI never hold a session.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from poemsreader.core.anchors import joined_quote, reading_order_key
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.model import (
    Anchor,
    FindingRecord,
    FindingStatus,
    Placing,
    utc_now,
)
from poemsreader.core.printed_pages import PageLabels, labels_from_first_page
from poemsreader.storage.anchor_rows import anchor_row
from poemsreader.storage.articles import get_article
from poemsreader.storage.database import Database
from poemsreader.storage.finding_batch import FindingBatch
from poemsreader.storage.finding_names import FindingNames
from poemsreader.storage.finding_reads import FindingInfo, read_findings, topic_paths_by_id
from poemsreader.storage.merge_base import remember_base
from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import (
    Finding,
    FindingTag,
    PageText,
    Reviewer,
    Tag,
    Topic,
)
from poemsreader.storage.topic_links import link_topics

EDITABLE_FIELDS = ("statement", "quote", "status", "comment", "colour", "tags")


def finding_with_uuid(session: Session, uuid: str) -> Finding | None:
    """The finding's row, deleted or not, or None."""
    return session.scalar(select(Finding).where(Finding.uuid == uuid))


def remove_finding_row(session: Session, uuid: str) -> None:
    """The finding's row goes entirely (no tombstone: as if never made), if there is one."""
    finding = finding_with_uuid(session, uuid)
    if finding is not None:
        session.delete(finding)


class FindingService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ------------------------------------------------------------------------

    def get(self, uuid: str) -> FindingInfo:
        with self.db.reading() as session:
            found = read_findings(session, Finding.uuid == uuid)
        if not found:
            raise NotFound(f"No finding {uuid}.")
        return found[0]

    def for_article(self, article_id: int, *, include_deleted: bool = False) -> list[FindingInfo]:
        """The article's findings in reading order (page, then column, then top)."""
        return self._list(Finding.article_id == article_id, include_deleted)

    def all(self, *, include_deleted: bool = False) -> list[FindingInfo]:
        """Every finding, article by article (by key), each article in reading order."""
        found = self._list(true(), include_deleted)
        return sorted(found, key=lambda f: f.article_key)

    def _list(self, condition: ColumnElement[bool], include_deleted: bool) -> list[FindingInfo]:
        if not include_deleted:
            condition = and_(condition, Finding.deleted.is_(None))
        with self.db.reading() as session:
            infos = read_findings(session, condition)
        return sorted(infos, key=lambda f: reading_order_key(f.anchors))

    def citation(self, finding: FindingInfo | str) -> str:
        """`(Humeniuk 2013 p.72)` with the article's printed page labels."""
        info = self.get(finding) if isinstance(finding, str) else finding
        return info.citation

    def labels(self, article_id: int) -> PageLabels:
        with self.db.reading() as session:
            return article_labels(self._article(session, article_id))

    def page_text(self, article_id: int, page_index: int) -> str:
        """The normalised text of one page of the article's first PDF ('' when unknown)."""
        with self.db.reading() as session:
            article = self._article(session, article_id)
            if not article.documents:
                return ""
            text = session.scalar(
                select(PageText.text).where(
                    PageText.document_id == article.documents[0].id,
                    PageText.page_index == page_index,
                )
            )
            return text or ""

    def document_sha256(self, article_id: int) -> str:
        with self.db.reading() as session:
            article = self._article(session, article_id)
            return article.documents[0].sha256 if article.documents else ""

    def tag_names(self) -> list[str]:
        with self.db.reading() as session:
            return sorted(session.scalars(select(Tag.name)))

    def topic_paths(self) -> list[str]:
        """Every topic path ('Treatment', 'Treatment/Radiation'…), for completion."""
        with self.db.reading() as session:
            return sorted(topic_paths_by_id(session)[0].values())

    # -- creating -----------------------------------------------------------------------

    def create(
        self,
        article_id: int,
        anchors: Sequence[Anchor] = (),
        *,
        statement: str = "",
        topics: Sequence[str] = (),
        tags: Sequence[str] = (),
        status: FindingStatus = FindingStatus.NEW,
        comment: str = "",
        colour: str = "",
    ) -> tuple[str, ChangeSet]:
        """A new finding on the given passages (none: about the whole article)."""
        record = FindingRecord(
            statement=statement,
            quote=joined_quote(anchors),
            topics=list(topics),
            tags=list(tags),
            status=status,
            comment=comment,
            colour=colour,
            anchors=list(anchors),
        )
        return record.uuid, self.create_record(article_id, record)

    def create_record(self, article_id: int, record: FindingRecord) -> ChangeSet:
        """Store `record` as it is (uuid and dates kept: undo/redo and imports use this)."""
        with self.db.transaction() as session:
            topics_before = _topic_count(session)
            self.create_in(session, article_id, record)
            created_topics = _topic_count(session) != topics_before
            key = self._article(session, article_id).citekey
        return ChangeSet(
            articles={article_id},
            findings={record.uuid},
            topics=created_topics,
            message=f"Finding added to {key}",
        )

    def create_in(
        self,
        session: Session,
        article_id: int,
        record: FindingRecord,
        names: FindingNames | None = None,
        positions: Mapping[str, float] | None = None,
    ) -> Finding:
        """create_record inside a caller's transaction (see update_in for the options)."""
        article = self._article(session, article_id)
        finding = Finding(
            uuid=record.uuid,
            article_id=article_id,
            status=FindingStatus(record.status).value,
            reviewer_id=self.reviewer_of(session, record),
            created=record.created,
        )
        session.add(finding)
        self.update_in(session, finding, record, names, positions)
        article.key_locked = True  # a cited key never changes silently
        return finding

    def batch(self, session: Session, names: FindingNames) -> FindingBatch:
        """New findings written together at the end (see finding_batch), as create_in
        writes each one."""
        return FindingBatch(session, names, self.reviewer_of)

    @classmethod
    def reviewer_of(cls, session: Session, record: FindingRecord) -> str:
        """Who a new finding is by: the record's reviewer, else the one it names."""
        return record.reviewer_id or cls._reviewer_id(session, record.reviewer_name)

    def update_in(
        self,
        session: Session,
        finding: Finding,
        record: FindingRecord,
        names: FindingNames | None = None,
        positions: Mapping[str, float] | None = None,
    ) -> None:
        """Overwrite the finding's content with `record` (anchors, topics and tags too).

        `names` shares topic and tag look-ups between the findings of one
        transaction; `positions` (by topic path) places the finding in its topics'
        digests instead of keeping its places (see topic_links.link_topics).
        """
        finding.statement = record.statement
        finding.quote = record.quote
        finding.status = FindingStatus(record.status).value
        finding.comment = record.comment
        finding.colour = record.colour
        finding.modified = record.modified
        if record.reviewer_name or record.reviewer_id:
            finding.reviewer_id = self.reviewer_of(session, record)
        finding.anchors = [anchor_row(a, i) for i, a in enumerate(record.anchors)]
        names = names or FindingNames(session)
        self._set_topics(session, finding, record.topics, names, positions)
        self._set_tags(finding, record.tags, names)

    def purge(self, uuid: str) -> ChangeSet:
        """Remove a finding entirely (undoing its creation; nothing else should call this)."""
        with self.db.transaction() as session:
            finding = self._finding(session, uuid)
            article_id = finding.article_id
            session.delete(finding)
        return ChangeSet(articles={article_id}, findings={uuid}, message="Finding removed")

    # -- editing ------------------------------------------------------------------------

    def edit(self, uuid: str, **values: object) -> ChangeSet:
        """Change fields among EDITABLE_FIELDS (`tags` is a list of names)."""
        unknown = set(values) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(f"A finding has no field {sorted(unknown)[0]!r} to edit.")
        with self.db.transaction() as session:
            finding = self._finding(session, uuid)
            remember_base(session, finding)
            for name, value in values.items():
                if name == "tags":
                    self._set_tags(finding, value, FindingNames(session))  # type: ignore[arg-type]
                elif name == "status":
                    finding.status = FindingStatus(value).value
                else:
                    setattr(finding, name, str(value))
            finding.modified = utc_now()
            article_id = finding.article_id
        return ChangeSet(articles={article_id}, findings={uuid}, message="Finding edited")

    def set_topics(self, uuid: str, paths: Sequence[str]) -> ChangeSet:
        """File the finding under `paths` (ordered; missing topics are created)."""
        with self.db.transaction() as session:
            finding = self._finding(session, uuid)
            remember_base(session, finding)
            topics_before = _topic_count(session)
            self._set_topics(session, finding, paths, FindingNames(session))
            created = _topic_count(session) != topics_before
            finding.modified = utc_now()
            article_id = finding.article_id
        return ChangeSet(articles={article_id}, findings={uuid}, topics=created)

    def place(self, uuid: str, anchors: Sequence[Anchor], placement: str) -> ChangeSet:
        """Put the finding on these passages, placed so (`Placing`): the reviewer placing
        an orphan by hand, or undoing that. Its quote stays the one it was made with."""
        kind = Placing(placement)
        with self.db.transaction() as session:
            finding = self._finding(session, uuid)
            finding.anchors = [anchor_row(a, i) for i, a in enumerate(anchors)]
            finding.placement = kind.value
            finding.orphan = kind == Placing.ORPHAN
            finding.modified = utc_now()
            article_id = finding.article_id
        return ChangeSet(articles={article_id}, findings={uuid}, message="Finding placed")

    def set_deleted(self, uuid: str, deleted: bool) -> ChangeSet:
        """Soft delete (restorable) or restore."""
        with self.db.transaction() as session:
            finding = self._finding(session, uuid)
            finding.deleted = utc_now() if deleted else None
            if not deleted:  # brought back now: later than any copy of its deletion
                finding.modified = utc_now()
            article_id = finding.article_id
        message = "Finding deleted" if deleted else "Finding restored"
        return ChangeSet(articles={article_id}, findings={uuid}, message=message)

    def delete(self, uuid: str) -> ChangeSet:
        return self.set_deleted(uuid, True)

    def restore(self, uuid: str) -> ChangeSet:
        return self.set_deleted(uuid, False)

    def set_first_page(self, article_id: int, first_page: str) -> ChangeSet:
        """The reviewer's correction: "the first page is 207" ('' returns to detection)."""
        first_page = first_page.strip()
        with self.db.transaction() as session:
            article = self._article(session, article_id)
            if first_page:
                labels_from_first_page(first_page, 1)  # validates: raises InvalidInput
            article.first_page_override = first_page
            uuids = set(
                session.scalars(select(Finding.uuid).where(Finding.article_id == article_id))
            )
        message = f"First page set to {first_page}" if first_page else "Detected page numbers used"
        return ChangeSet(articles={article_id}, findings=uuids, message=message)

    def first_page_override(self, article_id: int) -> str:
        with self.db.reading() as session:
            return self._article(session, article_id).first_page_override

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _finding(session: Session, uuid: str) -> Finding:
        finding = finding_with_uuid(session, uuid)
        if finding is None:
            raise NotFound(f"No finding {uuid}.")
        return finding

    _article = staticmethod(get_article)

    @staticmethod
    def _set_topics(
        session: Session,
        finding: Finding,
        paths: Iterable[str],
        names: FindingNames,
        positions: Mapping[str, float] | None = None,
    ) -> None:
        """Replace the finding's topics (order kept; blank paths skipped)."""
        topics = [(path, names.topic(path)) for path in paths if path.strip()]
        places = None
        if positions is not None:
            places = {}
            for path, topic in topics:
                places.setdefault(topic.id, positions.get(path, 0.0))
        link_topics(session, finding, [topic for _, topic in topics], places)

    @staticmethod
    def _set_tags(finding: Finding, names: Iterable[str], found: FindingNames) -> None:
        wanted = sorted({n.strip() for n in names if n.strip()})
        old_links = {link.tag.name: link for link in finding.tag_links}
        finding.tag_links = [
            old_links.get(name) or FindingTag(tag=found.tag(name)) for name in wanted
        ]

    @staticmethod
    def _reviewer_id(session: Session, name: str) -> str:
        """The reviewer called `name` (created when new); '' means the library's own reviewer."""
        if name:
            reviewer = session.scalar(select(Reviewer).where(Reviewer.name == name))
            if reviewer is None:
                reviewer = Reviewer(name=name)
                session.add(reviewer)
                session.flush()
            return reviewer.id
        me = session.scalar(select(Reviewer).where(Reviewer.is_me.is_(True)))
        if me is None:
            me = Reviewer(name=getpass.getuser() or "me", is_me=True)
            session.add(me)
            session.flush()
        return me.id


def _topic_count(session: Session) -> int:
    return session.scalar(select(func.count(Topic.id))) or 0
