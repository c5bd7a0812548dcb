"""Undoable edits as plain objects: apply / revert / merge, testable without Qt.

`ui/common/undo.py` wraps each in a thin QUndoCommand. A command talks to the library
only through its services, so every step is one transaction.
"""

from __future__ import annotations

from typing import Protocol

from poemsreader.core.changes import ChangeSet
from poemsreader.core.ports import LibraryPort


class Command(Protocol):
    """One undoable step the reviewer took."""

    text: str  # shown in Edit > Undo <text>

    def apply(self, library: LibraryPort) -> ChangeSet: ...

    def revert(self, library: LibraryPort) -> ChangeSet: ...

    def merge_id(self) -> int:
        """Commands with the same non-negative id may merge (typing into one field)."""
        ...

    def merge(self, other: Command) -> bool:
        """Absorb `other` (applied just after self); True if merged."""
        ...


class CommandBase:
    """Defaults for commands that never merge."""

    text = ""

    def merge_id(self) -> int:
        return -1

    def merge(self, other: Command) -> bool:
        return False


class UndoHistory:
    """A Qt-free undo stack with the same semantics as QUndoStack (for tests, CLI)."""

    def __init__(self, library: LibraryPort) -> None:
        self.library = library
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> ChangeSet:
        changes = command.apply(self.library)
        self._undone.clear()
        last = self._done[-1] if self._done else None
        mergeable = last is not None and command.merge_id() >= 0
        same = last is not None and mergeable and last.merge_id() == command.merge_id()
        if last is not None and same and last.merge(command):
            return changes
        self._done.append(command)
        return changes

    def undo(self) -> ChangeSet:
        if not self._done:
            return ChangeSet()
        command = self._done.pop()
        self._undone.append(command)
        return command.revert(self.library)

    def redo(self) -> ChangeSet:
        if not self._undone:
            return ChangeSet()
        command = self._undone.pop()
        self._done.append(command)
        return command.apply(self.library)


class CommandGroup(CommandBase):
    """Several commands as one step (a bulk edit): applied in order, undone in reverse."""

    def __init__(self, text: str, commands: list[Command]) -> None:
        self.text = text
        self.commands = commands

    def apply(self, library: LibraryPort) -> ChangeSet:
        changes = ChangeSet()
        done: list[Command] = []
        try:
            for command in self.commands:
                changes = changes | command.apply(library)
                done.append(command)
        except Exception:
            for command in reversed(done):  # all or nothing, like any other step
                command.revert(library)
            raise
        return changes

    def revert(self, library: LibraryPort) -> ChangeSet:
        changes = ChangeSet()
        for command in reversed(self.commands):
            changes = changes | command.revert(library)
        return changes
