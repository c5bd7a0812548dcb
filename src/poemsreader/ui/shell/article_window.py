"""The window of one article: the page in the middle, the finding editor and the findings
list docked beside it, and the menus for making and colouring findings.

Edits go through the change bus (`ChangeBus.push`, the library window's undo stack);
every change set, whoever made it, comes back from the bus to `apply_changes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.shortcuts_help import add_shortcuts_help
from poemsreader.ui.findings.finding_actions import ColourBy, FindingActions
from poemsreader.ui.findings.finding_editor import FindingEditor
from poemsreader.ui.findings.findings_panel import FindingsPanel
from poemsreader.ui.reader.reader import ReaderPosition, ReaderWidget

GEOMETRY_KEY = "article-window/geometry"
DEFAULT_SIZE = (1400, 1000)
DOCK_WIDTH = 400  # the editor and the findings list's columns without squeezing them


def scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a vertical scroll area: on a short screen (1366×768 with a panel) the
    editor scrolls instead of pushing the window taller than the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    area.setMinimumWidth(
        widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    )
    return area


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
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.library = library
        self.settings = settings
        self.article_id: int | None = None
        self.reader = ReaderWidget(self)
        self.editor = FindingEditor(library, bus.push, self)
        self.panel = FindingsPanel(self)
        self.finding_actions = FindingActions(
            library, self.reader, self.editor, self.panel, bus.push, parent=self
        )
        self.setCentralWidget(self.reader)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        editor_dock = self._dock("Finding", "finding-editor", scrolled(self.editor), right)
        panel_dock = self._dock("Findings", "findings-list", self.panel, right)
        # the editor whole when the screen allows; the list takes what is left
        editor_height = self.editor.minimumSizeHint().height() + 8
        self.resizeDocks([editor_dock, panel_dock], [editor_height, 200], Qt.Orientation.Vertical)
        self.resizeDocks([editor_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self._build_menus(file_actions, edit_actions)
        bus.changed.connect(self.apply_changes)
        self.reader.openFailed.connect(self.statusBar().showMessage)
        self.finding_actions.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._restore_geometry()

    def _restore_geometry(self) -> None:
        """The last article window's size and maximized state, kept within the screen."""
        saved = self.settings.value(GEOMETRY_KEY) if self.settings is not None else None
        if saved is None or not self.restoreGeometry(saved):
            self.resize(*DEFAULT_SIZE)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized():
            return
        room = screen.availableGeometry()
        frame = self.geometry()
        width, height = (
            min(frame.width(), room.width() - 16),
            min(frame.height(), room.height() - 48),
        )
        self.resize(width, height)
        x = min(max(frame.x(), room.x()), room.right() - width)
        y = min(max(frame.y(), room.y() + 32), room.bottom() - height)
        self.move(max(x, room.x()), max(y, room.y()))

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(
        self, file_actions: Sequence[QAction], edit_actions: Sequence[QAction]
    ) -> None:
        file = self.menuBar().addMenu("&File")
        self.close_action = QAction("&Close", self)
        closing = [
            QKeySequence("Ctrl+W"),
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Close),
        ]
        self.close_action.setShortcuts(list(dict.fromkeys(closing)))
        self.close_action.setStatusTip("Close this article (its place and zoom are kept)")
        self.close_action.triggered.connect(self.close)
        file.addAction(self.close_action)
        if file_actions:
            file.addSeparator()
            file.addActions(list(file_actions))
        edit = self.menuBar().addMenu("&Edit")
        edit.addActions(list(edit_actions))
        finding = self.menuBar().addMenu("F&inding")
        finding.addAction(self.finding_actions.make_finding_action)
        article_finding = QAction("Finding About the Whole &Article", self)
        article_finding.setShortcut(QKeySequence("Ctrl+Shift+E"))
        article_finding.triggered.connect(self.finding_actions.make_article_finding)
        finding.addAction(article_finding)
        highlight = finding.addMenu("&Highlight")
        highlight.addActions(self.finding_actions.colour_actions)
        finding.addAction(self.finding_actions.delete_action)
        finding.addSeparator()
        colour_by = finding.addMenu("&Colour Highlights By")
        group = QActionGroup(self)
        for mode in ColourBy:
            action = QAction(mode.value.capitalize(), self, checkable=True)
            action.setChecked(mode == self.finding_actions.colour_by)
            action.triggered.connect(
                lambda _checked=False, m=mode: self.finding_actions.set_colour_by(m)
            )
            group.addAction(action)
            colour_by.addAction(action)
        self.colour_by_actions = group.actions()
        pages = QAction("Set &First Page…", self)
        pages.triggered.connect(self.finding_actions.ask_first_page)
        finding.addAction(pages)
        self._build_view_and_help_menus()

    def _build_view_and_help_menus(self) -> None:
        """View: the reader's own actions (their keys work on the page); Help: shortcuts."""
        reader = self.reader
        view = self.menuBar().addMenu("&View")
        view.addActions([reader.sidebar_action, reader.find_action])
        view.addSeparator()
        view.addActions([reader.zoom_in_action, reader.zoom_out_action])
        view.addActions([reader.fit_width_action, reader.fit_page_action])
        view.addSeparator()
        view.addActions([reader.start_action, reader.end_action])
        view.addActions([reader.back_action, reader.forward_action])
        help_menu = self.menuBar().addMenu("&Help")
        add_shortcuts_help(self, help_menu)

    def open_article(self, article_id: int) -> bool:
        """Show the article where the reviewer left it (a new one at its first page)."""
        key = self.library.articles.key(article_id)
        self.setWindowTitle(f"{key} — poemsreader")
        if not self.finding_actions.open_article(article_id):
            return False
        self.article_id = article_id
        page, offset = self.library.articles.reading_position(article_id)
        self.reader.set_position(ReaderPosition(page, offset, self._saved_scale()))
        return True

    def _zoom_key(self) -> str:
        assert self.article_id is not None
        return f"reader-zoom/{self.library.findings.document_sha256(self.article_id)[:20]}"

    def _saved_scale(self) -> float | None:
        if self.settings is None:
            return None
        value = self.settings.value(self._zoom_key())
        try:
            return float(str(value)) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def keep_position(self) -> None:
        """Remember the page, how far down it and the zoom (fit width is kept as none)."""
        if self.article_id is None or self.reader.info is None:
            return
        position = self.reader.position()
        self.library.articles.keep_reading_position(
            self.article_id, position.page_index, position.offset
        )
        if self.settings is not None:
            self.settings.setValue(
                self._zoom_key(), "" if position.scale is None else position.scale
            )

    def apply_changes(self, changes: ChangeSet) -> None:
        self.finding_actions.apply_changes(changes)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.flush()
        self.keep_position()
        if self.settings is not None:
            self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
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
        settings: QSettings | None = None,
    ) -> None:
        self.library = library
        self.settings = settings
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
                self.library,
                self.bus,
                self.edit_actions,
                self.parent,
                self.file_actions,
                self.settings,
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
