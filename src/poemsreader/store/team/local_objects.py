"""The local library as the team library's objects: what each would be on the server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.share.convert import content_hash, shared_of
from poemsreader.share.format import ShareFile, uuid_of
from poemsreader.store.schema import Conflict
from poemsreader.store.team.state import DELETED, Synced, json_hash, object_key


@dataclass(frozen=True)
class LocalObject:
    kind: str
    uuid: str
    deleted: bool
    data: dict[str, Any]
    hash: str


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def local_objects(document: ShareFile) -> dict[str, LocalObject]:
    """Reviewers, articles with findings, findings and deletions, keyed `kind:uuid`."""
    found: dict[str, LocalObject] = {}

    def put(kind: str, urn: str, deleted: bool, data: dict[str, Any], digest: str) -> None:
        uuid = uuid_of(urn)
        found[object_key(kind, uuid)] = LocalObject(kind, uuid, deleted, data, digest)

    for reviewer in document.reviewers:
        data = _dump(reviewer)
        put("reviewer", reviewer.id, False, data, json_hash(data))
    for article in document.articles:
        data = _dump(article)
        put("article", article.id, False, data, json_hash(data))
    for tombstone in document.tombstones:
        put("finding", tombstone.id, True, _dump(tombstone), DELETED)
    for annotation in document.findings:
        annotation.poemsreader.parents = list(annotation.poemsreader.parents)
        put("finding", annotation.id, False, _dump(annotation), content_hash(shared_of(annotation)))
    return found


def resolved_since(session: Session) -> dict[str, str]:
    """Finding uuid -> when its latest conflict was resolved (a resolution must travel)."""
    latest: dict[str, str] = {}
    for row in session.scalars(select(Conflict)):
        when = row.theirs.get("resolved")
        if isinstance(when, str) and when > latest.get(row.finding_uuid, ""):
            latest[row.finding_uuid] = when
    return latest


def unresolved_conflicts(session: Session) -> int:
    return sum(1 for row in session.scalars(select(Conflict)) if not row.theirs.get("resolved"))


def is_pending(
    key: str, item: LocalObject, synced: Synced | None, resolved: dict[str, str]
) -> bool:
    """Changed here since it was last synced (a deletion never synced stays local)."""
    if synced is None:
        return not item.deleted
    if synced.hash != item.hash:
        return True
    return item.kind == "finding" and resolved.get(item.uuid, "") > synced.when
