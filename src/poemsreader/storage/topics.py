"""Topics: a tree the reviewer files findings under, and the order of findings in it.

`TopicService` (as `library.topics`) creates, renames, recolours, moves, merges
and deletes topics. A deleted or merged topic never loses findings: they move to
the topic the reviewer chose. Every edit returns a `ChangeSet`; undo works from
snapshots (`capture` / `restore`) so a redone step gets back the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.text import topic_key
from poemsreader.storage.database import Database
from poemsreader.storage.merge_base import (
    remember_topic_base,
    remember_topic_merge,
    retarget_bases,
)
from poemsreader.storage.schema import Finding, FindingTopic, Setting, Topic
from poemsreader.storage.topic_links import last_position, link_topics

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
SEEDED_SETTING = "topics.seeded"
TOPIC_COLUMNS = ("id", "uuid", "name", "parent_id", "position", "colour")
LINK_COLUMNS = ("finding_id", "topic_id", "rank", "position")


def split_path(path: str) -> list[str]:
    """'Treatment/Radiation' -> ['Treatment', 'Radiation'] (blank parts dropped)."""
    return [part.strip() for part in path.split(PATH_SEPARATOR) if part.strip()]


def _parent_is(parent_id: int | None):  # type: ignore[no-untyped-def]
    return Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id


def ensure_path(session: Session, path: str) -> Topic:
    """The topic at `path`, created (with its parents) when missing."""
    parts = split_path(path)
    if not parts:
        raise InvalidInput(f"The topic path {path!r} names no topic (write Treatment/Radiation).")
    parent: Topic | None = None
    for name in parts:
        parent_id = parent.id if parent else None
        topic = named_child(session, name, parent_id)
        if topic is None:
            siblings = select(func.coalesce(func.max(Topic.position), -1)).where(
                _parent_is(parent_id)
            )
            topic = Topic(name=name, parent_id=parent_id, position=session.scalar(siblings) + 1)
            session.add(topic)
            session.flush()
        parent = topic
    assert parent is not None
    return parent


def named_child(session: Session, name: str, parent_id: int | None) -> Topic | None:
    """The topic under `parent_id` (None: a root topic) whose name is `name` but for
    case and Unicode normalisation."""
    return session.scalar(
        select(Topic).where(Topic.name_key == topic_key(name), _parent_is(parent_id))
    )


def topic_path(session: Session, topic: Topic) -> str:
    parts = [topic.name]
    while topic.parent_id is not None:
        topic = session.get(Topic, topic.parent_id)  # type: ignore[assignment]
        parts.append(topic.name)
    return PATH_SEPARATOR.join(reversed(parts))


@dataclass(frozen=True)
class TopicNode:
    """One topic as views show it; `children` in the reviewer's order."""

    id: int
    uuid: str
    name: str
    parent_id: int | None
    position: int
    colour: str
    path: str
    findings: int  # live findings filed directly under this topic
    children: tuple[TopicNode, ...] = ()


def topic_tree(session: Session) -> list[TopicNode]:
    """The root topics, each with its sub-topics, in the reviewer's order."""
    rows = session.execute(
        select(*_cols(Topic, TOPIC_COLUMNS)).order_by(Topic.position, Topic.uuid)
    ).all()
    counts = dict(
        session.execute(
            select(FindingTopic.topic_id, func.count())
            .join(Finding, Finding.id == FindingTopic.finding_id)
            .where(Finding.deleted.is_(None))
            .group_by(FindingTopic.topic_id)
        ).all()
    )
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)

    def build(topic, prefix: str) -> TopicNode:  # type: ignore[no-untyped-def]
        path = f"{prefix}{PATH_SEPARATOR}{topic.name}" if prefix else topic.name
        kids = tuple(build(c, path) for c in children.get(topic.id, []))
        return TopicNode(
            topic.id,
            topic.uuid,
            topic.name,
            topic.parent_id,
            topic.position,
            topic.colour,
            path,
            counts.get(topic.id, 0),
            kids,
        )

    return [build(t, "") for t in children.get(None, [])]


def depth_first(nodes: Iterable[TopicNode], depth: int = 0) -> Iterator[tuple[TopicNode, int]]:
    """Each topic, then its sub-topics, with its depth (0: a root topic)."""
    for node in nodes:
        yield node, depth
        yield from depth_first(node.children, depth + 1)


@dataclass(frozen=True)
class TopicState:
    """A snapshot for undo: every topic row, and the finding links of `linked` topics."""

    topics: tuple[tuple, ...]
    linked: frozenset[int] = frozenset()
    links: tuple[tuple, ...] = ()


class TopicService:
    """The topic tree of one library. A library opened for the first time gets the
    starter topics (once: a reviewer who deletes them does not see them return)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._seed_starters()

    def _seed_starters(self) -> None:
        # Read first: opening a seeded library must not wait for another process's write lock.
        with self.db.reading() as session:
            if session.get(Setting, SEEDED_SETTING) is not None:
                return
        with self.db.transaction() as session:
            if session.get(Setting, SEEDED_SETTING) is not None:
                return
            if session.scalar(select(func.count()).select_from(Topic)) == 0:
                for name in STARTER_TOPICS:
                    ensure_path(session, name)
            session.add(Setting(key=SEEDED_SETTING, value=True))

    # -- reading ------------------------------------------------------------------------

    def tree(self) -> list[TopicNode]:
        """The root topics, each with its sub-topics, in the reviewer's order."""
        with self.db.reading() as session:
            return topic_tree(session)

    def flat(self) -> list[TopicNode]:
        """Every topic, depth first, in the reviewer's order."""
        return [node for node, _depth in depth_first(self.tree())]

    def node(self, topic_id: int) -> TopicNode:
        for node in self.flat():
            if node.id == topic_id:
                return node
        raise NotFound(f"No topic with id {topic_id}.")

    def id_for_path(self, path: str) -> int:
        """The id of the topic at 'Parent/Child' (names compared by their key)."""
        with self.db.reading() as session:
            parent_id: int | None = None
            for name in split_path(path) or [path]:
                topic = named_child(session, name, parent_id)
                if topic is None:
                    raise NotFound(f"No topic named {path!r}.")
                parent_id = topic.id
        assert parent_id is not None
        return parent_id

    # -- editing ------------------------------------------------------------------------

    def create(self, name: str, parent_id: int | None = None, colour: str = "") -> int:
        """A new topic at the end of `parent_id`'s children; returns its id."""
        name = _clean_name(name)
        with self.db.transaction() as session:
            if parent_id is not None:
                _get(session, parent_id)
            _check_free(session, name, parent_id, None)
            last = session.scalar(
                select(func.coalesce(func.max(Topic.position), -1)).where(_parent_is(parent_id))
            )
            topic = Topic(name=name, parent_id=parent_id, position=last + 1, colour=colour)
            session.add(topic)
            session.flush()
            return topic.id

    def rename(self, topic_id: int, name: str) -> ChangeSet:
        name = _clean_name(name)
        with self.db.transaction() as session:
            topic = _get(session, topic_id)
            _check_free(session, name, topic.parent_id, topic_id)
            remember_topic_base(session, topic)
            topic.name = name
        return ChangeSet(topics=True, message=f"Renamed topic to {name}")

    def recolour(self, topic_id: int, colour: str) -> ChangeSet:
        with self.db.transaction() as session:
            _get(session, topic_id).colour = colour
        return ChangeSet(topics=True, message="Changed the topic's colour")

    def move(self, topic_id: int, parent_id: int | None, index: int) -> ChangeSet:
        """Put the topic under `parent_id` (None: the top level) at `index` among its
        new siblings; a topic cannot move into itself or its own sub-topics."""
        with self.db.transaction() as session:
            topic = _get(session, topic_id)
            if parent_id is not None and parent_id in _subtree_ids(session, topic_id):
                raise InvalidInput("A topic cannot be moved into one of its own sub-topics.")
            _check_free(session, topic.name, parent_id, topic_id)
            siblings = [
                t
                for t in session.scalars(
                    select(Topic).where(_parent_is(parent_id)).order_by(Topic.position, Topic.uuid)
                )
                if t.id != topic_id
            ]
            index = max(0, min(index, len(siblings)))
            siblings.insert(index, topic)
            remember_topic_base(session, topic)
            old_parent, topic.parent_id = topic.parent_id, parent_id
            for position, sibling in enumerate(siblings):
                sibling.position = position
            if old_parent != parent_id:
                session.flush()
                _renumber(session, old_parent)
        return ChangeSet(topics=True, message=f"Moved topic {topic.name}")

    def merge(self, source_id: int, target_id: int) -> ChangeSet:
        """File the findings of `source` (and its sub-topics) under `target`, then
        delete `source`. Sub-topics of `source` become sub-topics of `target`."""
        with self.db.transaction() as session:
            name, target_name = _get(session, source_id).name, _get(session, target_id).name
            moved = merge_topic_in(session, source_id, target_id)
        message = f"Merged {name} into {target_name}"
        return ChangeSet(topics=True, findings=moved, message=message)

    def delete(self, topic_id: int, move_to: int | None) -> ChangeSet:
        """Delete a topic and its sub-topics; their findings move to `move_to`.

        `move_to` may be None only when no finding is filed under the topics deleted.
        """
        with self.db.transaction() as session:
            topic = _get(session, topic_id)
            doomed = _subtree_ids(session, topic_id)
            if move_to is not None:
                _get(session, move_to)
                if move_to in doomed:
                    raise InvalidInput("The findings must move to a topic that is not deleted.")
                moved = _relink(session, doomed, move_to)
            else:
                count = session.scalar(
                    select(func.count())
                    .select_from(FindingTopic)
                    .where(FindingTopic.topic_id.in_(doomed))
                )
                if count:
                    raise InvalidInput(
                        f"{topic.name} has {count} findings; choose the topic they move to."
                    )
                moved = set()
            name = topic.name
            session.delete(topic)
        return ChangeSet(topics=True, findings=moved, message=f"Deleted topic {name}")

    # -- order of findings within topics (the digest) -----------------------------------

    def place_finding(
        self, finding_uuid: str, from_topic: int, to_topic: int, index: int
    ) -> ChangeSet:
        """Move a finding within a topic, or from one topic to another, to `index`
        among the findings of `to_topic` (their positions are renumbered 0, 1, 2…)."""
        with self.db.transaction() as session:
            finding = session.scalar(select(Finding).where(Finding.uuid == finding_uuid))
            filed = {link.topic_id for link in finding.topic_links} if finding else set()
            if finding is None or from_topic not in filed:
                raise NotFound("That finding is not filed under that topic.")
            target = _get(session, to_topic)
            if from_topic != to_topic:  # the new topic goes last among the finding's topics
                kept = [link.topic for link in finding.topic_links if link.topic_id != from_topic]
                link_topics(session, finding, [*kept, target])
            finding_id = finding.id
            link = next(link for link in finding.topic_links if link.topic_id == to_topic)
            order = [
                row
                for row in session.scalars(
                    select(FindingTopic)
                    .join(Finding, Finding.id == FindingTopic.finding_id)
                    .where(FindingTopic.topic_id == to_topic)
                    .order_by(FindingTopic.position, Finding.uuid)
                )
                if row.finding_id != finding_id
            ]
            order.insert(max(0, min(index, len(order))), link)
            for position, row in enumerate(order):
                row.position = float(position)
        return ChangeSet(topics=True, findings={finding_uuid}, message="Moved a finding")

    # -- snapshots for undo -------------------------------------------------------------

    def capture(self, linked: Iterable[int] = ()) -> TopicState:
        """Every topic row, plus the finding links of the topics in `linked`."""
        linked_ids = frozenset(linked)
        with self.db.reading() as session:
            topics = tuple(
                tuple(row) for row in session.execute(select(*_cols(Topic, TOPIC_COLUMNS))).all()
            )
            links = tuple(
                tuple(row)
                for row in session.execute(
                    select(*_cols(FindingTopic, LINK_COLUMNS)).where(
                        FindingTopic.topic_id.in_(linked_ids)
                    )
                ).all()
            )
        return TopicState(topics, linked_ids, links)

    def subtree(self, topic_id: int) -> set[int]:
        with self.db.reading() as session:
            return _subtree_ids(session, topic_id)

    def restore(self, state: TopicState) -> ChangeSet:
        """Put the topic table and the captured links back exactly as in `state`."""
        with self.db.transaction() as session:
            wanted = {row[0]: row for row in state.topics}
            present = set(session.scalars(select(Topic.id)))
            for topic_id in present - wanted.keys():
                session.execute(delete(Topic).where(Topic.id == topic_id))
            # Names unique per parent: park every name first, then write the real ones.
            session.execute(update(Topic).values(name=Topic.uuid, name_key=Topic.uuid))
            for row in _parents_first(state.topics):
                values = dict(zip(TOPIC_COLUMNS, row, strict=True))
                values["name_key"] = topic_key(values["name"])
                if row[0] in present:
                    session.execute(update(Topic).where(Topic.id == row[0]).values(**values))
                else:
                    session.execute(insert(Topic).values(**values))
            session.execute(delete(FindingTopic).where(FindingTopic.topic_id.in_(state.linked)))
            live = set(session.scalars(select(Finding.id)))
            for row in state.links:
                if row[0] in live:
                    session.execute(
                        insert(FindingTopic)
                        .values(**dict(zip(LINK_COLUMNS, row, strict=True)))
                        .prefix_with("OR REPLACE")
                    )
            session.expire_all()
        return ChangeSet(topics=True)


def _cols(table: type, names: tuple[str, ...]) -> list:
    return [getattr(table, name) for name in names]


def _parents_first(rows: tuple[tuple, ...]) -> list[tuple]:
    by_id = {row[0]: row for row in rows}

    def depth(row: tuple) -> int:
        level, parent = 0, row[3]
        while parent is not None and parent in by_id and level < len(by_id):
            level, parent = level + 1, by_id[parent][3]
        return level

    return sorted(rows, key=depth)


def _clean_name(name: str) -> str:
    """A name as typed, spaces tidied; '/' is refused: it separates a topic from its subtopics."""
    if PATH_SEPARATOR in name:
        raise InvalidInput(
            f"A topic name cannot contain “{PATH_SEPARATOR}”: it separates a topic from its "
            "subtopics (Treatment/Radiation). Use a dash or “and” instead."
        )
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("A topic needs a name.")
    return cleaned


def _get(session: Session, topic_id: int) -> Topic:
    topic = session.get(Topic, topic_id)
    if topic is None:
        raise NotFound(f"No topic with id {topic_id}.")
    return topic


def _check_free(session: Session, name: str, parent_id: int | None, self_id: int | None) -> None:
    clash = named_child(session, name, parent_id)
    if clash is not None and clash.id != self_id:
        raise InvalidInput(f"There is already a topic named {name} there.")


def _renumber(session: Session, parent_id: int | None) -> None:
    """Positions 0, 1, 2… among the children of `parent_id`, order kept."""
    rows = session.scalars(
        select(Topic).where(_parent_is(parent_id)).order_by(Topic.position, Topic.uuid)
    )
    for position, row in enumerate(rows):
        row.position = position


def merge_topic_in(session: Session, source_id: int, target_id: int) -> set[str]:
    """Merge `source` into `target` in the caller's transaction (checked before any change);
    returns the findings moved. The merge is remembered so it reaches collaborators."""
    source, target = _get(session, source_id), _get(session, target_id)
    if target_id in _subtree_ids(session, source_id):
        raise InvalidInput("A topic cannot be merged into itself or its own sub-topic.")
    children = list(session.scalars(select(Topic).where(Topic.parent_id == source_id)))
    for child in children:
        _check_free(session, child.name, target_id, child.id)
    for child in children:
        child.parent_id = target_id
    session.flush()
    moved = _relink(session, [source_id], target_id)
    remember_topic_merge(session, source.uuid, target.uuid)
    retarget_bases(session, source.uuid, target.uuid)
    session.delete(source)
    return moved


def _subtree_ids(session: Session, topic_id: int) -> set[int]:
    rows = session.execute(select(Topic.id, Topic.parent_id)).all()
    found, frontier = {topic_id}, [topic_id]
    while frontier:
        current = frontier.pop()
        for child, parent in rows:
            if parent == current and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def _relink(session: Session, sources: Iterable[int], target_id: int) -> set[str]:
    """Move the finding links of `sources` to `target` (after its own findings, in
    their order); a finding already under `target` keeps its place there."""
    source_ids = list(sources)
    links = session.scalars(
        select(FindingTopic)
        .where(FindingTopic.topic_id.in_(source_ids))
        .order_by(FindingTopic.topic_id, FindingTopic.position)
    ).all()
    already = set(
        session.scalars(select(FindingTopic.finding_id).where(FindingTopic.topic_id == target_id))
    )
    last = last_position(session, target_id)
    last = -1.0 if last is None else last
    moved: set[str] = set()
    carried = [(link.finding_id, link.rank) for link in links]
    for link in links:
        session.delete(link)
    session.flush()
    for finding_id, rank in carried:
        if finding_id in already:
            continue
        already.add(finding_id)
        last += 1
        session.add(
            FindingTopic(finding_id=finding_id, topic_id=target_id, rank=rank, position=last)
        )
    session.flush()
    uuids = session.scalars(select(Finding.uuid).where(Finding.id.in_(already)))
    moved.update(uuids)
    return moved
