"""What the library remembers of its exchanges with collaborators: the conflicts an import
left (resolved ones stay as history), the merge base of each finding, the tombstones of
deleted findings. Read and written here; the import decides what to write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import Conflict, SyncBase, Tombstone


def all_conflicts(session: Session) -> list[Conflict]:
    """Every conflict row, resolved or not, in the order they were written."""
    return list(session.scalars(select(Conflict).order_by(Conflict.id)))


def conflicts_oldest_first(session: Session) -> list[Conflict]:
    """Every conflict row, by the time the import made it (ties: written first)."""
    return list(session.scalars(select(Conflict).order_by(Conflict.created, Conflict.id)))


def conflict_with_id(session: Session, conflict_id: int) -> Conflict | None:
    return session.get(Conflict, conflict_id)


def merge_bases(session: Session) -> dict[str, SyncBase]:
    """Finding uuid -> its merge base (the version collaborators are known to hold)."""
    return {base.uuid: base for base in session.scalars(select(SyncBase))}


def all_tombstones(session: Session) -> list[Tombstone]:
    """The findings deleted for good, remembered so their deletion travels."""
    return list(session.scalars(select(Tombstone)))


def record_conflict(
    session: Session, finding_uuid: str, payload: dict[str, Any], source: str
) -> Conflict:
    """A new conflict row: `payload` is what it keeps (the losing version, or the deletion)."""
    row = Conflict(finding_uuid=finding_uuid, theirs=payload, source=source)
    session.add(row)
    return row


def add_tombstone(
    session: Session, uuid: str, deleted: datetime, reviewer_id: str | None
) -> Tombstone:
    """Remember a finding deleted elsewhere that this library never held."""
    tomb = Tombstone(uuid=uuid, deleted=deleted, reviewer_id=reviewer_id)
    session.add(tomb)
    return tomb


def drop_tombstone(session: Session, tomb: Tombstone) -> None:
    """The finding is back (a version arrived that follows the deletion)."""
    session.delete(tomb)
