"""Loading a digest from the library: findings grouped by topic, in the reviewer's order.

`DigestService` (as `library.digest`) reads the topics depth first, each with
its findings ordered by `finding_topic.position`, resolves the printed pages of
each finding's passages with the labels its citation uses (`core/printed_pages`), and
keeps the digest's title, date and introduction. The rows come from `storage/digest_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from poemsreader.core.anchors import anchor_pages
from poemsreader.core.changes import ChangeSet
from poemsreader.core.text import topic_key
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
from poemsreader.storage.database import Database
from poemsreader.storage.digest_log import DigestLog
from poemsreader.storage.digest_rows import DigestFinding, DigestRowReader, DigestRows
from poemsreader.storage.evidence import EvidenceService
from poemsreader.storage.topics import PATH_SEPARATOR

TEXT_KEYS = {"title": "digest.title", "date": "digest.date", "introduction": "digest.introduction"}
DEFAULT_TITLE = "Digest"


def long_date(day: date) -> str:
    """'24 January 2014' (the example digest's date line)."""
    month = day.strftime("%B")
    return f"{day.day} {month} {day.year}"


def _pages(
    finding: DigestFinding, labels: dict[int, list[str]]
) -> tuple[int | None, tuple[str, ...]]:
    """The first page of the finding's passages and the printed pages they cover."""
    if not finding.anchors:
        return None, ()
    pages = anchor_pages(finding.anchors, labels[finding.article_id])
    return min(a.page_index for a in finding.anchors), tuple(pages)


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
    def __init__(self, flt: DigestFilter, articles: dict[int, ArticleEntry]) -> None:
        self.flt = flt
        self.keys = {k.casefold() for k in flt.articles}
        self.tags = {t.casefold() for t in flt.tags}
        self.statuses = {s.casefold() for s in flt.statuses}
        self.reviewers = {r.casefold() for r in flt.reviewers}
        self.articles = articles

    def accepts(self, finding: DigestFinding) -> bool:
        flt = self.flt
        if self.keys and self.articles[finding.article_id].key.casefold() not in self.keys:
            return False
        if self.statuses and finding.status.casefold() not in self.statuses:
            return False
        if self.tags and not self.tags & {tag.casefold() for tag in finding.tags}:
            return False
        who = {finding.reviewer_id.casefold(), finding.reviewer.casefold()}
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
        self.rows = DigestRowReader(db)

    # -- the digest's own texts ---------------------------------------------------------

    def texts(self) -> dict[str, str]:
        """Title, date and introduction as the reviewer wrote them ('' when unset)."""
        stored = self.rows.settings(list(TEXT_KEYS.values()))
        return {name: stored[key] for name, key in TEXT_KEYS.items()}

    def set_text(self, field: str, value: str) -> ChangeSet:
        self.rows.set_setting(TEXT_KEYS[field], value)
        return ChangeSet(settings=True, message=f"Digest {field} changed")

    # -- loading ------------------------------------------------------------------------

    def data(self, flt: DigestFilter | None = None, today: date | None = None) -> DigestData:
        flt = flt or DigestFilter()
        texts = self.texts()
        rows = self.rows.read()
        return DigestData(
            title=texts["title"] or DEFAULT_TITLE,
            date=texts["date"] or long_date(today or datetime.now(UTC).date()),
            introduction=texts["introduction"],
            groups=_groups(rows, flt),
            articles=rows.articles,
            author=rows.me,
        )

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


def _groups(rows: DigestRows, flt: DigestFilter) -> list[TopicGroup]:
    """The wanted topics, depth first, each with the findings the filter lets through in
    the reviewer's order; then the findings filed under no topic, if any."""
    groups = rows.groups
    by_topic = {g.topic_id: g for g in groups}
    wanted = _wanted_topics(groups, flt.topics)
    accept = _FindingFilter(flt, rows.articles)
    unfiled = TopicGroup(None, UNFILED, UNFILED, 0)
    # Equal positions (findings placed on different machines) are ordered by uuid, which
    # every member shares, never by the local row id.
    placed: list[tuple[float, str, TopicGroup, FindingEntry]] = []
    for finding in rows.findings:
        if not accept.accepts(finding):
            continue
        entry = _entry(finding, rows.labels)
        links: list[tuple[int | None, float]] = list(finding.topics) or [
            (None, finding.created.timestamp())
        ]
        for topic_id, position in links:
            if topic_id not in wanted:
                continue
            placed.append((position, finding.uuid, by_topic.get(topic_id, unfiled), entry))
    placed.sort(key=lambda item: (item[0], item[1]))
    for _position, _id, group, entry in placed:
        group.findings.append(entry)
    kept = [g for g in groups if g.topic_id in wanted]
    return [*kept, unfiled] if unfiled.findings else kept


def _entry(finding: DigestFinding, labels: dict[int, list[str]]) -> FindingEntry:
    page_index, pages = _pages(finding, labels)
    return FindingEntry(
        uuid=finding.uuid,
        article_id=finding.article_id,
        statement=finding.statement,
        quote=finding.quote,
        comment=finding.comment,
        status=finding.status,
        tags=finding.tags,
        reviewer=finding.reviewer,
        page_index=page_index,
        pages=pages,
        orphan=finding.orphan,
    )
