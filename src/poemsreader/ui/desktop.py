"""What makes the main window feel like a desktop application, added from outside it.

`install_desktop(window)` gives a main window: its layout and panel sizes back
from the last session (QMainWindow.saveState/restoreState, every named QSplitter),
File > Open Recent, Edit > Settings, Help > Keyboard shortcuts and Help > Demo
library, the first-run demo offer, and accessible names for widgets that lack
one. It relies only on what every main window has (menus, `library`,
`open_article(article_id)` when present), so the window class stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QWidget,
)

from poemsreader.core.errors import NotFound
from poemsreader.store.library import Library
from poemsreader.ui.first_run import maybe_offer_demo, open_or_build_demo
from poemsreader.ui.icons import app_icon, give_actions_icons
from poemsreader.ui.keys import standard_shortcut
from poemsreader.ui.settings_dialog import SettingsDialog
from poemsreader.ui.shortcuts_help import add_shortcuts_help, plain_text
from poemsreader.ui.window_wiring import WindowWiring

RECENT_LIMIT = 10
STATUS_TIMEOUT_MS = 8000


def _library_key(library: Library) -> str:
    """QSettings group of one library (recent articles differ per library folder)."""
    return "libraries/" + str(library.root).replace("/", "|").replace("\\", "|")


# -- layout -------------------------------------------------------------------------------


def save_layout(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    settings.sync()


def restore_layout(window: QMainWindow, settings: QSettings) -> None:
    """Geometry, toolbars and docks (before the window is shown)."""
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if state is not None:
        window.restoreState(state)


def restore_splitters(window: QMainWindow, settings: QSettings) -> None:
    """Panel sizes (once the window has its size, or they would be rescaled)."""
    for splitter in window.findChildren(QSplitter):
        saved = settings.value(f"splitters/{splitter.objectName()}")
        if splitter.objectName() and saved is not None:
            splitter.restoreState(saved)


class _LayoutKeeper(QObject):
    """Restores panel sizes on the first show and saves the layout on close
    (an event filter: the window class needs no closeEvent override)."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.settings = settings
        self._shown = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QMainWindow):
            return False
        if event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            # After the show's own resizes, so the sizes are not rescaled.
            QTimer.singleShot(0, lambda: restore_splitters(watched, self.settings))
        elif event.type() == QEvent.Type.Close:
            save_layout(watched, self.settings)
        return False


# -- recent articles ----------------------------------------------------------------------


class RecentArticles(QObject):
    """The last articles opened in one library, newest first, kept in QSettings."""

    def __init__(self, library: Library, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.key = f"{_library_key(library)}/recent"

    def ids(self) -> list[int]:
        raw = self.settings.value(self.key, [])
        values = raw if isinstance(raw, list) else [raw]
        return [int(v) for v in values if str(v).isdigit()]

    def add(self, article_id: int) -> None:
        ids = [article_id, *(i for i in self.ids() if i != article_id)][:RECENT_LIMIT]
        self.settings.setValue(self.key, [str(i) for i in ids])

    def clear(self) -> None:
        self.settings.remove(self.key)

    def entries(self) -> list[tuple[int, str]]:
        """(article id, "Key — title") of the recent articles still in the library."""
        rows = {row.id: row for row in self.library.articles.rows()}
        return [(i, f"{rows[i].key} — {rows[i].title}") for i in self.ids() if i in rows]


def build_recent_menu(
    menu: QMenu, recent: RecentArticles, open_article: Callable[[int], object]
) -> None:
    """Refill `menu` (called each time it is about to show)."""
    menu.clear()
    entries = recent.entries()
    for number, (article_id, text) in enumerate(entries, start=1):
        escaped = text.replace("&", "&&")
        action = menu.addAction(f"&{number % 10} {escaped}" if number <= 10 else escaped)
        action.triggered.connect(lambda _checked=False, i=article_id: open_article(i))
    if not entries:
        menu.addAction("No recent articles").setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction("&Clear Recent Articles")
    clear.setEnabled(bool(entries))
    clear.triggered.connect(recent.clear)


# -- menus --------------------------------------------------------------------------------


def find_menu(window: QMainWindow, title: str) -> QMenu:
    """The menu bar's menu called `title` ("&Help" matches "Help"), created when missing."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and plain_text(menu.title()) == plain_text(title):
            return menu
    return window.menuBar().addMenu(title)


def _status(window: QMainWindow, message: str) -> None:
    window.statusBar().showMessage(message, STATUS_TIMEOUT_MS)


def _preferences_shortcut() -> QKeySequence:
    return standard_shortcut(QKeySequence.StandardKey.Preferences)


class DesktopFeatures(QObject):
    """The pieces installed on one window; kept as `window.desktop`."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        settings: QSettings,
        open_library: Callable[[Path], object],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.settings = settings
        self.open_library = open_library
        self.recent = RecentArticles(library, settings, self)
        self.wiring = WindowWiring(
            window, library, settings, lambda m: _status(window, m), decorate_window
        )
        self._build_actions()
        self._wire_article_windows()
        restore_layout(window, settings)
        _LayoutKeeper(window, settings)

    def _build_actions(self) -> None:
        window = self.window
        file_menu = find_menu(window, "&File")
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(
            lambda: build_recent_menu(self.recent_menu, self.recent, self.open_article)
        )
        existing = file_menu.actions()
        if existing:  # after the first group (Add PDFs…), as other applications place it
            file_menu.insertMenu(existing[min(2, len(existing) - 1)], self.recent_menu)
        else:
            file_menu.addMenu(self.recent_menu)
        if self.wiring.wants_export_action():
            export = self.wiring.make_export_action()
            quit_action = next((a for a in file_menu.actions() if "Quit" in a.text()), None)
            file_menu.insertAction(quit_action, export)
            if quit_action is not None:
                file_menu.insertSeparator(quit_action)
        self.settings_action = QAction("&Settings…", window)
        self.settings_action.setShortcut(_preferences_shortcut())
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setStatusTip("Library folder, your name and colour, default formats")
        self.settings_action.triggered.connect(self.show_settings)
        find_menu(window, "&Edit").addAction(self.settings_action)
        help_menu = find_menu(window, "&Help")
        self.shortcuts_action = add_shortcuts_help(window, help_menu)
        self.demo_action = QAction("Open the &Demo Library", window)
        self.demo_action.setStatusTip("Six generated articles with findings, to try things on")
        self.demo_action.triggered.connect(self.open_demo)
        help_menu.addAction(self.demo_action)

    def _wire_article_windows(self) -> None:
        """The library table opens article windows when the main window has no reader."""
        view = getattr(self.window, "library_view", None)
        if view is not None and hasattr(view, "articleOpened"):
            view.articleOpened.connect(self.article_opened)

    def article_opened(self, article_id: int) -> None:
        """The library table asked for an article (the main window has been told too)."""
        if self.wiring.wants_article_windows():
            self.wiring.open_article_window(article_id)
        self._remember(article_id)

    def open_article(self, article_id: int) -> None:
        """Open an article from outside the table (Open Recent, a link)."""
        try:
            self.library.articles.key(article_id)
        except NotFound:
            _status(self.window, "That article is no longer in the library.")
            return
        opener = getattr(self.window, "open_article", None)
        if opener is not None:
            opener(article_id)
        if self.wiring.wants_article_windows():
            self.wiring.open_article_window(article_id)
        self._remember(article_id)

    def _remember(self, article_id: int) -> None:
        try:
            key = self.library.articles.key(article_id)
        except NotFound:
            return
        self.recent.add(article_id)
        _status(self.window, f"Opened {key}")

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.library, self.settings, self.window)
        if dialog.exec():
            _status(self.window, dialog.status_message)

    def open_demo(self) -> None:
        folder = open_or_build_demo(self.window)
        if folder is not None:
            self.open_library(folder)

    def offer_demo_on_first_run(self) -> None:
        maybe_offer_demo(self.window, self.library, self.settings, self.open_library)


# -- accessibility ------------------------------------------------------------------------


def _derived_name(widget: QWidget) -> str:
    for text in (
        widget.toolTip(),
        widget.placeholderText() if isinstance(widget, QLineEdit) else "",
        plain_text(widget.text()) if isinstance(widget, QAbstractButton) else "",
        widget.windowTitle(),
        widget.objectName().replace("-", " ").replace("_", " "),
    ):
        if text and text.strip():
            return text.strip()
    return ""


def name_unnamed_widgets(root: QWidget) -> list[QWidget]:
    """Give every focusable widget without an accessible name one derived from its
    tooltip, placeholder, text or object name; returns those still without a name."""
    unnamed = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == widget.focusPolicy().NoFocus or widget.accessibleName():
            continue
        name = _derived_name(widget)
        if name:
            widget.setAccessibleName(name)
            if not widget.accessibleDescription() and widget.statusTip():
                widget.setAccessibleDescription(widget.statusTip())
        else:
            unnamed.append(widget)
    return unnamed


def decorate_window(window: QMainWindow) -> None:
    """Icons on the known actions and accessible names on the unnamed widgets."""
    give_actions_icons(window)
    name_unnamed_widgets(window)


def install_desktop(
    window: QMainWindow,
    library: Library,
    settings: QSettings | None = None,
    open_library: Callable[[Path], object] | None = None,
    *,
    first_run: bool = True,
) -> DesktopFeatures:
    """Add the desktop features to `window` (see the module docstring)."""
    features = DesktopFeatures(
        window, library, settings or QSettings(), open_library or (lambda _path: None)
    )
    window.desktop = features  # type: ignore[attr-defined]
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    decorate_window(window)
    if first_run:
        QTimer.singleShot(0, features.offer_demo_on_first_run)
    return features


def open_library_window(folder: Path, replacing: QMainWindow | None = None) -> QMainWindow:
    """A main window on the library in `folder` (closing `replacing`, if given).

    The new window owns its library: it is closed when the window is destroyed.
    """
    from PySide6.QtCore import Qt

    from poemsreader.ui.main_window import MainWindow

    library = Library(folder)
    window = MainWindow(library)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(lambda *_: library.close())
    install_desktop(window, library, open_library=lambda path: open_library_window(path, window))
    window.show()
    _status(window, f"Opened the library in {folder}")
    if replacing is not None:
        replacing.close()
    return window


def application_palette_follows_system() -> bool:
    """True unless someone set a style sheet or palette by hand (we never do)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and not app.styleSheet()
