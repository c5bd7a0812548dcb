"""The library window's references: File > Import/Export References, the reference
editor docked beside the table (it follows the selected article), and the
coverage line ("18 of 31 articles read, 4 unavailable") in the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import PoemsReaderError
from poemsreader.services.jobs import ImportedReferences, import_reference_files
from poemsreader.services.library import Library
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.library.library_view import LibraryView
from poemsreader.ui.references.article_editor import ArticleEditor
from poemsreader.ui.references.reference_dialogs import FILE_FILTER as REFERENCE_FILES
from poemsreader.ui.references.reference_dialogs import ProposalsDialog, record_imports

DOCK_WIDTH = 440  # the editor's form and buttons without a horizontal scroll bar
EXPORT_FORMATS = {  # file dialog filter -> (format, suffix)
    "BibTeX (*.bib)": ("bib", ".bib"),
    "RIS (*.ris)": ("ris", ".ris"),
    "CSL-JSON (*.json)": ("csljson", ".json"),
}


class ReferenceActions(QObject):
    """Import/export actions, the reference dock and the coverage line of one window."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        library_view: LibraryView,
        bus: ChangeBus,
        tasks: TaskRunner,
    ) -> None:
        super().__init__(window)
        self.window, self.library = window, library
        self.bus, self.tasks = bus, tasks
        self.job: BackgroundJob | None = None
        self.editor = ArticleEditor(library, bus.push, window, bus.publish)
        self.editor.setAccessibleName("Reference of the selected article")
        self.dock = QDockWidget("Reference", window)
        self.dock.setObjectName("reference-dock")
        scroll = QScrollArea(self.dock)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor)
        self.dock.setWidget(scroll)
        # never narrower than the form and its buttons: the window squeezes the table instead
        scroll.setMinimumWidth(
            self.editor.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        library_view.currentArticleChanged.connect(self.editor.set_article)
        self.editor.set_article(None)
        self.coverage = QLabel(window)
        self.coverage.setObjectName("coverage")
        self.coverage.setAccessibleName("Reading coverage")
        window.statusBar().addPermanentWidget(self.coverage)
        self.import_action = QAction("Import &References…", window)
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.import_action.setStatusTip("BibTeX, RIS, PubMed (MEDLINE) or CSL-JSON")
        self.import_action.triggered.connect(self.ask_and_import)
        self.export_action = QAction("&Export References…", window)
        self.export_action.setStatusTip("The library's references as BibTeX, RIS or CSL-JSON")
        self.export_action.triggered.connect(self.ask_and_export)
        self.review_action = QAction("Review &Proposed Changes…", window)
        self.review_action.setStatusTip("Imported values that differ from fields you edited")
        self.review_action.triggered.connect(self.review_proposals)
        self.update_coverage()
        self.review_action.setEnabled(bool(library.references.proposals()))
        bus.changed.connect(self.apply_changes)

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addActions([self.import_action, self.export_action, self.review_action])

    def apply_changes(self, changes: ChangeSet) -> None:
        self.editor.on_changes(changes)
        if changes.articles or changes.findings or changes.everything:  # merges bring some
            self.update_coverage()
        self.review_action.setEnabled(bool(self.library.references.proposals()))

    def update_coverage(self) -> None:
        self.coverage.setText(self.library.references.coverage_line())

    def ask_and_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import references", "", REFERENCE_FILES
        )
        if names:
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path]) -> BackgroundJob:
        """Read and import the files in a child process (a file that cannot be read
        imports nothing); each file becomes one undoable step. When the import
        disagrees with fields the reviewer edited, the proposed changes open at once:
        nothing is overwritten unseen."""
        pending = len(self.library.references.proposals())
        job = self.tasks.start(
            self.window, "Importing references…", import_reference_files, self.library.root, paths
        )
        job.succeeded.connect(lambda imported: self._imported(imported, pending))
        job.failed.connect(
            lambda message, _details: QMessageBox.warning(self.window, "Import references", message)
        )
        job.hold(self.import_action)
        self.job = job
        return job

    def running_job(self) -> BackgroundJob | None:
        return self.job if self.job is not None and self.job.is_running() else None

    def _imported(self, imported: list[ImportedReferences], pending: int) -> None:
        record_imports(self.window, imported, self.bus.push_applied)
        if len(self.library.references.proposals()) > pending:
            self.review_proposals()

    def review_proposals(self) -> ProposalsDialog:
        dialog = ProposalsDialog(self.library, self.bus.push, self.window)
        dialog.finished.connect(lambda _result: self.editor.refresh())
        dialog.open()
        return dialog

    def ask_and_export(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export references", "references.bib", ";;".join(EXPORT_FORMATS)
        )
        if name:
            self.export_to(Path(name), EXPORT_FORMATS.get(chosen, ("bib", ".bib"))[0])

    def export_to(self, target: Path, fmt: str) -> None:
        try:
            count = self.library.references.export_to(target, fmt)
        except (PoemsReaderError, OSError) as error:
            QMessageBox.warning(self.window, "Export references", str(error))
            return
        self.window.statusBar().showMessage(f"{target.name}: {count} references", 10_000)

    def close_workers(self) -> None:
        self.editor.close_workers()
