"""Joins the main window to the article window and the digest export, when the
main window does not do it itself.

The library table, the article window (reader + finding editor + findings list)
and the export dialog are built separately; a reviewer needs one path through
them: open an article from the table (Return or double-click), make findings in
its window, export the digest from File > Export Digest…. Each piece is wired
only when the main window lacks it and the module providing it is installed,
so a main window that embeds the reader itself is left alone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.store.library import Library
from poemsreader.ui.settings_dialog import Preferences
from poemsreader.ui.undo import push_command

EXPORT_DIGEST_SHORTCUT = "Ctrl+Shift+D"


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def tab_moves_focus(root: QWidget) -> None:
    """Tab leaves the plain-text fields (statement, comment): nobody types a tab into a
    finding, and a keyboard user must be able to get out of them."""
    for edit in root.findChildren(QPlainTextEdit):
        edit.setTabChangesFocus(True)


class WindowWiring(QObject):
    """Opens article windows from the main window and forwards change sets to them."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        settings: QSettings,
        status: Callable[[str], None],
        decorate: Callable[[QMainWindow], object] = lambda _window: None,
    ) -> None:
        super().__init__(window)
        self.decorate = decorate  # icons and accessible names for each new window
        self.window = window
        self.library = library
        self.settings = settings
        self.status = status
        self.article_windows: dict[int, QMainWindow] = {}
        self.export_action: QAction | None = None

    # -- article windows ------------------------------------------------------------------

    def wants_article_windows(self) -> bool:
        return (
            not getattr(self.window, "embeds_reader", False)
            and hasattr(self.window, "undo_stack")
            and _available("poemsreader.ui.article_window")
        )

    def push_command(self, command: Command) -> None:
        """Onto the main window's undo stack; every window hears the change set."""
        stack = self.window.undo_stack  # type: ignore[attr-defined]
        push_command(stack, command, self.library, self.apply_changes)

    def apply_changes(self, changes: ChangeSet) -> None:
        apply = getattr(self.window, "apply_changes", None)
        if apply is not None:
            apply(changes)
        for article_window in list(self.article_windows.values()):
            article_window.apply_changes(changes)  # type: ignore[attr-defined]
        if changes.message:
            self.status(changes.message)

    def open_article_window(self, article_id: int) -> QMainWindow | None:
        """The article's window, created on first use, raised and focused on the page."""
        existing = self.article_windows.get(article_id)
        if existing is None:
            existing = self._new_article_window(article_id)
            if existing is None:
                return None
        existing.show()
        existing.raise_()
        existing.activateWindow()
        existing.reader.view.setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[attr-defined]
        return existing

    def _new_article_window(self, article_id: int) -> QMainWindow | None:
        from poemsreader.ui.article_window import ArticleWindow

        edit_actions = [
            a for a in (getattr(self.window, n, None) for n in ("undo_action", "redo_action")) if a
        ]
        article_window = ArticleWindow(self.library, self.push_command, edit_actions, self.window)
        article_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.export_action is not None:
            article_window.addAction(self.export_action)
        tab_moves_focus(article_window)
        self.decorate(article_window)
        if not article_window.open_article(article_id):
            article_window.close()
            return None
        self.article_windows[article_id] = article_window
        article_window.destroyed.connect(lambda *_: self.article_windows.pop(article_id, None))
        return article_window

    # -- digest export --------------------------------------------------------------------

    def wants_export_action(self) -> bool:
        return not hasattr(self.window, "export_digest_action") and _available(
            "poemsreader.ui.digest_export_dialog"
        )

    def make_export_action(self) -> QAction:
        action = QAction("Export &Digest…", self.window)
        action.setShortcut(QKeySequence(EXPORT_DIGEST_SHORTCUT))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setStatusTip("Write the digest: findings by topic, then the references")
        action.triggered.connect(self.export_digest)
        self.export_action = action
        return action

    def export_digest(self) -> bool:
        from poemsreader.digest.model import DigestFilter, DigestOptions
        from poemsreader.ui.digest_export_dialog import ExportDigestDialog

        preferences = Preferences.load(self.settings)
        parent = self.window.window() if self.window.isVisible() else self.window
        active = next((w for w in self.article_windows.values() if w.isActiveWindow()), parent)
        dialog = ExportDigestDialog(
            self.library, DigestFilter(), DigestOptions(style=preferences.citation_style), active
        )
        index = dialog.format.findData(preferences.export_format)
        if index >= 0:
            dialog.format.setCurrentIndex(index)
        if not dialog.exec():
            self.status("Digest not exported")
            return False
        self.status(dialog.result_message or "Digest exported")
        return True
