"""File > Export digest…: format, reference style, options and the file to write.

The digest is built and written by the task runner in a child process: a large
library's DOCX takes seconds, and the window keeps answering meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from poemsreader.digest.model import STYLE_LABELS, STYLES, DigestFilter, DigestOptions
from poemsreader.services.jobs import export_digest_file
from poemsreader.services.library import Library
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.tasks import TaskRunner

FORMAT_LABELS = {
    "md": "Markdown (.md)",
    "html": "Web page (.html)",
    "docx": "Word document (.docx)",
    "odt": "OpenDocument text (.odt)",
}


class ExportDigestDialog(QDialog):
    """Writes the digest with the filters of the digest view and the options chosen here."""

    def __init__(
        self,
        library: Library,
        flt: DigestFilter,
        options: DigestOptions,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
        settings: QSettings | None = None,
        default_format: str = "md",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Digest")
        self.library, self.flt = library, flt
        self.settings = settings
        self.tasks = tasks or TaskRunner(self)
        self.job: BackgroundJob | None = None
        self.result_message = ""
        self.format = QComboBox(self)
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(label, fmt)
        self.style_choice = QComboBox(self)
        for style in STYLES:
            self.style_choice.addItem(STYLE_LABELS[style], style)
        self.style_choice.setCurrentIndex(max(0, self.style_choice.findData(options.style)))
        self.quotes = QCheckBox("Quote each passage under its finding", self)
        self.quotes.setChecked(options.quotes)
        self.comments = QCheckBox("Include private comments", self)
        self.comments.setChecked(options.comments)
        self.by_article = QCheckBox("Group by article instead of by topic", self)
        self.by_article.setChecked(options.by_article)
        self.all_references = QCheckBox("List articles without findings in the references", self)
        self.links = QCheckBox("Also link each finding to poemsreader (Markdown, HTML)", self)
        self.path = QLineEdit(self)
        self.path.setText(str(Path.home() / "digest.md"))
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self.choose_path)
        self.format.currentIndexChanged.connect(self._match_suffix)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.error.setStyleSheet("font-weight: bold")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)
        self._recall(default_format)

    # -- remembered per library: file, format, the options only this dialog has ----------

    def _key(self, name: str) -> str:
        library = hashlib.sha1(str(self.library.root).encode("utf-8")).hexdigest()[:12]
        return f"export-digest/{library}/{name}"

    def _recall(self, default_format: str) -> None:
        settings = self.settings
        saved = settings.value(self._key("format")) if settings is not None else None
        index = self.format.findData(str(saved or default_format))
        if index >= 0:
            self.format.setCurrentIndex(index)
        if settings is None:
            return
        path = settings.value(self._key("path"))
        if path:
            self.path.setText(str(path))
            self._match_suffix()
        for name in ("all_references", "links"):
            box: QCheckBox = getattr(self, name)
            box.setChecked(str(settings.value(self._key(name), box.isChecked())).lower() == "true")

    def _remember(self, path: Path) -> None:
        if self.settings is None:
            return
        self.settings.setValue(self._key("path"), str(path))
        self.settings.setValue(self._key("format"), self.chosen_format())
        for name in ("all_references", "links"):
            self.settings.setValue(self._key(name), getattr(self, name).isChecked())

    def _layout(self, browse: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("References", self.style_choice)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow("File", file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for box in (self.quotes, self.comments, self.by_article, self.all_references, self.links):
            layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def options(self) -> DigestOptions:
        return replace(
            DigestOptions(),
            quotes=self.quotes.isChecked(),
            comments=self.comments.isChecked(),
            by_article=self.by_article.isChecked(),
            all_references=self.all_references.isChecked(),
            style=str(self.style_choice.currentData()),
            links=self.links.isChecked(),
        )

    def _match_suffix(self) -> None:
        path = Path(self.path.text() or "digest")
        self.path.setText(str(path.with_suffix(f".{self.chosen_format()}")))

    def choose_path(self) -> None:
        fmt = self.chosen_format()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export Digest", self.path.text(), f"{FORMAT_LABELS[fmt]} (*.{fmt})"
        )
        if name:
            self.path.setText(name)

    def export(self) -> BackgroundJob | None:
        """Write the digest in the background; the dialog closes when it is written, or
        shows the one-line reason it could not be (and stays open to try again). An
        existing file is replaced only when the reviewer says so (None: not written)."""
        path = Path(self.path.text()).expanduser()
        if path.exists() and not self._may_replace(path):
            return None
        self.error.clear()
        self.buttons.setEnabled(False)
        self.job = self.tasks.start(
            self,
            "Writing the digest…",
            export_digest_file,
            self.library.root,
            path,
            self.chosen_format(),
            self.flt,
            self.options(),
        )
        self.job.succeeded.connect(lambda counts: self._written(path, *counts))
        self.job.failed.connect(lambda message, _details: self.error.setText(message))
        self.job.finished.connect(lambda: self.buttons.setEnabled(True))
        return self.job

    def reject(self) -> None:
        """Cancel (or Esc) while the digest is being written stops the writing too."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
        super().reject()

    def _may_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Export Digest",
            f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _written(self, path: Path, findings: int, references: int) -> None:
        self._remember(path)
        self.result_message = (
            f"Exported {findings} finding{'' if findings == 1 else 's'} and {references} "
            f"reference{'' if references == 1 else 's'} to {path.name}"
        )
        self.accept()
