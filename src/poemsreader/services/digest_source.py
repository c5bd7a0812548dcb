"""Loading a digest from the library: findings grouped by topic, in the reviewer's order.

`DigestService` (as `library.digest`) reads the topics depth first, each with
its findings ordered by `finding_topic.position`, resolves the printed pages of
each finding's passages with the labels its citation uses (`storage/printed_pages`),
and keeps the digest's title, date and introduction in the `setting` table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from poemsreader.core.anchors import anchor_pages
from poemsreader.core.changes import ChangeSet
from poemsreader.digest.assemble import build_digest
from poemsreader.digest.export import write_digest
from poemsreader.digest.model import (
    UNFILED,
    ArticleEntry,
    Digest,
    DigestData,
    DigestFilter,
    DigestOptions,
    FindingEntry,
    TopicGroup,
)
from poemsreader.digest.since_last import entries, select_since
from poemsreader.storage.anchor_rows import anchor_of
from poemsreader.storage.articles import record_of
from poemsreader.storage.database import Database
from poemsreader.storage.digest_log import DigestLog
from poemsreader.storage.evidence import EvidenceService
from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import (
    Article,
    Finding,
    FindingTag,
    Reviewer,
    Setting,
    topic_key,
)
from poemsreader.storage.topics import PATH_SEPARATOR, depth_first, topic_tree

TEXT_KEYS = {"title": "digest.title", "date": "digest.date", "introduction": "digest.introduction"}
DEFAULT_TITLE = "Digest"


def long_date(day: date) -> str:
    """'24 January 2014' (the example digest's date line)."""
    month = day.strftime("%B")
    return f"{day.day} {month} {day.year}"


class _Resolver:
    """The printed pages of each finding's passages, from the labels its citation uses."""

    def __init__(self, articles: dict[int, Article]) -> None:
        self.articles = articles
        self.labels: dict[int, list[str]] = {}

    def pages(self, finding: Finding) -> tuple[int | None, tuple[str, ...]]:
        if not finding.anchors:
            return None, ()
        anchors = [anchor_of(row) for row in finding.anchors]
        if finding.article_id not in self.labels:
            article = self.articles[finding.article_id]
            self.labels[finding.article_id] = article_labels(article).labels
        pages = anchor_pages(anchors, self.labels[finding.article_id])
        return min(a.page_index for a in anchors), tuple(pages)


def _topic_groups(session: Session) -> list[TopicGroup]:
    return [
        TopicGroup(node.id, node.name, node.path, depth)
        for node, depth in depth_first(topic_tree(session))
    ]


def _wanted_topics(groups: list[TopicGroup], paths: Sequence[str]) -> set[int | None]:
    if not paths:
        return {g.topic_id for g in groups} | {None}
    wanted = [_path_key(p) for p in paths]
    keep: set[int | None] = set()
    for group in groups:
        path = _path_key(group.path)
        if any(path == w or path.startswith(w + " / ") for w in wanted):
            keep.add(group.topic_id)
    return keep


def _path_key(path: str) -> str:
    """A topic path compared as topic names are: by each name's key."""
    return " / ".join(topic_key(part.strip()) for part in path.split(PATH_SEPARATOR))


class _FindingFilter:
    def __init__(self, flt: DigestFilter, articles: dict[int, Article]) -> None:
        self.flt = flt
        self.keys = {k.casefold() for k in flt.articles}
        self.tags = {t.casefold() for t in flt.tags}
        self.statuses = {s.casefold() for s in flt.statuses}
        self.reviewers = {r.casefold() for r in flt.reviewers}
        self.articles = articles

    def accepts(self, finding: Finding, reviewer_name: str) -> bool:
        flt = self.flt
        if self.keys and self.articles[finding.article_id].citekey.casefold() not in self.keys:
            return False
        if self.statuses and finding.status.casefold() not in self.statuses:
            return False
        if self.tags and not self.tags & {link.tag.name.casefold() for link in finding.tag_links}:
            return False
        who = {(finding.reviewer_id or "").casefold(), reviewer_name.casefold()}
        if self.reviewers and not self.reviewers & who:
            return False
        created = finding.created.astimezone(UTC).date()
        if flt.since and created < flt.since:
            return False
        return not (flt.until and created > flt.until)


class DigestService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.log = DigestLog(db)

    # -- the digest's own texts ---------------------------------------------------------

    def texts(self) -> dict[str, str]:
        """Title, date and introduction as the reviewer wrote them ('' when unset)."""
        with self.db.reading() as session:
            return {
                name: str((session.get(Setting, key) or Setting(value="")).value or "")
                for name, key in TEXT_KEYS.items()
            }

    def set_text(self, field: str, value: str) -> ChangeSet:
        key = TEXT_KEYS[field]
        with self.db.transaction() as session:
            setting = session.get(Setting, key)
            if setting is None:
                session.add(Setting(key=key, value=value))
            else:
                setting.value = value
        return ChangeSet(settings=True, message=f"Digest {field} changed")

    # -- loading ------------------------------------------------------------------------

    def data(self, flt: DigestFilter | None = None, today: date | None = None) -> DigestData:
        flt = flt or DigestFilter()
        texts = self.texts()
        with self.db.reading() as session:
            articles = {
                a.id: a
                for a in session.scalars(
                    select(Article).options(
                        selectinload(Article.authors), selectinload(Article.documents)
                    )
                )
            }
            groups = self._groups(session, flt, articles)
            me = session.scalar(select(Reviewer.name).where(Reviewer.is_me.is_(True)))
            entries = {
                a.id: ArticleEntry(a.id, a.citekey, a.uuid, record_of(a)) for a in articles.values()
            }
        return DigestData(
            title=texts["title"] or DEFAULT_TITLE,
            date=texts["date"] or long_date(today or datetime.now(UTC).date()),
            introduction=texts["introduction"],
            groups=groups,
            articles=entries,
            author=me or "",
        )

    def _groups(
        self, session: Session, flt: DigestFilter, articles: dict[int, Article]
    ) -> list[TopicGroup]:
        groups = _topic_groups(session)
        by_topic = {g.topic_id: g for g in groups}
        wanted = _wanted_topics(groups, flt.topics)
        reviewers = dict(session.execute(select(Reviewer.id, Reviewer.name)).all())
        accept = _FindingFilter(flt, articles)
        resolver = _Resolver(articles)
        findings = session.scalars(
            select(Finding)
            .where(Finding.deleted.is_(None))
            .options(
                selectinload(Finding.anchors),
                selectinload(Finding.topic_links),
                selectinload(Finding.tag_links).selectinload(FindingTag.tag),
            )
        ).all()
        unfiled = TopicGroup(None, UNFILED, UNFILED, 0)
        placed: list[tuple[float, int, TopicGroup, FindingEntry]] = []
        for finding in findings:
            reviewer = reviewers.get(finding.reviewer_id or "", "")
            if not accept.accepts(finding, reviewer):
                continue
            entry = _entry(finding, reviewer, resolver)
            links = finding.topic_links or [None]
            for link in links:
                topic_id = link.topic_id if link else None
                if topic_id not in wanted:
                    continue
                group = by_topic.get(topic_id, unfiled)
                position = link.position if link else finding.created.timestamp()
                placed.append((position, finding.id, group, entry))
        placed.sort(key=lambda item: (item[0], item[1]))
        for _position, _id, group, entry in placed:
            group.findings.append(entry)
        kept = [g for g in groups if g.topic_id in wanted]
        return [*kept, unfiled] if unfiled.findings else kept

    def build(
        self,
        flt: DigestFilter | None = None,
        options: DigestOptions | None = None,
        today: date | None = None,
        *,
        since_last: str = "",
    ) -> Digest:
        """The digest; `since_last` 'only' or 'mark': what is new or changed since the last."""
        data = self.data(flt, today)
        if since_last:
            data = select_since(data, self.log.since_last(data), since_last)
        return build_digest(data, options or DigestOptions())

    def new_since_last(self) -> list[tuple[str, str, FindingEntry]]:
        """(change, article key, finding) for each finding new or changed since the last export."""
        data = self.data()
        changed = self.log.since_last(data)
        return [
            (changed[e.uuid], data.articles[e.article_id].key, e)
            for e in entries(data)
            if e.uuid in changed
        ]

    def export(
        self,
        path: Path,
        fmt: str,
        flt: DigestFilter | None = None,
        options: DigestOptions | None = None,
        *,
        since_last: str = "",
        evidence: bool = False,
    ) -> Digest:
        """Write the digest and record the export (which findings, with their text);
        `evidence`: the evidence table as a last section, for the articles it cites."""
        data = self.data(flt)
        changed = self.log.since_last(data) if since_last else {}
        if since_last == "only":
            data = select_since(data, changed, "only")
        exported = entries(data)  # their text as it is, before any mark
        if since_last == "mark":
            data = select_since(data, changed, "mark")
        digest = build_digest(data, options or DigestOptions())
        if evidence:
            keys = {reference.key for reference in digest.references}
            section = EvidenceService(self.db).digest_section(keys)
            digest.sections.extend([section] if section else [])
        write_digest(digest, fmt, path)
        self.log.record(exported, fmt, path)
        return digest


def _entry(finding: Finding, reviewer: str, resolver: _Resolver) -> FindingEntry:
    page_index, pages = resolver.pages(finding)
    return FindingEntry(
        uuid=finding.uuid,
        article_id=finding.article_id,
        statement=finding.statement,
        quote=finding.quote,
        comment=finding.comment,
        status=finding.status,
        tags=tuple(link.tag.name for link in finding.tag_links),
        reviewer=reviewer,
        page_index=page_index,
        pages=pages,
        orphan=finding.orphan,
    )
