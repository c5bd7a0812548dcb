"""A change the library refuses (another process holds the write lock) leaves the
undo stack in step with what was stored: nothing to undo after a failed edit,
and a failed undo or redo keeps its place on the stack."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from poemsreader.core.errors import LibraryInUse
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.services.library import Library
from poemsreader.storage import database
from poemsreader.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.gui


@contextmanager
def write_lock_held(db_path: Path) -> Iterator[None]:
    """Another connection holds the write lock, as a second process would."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _status(library: Library) -> str:
    return library.articles.rows()[0].reading_status


def _close_error_box(qtbot: QtBot) -> str:
    def shown() -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()))
    [box] = shown()
    text = box.text()
    box.close()
    return text


def test_refused_edits_undo_and_redo_keep_the_stack_in_step(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("poemsreader.storage.lock.RETRY_PAUSE_S", 0.01)
    library = Library(tmp_path / "library")
    record = ArticleRecord(title="Li", authors=[Author("Li", "J")], year=2013)
    [article] = library.references.import_records([record]).created
    library.articles.set_reading_status(article, ReadingStatus.TO_READ)
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    stack = window.undo_stack
    try:
        with write_lock_held(library.db.path), pytest.raises(LibraryInUse):
            window.set_reading_status([article], "read")
        assert stack.count() == 0 and _status(library) == "to read"

        window.set_reading_status([article], "read")
        assert (stack.count(), stack.index(), _status(library)) == (1, 1, "read")

        with write_lock_held(library.db.path):
            stack.undo()
            assert "in use" in _close_error_box(qtbot)
            qtbot.waitUntil(lambda: stack.index() == 1)
        assert _status(library) == "read" and stack.canUndo()

        stack.undo()
        assert (stack.index(), _status(library)) == (0, "to read")

        with write_lock_held(library.db.path):
            stack.redo()
            assert "in use" in _close_error_box(qtbot)
            qtbot.waitUntil(lambda: stack.index() == 0)
        assert _status(library) == "to read" and stack.canRedo()

        stack.redo()
        assert (stack.index(), _status(library)) == (1, "read")
    finally:
        window.close()
        library.close()
