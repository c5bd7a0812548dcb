"""What a local library remembers of its team library, in two `setting` rows.

`team.link`: address (never a password), name, library id, the pull cursor and the last
sync; `team.objects`: for each synced object, the server version it was last seen at,
the hash of the content last synced, and when.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from poemsreader.storage.schema import Setting

LINK_KEY = "team.link"
OBJECTS_KEY = "team.objects"
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
    # Objects changed here that the server did not take (kept for the next push).
    unsent: list[str] = field(default_factory=list)


@dataclass
class Synced:
    version: int
    hash: str
    when: str


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
    row = session.get(Setting, OBJECTS_KEY)
    if row is None or not isinstance(row.value, dict):
        return {}
    return {key: Synced(*value) for key, value in row.value.items()}


def write_objects(session: Session, objects: dict[str, Synced]) -> None:
    _put(session, OBJECTS_KEY, {k: [s.version, s.hash, s.when] for k, s in objects.items()})


def _put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
