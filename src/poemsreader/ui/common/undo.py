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

Who frees a command: the stack, never Python's garbage collector. A pushed
QtCommand is a Python object over a C++ command that its QUndoStack deletes. When
the collector frees a reference cycle holding a live stack (a window or a bus
nobody keeps, with a slot or bound method pointing back at it), shiboken's
tp_clear on a command (or on the stack) hands the command back to Python, which
then deletes its C++ side while the stack still lists it; the stack, deleted a
moment later, deletes it again and corrupts the heap. So every pushed command is
held here (`push`) until Qt has deleted it, and a command holds its bus only
weakly: the collector never clears a command, and only its stack deletes it.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import isValid

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
        self._on_change = _weak(on_change)
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
        on_change = self._on_change()
        if on_change is not None:  # None: its bus is gone, nobody is left to tell
            on_change(changes)

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


_pushed: set[QtCommand] = set()  # every command on a stack, until Qt deletes it


def new_undo_stack(parent: QObject) -> QUndoStack:
    """A stack whose commands are let go (see `push`) once Qt has deleted them with it."""
    stack = QUndoStack(parent)
    stack.destroyed.connect(forget_deleted_commands)
    return stack


def push(stack: QUndoStack, command: QtCommand) -> None:
    """Push `command` on `stack` (made by `new_undo_stack`), holding its Python side
    until the stack deletes it (see the module's docstring)."""
    discards_redo_steps = stack.index() < stack.count()  # Qt deletes the undone ones
    _pushed.add(command)
    stack.push(command)
    if discards_redo_steps:
        forget_deleted_commands()
    elif not isValid(command):  # merged into the previous one, which Qt deletes at once
        _pushed.discard(command)


def forget_deleted_commands() -> None:
    """Drop the commands whose C++ side Qt has deleted (merged, discarded from the redo
    end, or freed with their stack)."""
    _pushed.difference_update([command for command in _pushed if not isValid(command)])


def held_commands() -> int:
    """How many pushed commands are held, waiting for Qt to delete them."""
    return len(_pushed)


def _weak(listener: ChangeListener) -> Callable[[], ChangeListener | None]:
    """A weak reference to a bound method (the bus's `publish`), so that a held command
    keeps no bus alive; any other callable is kept as it is."""
    if inspect.ismethod(listener):
        return weakref.WeakMethod(listener)
    return lambda: listener
