"""A thin QUndoCommand over the core's command objects (core/commands.py).

The core command does the work (one transaction through the services); this
wrapper only lets Qt's undo stack, Edit menu and shortcuts drive it, and tells
the window what changed so views refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command

ChangeListener = Callable[[ChangeSet], None]


class QtCommand(QUndoCommand):
    def __init__(self, command: Command, library: object, on_change: ChangeListener) -> None:
        super().__init__(command.text)
        self.command = command
        self.library = library
        self.on_change = on_change

    def redo(self) -> None:  # QUndoStack.push calls redo() first: that applies the command
        self.on_change(self.command.apply(self.library))

    def undo(self) -> None:
        self.on_change(self.command.revert(self.library))

    def id(self) -> int:
        return self.command.merge_id()

    def mergeWith(self, other: QUndoCommand) -> bool:
        return isinstance(other, QtCommand) and self.command.merge(other.command)
