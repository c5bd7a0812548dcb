"""What a local library remembers of its team library.

The `team.link` setting: address (never a password), name, library id, the pull cursor
and the last sync. The `team_sync_state` table: for each synced object, the server
version it was last seen at, the hash of the content last synced, and when; a sync
writes only the rows of the objects it moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from poemsreader.storage.schema import Setting, TeamSyncState

LINK_KEY = "team.link"
DELETED = "deleted"


@dataclass
class TeamLink:
    url: str
    name: str
    library_id: int
    cursor: int = 0
    last_sync: str = ""
    last_check: str = ""
    # When the last push began collecting changes: anything modified since is a candidate.
    push_mark: str = ""
    placement: str = ""  # `placement_digest` when the mark was set
    # Objects changed here that the server did not take (kept for the next push), and
    # pulled ones this library had changed before the pull (the change is still to send).
    unsent: list[str] = field(default_factory=list)
    # Of those, the ones refused for want of the right to change them (a reader's edits).
    refused: list[str] = field(default_factory=list)
    # Set by the first pull, until the first push: that push looks at every reference
    # too (one edited here before linking has no newer edit time than the mark).
    first_push: bool = False


@dataclass
class Synced:
    version: int
    hash: str
    when: str
    content: dict[str, Any] | None = None  # kept for the kinds merged against it


def object_key(kind: str, uuid: str) -> str:
    return f"{kind}:{uuid}"


def split_key(key: str) -> tuple[str, str]:
    kind, uuid = key.split(":", 1)
    return kind, uuid


def json_hash(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_link(session: Session) -> TeamLink | None:
    row = session.get(Setting, LINK_KEY)
    return TeamLink(**row.value) if row is not None and isinstance(row.value, dict) else None


def write_link(session: Session, link: TeamLink) -> None:
    _put(session, LINK_KEY, asdict(link))


def read_objects(session: Session) -> dict[str, Synced]:
    rows = session.execute(
        select(
            TeamSyncState.kind,
            TeamSyncState.uuid,
            TeamSyncState.version,
            TeamSyncState.hash,
            TeamSyncState.synced,
        )
    )
    found = {object_key(k, u): Synced(v, h, w) for k, u, v, h, w in rows}
    contents = session.execute(  # only the kinds merged against it have one
        select(TeamSyncState.kind, TeamSyncState.uuid, TeamSyncState.content).where(
            TeamSyncState.content.is_not(None)
        )
    )
    for kind, uuid, content in contents:
        found[object_key(kind, uuid)].content = content
    return found


def synced_versions(session: Session) -> dict[tuple[str, str], int]:
    """Each synced object's server version (for the sanity check)."""
    rows = session.execute(select(TeamSyncState.kind, TeamSyncState.uuid, TeamSyncState.version))
    return {(k, u): v for k, u, v in rows}


def synced_versions_of(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """The server version of these objects only (those synced: a pull asks about the
    rows it brought, not the whole library)."""
    pairs = sorted(set(keys))
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(pairs), 400):
        rows = session.execute(
            select(TeamSyncState.kind, TeamSyncState.uuid, TeamSyncState.version).where(
                tuple_(TeamSyncState.kind, TeamSyncState.uuid).in_(pairs[start : start + 400])
            )
        )
        found.update(((k, u), v) for k, u, v in rows)
    return found


def has_synced(session: Session) -> bool:
    """Whether anything was ever synced here."""
    return session.scalar(select(TeamSyncState.kind).limit(1)) is not None


def save_synced(session: Session, objects: dict[str, Synced]) -> None:
    """Record these objects as synced (the others' rows stay as they are)."""
    values = [
        {
            "kind": kind,
            "uuid": uuid,
            "version": s.version,
            "hash": s.hash,
            "synced": s.when,
            "content": s.content,
        }
        for key, s in objects.items()
        for kind, uuid in [split_key(key)]
    ]
    statement = insert(TeamSyncState)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "uuid"],
        set_={
            "version": statement.excluded.version,
            "hash": statement.excluded.hash,
            "synced": statement.excluded.synced,
            "content": statement.excluded.content,
        },
    )
    for start in range(0, len(values), 500):
        session.execute(statement, values[start : start + 500])


def forget_synced(session: Session, keys: Iterable[str]) -> None:
    """These objects count as never synced again."""
    pairs = [split_key(key) for key in keys]
    for start in range(0, len(pairs), 400):
        session.execute(
            delete(TeamSyncState).where(
                tuple_(TeamSyncState.kind, TeamSyncState.uuid).in_(pairs[start : start + 400])
            )
        )


def _put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def unsee_synced(session: Session, keys: Iterable[str]) -> None:
    """These objects' next pull applies them again; what was synced of them stays."""
    pairs = [split_key(key) for key in keys]
    for start in range(0, len(pairs), 400):
        session.execute(
            update(TeamSyncState)
            .where(tuple_(TeamSyncState.kind, TeamSyncState.uuid).in_(pairs[start : start + 400]))
            .values(version=-1)
        )
