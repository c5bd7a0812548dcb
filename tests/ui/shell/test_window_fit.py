"""At 1366×768 every window and dock fits: nothing cut off on the right, no topic name
elided, the reference form whole, the article window no taller than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]
SMALL = (1366, 768)


def test_the_windows_fit_a_1366_by_768_screen(qtbot: QtBot, tmp_path: Path) -> None:
    with Library(tmp_path / "demo") as demo:
        build_demo_library(demo)
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        main = MainWindow(demo, settings)
        qtbot.addWidget(main)
        main.resize(*SMALL)
        main.show()
        qtbot.waitExposed(main)
        assert main.minimumSizeHint().width() <= SMALL[0]
        assert main.width() == SMALL[0]
        editor = main.reference_actions.editor
        scroll = main.reference_actions.dock.widget()
        assert scroll.viewport().width() >= editor.minimumSizeHint().width()  # not cut
        assert editor.review_button.geometry().right() <= editor.width()
        tree = main.topics_view.tree
        assert tree.columnWidth(0) >= tree.sizeHintForColumn(0)  # "Symptoms", not "Sympto…"
        main.tabs.setCurrentWidget(main.digest_view)
        assert main.minimumSizeHint().width() <= SMALL[0]

        article = main.article_windows.open(demo.articles.id_for_key("Humeniuk 2013"))
        assert article is not None
        assert article.minimumSizeHint().height() <= SMALL[1] - 60  # a panel and title bar
        assert article.minimumSizeHint().width() <= SMALL[0]
        main.article_windows.close_all()
        main.close()


def test_progress_dialogs_are_wide_enough_for_their_titles(qtbot: QtBot, tmp_path: Path) -> None:
    from poemsreader.ui.library.library_add import AddBatch

    with Library(tmp_path / "lib") as library:
        main = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(main)
        batch = AddBatch(library.articles, [tmp_path], main)
        dialog = batch._progress_dialog(3)
        title = dialog.windowTitle()
        assert title == "Adding PDFs"
        assert dialog.minimumWidth() >= dialog.fontMetrics().horizontalAdvance(title) + 200
        main.close()
