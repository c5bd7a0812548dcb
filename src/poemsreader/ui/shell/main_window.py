"""The library window, built whole here: every menu, action and dock it has, the change
bus every view listens to, the task runner for its background work, and the article
windows it opens.

The window owns the `ChangeBus` (and with it the one undo stack): every view and
every article window subscribes to `bus.changed`, every edit is `bus.push`ed, and
background jobs publish what they changed there. `ExternalChanges` publishes what
another process (the command line, a second copy of the app) wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QTabWidget,
    QToolBar,
    QToolButton,
)

from poemsreader import __version__
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import NotFound
from poemsreader.core.library_commands import SetReadingStatus
from poemsreader.core.model import ReadingStatus
from poemsreader.services.add_job import BatchReport
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus, ExternalChanges
from poemsreader.ui.common.keys import standard_shortcut
from poemsreader.ui.common.shortcuts_help import ShortcutsDialog
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.digest.digest_export_dialog import ExportDigestDialog
from poemsreader.ui.digest.digest_view import DigestView
from poemsreader.ui.findings.topics_view import TopicsView
from poemsreader.ui.library.check_library import CheckLibraryDialog
from poemsreader.ui.library.library_add import AddBatch
from poemsreader.ui.library.library_view import LibraryView
from poemsreader.ui.references.reference_actions import ReferenceActions
from poemsreader.ui.review.review_actions import ReviewActions
from poemsreader.ui.sharing.share_dialogs import ShareActions
from poemsreader.ui.sharing.team_actions import TeamActions
from poemsreader.ui.shell.article_window import ArticleWindows
from poemsreader.ui.shell.desktop import (
    LayoutKeeper,
    RecentArticles,
    build_recent_menu,
    decorate_window,
)
from poemsreader.ui.shell.first_run import maybe_ask_reviewer, maybe_offer_demo, open_or_build_demo
from poemsreader.ui.shell.settings_dialog import Preferences, SettingsDialog

STATUS_TIMEOUT_MS = 8000
EXPORT_DIGEST_SHORTCUT = "Ctrl+Shift+D"


def local_paths(urls: Iterable[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


class MainWindow(QMainWindow):
    """The library window; `open_library(folder)` is what Help > Demo Library and the
    first-run offer call to switch to another library."""

    batchFinished = Signal(object)  # BatchReport of the last Add PDFs batch

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        open_library: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or QSettings()
        self.open_library = open_library or (lambda _folder: None)
        self.bus = ChangeBus(library, self)
        self.undo_stack = self.bus.undo_stack
        self.tasks = TaskRunner(self)
        self.external_changes = ExternalChanges(self.bus)
        self.recent = RecentArticles(library, self.settings, self)
        self.batch: AddBatch | None = None
        self.setWindowTitle(f"poemsreader — {library.root}")
        self.setAcceptDrops(True)
        self.library_view = LibraryView(library.articles, self)
        self.library_view.articleOpened.connect(self.open_article)
        self.library_view.searched.connect(self._show_status)
        self.library_view.statusChangeRequested.connect(self.set_reading_status)
        self._build_digest_views()
        self.reference_actions = ReferenceActions(
            self, library, self.library_view, self.bus, self.tasks
        )
        self.share_actions = ShareActions(self, library, self.bus, self.tasks)
        self.review_actions = ReviewActions(self, library, self.bus, self.tasks)
        self.team_actions = TeamActions(
            self, library, self.bus, self.tasks, self.share_actions.open_conflicts
        )
        self._build_actions()
        self._build_menus()
        self.article_windows = ArticleWindows(
            library,
            self.bus,
            [self.undo_action, self.redo_action],
            self,
            [self.export_digest_action, self.quit_action],
            decorate_window,
            self.settings,
        )
        self.bus.changed.connect(self.apply_changes)
        self._restore_settings()
        LayoutKeeper(self, self.settings)
        decorate_window(self)
        self._show_status(self._count_message())
        self._warn_about_backup(library.backups.last_error)

    def _warn_about_backup(self, problem: str) -> None:
        """A daily backup that failed stays in sight (and explains itself) until closing."""
        advice = (
            f"{problem}\n\nYour work is still saved in the library. Free some disk space or "
            "check that the library's backups folder can be written to; a new backup is "
            "tried each time the library opens."
        )
        self.backup_warning = QToolButton(self)
        self.backup_warning.setObjectName("backup-warning")
        self.backup_warning.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.backup_warning.setText(problem)
        self.backup_warning.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.backup_warning.setAutoRaise(True)
        self.backup_warning.setAccessibleName("Backup problem")
        self.backup_warning.setToolTip(advice)
        self.backup_warning.clicked.connect(
            lambda: QMessageBox.warning(self, "poemsreader", advice)
        )
        self.backup_warning.setVisible(bool(problem))
        self.statusBar().addPermanentWidget(self.backup_warning)

    def _build_digest_views(self) -> None:
        """The library and the digest as tabs; the topic tree docked beside them."""
        self.digest_view = DigestView(self.library, self.bus, self)
        self.topics_view = TopicsView(self.library, self.bus, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main-tabs")
        self.tabs.addTab(self.library_view, "&Library")
        self.tabs.addTab(self.digest_view, "&Digest")
        self.setCentralWidget(self.tabs)
        self.topics_dock = QDockWidget("Topics", self)
        self.topics_dock.setObjectName("topics-dock")
        self.topics_dock.setWidget(self.topics_view)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.topics_dock)
        self.resizeDocks([self.topics_dock], [260], Qt.Orientation.Horizontal)
        self.bus.changed.connect(self.digest_view.apply_changes)
        self.bus.changed.connect(self.topics_view.apply_changes)
        for view in (self.topics_view, self.digest_view):
            view.message.connect(self._show_status)

    # -- actions and menus ----------------------------------------------------------------

    def _build_actions(self) -> None:
        style = self.style()
        self.add_pdfs_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), "&Add PDFs…", self
        )
        self.add_pdfs_action.setShortcut(QKeySequence.StandardKey.Open)
        self.add_pdfs_action.setStatusTip("Add article PDFs to the library")
        self.add_pdfs_action.triggered.connect(self.choose_pdfs)
        self.add_folder_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon), "Add &Folder…", self
        )
        self.add_folder_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.add_folder_action.setStatusTip("Add every PDF in a folder and its subfolders")
        self.add_folder_action.triggered.connect(self.choose_folder)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(standard_shortcut(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.find_action = QAction("&Filter Articles", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_filter)
        self.check_action = QAction("&Check Library…", self)
        self.check_action.setStatusTip("Integrity check, missing files and orphaned passages")
        self.check_action.triggered.connect(self.check_library)
        self.about_action = QAction("&About poemsreader", self)
        self.about_action.triggered.connect(self._about)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(
            lambda: build_recent_menu(self.recent_menu, self.recent, self.open_article)
        )
        self.export_digest_action = QAction("Export &Digest…", self)
        self.export_digest_action.setShortcut(QKeySequence(EXPORT_DIGEST_SHORTCUT))
        # also from the article windows, which show the same action in their File menu
        self.export_digest_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.export_digest_action.setStatusTip(
            "Write the digest (with the Digest tab's filters): findings by topic, then references"
        )
        self.export_digest_action.triggered.connect(self.export_digest)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(standard_shortcut(QKeySequence.StandardKey.Preferences))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setStatusTip("Library folder, your name and colour, default formats")
        self.settings_action.triggered.connect(self.show_settings)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.setStatusTip("List every keyboard shortcut")
        self.shortcuts_action.triggered.connect(lambda: ShortcutsDialog(self).exec())
        self.demo_action = QAction("Open the &Demo Library", self)
        self.demo_action.setStatusTip("Six generated articles with findings, to try things on")
        self.demo_action.triggered.connect(self.open_demo)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.add_pdfs_action, self.add_folder_action])
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.reference_actions.add_to_menu(file_menu)
        self.share_actions.add_to_menu(file_menu)
        file_menu.addAction(self.export_digest_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.settings_action)
        self.review_actions.add_to_menu(self.menuBar().addMenu("&Review"))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([self.check_action, self.shortcuts_action, self.demo_action])
        help_menu.addAction(self.about_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.topics_dock.toggleViewAction())
        view_menu.addAction(self.reference_actions.dock.toggleViewAction())
        self.team_actions.add_to_menu(self.menuBar())
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.add_pdfs_action, self.add_folder_action])
        self.addToolBar(toolbar)

    # -- the API other views use ----------------------------------------------------------

    def check_library(self) -> None:
        CheckLibraryDialog(self.library, self, self.bus.publish).exec()

    def apply_changes(self, changes: ChangeSet) -> None:
        """The bus calls this for every change: refresh the table, show the message."""
        if changes.articles or changes.findings or changes.everything:
            self.library_view.refresh()
        if changes.message:
            self._show_status(changes.message)

    def set_reading_status(self, article_ids: list[int], status: str) -> None:
        """Mark the selected articles (one undoable step)."""
        model = self.library_view.model
        previous = {
            article_id: ReadingStatus(model.article_row(model.row_of(article_id)).reading_status)
            for article_id in article_ids
        }
        if previous:
            self.bus.push(SetReadingStatus(previous, ReadingStatus(status)))

    def open_article(self, article_id: int) -> None:
        """Open the article in its own window (raised if it is open already)."""
        try:
            key = self.library.articles.key(article_id)
        except NotFound:
            self._show_status("That article is no longer in the library.")
            return
        self.recent.add(article_id)
        if self.article_windows.open(article_id) is None:
            path = self.library.articles.pdf_path(article_id)
            self._show_status(f"{key}: no PDF to open" if path is None else f"{key}: {path}")
            return
        self._show_status(f"Opened {key}")

    def export_digest(self) -> bool:
        """File > Export Digest…: the dialog starts from the Digest tab's filters and options."""
        parent = next(
            (w for w in self.article_windows.windows.values() if w.isActiveWindow()), self
        )
        dialog = ExportDigestDialog(
            self.library,
            self.digest_view.current_filter(),
            self.digest_view.current_options(),
            parent,
            self.tasks,
            self.settings,
            Preferences.load(self.settings).export_format,
        )
        if not dialog.exec():
            self._show_status("Digest not exported")
            return False
        self._show_status(dialog.result_message or "Digest exported")
        self.review_actions.digest_exported()
        return True

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.library, self.settings, self)
        if dialog.exec():  # your name and colour show on your findings everywhere
            self.bus.publish(ChangeSet.all(dialog.status_message))

    def open_demo(self) -> None:
        folder = open_or_build_demo(self)
        if folder is not None:
            self.open_library(folder)

    def offer_demo_on_first_run(self) -> None:
        """First start: who the reviewer is (for shared files), then the demo if empty."""
        maybe_ask_reviewer(self, self.library, self.settings, self._ask_reviewer)
        maybe_offer_demo(self, self.library, self.settings, self.open_library)

    def _ask_reviewer(self) -> bool:
        dialog = SettingsDialog(self.library, self.settings, self)
        dialog.setWindowTitle("Welcome to poemsreader: your name and colour")
        dialog.reviewer_edit.setFocus()
        dialog.reviewer_edit.selectAll()  # the login name, if any, is replaced by typing
        if not dialog.exec():
            return False
        self.bus.publish(ChangeSet.all(dialog.status_message))
        return True

    def open_pdf_path(self, path: str) -> None:
        """`poemsreader FILE.pdf`: add the file (if new), then open its article."""
        batch = self.add_paths([path])
        if batch is not None:
            batch.finished.connect(self._open_first_added)

    def _open_first_added(self, report: BatchReport) -> None:
        if report.article_ids:
            self.open_article(min(report.article_ids))

    # -- adding ---------------------------------------------------------------------------

    def choose_pdfs(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add PDFs", self._last_folder(), "PDF files (*.pdf *.PDF)"
        )
        if files:
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add Folder", self._last_folder())
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: Iterable[str | Path], **options: object) -> AddBatch | None:
        """Start adding `paths` (files or folders); one batch at a time."""
        chosen = [Path(p) for p in paths]
        if not chosen:
            return None
        if self.batch is not None and self.batch.running:
            self._show_status("Still adding the previous PDFs; try again when they are in.")
            return None
        self.settings.setValue("add/last-folder", str(chosen[0].parent))
        self.batch = AddBatch(self.library.articles, chosen, self, **options)  # type: ignore[arg-type]
        self.batch.finished.connect(self._batch_finished)
        self.batch.progressed.connect(
            lambda done, total: self.statusBar().showMessage(f"Adding PDFs… {done} of {total}")
        )
        self._show_status("Adding PDFs…")
        self.batch.start()
        return self.batch

    def _batch_finished(self, report: BatchReport) -> None:
        self.bus.publish(ChangeSet(articles=set(report.article_ids)))
        if report.article_ids:
            self.library_view.select_article(max(report.article_ids))
        self._show_status(report.summary())
        if report.failed:
            self._show_failures(report)
        self.batchFinished.emit(report)

    def _show_failures(self, report: BatchReport) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Some PDFs were not added")
        box.setText(report.summary())
        box.setDetailedText("\n".join(o.error for o in report.failed))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()
        self.failure_box = box

    # -- drag and drop --------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # -- settings and closing -------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.library_view.restore_state(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        job = self.tasks.running()
        if job is not None:
            answer = QMessageBox.question(
                self,
                "poemsreader",
                f"{job.label} is still running. Stop it and quit? "
                "Nothing of it will be applied; you can run it again later.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.tasks.cancel_all()
        if self.batch is not None and self.batch.running:
            self.batch.cancel()
        self.reference_actions.close_workers()
        self.share_actions.shutdown()
        self.team_actions.shutdown()
        self.article_windows.close_all()
        self.review_actions.close_all()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.library_view.save_state(self.settings)
        self.settings.sync()
        super().closeEvent(event)

    # -- small helpers --------------------------------------------------------------------

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def _count_message(self) -> str:
        count = self.library_view.model.rowCount()
        return f"{count} article{'s' if count != 1 else ''} in the library"

    def _last_folder(self) -> str:
        return str(self.settings.value("add/last-folder", str(Path.home())))

    def _focus_filter(self) -> None:
        self.library_view.filter_edit.setFocus()
        self.library_view.filter_edit.selectAll()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About poemsreader",
            f"<b>poemsreader {__version__}</b><p>Read article PDFs, turn highlights into "
            "cited findings, publish a topic-grouped digest.</p><p>AGPL-3.0-or-later</p>",
        )
