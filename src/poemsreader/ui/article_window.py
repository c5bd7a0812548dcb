"""The window of one article: the page in the middle, the finding editor and the findings
list docked beside it, and the menus for making and colouring findings.

Edits go through the change bus (`ChangeBus.push`, the library window's undo stack);
every change set, whoever made it, comes back from the bus to `apply_changes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.store.library import Library
from poemsreader.ui.article_session import ArticleSession, ColourBy
from poemsreader.ui.change_bus import ChangeBus
from poemsreader.ui.finding_editor import FindingEditor
from poemsreader.ui.findings_panel import FindingsPanel
from poemsreader.ui.reader import ReaderWidget


class ArticleWindow(QMainWindow):
    """`file_actions` and `edit_actions` are the library window's (Export Digest, Undo,
    Redo): one action each, shown in every window's menus."""

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        edit_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
        file_actions: Sequence[QAction] = (),
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.library = library
        self.reader = ReaderWidget(self)
        self.editor = FindingEditor(library, bus.push, self)
        self.panel = FindingsPanel(self)
        self.session = ArticleSession(library, self.reader, self.editor, self.panel, bus.push)
        self.setCentralWidget(self.reader)
        self._dock("Finding", "finding-editor", self.editor, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Findings", "findings-list", self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self._build_menus(file_actions, edit_actions)
        bus.changed.connect(self.apply_changes)
        self.reader.openFailed.connect(self.statusBar().showMessage)
        self.resize(1400, 1000)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)

    def _build_menus(
        self, file_actions: Sequence[QAction], edit_actions: Sequence[QAction]
    ) -> None:
        if file_actions:
            self.menuBar().addMenu("&File").addActions(list(file_actions))
        edit = self.menuBar().addMenu("&Edit")
        edit.addActions(list(edit_actions))
        finding = self.menuBar().addMenu("F&inding")
        finding.addAction(self.session.make_finding_action)
        article_finding = QAction("Finding About the Whole &Article", self)
        article_finding.setShortcut(QKeySequence("Ctrl+Shift+E"))
        article_finding.triggered.connect(self.session.make_article_finding)
        finding.addAction(article_finding)
        highlight = finding.addMenu("&Highlight")
        highlight.addActions(self.session.colour_actions)
        finding.addAction(self.session.delete_action)
        finding.addSeparator()
        colour_by = finding.addMenu("&Colour Highlights By")
        group = QActionGroup(self)
        for mode in ColourBy:
            action = QAction(mode.value.capitalize(), self, checkable=True)
            action.setChecked(mode == self.session.colour_by)
            action.triggered.connect(lambda _checked=False, m=mode: self.session.set_colour_by(m))
            group.addAction(action)
            colour_by.addAction(action)
        self.colour_by_actions = group.actions()
        pages = QAction("Set &First Page…", self)
        pages.triggered.connect(self.session.ask_first_page)
        finding.addAction(pages)

    def open_article(self, article_id: int) -> bool:
        key = self.library.articles.key(article_id)
        self.setWindowTitle(f"{key} — poemsreader")
        return self.session.open_article(article_id)

    def apply_changes(self, changes: ChangeSet) -> None:
        self.session.apply_changes(changes)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.shutdown()
        super().closeEvent(event)


class ArticleWindows:
    """The library window's open articles: one window each, raised when opened again.

    `decorate` is applied to each new window (icons, accessible names) before it shows.
    """

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        edit_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
        file_actions: Sequence[QAction] = (),
        decorate: Callable[[QMainWindow], object] = lambda _window: None,
    ) -> None:
        self.library = library
        self.bus = bus
        self.edit_actions = list(edit_actions)
        self.file_actions = list(file_actions)
        self.parent = parent
        self.decorate = decorate
        self.windows: dict[int, ArticleWindow] = {}

    def open(self, article_id: int) -> ArticleWindow | None:
        """The article's window, created on first use, raised and focused on the page;
        None when the article has no PDF that opens (the window says why first)."""
        window = self.windows.get(article_id)
        if window is None:
            window = ArticleWindow(
                self.library, self.bus, self.edit_actions, self.parent, self.file_actions
            )
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.decorate(window)
            if not window.open_article(article_id):
                window.close()
                return None
            window.destroyed.connect(lambda _=None, a=article_id: self.windows.pop(a, None))
            self.windows[article_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        window.reader.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return window

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
