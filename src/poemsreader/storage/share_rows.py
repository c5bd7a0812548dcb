"""Finding rows <-> the shared form of a finding (used by import and export).

Reading is done here; writing goes through the findings service (`write_shared`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from poemsreader.core.model import FindingRecord, FindingStatus, Placing, weakest_placing
from poemsreader.share.convert import SharedFinding
from poemsreader.storage.anchor_rows import anchor_of
from poemsreader.storage.finding_batch import FindingBatch
from poemsreader.storage.finding_names import FindingNames
from poemsreader.storage.findings import FindingService
from poemsreader.storage.schema import (
    Article,
    Conflict,
    Finding,
    FindingTag,
    FindingTopic,
    Reviewer,
    SyncBase,
    Tombstone,
    Topic,
)
from poemsreader.storage.topics import topic_path


def findings_query() -> Select[tuple[Finding]]:
    """Findings with everything `shared_of_row` reads, loaded in a few queries."""
    return select(Finding).options(
        selectinload(Finding.anchors),
        selectinload(Finding.topic_links).joinedload(FindingTopic.topic),
        selectinload(Finding.tag_links).joinedload(FindingTag.tag),
        joinedload(Finding.article),
    )


CHUNK = 500  # uuids per IN (...): far below SQLite's limit on bound parameters


def by_uuids(
    session: Session, query: Callable[[list[str]], Select[Any]], uuids: Collection[str]
) -> list[Any]:
    """`query(part)` for each slice of the uuids, concatenated (one query per slice)."""
    chosen = sorted(set(uuids))
    found: list[Any] = []
    for start in range(0, len(chosen), CHUNK):
        found += session.scalars(query(chosen[start : start + CHUNK]))
    return found


@dataclass
class MergeRows:
    """What a merge reads of some findings: rows (with what `shared_of_row` needs),
    tombstones, merge bases and conflicts."""

    rows: list[Finding]
    tombs: list[Tombstone]
    bases: list[SyncBase]
    conflicts: list[Conflict]


def merge_rows(session: Session, uuids: Collection[str], *, findings: bool = True) -> MergeRows:
    """The merge's rows of these findings only, in a few queries per 500 uuids (without
    `findings`, all but the finding rows)."""
    state = MergeRows(
        by_uuids(session, lambda part: findings_query().where(Finding.uuid.in_(part)), uuids)
        if findings
        else [],
        by_uuids(session, lambda part: select(Tombstone).where(Tombstone.uuid.in_(part)), uuids),
        by_uuids(session, lambda part: select(SyncBase).where(SyncBase.uuid.in_(part)), uuids),
        by_uuids(
            session,
            lambda part: select(Conflict).where(Conflict.finding_uuid.in_(part)),
            uuids,
        ),
    )
    state.conflicts.sort(key=lambda conflict: conflict.id)  # in the order they were written
    return state


def findings_to_share(session: Session) -> list[Finding]:
    """Every finding row, deleted ones too, with what `shared_of_row` reads."""
    return list(session.scalars(findings_query()))


def preload_names(session: Session) -> None:
    """Every topic and reviewer into the session, so paths and names need no query.

    The session's identity map holds its objects weakly: rows nothing else refers to
    (reviewers) would be gone again at once, and each look-up would query (and flush)
    anew, so they are kept in the session's `info` for its life."""
    session.info["names"] = [
        *session.scalars(select(Topic)),
        *session.scalars(select(Reviewer)),
    ]


def shared_of_row(session: Session, finding: Finding) -> SharedFinding:
    reviewer = session.get(Reviewer, finding.reviewer_id) if finding.reviewer_id else None
    links = [(topic_path(session, link.topic), link) for link in finding.topic_links]
    topics = [(path, link.position) for path, link in links]
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
    ids = {path: link.topic.uuid for path, link in links}
    return SharedFinding(record, finding.article.uuid, dict(topics), ids)


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
        session.flush()  # before any finding that names it (no relationship orders the two)


class ShareNames(FindingNames):
    """Topic and tag look-ups of one import, and the reviewers it has already seen."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.reviewers: set[str] = set(session.scalars(select(Reviewer.id)))

    def reviewer(self, reviewer_id: str, name: str, colour: str = "") -> None:
        if reviewer_id and reviewer_id not in self.reviewers:
            ensure_reviewer(self.session, reviewer_id, name, colour)
            self.reviewers.add(reviewer_id)


def add_new_shared(
    batch: FindingBatch, names: ShareNames, shared: SharedFinding, article: Article, orphan: bool
) -> SharedFinding:
    """`write_shared` of a finding new here, collected in `batch` (written with the
    others); the finding as it will be stored."""
    record = shared.record
    names.reviewer(record.reviewer_id, record.reviewer_name)
    return batch.add(article, record, shared.positions, orphan)


def write_shared(
    session: Session,
    findings: FindingService,
    row: Finding | None,
    shared: SharedFinding,
    article: Article,
    orphan: bool,
    names: ShareNames | None = None,
) -> Finding:
    """Make the library's finding hold `shared` (its anchors already placed), through
    the findings service: a new finding when `row` is None. The sender's reviewer,
    creation time and places in the topics are kept."""
    record = shared.record
    names = names or ShareNames(session)
    names.reviewer(record.reviewer_id, record.reviewer_name)
    if row is None:
        row = findings.create_in(session, article.id, record, names, shared.positions)
    else:
        row.article = article
        findings.update_in(session, row, record, names, shared.positions)
    row.created = record.created
    row.deleted = None
    row.orphan = orphan
    kinds = [a.placement for a in record.anchors]
    row.placement = (Placing.ORPHAN if orphan else weakest_placing(kinds)).value
    return row
