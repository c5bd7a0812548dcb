"""File > Share…, File > Import shared annotations…, File > Export annotated PDF…,
and the conflicts window. Thin: every step is a `library.sharing` call.

All of it runs through the task runner (ui/tasks): writing an annotated PDF in a
worker process (PyMuPDF holds the GIL), writing and merging annotation files in
a child process with a progress dialog whose Cancel applies nothing. What a
merge changed is published on the change bus, so every open window shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

from PySide6.QtCore import QDate, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.annotation_write import write_annotated_copy
from poemsreader.services.jobs import (
    AnnotatedPdfsReport,
    export_share_file,
    import_annotated_pdfs,
    import_share_file,
)
from poemsreader.services.library import Library
from poemsreader.services.sharing import ImportReport
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.sharing.conflicts_view import ConflictsView

FILE_FILTER = "poemsreader annotations (*.json *.jsonld);;All files (*)"


class ShareOptions(QDialog):
    """Share…: optionally only what changed since a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share annotations")
        self.only_since = QCheckBox("Only findings changed since")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setEnabled(False)
        self.only_since.toggled.connect(self.since.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.only_since, self.since)
        form.addRow(buttons)

    def since_value(self) -> datetime | None:
        if not self.only_since.isChecked():
            return None
        day = self.since.date()
        return datetime(day.year(), day.month(), day.day(), tzinfo=UTC)


class ShareActions(QObject):
    """The sharing actions of the File menu, for the main window to add."""

    def __init__(
        self, window: QMainWindow, library: Library, bus: ChangeBus, tasks: TaskRunner
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.bus = bus
        self.tasks = tasks
        self.executor: ProcessPoolExecutor | None = None
        self.conflicts_view: ConflictsView | None = None
        self.job: BackgroundJob | None = None  # the last annotation-file job started
        self.share = QAction("&Share…", window)
        self.import_shared = QAction("&Import shared annotations…", window)
        self.export_pdf = QAction("Export annotated &PDF…", window)
        self.import_pdf = QAction("Import annotated PD&Fs…", window)
        self.import_pdf.setStatusTip(
            "Take over the highlights and notes Zotero, Acrobat, Okular or pdf.js left in PDFs"
        )
        self.show_conflicts = QAction("Sharing &conflicts…", window)
        self.share.triggered.connect(self.ask_and_share)
        self.import_shared.triggered.connect(self.ask_and_import)
        self.export_pdf.triggered.connect(self.ask_and_export_pdf)
        self.import_pdf.triggered.connect(self.ask_and_import_pdfs)
        self.show_conflicts.triggered.connect(self.open_conflicts)

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in (
            self.share,
            self.import_shared,
            self.export_pdf,
            self.import_pdf,
            self.show_conflicts,
        ):
            menu.addAction(action)
        menu.addSeparator()

    # -- share ----------------------------------------------------------------------------

    def ask_and_share(self) -> None:
        options = ShareOptions(self.window)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Share annotations", "annotations.poemsreader.json", FILE_FILTER
        )
        if path:
            self.share_to(Path(path), options.since_value())

    def share_to(self, path: Path, since: datetime | None = None) -> BackgroundJob:
        """Write the annotation file in a child process; the status bar says what it holds."""
        job = self._job("Writing the annotation file…", export_share_file, path, since)
        job.succeeded.connect(lambda report: self._status(report.summary()))
        return job

    # -- import ---------------------------------------------------------------------------

    def ask_and_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import shared annotations", "", FILE_FILTER
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> BackgroundJob:
        """Merge the file in a child process (validated whole first; Cancel applies nothing)."""
        job = self._job(f"Merging {path.name}…", import_share_file, path)
        job.succeeded.connect(self._imported)
        return job

    def _imported(self, report: ImportReport) -> None:
        self._status(report.summary())
        self.bus.publish(ChangeSet(findings=report.finding_uuids, articles=set(), message=""))
        if report.conflicts:
            self.open_conflicts()

    def running_job(self) -> BackgroundJob | None:
        """The annotation-file job still running (closing the window would cancel it)."""
        return self.job if self.job is not None and self.job.is_running() else None

    def _job(self, label: str, function: Callable[..., object], *args: object) -> BackgroundJob:
        """A job on this library; the share and import actions wait while it runs."""
        job = self.tasks.start(self.window, label, function, self.library.root, *args)
        self.job = job
        job.failed.connect(self._error)
        job.cancelled.connect(lambda: self._status("Cancelled; nothing was changed."))
        job.hold(self.share, self.import_shared, self.import_pdf)
        return job

    # -- annotated PDF ----------------------------------------------------------------------

    def ask_and_import_pdfs(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import annotated PDFs", "", "PDF (*.pdf)"
        )
        if names:
            self.import_pdfs_from([Path(name) for name in names])

    def import_pdfs_from(self, paths: list[Path]) -> BackgroundJob:
        """Read the PDFs' annotations in a child process and make findings of them."""
        label = f"Reading the annotations of {len(paths)} PDF(s)…"
        job = self._job(label, import_annotated_pdfs, paths)
        job.succeeded.connect(self._pdfs_imported)
        return job

    def _pdfs_imported(self, report: AnnotatedPdfsReport) -> None:
        self._status(report.messages[-1] if len(report.messages) == 1 else report.summary())
        self.bus.publish(report.changes)
        if report.failures:
            self._error(report.summary(), "\n".join(report.failures))

    def ask_and_export_pdf(self) -> None:
        keys = self.library.sharing.pdf_keys()
        if not keys:
            self._error("No article in the library has a PDF to annotate.")
            return
        key, chosen = QInputDialog.getItem(
            self.window, "Export annotated PDF", "Article:", keys, 0, False
        )
        if not chosen:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export annotated PDF", f"{key} annotated.pdf", "PDF (*.pdf)"
        )
        if path:
            self.export_pdf_to(key, Path(path))

    def export_pdf_to(self, key: str, target: Path) -> Future[int] | None:
        try:
            source, specs = self.library.sharing.pdf_export_plan(key)
        except PoemsReaderError as error:
            self._error(str(error))
            return None
        if self.executor is None:
            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        future = self.executor.submit(write_annotated_copy, source, target, specs)
        self.tasks.watch(future, lambda done: self._pdf_done(done, target))
        return future

    def _pdf_done(self, future: Future[int], target: Path) -> None:
        error = future.exception()
        if error is None:
            self._status(f"{target.name}: {future.result()} highlight(s) written.")
        else:
            self._error(str(error))

    # -- conflicts --------------------------------------------------------------------------

    def open_conflicts(self) -> None:
        if self.conflicts_view is None:
            self.conflicts_view = ConflictsView(self.library, self.bus)
            self.conflicts_view.resize(900, 520)
        self.conflicts_view.refresh()
        self.conflicts_view.show()
        self.conflicts_view.raise_()

    def shutdown(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None

    # -- feedback ---------------------------------------------------------------------------

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)

    def _error(self, message: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "poemsreader", message, parent=self.window)
        if details:
            box.setDetailedText(details)
        box.open()
