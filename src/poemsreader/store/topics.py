"""Topics: a tree the reviewer files findings under."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.store.schema import Topic

PATH_SEPARATOR = "/"
STARTER_TOPICS = (
    "Reviews",
    "Treatment",
    "Symptoms",
    "Imaging",
    "Diagnosis",
    "VEGF",
    "Cytokines",
    "Cytogenetics",
)


def split_path(path: str) -> list[str]:
    """'Treatment/Radiation' -> ['Treatment', 'Radiation'] (blank parts dropped)."""
    return [part.strip() for part in path.split(PATH_SEPARATOR) if part.strip()]


def ensure_path(session: Session, path: str) -> Topic:
    """The topic at `path`, created (with its parents) when missing."""
    parts = split_path(path)
    if not parts:
        raise ValueError("a topic needs a name")
    parent: Topic | None = None
    for name in parts:
        parent_id = parent.id if parent else None
        topic = session.scalar(
            select(Topic).where(Topic.name == name, Topic.parent_id.is_(parent_id))
            if parent_id is None
            else select(Topic).where(Topic.name == name, Topic.parent_id == parent_id)
        )
        if topic is None:
            siblings = select(func.coalesce(func.max(Topic.position), -1)).where(
                Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id
            )
            topic = Topic(name=name, parent_id=parent_id, position=session.scalar(siblings) + 1)
            session.add(topic)
            session.flush()
        parent = topic
    assert parent is not None
    return parent


def topic_path(session: Session, topic: Topic) -> str:
    parts = [topic.name]
    while topic.parent_id is not None:
        topic = session.get(Topic, topic.parent_id)  # type: ignore[assignment]
        parts.append(topic.name)
    return PATH_SEPARATOR.join(reversed(parts))
