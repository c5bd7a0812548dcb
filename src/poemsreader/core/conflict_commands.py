"""Resolving a sharing conflict as an undoable command (keep mine / theirs / both)."""

from __future__ import annotations

from typing import Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.model import new_uuid
from poemsreader.core.ports import LibraryPort

CHOICE_TEXT = {"mine": "Keep my version", "theirs": "Keep their version", "both": "Keep both"}


class ResolveConflict(CommandBase):
    """`library.sharing.conflicts` does the work; undo puts the finding and the conflict
    back as they were (a copy made by "keep both" is removed)."""

    def __init__(self, conflict_id: int, choice: str) -> None:
        self.conflict_id = conflict_id
        self.choice = choice
        self.text = CHOICE_TEXT[choice]
        self.copy_uuid = new_uuid() if choice == "both" else None
        self._snapshot: Any = None

    def apply(self, library: LibraryPort) -> ChangeSet:
        conflicts = library.sharing.conflicts
        self._snapshot = conflicts.snapshot(self.conflict_id)
        return conflicts.resolve(self.conflict_id, self.choice, self.copy_uuid)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.sharing.conflicts.restore(self._snapshot, self.copy_uuid)
