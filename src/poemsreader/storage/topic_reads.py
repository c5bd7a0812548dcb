"""Topic rows for the use cases that carry topics to and from collaborators, read whole:
every topic (or the reviewer's order of them), their uuids, one by id, and the next free
place under a parent; and a topic received, added under the sender's uuid."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import Topic


def all_topics(session: Session) -> list[Topic]:
    """Every topic, in no particular order."""
    return list(session.scalars(select(Topic)))


def topics_in_order(session: Session) -> list[Topic]:
    """Every topic, by its place among its siblings (ties: by uuid, which every copy of
    the library shares, never by local row id)."""
    return list(session.scalars(select(Topic).order_by(Topic.position, Topic.uuid)))


def topic_uuids(session: Session) -> set[str]:
    """The uuids of the topics the library holds."""
    return set(session.scalars(select(Topic.uuid)))


def topic_with_id(session: Session, topic_id: int) -> Topic | None:
    """The topic with this id (from the session when already loaded), or None."""
    return session.get(Topic, topic_id)


def next_topic_position(session: Session, parent_id: int | None) -> int:
    """The place after the last child of `parent_id` (None: after the last root topic)."""
    under = Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id
    last = session.scalar(select(func.coalesce(func.max(Topic.position), -1)).where(under))
    return (last if last is not None else -1) + 1


def add_topic(
    session: Session, uuid: str, name: str, parent_id: int | None, position: int
) -> Topic:
    """A new topic, flushed: it has its row id (children and links can name it) and a
    later lookup by name under its parent finds it."""
    topic = Topic(uuid=uuid, name=name, parent_id=parent_id, position=position)
    session.add(topic)
    session.flush()
    return topic
