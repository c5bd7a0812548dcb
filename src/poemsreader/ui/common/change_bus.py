"""The one road every change takes to the views: `ChangeBus.changed(ChangeSet)`.

Every write, from any window or background job, ends here: a command pushed for
undo (`push`), work already done elsewhere that Edit > Undo must revert
(`push_applied`), or a change with nothing to undo (`publish`: a merge, a
conflict resolved in bulk). Every view connects `changed` to its own
`apply_changes`, so a share import started from the library window reaches an
open article window's findings panel at once.

Writes by another process (the command line, a second copy of the app) are
noticed by `ExternalChanges`: it asks the library for SQLite's data version when
the application or one of its windows regains focus, and on a slow timer, and
publishes `ChangeSet.all()` when the number moved.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from shiboken6 import isValid

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import PoemsReaderError
from poemsreader.services.library import Library
from poemsreader.ui.common.undo import QtCommand, new_undo_stack, push

EXTERNAL_CHECK_MS = 15_000  # the slow timer; focus changes check at once


class ChangeBus(QObject):
    """Owns the undo stack; `changed` carries every ChangeSet to every view."""

    changed = Signal(object)  # ChangeSet

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = new_undo_stack(self)

    def push(self, command: Command) -> ChangeSet:
        """Apply `command` as one undoable step; a PoemsReaderError propagates, and then
        nothing was changed and nothing is pushed."""
        return self.push_applied(command, command.apply(self.library))

    def push_applied(self, command: Command, changes: ChangeSet) -> ChangeSet:
        """Push `command`, whose work was already done (e.g. in a child process) with
        the result `changes`, so that Edit > Undo reverts it."""
        push(
            self.undo_stack,
            QtCommand(command, self.library, self.publish, self.undo_stack, applied=True),
        )
        self.publish(changes)
        return changes

    def try_push(self, command: Command, on_error: object = None) -> bool:
        """`push`, with a refused change reported as its one sentence to `on_error`
        (a callable taking a str) instead of raised."""
        try:
            self.push(command)
        except PoemsReaderError as error:
            if callable(on_error):
                on_error(str(error))
            return False
        return True

    def publish(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)


class ExternalChanges(QObject):
    """Publishes `ChangeSet.all()` on `bus` when another process wrote to the library."""

    def __init__(self, bus: ChangeBus, interval_ms: int = EXTERNAL_CHECK_MS) -> None:
        super().__init__(bus)
        self.bus = bus
        self.version = self._read_version()
        bus.changed.connect(self._own_change)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
            app.focusWindowChanged.connect(self._focus_changed)

    def check(self) -> bool:
        """True (and every view told) when the library changed since the last reading."""
        if not isValid(self):
            return False  # its window is gone; the application still holds the signal
        version = self._read_version()
        if version is None or version == self.version:
            return False
        self.version = version
        self.bus.publish(ChangeSet.all("The library was changed elsewhere; shown as it is now."))
        return True

    def _own_change(self, _changes: ChangeSet) -> None:
        """Our own writes move the number too: after any change the views have been told
        of, the new reading is the baseline."""
        version = self._read_version()
        if version is not None:
            self.version = version

    def _read_version(self) -> int | None:
        try:
            return self.library_version()
        except (PoemsReaderError, OSError):
            return None  # a busy or vanished file: ask again next time

    def library_version(self) -> int:
        return self.bus.library.data_version()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def _focus_changed(self, window: QWindow | None) -> None:
        if window is not None:
            self.check()
