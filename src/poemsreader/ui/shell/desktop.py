"""What makes a window feel like a desktop application's: the layout and panel sizes
back from the last session (QMainWindow.saveState/restoreState, every named
QSplitter), the recent articles of File > Open Recent, and accessible names for
widgets that lack one. The main window uses these pieces when it builds itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from poemsreader.services.library import Library
from poemsreader.ui.common.icons import give_actions_icons
from poemsreader.ui.common.shortcuts_help import plain_text

RECENT_LIMIT = 10


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


class LayoutKeeper(QObject):
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


def tab_moves_focus(root: QWidget) -> None:
    """Tab leaves the plain-text fields (statement, comment): nobody types a tab into a
    finding, and a keyboard user must be able to get out of them."""
    for edit in root.findChildren(QPlainTextEdit):
        edit.setTabChangesFocus(True)


def decorate_window(window: QMainWindow) -> None:
    """Icons on the known actions, accessible names on the unnamed widgets, and Tab
    leaving plain-text fields."""
    give_actions_icons(window)
    name_unnamed_widgets(window)
    tab_moves_focus(window)


def application_palette_follows_system() -> bool:
    """True unless someone set a style sheet or palette by hand (we never do)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and not app.styleSheet()
