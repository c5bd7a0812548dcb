"""Help > Check library: the integrity report, and relinking moved PDFs from a folder.

The window opens `CheckLibraryDialog(library, parent)` from its Help menu. The
dialog runs `library.integrity.check()` when shown and lists one line per
problem; "Find moved PDFs…" asks for a folder and relinks every missing file
found there by its content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import PoemsReaderError
from poemsreader.services.integrity import IntegrityReport
from poemsreader.services.library import Library


class CheckLibraryDialog(QDialog):
    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        publish: Callable[[ChangeSet], object] = lambda _changes: None,
    ) -> None:
        """`publish` hears what relinking changed (the window's change bus)."""
        super().__init__(parent)
        self.library = library
        self.publish = publish
        self.setWindowTitle("Check library")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAlternatingRowColors(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.relink_button = QPushButton("Find moved PDFs…")
        self.relink_button.clicked.connect(self.choose_relink_folder)
        buttons.addButton(self.relink_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.report = IntegrityReport()
        self.run_check()

    def run_check(self, note: str = "") -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.report = self.library.integrity.check()
        except PoemsReaderError as error:
            self.summary.setText(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.problems.clear()
        self.problems.addItems(self.report.lines())
        self.summary.setText(" ".join(filter(None, [note, self._summary_text()])))
        self.relink_button.setEnabled(bool(self.report.missing_files))

    def _summary_text(self) -> str:
        report = self.report
        if report.clean:
            return "The library is sound: the database checks out and every PDF is in place."
        database = "The database checks out." if report.database_ok else "The database is damaged."
        return (
            f"{database} {_count(len(report.missing_files), 'PDF file')} missing, "
            f"{_count(len(report.orphan_anchors), 'finding anchor')} beyond the last page."
        )

    def choose_relink_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with the moved PDFs")
        if folder:
            self.relink_from(Path(folder))

    def relink_from(self, folder: Path) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.library.integrity.relink(folder)
        except (PoemsReaderError, OSError) as error:
            self.summary.setText(f"Relinking failed: {error}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.run_check(f"{_count(len(result.relinked), 'PDF file')} found again.")
        if result.relinked:
            self.publish(ChangeSet.all())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
