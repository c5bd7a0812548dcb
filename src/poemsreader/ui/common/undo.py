"""A thin QUndoCommand over the core's command objects (core/commands.py).

The core command does the work (one transaction through the services); this
wrapper only lets Qt's undo stack, Edit menu and shortcuts drive it, and hands
what changed to the change bus so views refresh. Commands are pushed only
through `ChangeBus.push` (ui/change_bus).

A change that fails (the library is in use by another process, the disk is
full) must not leave the stack out of step with the library: `ChangeBus.push`
applies the command before pushing it, so a failure leaves nothing to undo;
an undo or redo that fails puts the stack's index back where it was and shows
the one-line error.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.ports import LibraryPort

ChangeListener = Callable[[ChangeSet], None]


class QtCommand(QUndoCommand):
    def __init__(
        self,
        command: Command,
        library: LibraryPort,
        on_change: ChangeListener,
        stack: QUndoStack,
        *,
        applied: bool = False,
    ) -> None:
        super().__init__(command.text)
        self.command = command
        self.library = library
        self.on_change = on_change
        # weak: the stack owns this command; a strong reference back would make the
        # stack's destruction (which deletes its commands) release the stack again
        self._stack = weakref.ref(stack)
        # True while the library already is in the state the next redo()/undo() would
        # produce: after ChangeBus.push applied it, or after a failed step was rolled back
        self._in_place = applied

    def redo(self) -> None:  # QUndoStack.push and Edit > Redo call this
        self._step(self.command.apply)

    def undo(self) -> None:
        self._step(self.command.revert)

    def _step(self, step: Callable[[LibraryPort], ChangeSet]) -> None:
        if self._in_place:
            self._in_place = False
            return
        try:
            changes = step(self.library)
        except PoemsReaderError as error:
            self._keep_index()
            from poemsreader.ui.common.error_hook import show_error

            show_error(type(error), error, error.__traceback__)
            return
        self.on_change(changes)

    def _keep_index(self) -> None:
        """Put the stack's index back once Qt has finished moving it over this command."""
        self._in_place = True  # the library did not change: moving back is a no-op
        stack = self._stack()
        if stack is None:
            return
        target = stack.index()  # Qt moves the index only after undo()/redo() return
        QTimer.singleShot(0, stack, lambda: stack.setIndex(target))

    def id(self) -> int:
        return self.command.merge_id()

    def mergeWith(self, other: QUndoCommand) -> bool:
        return isinstance(other, QtCommand) and self.command.merge(other.command)
