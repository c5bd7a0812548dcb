"""What every window of the Review menu has in common.

A review window is a top-level window over the library: it subscribes to the
change bus itself (`apply_changes`), pushes its edits through the bus (so Edit >
Undo in the library window reverts them too), runs slow work on the library
window's task runner, and re-reads what it shows when it is opened again
(`refresh`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.store.library import Library
from poemsreader.ui.change_bus import ChangeBus
from poemsreader.ui.tasks import TaskRunner


class ReviewWindow(QWidget):
    title = ""  # the window's title, and its object name (for tests and styles)
    object_name = ""

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.title)
        self.setObjectName(self.object_name)
        self.library, self.bus, self.tasks = library, bus, tasks
        bus.changed.connect(self.apply_changes)

    def refresh(self) -> None:
        """Re-read everything the window shows."""

    def apply_changes(self, changes: ChangeSet) -> None:
        """The bus calls this for every change; by default any real change re-reads all."""
        if not changes.is_empty():
            self.refresh()
