"""Typing that never waits for the disk: text fields are saved after a short pause.

A keystroke only starts a timer. The field is saved `SAVE_PAUSE_MS` after the last
keystroke, at least every `SAVE_AT_LEAST_MS` while typing goes on (so a crash loses at
most the last second), and at once when the field loses focus or its window closes
(`flush`). Each save carries a *burst* number: the saves of one burst of typing
merge into one undo step, and a pause or a focus change starts the next burst.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

SAVE_PAUSE_MS = 400
SAVE_AT_LEAST_MS = 1000

SaveText = Callable[[str, str, int], object]  # (field, text, burst)

_bursts = itertools.count(1)  # unique across editors: two windows' bursts never merge


class TextAutosave(QObject):
    """Watches named QPlainTextEdit fields and hands their text to `save` when due."""

    def __init__(self, save: SaveText, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.save = save
        self.fields: dict[str, QPlainTextEdit] = {}
        self.dirty: set[str] = set()
        self.burst = next(_bursts)
        self.pause = QTimer(self, singleShot=True, interval=SAVE_PAUSE_MS)
        self.pause.timeout.connect(self.flush)
        self.deadline = QTimer(self, singleShot=True, interval=SAVE_AT_LEAST_MS)
        self.deadline.timeout.connect(lambda: self.flush(end_burst=False))

    def watch(self, field: str, widget: QPlainTextEdit) -> None:
        self.fields[field] = widget
        widget.textChanged.connect(lambda: self.typed(field))
        widget.installEventFilter(self)

    def typed(self, field: str) -> None:
        self.dirty.add(field)
        self.pause.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def pending(self, field: str) -> bool:
        """True while `field` holds typing not yet saved."""
        return field in self.dirty

    def flush(self, end_burst: bool = True) -> None:
        """Save every field typed into since the last save; `end_burst` closes the undo step."""
        self.pause.stop()
        self.deadline.stop()
        fields, self.dirty = sorted(self.dirty), set()
        for field in fields:
            self.save(field, self.fields[field].toPlainText(), self.burst)
        if end_burst and fields:
            self.burst = next(_bursts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self.dirty:
            self.flush()
        return False
