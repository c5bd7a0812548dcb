"""The library window's desktop manners: layout kept, Open Recent, Settings, Help, icons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu, QTextEdit, QToolButton
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.common.shortcuts_help import collect_shortcuts, plain_text
from poemsreader.ui.shell.desktop import build_recent_menu, name_unnamed_widgets
from poemsreader.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot: QtBot, library: Library, settings: QSettings) -> MainWindow:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    return window


def menu_named(window: QMainWindow, title: str) -> QMenu:
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    return next(m for m in menus if plain_text(m.title()) == title)


def test_layout_comes_back(qtbot: QtBot, library: Library, settings: QSettings) -> None:
    window = make_window(qtbot, library, settings)
    window.show()
    window.resize(window.width(), 520)  # the offscreen screen is 800x600: stay inside it
    window.topics_dock.hide()
    window.close()
    again = make_window(qtbot, library, settings)
    again.show()
    assert again.size().height() == 520
    assert not again.topics_dock.isVisible()


def test_recent_articles_menu_reopens_an_article(
    qtbot: QtBot, library: Library, settings: QSettings, article_pdf: Path
) -> None:
    added = library.articles.add_pdf(inspect_pdf(article_pdf))
    window = make_window(qtbot, library, settings)
    window.open_article(added.article_id)
    assert window.statusBar().currentMessage() == f"Opened {added.key}"
    opened = window.article_windows.windows[added.article_id]
    opened.close()
    qtbot.waitUntil(lambda: not window.article_windows.windows, timeout=5000)
    build_recent_menu(window.recent_menu, window.recent, window.open_article)
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0].startswith(f"&1 {added.key} — ")
    window.recent_menu.actions()[0].trigger()
    assert added.article_id in window.article_windows.windows
    window.article_windows.close_all()
    # Kept per library across sessions; cleared on request.
    assert make_window(qtbot, library, settings).recent.ids() == [added.article_id]
    window.recent_menu.actions()[-1].trigger()
    assert window.recent.ids() == []


def test_menus_hold_settings_shortcuts_and_demo(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    window = make_window(qtbot, library, settings)
    assert [a.text() for a in menu_named(window, "Help").actions()] == [
        "&Check Library…",
        "&Keyboard shortcuts",
        "Open the &Demo Library",
        "&About poemsreader",
    ]
    file_actions = [a.text() for a in menu_named(window, "File").actions()]
    assert "Open &Recent" in file_actions and "Export &Digest…" in file_actions
    assert "&Settings…" in [a.text() for a in menu_named(window, "Edit").actions()]
    shortcuts = {row.action for row in collect_shortcuts(window)}
    assert {"Add PDFs…", "Settings…", "Keyboard shortcuts", "Export Digest…"} <= shortcuts


def test_unnamed_widgets_get_names_from_what_they_show(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    edit = QLineEdit(window, placeholderText="Filter articles")
    button = QToolButton(window)
    button.setToolTip("Zoom in")
    anonymous = QTextEdit(window)
    remaining = name_unnamed_widgets(window)
    assert edit.accessibleName() == "Filter articles"
    assert button.accessibleName() == "Zoom in"
    assert anonymous in remaining


def test_actions_get_icons_that_exist(qtbot: QtBot, library: Library, settings: QSettings) -> None:
    from poemsreader.ui.common.icons import ICON_FOR_ACTION, give_actions_icons, icon_path

    for name in set(ICON_FOR_ACTION.values()):
        assert Path(icon_path(name)).exists(), name
    window = make_window(qtbot, library, settings)
    zoom = QAction("Zoom &in", window)
    assert give_actions_icons(window) == 1
    assert not zoom.icon().isNull()
    assert not window.settings_action.icon().isNull()
