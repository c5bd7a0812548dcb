"""The local library as the team library's objects: what each would be on the server."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from poemsreader.core.model import utc_now
from poemsreader.services.share_topics import merged_topics, shared_topics, topic_paths
from poemsreader.services.sharing import ExportContext, ShareService, known_parents
from poemsreader.services.sharing import _fingerprints as fingerprints_of
from poemsreader.share.convert import content_hash, csl_of, shared_of
from poemsreader.share.format import (
    SharedArticle,
    ShareFile,
    Tombstone,
    timestamp,
    urn,
    uuid_of,
)
from poemsreader.storage.articles import record_of
from poemsreader.storage.exchange_rows import all_conflicts
from poemsreader.storage.merge_base import TOPIC_MERGES_SETTING, topic_bases
from poemsreader.storage.schema import (
    Article,
    topic_key,
)
from poemsreader.storage.share_rows import merge_rows, preload_names
from poemsreader.storage.sync_rows import (
    articles_modified_since,
    finding_times,
    merge_base_hashes,
    placement_rows,
    synced_findings_gone,
)

if TYPE_CHECKING:
    from poemsreader.storage.database import Session

from poemsreader.storage.team.state import (
    DELETED,
    Synced,
    json_hash,
    object_key,
    split_key,
)


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
    """Reviewers, topics, articles with findings, findings and deletions, keyed
    `kind:uuid`. A topic is its id, name, parent, name key and position among its
    siblings (its merge base travels as the server's versions do)."""
    found: dict[str, LocalObject] = {}

    def put(kind: str, urn: str, deleted: bool, data: dict[str, Any], digest: str) -> None:
        uuid = uuid_of(urn)
        found[object_key(kind, uuid)] = LocalObject(kind, uuid, deleted, data, digest)

    for reviewer in document.reviewers:
        data = _dump(reviewer)
        put("reviewer", reviewer.id, False, data, json_hash(data))
    for topic in document.topics:
        data = topic_data(topic.id, topic.name, topic.parent, topic.position)
        put("topic", topic.id, False, data, json_hash(data))
    for article in document.articles:
        data = _dump(article)
        put("article", article.id, False, data, json_hash(data))
    for tombstone in document.tombstones:
        put("finding", tombstone.id, True, _dump(tombstone), DELETED)
    for annotation in document.findings:
        annotation.poemsreader.parents = list(annotation.poemsreader.parents)
        put("finding", annotation.id, False, _dump(annotation), content_hash(shared_of(annotation)))
    return found


def topic_data(topic_id: str, name: str, parent: str | None, position: int) -> dict[str, Any]:
    """The topic object as sent, and as its synced hash is taken: a pulled topic whose
    position was applied here hashes the same, so it is not sent back."""
    data: dict[str, Any] = {"id": topic_id, "name": name, "key": topic_key(name)}
    if parent:
        data["parent"] = parent
    data["position"] = max(0, position)
    return data


def topic_deletions(
    session: Session, objects: dict[str, LocalObject], synced: dict[str, Synced]
) -> dict[str, LocalObject]:
    """Topics synced once and gone here: a tombstone each, naming the topic it was merged
    into when it was (its findings and sub-topics went there)."""
    merges = topic_bases(session, TOPIC_MERGES_SETTING)
    gone: dict[str, LocalObject] = {}
    for key, last in synced.items():
        kind, uuid = split_key(key)
        if kind != "topic" or key in objects or last.hash == DELETED:
            continue
        data: dict[str, Any] = {"id": urn(uuid)}
        if merges.get(uuid):
            data["into"] = urn(merges[uuid])
        gone[key] = LocalObject("topic", uuid, True, data, DELETED)
    return gone


def finding_removals(
    session: Session, synced: dict[str, Synced], me: str
) -> dict[str, LocalObject]:
    """Findings synced once and gone here without a trace (their creation undone): a
    deletion each, of the version last synced, so the team's copy goes too."""
    gone: dict[str, LocalObject] = {}
    for uuid in synced_findings_gone(session):
        key = object_key("finding", uuid)
        last = synced[key].hash if key in synced else ""
        tombstone = Tombstone(
            id=urn(uuid),
            deleted=utc_now(),
            creator=urn(me) if me else None,
            hash=last if len(last) == 64 else "",
            parents=[last] if len(last) == 64 else [],
        )
        gone[key] = LocalObject("finding", uuid, True, _dump(tombstone), DELETED)
    return gone


def changed_document(
    session: Session,
    mark: datetime,
    unsent: set[str],
    synced: dict[str, Synced],
    *,
    every_article: bool = False,
) -> ShareFile:
    """The findings that may have changed since they were synced, in the shape
    `local_objects` reads, without loading the others. Every edit here stamps `modified`
    (or `deleted`) with the time; a share import keeps the sender's older times but
    moves the finding's merge base (`SyncBase`), so that counts too; so do findings never
    synced, those the server did not take, and resolved conflicts."""
    preload_names(session)
    bases = merge_base_hashes(session)
    wanted = set()
    for uuid, modified, deleted in finding_times(session):
        key = object_key("finding", uuid)
        last = synced.get(key)
        if (
            last is None
            or key in unsent
            or modified >= mark
            or (deleted is not None and (deleted >= mark or last.hash != DELETED))
            or (deleted is None and last.hash == DELETED)
            or bases.get(uuid, last.hash) != last.hash  # changed by a share import
        ):
            wanted.add(uuid)
    wanted |= {u for u, when in resolved_since(session).items() if when >= mark.isoformat()}
    state = merge_rows(session, wanted)  # the changed findings only
    rows = state.rows
    context = ExportContext(  # parents and merge bases, for the field-level merge
        known_parents(session, wanted),
        topic_paths(session),
        {b.uuid: b for b in state.bases},
    )
    findings, tombstones = [], []
    for row in rows:
        if row.deleted is not None:
            tombstones.append(ShareService._tombstone_of_finding(session, row, context))
        else:
            findings.append(ShareService._annotation(session, row, context))
    articles = {row.article for row in rows}
    articles |= set(articles_modified_since(session, None if every_article else mark))
    return ShareFile.model_construct(
        reviewers=ShareService._reviewers(session),
        articles=[shared_article(session, a) for a in sorted(articles, key=lambda a: a.citekey)],
        findings=findings,
        tombstones=tombstones,
        topics=shared_topics(session),
        merged_topics=merged_topics(session),
    )


def shared_article(session: Session, article: Article) -> SharedArticle:
    """An article as a team object carries it (its reference and its files' fingerprints)."""
    return SharedArticle(
        id=urn(article.uuid),
        csl=csl_of(article.citekey, record_of(article)),
        documents=fingerprints_of(article),
    )


def placement_digest(session: Session) -> str:
    """One hash of the topic tree, the findings' places in it and their tags: renaming a
    topic, moving one or reordering findings changes what findings carry without
    stamping their `modified`, so a change here makes the next push look at them all."""
    return json_hash({"placement": placement_rows(session)})


def resolved_since(session: Session) -> dict[str, str]:
    """Finding uuid -> when its latest conflict was resolved (a resolution must travel)."""
    latest: dict[str, str] = {}
    for row in all_conflicts(session):
        when = row.theirs.get("resolved")
        if isinstance(when, str) and when > latest.get(row.finding_uuid, ""):
            latest[row.finding_uuid] = when
    return latest


def unresolved_conflicts(session: Session) -> int:
    return sum(1 for row in all_conflicts(session) if not row.theirs.get("resolved"))


def sent_as_brought_back(item: LocalObject, synced: Synced | None) -> LocalObject:
    """A live finding whose deletion was the last thing synced is brought back (restored,
    or its undone creation redone, which keeps its old times): it is sent as made now,
    so the members holding the deletion take it back (see `share.merge.brought_back`)."""
    if item.kind != "finding" or item.deleted or synced is None or synced.hash != DELETED:
        return item
    return replace(item, data={**item.data, "modified": timestamp(utc_now())})


def is_pending(
    key: str, item: LocalObject, synced: Synced | None, resolved: dict[str, str]
) -> bool:
    """Changed here since it was last synced (a deletion never synced stays local)."""
    if synced is None:
        return not item.deleted
    if synced.hash != item.hash:
        return True
    return item.kind == "finding" and resolved.get(item.uuid, "") > synced.when
