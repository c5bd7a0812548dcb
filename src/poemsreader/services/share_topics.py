"""Topics travel by their stable ids: a rename or a move on one side reaches the other.

Each side keeps, per topic, the state both sides last saw (its *base*: the name and
parent last received, or those before this library's first unshared edit, in the
`share.topic_base` setting). On import, a name or parent changed on one side only
takes that side's value; changed on both sides differently, both libraries pick the
same one (the larger name, the larger parent id) so they still converge. A topic
the other side created under the same path as one of ours is the same topic: its id
there is remembered as an alias of ours (`share.topic_aliases`), so later renames
and moves of it travel too.

In a team sync a topic's position among its siblings (set by dragging it) is merged
too, against the position in the base: moved on one side only, it takes that side's
position; moved on both sides, the side syncing now keeps its own, which it then sends,
so the later sync wins on both sides. An order is not worth a conflict: the reviewer
sees the result at once and drags again if it is wrong. Equal positions are ordered by
the topic's uuid, the same on every side. A mailed file's positions are not merged:
the receiver keeps the order of its own tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from poemsreader.core.errors import InvalidInput
from poemsreader.share.convert import SharedFinding
from poemsreader.share.format import SharedTopic, TopicMerge, TopicState, urn, uuid_of
from poemsreader.storage.merge_base import (
    TOPIC_ALIASES_SETTING,
    TOPIC_MERGES_SETTING,
    retarget_bases,
    save_topic_bases,
    topic_bases,
    topic_state,
)
from poemsreader.storage.schema import Topic
from poemsreader.storage.topic_reads import (
    add_topic,
    all_topics,
    next_topic_position,
    topic_uuids,
    topic_with_id,
    topics_in_order,
)
from poemsreader.storage.topics import merge_topic_in, named_child, split_path, topic_path

if TYPE_CHECKING:
    from poemsreader.storage.database import Session


def shared_topics(session: Session) -> list[SharedTopic]:
    """Every topic of the library, parents before children, for the file."""
    bases = topic_bases(session)
    aka: dict[str, list[str]] = {}
    for theirs, ours in sorted(topic_bases(session, TOPIC_ALIASES_SETTING).items()):
        aka.setdefault(ours, []).append(urn(theirs))
    topics = topics_in_order(session)
    by_id = {t.id: t for t in topics}

    def depth(topic: Topic) -> int:
        level, parent = 0, topic.parent_id
        while parent is not None and parent in by_id and level < len(by_id):
            level, parent = level + 1, by_id[parent].parent_id
        return level

    shared = []
    for topic in sorted(topics, key=depth):
        parent = by_id.get(topic.parent_id) if topic.parent_id else None
        base = bases.get(topic.uuid)
        shared.append(
            SharedTopic(
                id=urn(topic.uuid),
                name=topic.name,
                parent=urn(parent.uuid) if parent else None,
                position=max(0, topic.position),
                base=TopicState(name=base[0], parent=urn(base[1]) if base[1] else None)
                if base
                else None,
                aka=aka.get(topic.uuid, [])[:50],
            )
        )
    return shared


def merged_topics(session: Session) -> list[TopicMerge]:
    """The merges made here (or received) whose merged topic is gone."""
    present = topic_uuids(session)
    merges = topic_bases(session, TOPIC_MERGES_SETTING)
    aka: dict[str, list[str]] = {}
    for theirs, ours in sorted(topic_bases(session, TOPIC_ALIASES_SETTING).items()):
        aka.setdefault(ours, []).append(urn(theirs))
    return [
        TopicMerge(id=urn(source), into=urn(target), aka=aka.get(source, [])[:50])
        for source, target in sorted(merges.items())
        if source not in present
    ]


def topic_paths(session: Session) -> dict[str, str]:
    """Topic uuid -> path, for every topic."""
    return {t.uuid: topic_path(session, t) for t in all_topics(session)}


def _pick(seen: list[Any], mine: Any, theirs: Any) -> Any:
    """Three-way for one value against the states both sides saw; both changed it
    differently: the larger (the same choice on both sides, so they converge)."""
    if mine == theirs or (theirs in seen and mine not in seen):
        return mine
    if mine in seen and theirs not in seen:
        return theirs
    return max(mine, theirs, key=lambda v: (v is not None, v or ""))


class TopicMerger:
    """The file's topics into ours; `local(remote_uuid)` is our topic for theirs afterwards."""

    def __init__(
        self, session: Session, notes: list[str], adopt: frozenset[str] | None = None
    ) -> None:
        """`adopt` (a team sync, whose server holds one topic per name): our topic meeting
        the sender's topic of the same name takes the sender's id; for those in `adopt`
        (known to the team library by their old id) that is remembered as a merge, which
        the team library then makes too."""
        self.session = session
        self.notes = notes
        self.adopt = adopt
        self.bases = topic_bases(session)
        self.aliases: dict[str, str] = topic_bases(session, TOPIC_ALIASES_SETTING)
        self.by_uuid = {t.uuid: t for t in all_topics(session)}
        self.mapped: dict[str, Topic] = {}
        self.merged_into: dict[str, str] = {}  # their merged topic -> the one it went into
        self.local_merges: dict[str, str] = topic_bases(session, TOPIC_MERGES_SETTING)
        # Paths already found (each finding names a few, mostly the same ones): kept
        # until this merger renames, moves, creates or merges a topic.
        self.found_paths: dict[str, Topic] = {}

    def local(self, remote_uuid: str) -> Topic | None:
        return self.mapped.get(remote_uuid)

    def apply(self, topics: list[SharedTopic], merges: Sequence[TopicMerge] = ()) -> None:
        for merge in merges:  # first: a topic made since under the merged one's name is new
            self._merge(merge)
        for shared in topics:  # parents come first in the file
            self._topic(shared)
        for merge in merges:  # then those whose topics are known by path only
            self._merge(merge)
        save_topic_bases(self.session, self.bases)
        save_topic_bases(self.session, self.aliases, TOPIC_ALIASES_SETTING)

    def _parent(self, shared: SharedTopic) -> Topic | None:
        """The parent as the file names it: one of its topics, or (a file holding only the
        topics that changed) one we already know by that id."""
        return self._known(uuid_of(shared.parent)) if shared.parent else None

    def _topic(self, shared: SharedTopic) -> None:
        remote_uuid = uuid_of(shared.id)
        parent = self._parent(shared)
        known = [remote_uuid, self.aliases.get(remote_uuid, "")]
        known += [uuid_of(other) for other in shared.aka]
        topic = next((self.by_uuid[u] for u in known if u in self.by_uuid), None)
        merged = None if topic is not None else self._merged_here(known)
        if merged is not None:  # we merged it away: their findings under it go where ours went
            self.mapped[remote_uuid] = merged
            return
        if topic is None:
            topic = self._same_path(shared.name, parent)
            if topic is not None and self.adopt is not None:
                self._adopt(topic, remote_uuid)
        elif self.adopt is not None and topic.uuid != remote_uuid and topic.uuid not in self.adopt:
            # ours, never synced, known to them by another id (a mailed file met it
            # first): it takes the team's id, or this library would send the team's
            # topic back as a new one and a deletion of theirs
            self._adopt(topic, remote_uuid)
        if topic is None:
            topic = self._create(remote_uuid, shared, parent)
        else:
            self._merge_state(topic, shared, parent)
        if topic.uuid != remote_uuid and self.aliases.get(remote_uuid) != topic.uuid:
            self.aliases[remote_uuid] = topic.uuid  # their id for our topic, from now on
        self.mapped[remote_uuid] = topic
        remote_state: list[Any] = [shared.name, parent.uuid if parent else None]
        if self._ordered(shared):
            remote_state.append(shared.position)
        if self.bases.get(topic.uuid) != remote_state:
            self.bases[topic.uuid] = remote_state

    def _adopt(self, topic: Topic, remote_uuid: str) -> None:
        """Our topic takes the sender's id; files naming our old id still find it."""
        old = topic.uuid
        topic.uuid = remote_uuid
        self.session.flush()
        self.by_uuid.pop(old, None)
        self.by_uuid[remote_uuid] = topic
        self.aliases = {k: remote_uuid if v == old else v for k, v in self.aliases.items()}
        self.aliases[old] = remote_uuid
        if old in self.bases:
            self.bases[remote_uuid] = self.bases.pop(old)
        retarget_bases(self.session, old, remote_uuid)
        merges = {k: remote_uuid if v == old else v for k, v in self.local_merges.items()}
        if self.adopt is not None and old in self.adopt:
            merges[old] = remote_uuid
        if merges != self.local_merges:
            self.local_merges = merges
            save_topic_bases(self.session, merges, TOPIC_MERGES_SETTING)

    def _merged_here(self, uuids: list[str]) -> Topic | None:
        """The topic one of `uuids` was merged into in this library, if it was."""
        for uuid in uuids:
            seen = {uuid}
            while uuid in self.local_merges and self.local_merges[uuid] not in seen:
                uuid = self.local_merges[uuid]
                seen.add(uuid)
                if uuid in self.by_uuid:
                    return self.by_uuid[uuid]
        return None

    def _known(self, remote_uuid: str) -> Topic | None:
        for uuid in (remote_uuid, self.aliases.get(remote_uuid, "")):
            topic = self.mapped.get(uuid) or self.by_uuid.get(uuid)
            if topic is not None:
                return topic
        return None

    def _merge(self, merge: TopicMerge) -> None:
        """Their merge of a topic we still have: ours merges the same way."""
        self.merged_into[uuid_of(merge.id)] = uuid_of(merge.into)
        names = [uuid_of(merge.id), *(uuid_of(other) for other in merge.aka)]
        source = next((t for t in map(self._known, names) if t is not None), None)
        target = self._known(uuid_of(merge.into))
        if source is None or target is None or source.id == target.id:
            return
        try:
            merge_topic_in(self.session, source.id, target.id)  # checks before any change
        except InvalidInput as error:
            self.notes.append(f"topic {source.name} not merged into {target.name}: {error}")
            return
        self.session.flush()
        self.session.expire_all()  # findings loaded before hold their old topic links
        self.found_paths.clear()
        self.by_uuid.pop(source.uuid, None)
        self.mapped = {k: v for k, v in self.mapped.items() if v is not source}

    def _same_path(self, name: str, parent: Topic | None) -> Topic | None:
        return named_child(self.session, name, parent.id if parent else None)

    def _create(self, remote_uuid: str, shared: SharedTopic, parent: Topic | None) -> Topic:
        parent_id = parent.id if parent else None
        position = next_topic_position(self.session, parent_id)
        if self._ordered(shared):
            position = shared.position
        topic = add_topic(self.session, remote_uuid, shared.name, parent_id, position)
        self.by_uuid[remote_uuid] = topic
        self.found_paths.clear()
        return topic

    def _merge_state(self, topic: Topic, shared: SharedTopic, parent: Topic | None) -> None:
        mine = topic_state(self.session, topic)
        bases = self._bases_of(topic, shared)
        theirs_parent = parent.uuid if parent else None
        name = _pick([b[0] for b in bases], mine[0], shared.name)
        parent_uuid = _pick([b[1] for b in bases], mine[1], theirs_parent)
        new_parent = self.by_uuid.get(parent_uuid) if parent_uuid else None
        if parent_uuid and (new_parent is None or self._inside(new_parent, topic)):
            parent_uuid = mine[1]
            new_parent = self.by_uuid.get(parent_uuid) if parent_uuid else None
        new_parent_id = new_parent.id if new_parent else None
        if self._ordered(shared):
            topic.position = self._position(topic, shared)
        if (name, parent_uuid) == mine:
            return
        clash = self._same_path(name, new_parent)
        if clash is not None and clash.id != topic.id:
            self.notes.append(
                f"topic {topic.name}: not renamed or moved to {name}, a topic of that name "
                "is already there"
            )
            return
        topic.name, topic.parent_id = name, new_parent_id
        self.session.flush()
        self.found_paths.clear()

    def _ordered(self, shared: SharedTopic) -> bool:
        """A team sync whose row carries the topic's position among its siblings."""
        return self.adopt is not None and "position" in shared.model_fields_set

    def _position(self, topic: Topic, shared: SharedTopic) -> int:
        """Three-way against the position last synced; moved on both sides: ours (this
        side sends it next, so the later sync wins everywhere, with no conflict). A topic
        never synced with its position (one of ours met by name) takes the team's."""
        own = self.bases.get(topic.uuid)
        base = own[2] if isinstance(own, list) and len(own) > 2 else None
        if base is None or topic.position in (base, shared.position):
            return shared.position
        return topic.position

    def _bases_of(self, topic: Topic, shared: SharedTopic) -> list[tuple[str, str | None]]:
        """Ours (last received, or before our first rename or move) and the sender's."""
        bases = []
        own = self.bases.get(topic.uuid)
        if own:
            bases.append((own[0], own[1]))
        if shared.base is not None:
            parent = self.mapped.get(uuid_of(shared.base.parent)) if shared.base.parent else None
            bases.append((shared.base.name, parent.uuid if parent else None))
        return bases

    def localise(self, shared: SharedFinding) -> None:
        """The file's topic paths and ids -> ours (a topic renamed here keeps its findings)."""
        topics, positions, ids = [], {}, {}
        for path in shared.record.topics:
            remote_id = shared.topic_ids.get(path)
            topic = self._known(remote_id) if remote_id else None
            topic = topic or self._by_path(path)
            local_path = topic_path(self.session, topic) if topic is not None else path
            if local_path in positions:
                continue
            topics.append(local_path)
            positions[local_path] = shared.positions.get(path, 0.0)
            if topic is not None:
                ids[local_path] = topic.uuid
        shared.record.topics, shared.positions, shared.topic_ids = topics, positions, ids

    def local_key(self, key: str) -> str:
        """A topic key of a merge base from the file (their uuid or a path) -> ours; a topic
        merged since -> the topic it went into."""
        seen = {key}
        topic = self._known(key) or self._by_path(key)
        while topic is None and self.merged_into.get(key) not in (None, *seen):
            key = self.merged_into[key]
            seen.add(key)
            topic = self._known(key)
        return topic.uuid if topic is not None else key

    def _by_path(self, path: str) -> Topic | None:
        if path in self.found_paths:
            return self.found_paths[path]
        parent: Topic | None = None
        for name in split_path(path):
            parent = self._same_path(name, parent)
            if parent is None:
                return None
        if parent is not None:
            self.found_paths[path] = parent
        return parent

    def _inside(self, candidate: Topic | None, topic: Topic) -> bool:
        """Is `candidate` the topic itself or one of its sub-topics (a cycle)?"""
        seen = 0
        while candidate is not None and seen < len(self.by_uuid) + 1:
            if candidate.id == topic.id:
                return True
            parent_id = candidate.parent_id
            candidate = topic_with_id(self.session, parent_id) if parent_id else None
            seen += 1
        return False
