"""Desktop features on a main window: layout restored, recent articles, menus, names."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QSplitter, QTextEdit, QToolButton
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.store.library import Library
from poemsreader.ui.desktop import (
    build_recent_menu,
    find_menu,
    install_desktop,
    name_unnamed_widgets,
)
from poemsreader.ui.shortcuts_help import collect_shortcuts

pytestmark = pytest.mark.gui


class FakeMainWindow(QMainWindow):
    """The parts of a main window the desktop features rely on."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[int] = []
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(QTextEdit())
        self.splitter.addWidget(QTextEdit())
        self.setCentralWidget(self.splitter)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(QAction("&Add PDFs…", self, shortcut=QKeySequence.StandardKey.Open))
        file_menu.addAction(QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit))

    def open_article(self, article_id: int) -> None:
        self.opened.append(article_id)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot: QtBot, library: Library, settings: QSettings) -> FakeMainWindow:
    window = FakeMainWindow()
    qtbot.addWidget(window)
    install_desktop(window, library, settings, first_run=False)
    return window


def test_layout_and_panel_sizes_come_back(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    window = make_window(qtbot, library, settings)
    window.resize(700, 500)  # the offscreen screen is 800x600: stay inside it
    window.show()
    window.splitter.setSizes([200, 500])
    saved = window.splitter.sizes()
    window.close()
    again = make_window(qtbot, library, settings)
    again.show()
    qtbot.waitUntil(lambda: again.splitter.sizes() == saved, timeout=2000)
    assert again.size().width() == 700


def test_recent_articles_menu_reopens_an_article(
    qtbot: QtBot, library: Library, settings: QSettings, article_pdf: Path
) -> None:
    added = library.articles.add_pdf(inspect_pdf(article_pdf))
    window = make_window(qtbot, library, settings)
    features = window.desktop  # type: ignore[attr-defined]
    features.open_article(added.article_id)
    assert window.statusBar().currentMessage() == f"Opened {added.key}"
    build_recent_menu(features.recent_menu, features.recent, features.open_article)
    texts = [a.text() for a in features.recent_menu.actions()]
    assert texts[0].startswith(f"&1 {added.key} — ")
    features.recent_menu.actions()[0].trigger()
    assert window.opened == [added.article_id, added.article_id]
    # Kept per library across sessions; cleared on request.
    assert make_window(qtbot, library, settings).desktop.recent.ids() == [added.article_id]  # type: ignore[attr-defined]
    features.recent_menu.actions()[-1].trigger()
    assert features.recent.ids() == []


def test_menus_gain_settings_shortcuts_and_demo(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    window = make_window(qtbot, library, settings)
    assert [a.text() for a in find_menu(window, "Help").actions()] == [
        "&Keyboard shortcuts",
        "Open the &Demo Library",
    ]
    file_actions = [a.text() for a in find_menu(window, "File").actions()]
    assert "Open &Recent" in file_actions
    shortcuts = {row.action for row in collect_shortcuts(window)}
    assert {"Add PDFs…", "Settings…", "Keyboard shortcuts"} <= shortcuts


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
    from poemsreader.ui.icons import ICON_FOR_ACTION, give_actions_icons, icon_path

    for name in set(ICON_FOR_ACTION.values()):
        assert Path(icon_path(name)).exists(), name
    window = make_window(qtbot, library, settings)
    zoom = QAction("Zoom &in", window)
    assert give_actions_icons(window) == 1
    assert not zoom.icon().isNull()
    assert not window.desktop.settings_action.icon().isNull()  # type: ignore[attr-defined]
