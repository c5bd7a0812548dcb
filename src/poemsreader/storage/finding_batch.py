"""Findings new to the library, written together: a few INSERTs instead of an ORM unit of
work per finding.

A share import or a team pull may bring thousands of findings this library has never
held. Each one written through the ORM costs a flush of its row, its anchors, its topic
links and its tags (about 0.5 ms); collected here they go in one executemany per table.
The rows are the ones `FindingService.create_in` writes (`write_shared` for a new
finding), so the two paths store the same thing; `tests/storage/test_finding_batch.py`
compares them row by row.

The rows are not in the session's identity map: a caller that needs one of them as an
ORM object again in the same transaction calls `write()` first and loads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from poemsreader.core.model import FindingRecord, FindingStatus, Placing, weakest_placing
from poemsreader.share.convert import SharedFinding
from poemsreader.storage.finding_names import FindingNames
from poemsreader.storage.schema import (
    Article,
    Finding,
    FindingAnchor,
    FindingTag,
    FindingTopic,
    SyncBase,
    Tag,
    Topic,
)
from poemsreader.storage.topics import topic_path

CHUNK = 500  # rows per INSERT: far below SQLite's limit on bound parameters


@dataclass
class _NewFinding:
    values: dict[str, Any]
    article: Article
    anchors: list[dict[str, Any]]
    topics: list[tuple[Topic, float]]  # in rank order, each topic once
    tags: list[Tag]


@dataclass
class FindingBatch:
    """New findings (and new merge bases) of one transaction, written by `write()`."""

    session: Session
    names: FindingNames
    reviewer_of: Any  # (session, record) -> reviewer id: the findings service's rule
    pending: dict[str, _NewFinding] = field(default_factory=dict)
    bases: dict[str, SyncBase] = field(default_factory=dict)

    def __contains__(self, uuid: str) -> bool:
        return uuid in self.pending

    def add(
        self,
        article: Article,
        record: FindingRecord,
        positions: Mapping[str, float],
        orphan: bool,
    ) -> SharedFinding:
        """A finding to create (its anchors already placed), filed under its topics at
        the given places, as `write_shared` files a new one; returned as it will be
        stored (what `shared_of_row` will read: topics by their stored paths, tags
        trimmed, the reviewer resolved)."""
        topics: list[tuple[Topic, float]] = []
        for path in record.topics:
            if not path.strip():
                continue
            topic = self.names.topic(path)
            if all(topic is not seen for seen, _ in topics):
                topics.append((topic, positions.get(path, 0.0)))
        tags = [self.names.tag(n) for n in sorted({t.strip() for t in record.tags if t.strip()})]
        kinds = [a.placement for a in record.anchors]
        values = {
            "uuid": record.uuid,
            "statement": record.statement,
            "quote": record.quote,
            "status": FindingStatus(record.status).value,
            "comment": record.comment,
            "colour": record.colour,
            "reviewer_id": self.reviewer_of(self.session, record),
            "created": record.created,
            "modified": record.modified,
            "deleted": None,
            "orphan": orphan,
            "placement": (Placing.ORPHAN if orphan else weakest_placing(kinds)).value,
        }
        anchors = [
            {
                "seq": seq,
                "page_index": a.page_index,
                "quads": [[q.x0, q.y0, q.x1, q.y1] for q in a.quads],
                "quote": a.quote,
                "prefix": a.prefix,
                "suffix": a.suffix,
                "start": a.start,
                "end": a.end,
                "document_sha256": a.document_sha256,
                "is_area": a.is_area,
            }
            for seq, a in enumerate(record.anchors)
        ]
        article.key_locked = True  # a cited key never changes silently
        self.pending[record.uuid] = _NewFinding(values, article, anchors, topics, tags)
        paths = [topic_path(self.session, topic) for topic, _ in topics]
        stored = replace(
            record,
            topics=paths,
            tags=[tag.name for tag in tags],
            reviewer_id=values["reviewer_id"] or "",
        )
        places = {path: position for path, (_, position) in zip(paths, topics, strict=True)}
        return SharedFinding(stored, article.uuid, places)

    def add_base(
        self, uuid: str, content_hash: str, modified: datetime, fields: dict[str, Any] | None
    ) -> SyncBase:
        """The first merge base of a finding (the version both sides are known to hold),
        inserted with the findings: the object returned may change until then."""
        base = SyncBase(uuid=uuid, content_hash=content_hash, modified=modified, fields=fields)
        self.bases[uuid] = base
        return base

    def write(self) -> None:
        """Insert everything collected, then start empty."""
        if not self.pending and not self.bases:
            return
        self.session.flush()  # reviewers, topics, tags and articles made meanwhile get ids
        ids = self._insert_findings()
        self._insert(
            FindingAnchor,
            [{**a, "finding_id": ids[u]} for u, new in self.pending.items() for a in new.anchors],
        )
        self._insert(
            FindingTopic,
            [
                {"finding_id": ids[u], "topic_id": topic.id, "rank": rank, "position": position}
                for u, new in self.pending.items()
                for rank, (topic, position) in enumerate(new.topics)
            ],
        )
        self._insert(
            FindingTag,
            [
                {"finding_id": ids[u], "tag_id": tag.id}
                for u, new in self.pending.items()
                for tag in new.tags
            ],
        )
        self._insert(
            SyncBase,
            [
                {
                    "uuid": b.uuid,
                    "content_hash": b.content_hash,
                    "modified": b.modified,
                    "fields": b.fields,
                }
                for b in self.bases.values()
            ],
        )
        self.pending.clear()
        self.bases.clear()

    def _insert_findings(self) -> dict[str, int]:
        rows = [{**new.values, "article_id": new.article.id} for new in self.pending.values()]
        ids: dict[str, int] = {}
        for start in range(0, len(rows), CHUNK):
            statement = insert(Finding).returning(Finding.id, Finding.uuid)
            result = self.session.connection().execute(statement, rows[start : start + CHUNK])
            ids.update((uuid, id_) for id_, uuid in result)
        return ids

    def _insert(self, table: type[Any], rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.session.connection().execute(insert(table), rows[start : start + CHUNK])
