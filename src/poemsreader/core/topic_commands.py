"""Undoable edits of the topic tree and of the digest's order and texts.

Topic edits are snapshot commands: the first `apply` runs the service call and
records the topic table (and the finding links it touched) before and after;
undo restores the first snapshot, redo the second, so ids stay stable across
undo/redo and a later command on the stack still finds its topic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command, CommandBase
from poemsreader.core.ports import LibraryPort

Action = Callable[[LibraryPort], ChangeSet]
Linked = Callable[[LibraryPort], Iterable[int]]


class TopicSnapshotCommand(CommandBase):
    """Runs `action(library)` once; undo and redo restore recorded snapshots."""

    def __init__(self, text: str, action: Action, linked: Linked = lambda _lib: ()) -> None:
        self.text = text
        self._action = action
        self._linked = linked
        self._before: Any = None
        self._after: Any = None
        self._changes = ChangeSet(topics=True)

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self._after is not None:
            return library.topics.restore(self._after) | self._changes
        self._before = library.topics.capture(self._linked(library))
        self._changes = self._action(library)
        self._after = library.topics.capture(self._before.linked)
        return self._changes

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.topics.restore(self._before) | self._changes


class CreateTopic(TopicSnapshotCommand):
    def __init__(self, name: str, parent_id: int | None = None, colour: str = "") -> None:
        super().__init__(f"New topic {name}", self._create)
        self.name, self.parent_id, self.colour = name, parent_id, colour
        self.topic_id: int | None = None

    def _create(self, library: LibraryPort) -> ChangeSet:
        self.topic_id = library.topics.create(self.name, self.parent_id, self.colour)
        return ChangeSet(topics=True, message=f"Created topic {self.name}")


def rename_topic(topic_id: int, name: str) -> TopicSnapshotCommand:
    return TopicSnapshotCommand(
        f"Rename topic to {name}", lambda lib: lib.topics.rename(topic_id, name)
    )


def recolour_topic(topic_id: int, colour: str) -> TopicSnapshotCommand:
    return TopicSnapshotCommand(
        "Change topic colour", lambda lib: lib.topics.recolour(topic_id, colour)
    )


def move_topic(topic_id: int, parent_id: int | None, index: int) -> TopicSnapshotCommand:
    return TopicSnapshotCommand(
        "Move topic", lambda lib: lib.topics.move(topic_id, parent_id, index)
    )


def merge_topics(source_id: int, target_id: int) -> TopicSnapshotCommand:
    return TopicSnapshotCommand(
        "Merge topics",
        lambda lib: lib.topics.merge(source_id, target_id),
        lambda lib: lib.topics.subtree(source_id) | {target_id},
    )


def delete_topic(topic_id: int, move_to: int | None) -> TopicSnapshotCommand:
    return TopicSnapshotCommand(
        "Delete topic",
        lambda lib: lib.topics.delete(topic_id, move_to),
        lambda lib: lib.topics.subtree(topic_id) | ({move_to} if move_to is not None else set()),
    )


def place_finding(
    finding_uuid: str, from_topic: int, to_topic: int, index: int
) -> TopicSnapshotCommand:
    """A finding dragged within the digest (one step, undoable)."""
    return TopicSnapshotCommand(
        "Move finding",
        lambda lib: lib.topics.place_finding(finding_uuid, from_topic, to_topic, index),
        lambda _lib: {from_topic, to_topic},
    )


class SetDigestText(CommandBase):
    """Edit the digest's title, date or introduction; typing into one field merges."""

    FIELDS = ("title", "date", "introduction")

    def __init__(self, field: str, old: str, new: str) -> None:
        if field not in self.FIELDS:
            raise ValueError(f"unknown digest field {field!r}")
        self.field, self.old, self.new = field, old, new
        self.text = f"Edit digest {field}"

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.digest.set_text(self.field, self.new)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.digest.set_text(self.field, self.old)

    def merge_id(self) -> int:
        return 5100 + self.FIELDS.index(self.field)

    def merge(self, other: Command) -> bool:
        if not isinstance(other, SetDigestText) or other.field != self.field:
            return False
        self.new = other.new
        return True
