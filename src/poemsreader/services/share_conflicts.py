"""Conflicts from imports, and the reviewer's choice: keep mine, keep theirs, keep both.

A Conflict row keeps the version that lost the automatic choice (`theirs` JSON:
the full annotation, its content hash, and which side it came from). Resolving
marks the row resolved (it stays as history, and its hash tells collaborators'
libraries that this version was seen) and, when needed, writes the chosen version
as a new edit so it travels on the next exchange.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.model import new_uuid, utc_now
from poemsreader.share.convert import SharedFinding, content_hash, shared_of
from poemsreader.share.fields import with_fields
from poemsreader.share.format import Annotation
from poemsreader.storage.article_identity import article_with_uuid
from poemsreader.storage.database import Database
from poemsreader.storage.exchange_rows import conflict_with_id, conflicts_oldest_first
from poemsreader.storage.findings import FindingService, finding_with_uuid, remove_finding_row
from poemsreader.storage.schema import Conflict, Finding
from poemsreader.storage.share_rows import shared_of_row, write_shared

if TYPE_CHECKING:
    from poemsreader.storage.database import Session


class Choice(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"
    BOTH = "both"


@dataclass(frozen=True)
class ConflictItem:
    """One unresolved conflict, both versions side by side (None: that side deleted it)."""

    id: int
    finding_uuid: str
    mine: SharedFinding | None
    theirs: SharedFinding | None
    source: str
    # The fields both sides changed (empty: the whole versions differ, as with a deletion),
    # and who made each side's version.
    fields: tuple[str, ...] = ()
    mine_by: str = ""
    theirs_by: str = ""
    created: datetime | None = None
    # Conflicts on what is not a finding (a screening decision, an evidence value): what
    # it is about, and each side's values of the fields in conflict.
    kind: str = "finding"
    label: str = ""
    mine_values: dict[str, Any] = field(default_factory=dict)
    theirs_values: dict[str, Any] = field(default_factory=dict)


def _stored(payload: dict[str, Any]) -> SharedFinding | None:
    if "annotation" not in payload:
        return None  # a deletion
    return shared_of(Annotation.model_validate(payload["annotation"], strict=False))


def _live(session: Session, uuid: str) -> tuple[Finding | None, SharedFinding | None]:
    row = finding_with_uuid(session, uuid)
    if row is None or row.deleted is not None:
        return row, None
    return row, shared_of_row(session, row)


def _conflict(session: Session, conflict_id: int) -> Conflict:
    row = conflict_with_id(session, conflict_id)
    if row is None:
        raise NotFound(f"No conflict {conflict_id}.")
    return row


@dataclass(frozen=True)
class ConflictSnapshot:
    conflict_id: int
    finding_uuid: str
    payload: dict[str, Any]
    state: tuple[SharedFinding, datetime | None, bool] | None
    values: dict[str, Any] | None = None  # the fields of a conflict that is not a finding's


class ConflictService:
    def __init__(self, db: Database, findings: FindingService) -> None:
        self.db = db
        self.findings = findings

    def open_conflicts(self) -> list[ConflictItem]:
        with self.db.reading() as session:
            rows = conflicts_oldest_first(session)
            return [self._item(session, row) for row in rows if not row.theirs.get("resolved")]

    @staticmethod
    def _item(session: Session, row: Conflict) -> ConflictItem:
        if row.theirs.get("kind", "finding") != "finding":
            return _record_item(row)
        _, live = _live(session, row.finding_uuid)
        other = _stored(row.theirs)
        fields = tuple(row.theirs.get("fields") or ())
        if fields and live is not None and other is not None:
            # Only the fields in conflict differ: the rest is merged already.
            other = with_fields(live, dict.fromkeys(fields, other), live.record.modified)
        people = (str(row.theirs.get("mine_by", "")), str(row.theirs.get("theirs_by", "")))
        made = row.created
        if row.theirs.get("side") == "mine":
            return ConflictItem(
                row.id, row.finding_uuid, other, live, row.source, fields, *people, made
            )
        return ConflictItem(
            row.id, row.finding_uuid, live, other, row.source, fields, *people, made
        )

    def snapshot(self, conflict_id: int) -> ConflictSnapshot:
        """Everything `resolve` may change, so that `restore` can undo it."""
        with self.db.reading() as session:
            row = _conflict(session, conflict_id)
            finding = finding_with_uuid(session, row.finding_uuid)
            state = None
            if row.theirs.get("kind", "finding") != "finding":
                from poemsreader.services.team.review_objects import current_values

                item = _record_item(row)
                values = current_values(session, item.kind, row.finding_uuid, list(item.fields))
                return ConflictSnapshot(
                    conflict_id, row.finding_uuid, dict(row.theirs), None, values
                )
            if finding is not None:
                state = (shared_of_row(session, finding), finding.deleted, finding.orphan)
            return ConflictSnapshot(conflict_id, row.finding_uuid, dict(row.theirs), state)

    def restore(self, snapshot: ConflictSnapshot, copy_uuid: str | None) -> ChangeSet:
        with self.db.transaction() as session:
            row = conflict_with_id(session, snapshot.conflict_id)
            if row is not None:
                row.theirs = dict(snapshot.payload)
            if snapshot.values is not None:
                from poemsreader.services.team.review_objects import resolve_fields

                kind = str(snapshot.payload.get("kind"))
                data = dict(snapshot.payload.get("object") or {})
                resolve_fields(session, kind, snapshot.finding_uuid, data, snapshot.values)
                return ChangeSet(everything=True, message="Conflict reopened")
            finding = finding_with_uuid(session, snapshot.finding_uuid)
            if snapshot.state is not None and finding is not None:
                shared, deleted, orphan = snapshot.state
                write_shared(session, self.findings, finding, shared, finding.article, orphan)
                finding.deleted = deleted
            if copy_uuid:
                remove_finding_row(session, copy_uuid)
        changed = {snapshot.finding_uuid} | ({copy_uuid} if copy_uuid else set())
        return ChangeSet(findings=changed, message="Conflict reopened")

    def resolve(
        self, conflict_id: int, choice: Choice | str, copy_uuid: str | None = None
    ) -> ChangeSet:
        choice = Choice(choice)
        with self.db.transaction() as session:
            row = _conflict(session, conflict_id)
            item = self._item(session, row)
            if item.kind != "finding":
                return self._resolve_record(session, row, item, choice)
            seen = [content_hash(v) for v in (item.mine, item.theirs) if v is not None]
            keep = item.mine if choice == Choice.MINE else item.theirs
            changed = {row.finding_uuid}
            if choice == Choice.BOTH:
                changed |= self._keep_both(session, item, copy_uuid or new_uuid())
            else:
                self._make_live(session, row.finding_uuid, keep)
            row.theirs = {
                **row.theirs,
                "resolved": utc_now().isoformat(),
                "choice": choice.value,
                "seen": seen,  # both versions: the resolution descends from each
            }
        return ChangeSet(findings=changed, message=f"Conflict resolved: kept {choice.value}")

    @staticmethod
    def _resolve_record(
        session: Session, row: Conflict, item: ConflictItem, choice: Choice
    ) -> ChangeSet:
        """A screening decision or an evidence value: the chosen side's values are set
        (an edit, sent on the next sync)."""
        from poemsreader.services.team.review_objects import resolve_fields  # (it imports us)

        if choice == Choice.BOTH:
            raise InvalidInput("Only a finding can be kept both ways: keep mine or theirs.")
        values = item.mine_values if choice == Choice.MINE else item.theirs_values
        data = dict(row.theirs.get("object") or {})
        resolve_fields(session, item.kind, row.finding_uuid, data, values)
        row.theirs = {**row.theirs, "resolved": utc_now().isoformat(), "choice": choice.value}
        return ChangeSet(everything=True, message=f"Conflict resolved: kept {choice.value}")

    def _make_live(self, session: Session, uuid: str, keep: SharedFinding | None) -> None:
        """The kept version becomes the finding, as a new edit (it must travel)."""
        finding, _ = _live(session, uuid)
        now = utc_now()
        if keep is None:
            if finding is not None and finding.deleted is None:
                finding.deleted = now
            return
        keep.record.modified = now
        article = article_with_uuid(session, keep.article_uuid)
        if article is None:
            raise NotFound("The finding's article is no longer in the library.")
        write_shared(session, self.findings, finding, keep, article, orphan=False)

    def _keep_both(self, session: Session, item: ConflictItem, copy_uuid: str) -> set[str]:
        """Mine stays the finding; theirs becomes a new finding with its author."""
        self._make_live(session, item.finding_uuid, item.mine)
        if item.theirs is None:
            return set()
        copy = item.theirs
        copy.record.uuid = copy_uuid
        self._make_live(session, copy.record.uuid, copy)
        return {copy.record.uuid}


def _record_item(row: Conflict) -> ConflictItem:
    """A conflict on a screening decision or an evidence value, as the list shows it."""
    payload = row.theirs
    pairs = payload.get("fields") or {}
    return ConflictItem(
        row.id,
        row.finding_uuid,
        None,
        None,
        row.source,
        tuple(pairs),
        str(payload.get("mine_by", "")),
        str(payload.get("theirs_by", "")),
        row.created,
        kind=str(payload.get("kind")),
        label=str(payload.get("label", "")),
        mine_values={name: pair.get("mine") for name, pair in pairs.items()},
        theirs_values={name: pair.get("theirs") for name, pair in pairs.items()},
    )
