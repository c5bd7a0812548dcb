"""The library window and an article window as built: every action's key is its own, and
File > Export Digest writes what the Digest tab shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.ui.digest.digest_export_dialog import ExportDigestDialog
from poemsreader.ui.shell.main_window import MainWindow
from tests.ui.windows import open_main_window

pytestmark = pytest.mark.gui
WAIT = 60_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    main = open_main_window(qtbot, library, tmp_path)
    yield main
    main.article_windows.close_all()


def windows_of(action: QAction) -> set[QWidget]:
    """The top-level windows in which `action`'s key can fire."""
    owners = [o for o in action.associatedObjects() if isinstance(o, QWidget)]
    parent = action.parent()
    if isinstance(parent, QWidget):
        owners.append(parent)
    while any(isinstance(o, QMenu) for o in owners):  # a menu's keys work in its window
        owners = [o.parentWidget() if isinstance(o, QMenu) else o for o in owners]
    return {owner.window() for owner in owners if owner is not None}


def keys_by_window(windows: list[QMainWindow]) -> dict[str, list[str]]:
    """'window title / key' -> the texts of the actions answering that key there."""
    actions = {a for w in windows for a in w.findChildren(QAction)}
    for w in windows:
        actions |= {
            a for menu in w.menuBar().actions() if menu.menu() for a in menu.menu().actions()
        }
    found: dict[str, list[str]] = {}
    for action in actions:
        app_wide = action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
        for window in windows if app_wide else windows_of(action) & set(windows):
            for key in action.shortcuts():
                found.setdefault(f"{window.objectName()} / {key.toString()}", []).append(
                    action.text()
                )
    return found


def test_no_two_actions_share_a_key(
    qtbot: QtBot, window: MainWindow, library: Library, article_pdf: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    window.open_article(article_id)
    article = window.article_windows.windows[article_id]
    window.setObjectName("library-window")
    article.setObjectName("article-window")
    found = keys_by_window([window, article])
    shared = {key: texts for key, texts in found.items() if len(texts) > 1}
    assert shared == {}
    assert found["article-window / Ctrl+Shift+E"] == ["Finding About the Whole &Article"]
    assert found["article-window / Ctrl+Shift+D"] == ["Export &Digest…"]  # one action, both
    assert found["library-window / Ctrl+Shift+D"] == ["Export &Digest…"]
    assert found["article-window / Ctrl+Z"] == ["&Undo"]


def test_export_digest_writes_what_the_digest_tab_shows(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(tmp_path / "demo") as demo:
        build_demo_library(demo)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(demo, settings)
        qtbot.addWidget(window)
        target = tmp_path / "one-topic.md"
        window.digest_view.filters.topic.setCurrentText("Treatment")
        shown = sum(len(group.findings) for group in window.digest_view.model.groups)

        def save(dialog: ExportDigestDialog) -> int:
            dialog.path.setText(str(target))
            with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
                dialog.export()
            return dialog.result()

        monkeypatch.setattr(ExportDigestDialog, "exec", save)
        window.export_digest_action.trigger()
        assert window.statusBar().currentMessage().startswith("Exported ")
        text = target.read_text(encoding="utf-8")
        headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
        assert headings[0] == "Treatment" and "Imaging" not in headings
        assert f"Exported {shown} findings" in window.statusBar().currentMessage()
        assert shown < demo.digest.build().bullet_count
