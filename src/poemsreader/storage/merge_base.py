"""Keeping the merge base of a finding before this library's first unshared edit.

Two copies of one library (a folder copied to a colleague's machine) never
exchanged a file, yet both hold the same versions. Recording, at the first edit
of a finding that has no merge base, the version before the edit gives both copies
the same base: a later exchange then merges their edits field by field instead of
calling every one-sided edit a conflict. Topics keep theirs the same way (name and
parent before the first rename or move), in one setting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from poemsreader.storage.schema import Finding, Setting, SyncBase, Topic


def remember_base(session: Session, finding: Finding) -> None:
    """Before an edit: the finding's current version becomes its base if it has none."""
    if finding.deleted is not None or session.get(SyncBase, finding.uuid) is not None:
        return
    from poemsreader.share.convert import content_hash  # the share layer reads rows via
    from poemsreader.share.fields import field_values  # share_rows, which needs findings
    from poemsreader.storage.share_rows import shared_of_row

    shared = shared_of_row(session, finding)
    session.add(
        SyncBase(
            uuid=finding.uuid,
            content_hash=content_hash(shared),
            modified=finding.modified,
            fields=field_values(shared),
        )
    )


TOPIC_BASE_SETTING = "share.topic_base"
TOPIC_ALIASES_SETTING = "share.topic_aliases"
TOPIC_MERGES_SETTING = "share.topic_merges"  # merged topic uuid -> the uuid it went into


def topic_bases(session: Session, key: str = TOPIC_BASE_SETTING) -> dict[str, Any]:
    row = session.get(Setting, key)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else {}


def save_topic_bases(
    session: Session, bases: dict[str, Any], key: str = TOPIC_BASE_SETTING
) -> None:
    """Written only when it changed (importing a file again writes nothing)."""
    row = session.get(Setting, key)
    if row is None:
        if bases:
            session.add(Setting(key=key, value=bases))
    elif row.value != bases:
        row.value = bases


def topic_state(session: Session, topic: Topic) -> tuple[str, str | None]:
    parent = session.get(Topic, topic.parent_id) if topic.parent_id else None
    return topic.name, parent.uuid if parent else None


def remember_topic_base(session: Session, topic: Topic) -> None:
    """Before a rename or a move: the topic's state becomes its base if it has none."""
    bases = topic_bases(session)
    if topic.uuid not in bases:
        bases[topic.uuid] = list(topic_state(session, topic))
        save_topic_bases(session, bases)


def remember_topic_merge(session: Session, source_uuid: str, target_uuid: str) -> None:
    """A merge travels to collaborators (while its source topic stays gone: an undone
    merge brings the source back, and is not sent)."""
    merges = topic_bases(session, TOPIC_MERGES_SETTING)
    if merges.get(source_uuid) != target_uuid:
        merges[source_uuid] = target_uuid
        save_topic_bases(session, merges, TOPIC_MERGES_SETTING)


def retarget_bases(session: Session, source_uuid: str, target_uuid: str) -> None:
    """A topic merged into another: the merge bases file their findings under the target,
    as the findings now are (the merge is nobody's edit of those findings)."""
    from sqlalchemy import select

    for base in session.scalars(select(SyncBase).where(SyncBase.fields.is_not(None))):
        topics = (base.fields or {}).get("topics")
        if not isinstance(topics, list) or not any(
            isinstance(t, list) and t and t[0] == source_uuid for t in topics
        ):
            continue
        merged: list[list[Any]] = []
        for key, position in topics:
            key = target_uuid if key == source_uuid else key
            if all(key != k for k, _ in merged):
                merged.append([key, position])
        base.fields = {**(base.fields or {}), "topics": merged}
