"""The local topic rows a team sync reads and writes besides the share import's merge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from poemsreader.storage.merge_base import save_topic_bases, topic_bases
from poemsreader.storage.schema import FindingTopic, Topic


def remember_synced_topics(
    session: Session, states: dict[str, tuple[str, str | None, int]]
) -> None:
    """Topics the server took: the state sent (name, parent uuid, position among its
    siblings) is now what both sides saw last, the base of the next three-way merge."""
    if not states:
        return
    bases = topic_bases(session)
    for uuid, (name, parent, position) in states.items():
        bases[uuid] = [name, parent, position]
    save_topic_bases(session, bases)


def drop_deleted_topics(session: Session, uuids: Iterable[str]) -> int:
    """Topics deleted on the team library go here too, unless a finding or a sub-topic
    is still filed under them here: then they stay, and go back to the server as live.
    A deleted subtree goes leaves first (each pass drops those left without children)."""
    waiting = set(uuids)
    dropped = 0
    while waiting:
        gone = {uuid for uuid in waiting if _drop_if_unused(session, uuid)}
        if not gone:
            break
        waiting -= gone
        dropped += len(gone)
    return dropped


def _drop_if_unused(session: Session, uuid: str) -> bool:
    topic = session.scalar(select(Topic).where(Topic.uuid == uuid))
    if topic is None:
        return False
    in_use = session.scalar(
        select(
            exists().where(FindingTopic.topic_id == topic.id)
            | exists().where(Topic.parent_id == topic.id)
        )
    )
    if in_use:
        return False
    session.delete(topic)
    session.flush()
    return True


def parents_first(topics: list[Any]) -> list[Any]:
    """Pulled topics ordered so that each comes after its parent, when both were pulled
    (a malformed row keeps its place, for the validation to refuse)."""
    by_id = {str(t.get("id")): t for t in topics if isinstance(t, dict)}

    def depth(topic: Any) -> int:
        if not isinstance(topic, dict):
            return 0
        level, parent = 0, topic.get("parent")
        while isinstance(parent, str) and parent in by_id and level <= len(by_id):
            level, parent = level + 1, by_id[parent].get("parent")
        return level

    return sorted(topics, key=depth)
