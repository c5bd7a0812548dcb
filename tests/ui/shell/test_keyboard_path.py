"""Without the mouse: open an article, find a phrase, select it, make a finding, export.

Drives the real main window on the demo library with key presses only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library

pytest.importorskip("poemsreader.ui.shell.article_window", reason="needs the article window")
pytest.importorskip("poemsreader.ui.digest.digest_export_dialog", reason="needs the digest export")

from poemsreader.ui.shell.main_window import MainWindow

# The offscreen platform cannot raise windows or grab the keyboard; it says so, harmlessly.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard"),
]
WAIT = 30_000
PHRASE = "carried at least one abnormality typical of"
STATEMENT = "Most POEMS patients carry a myeloma-type cytogenetic abnormality."


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "demo")
    build_demo_library(library)
    yield library
    library.close()


@pytest.fixture
def window(qtbot: QtBot, demo: Library, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(demo, settings)
    qtbot.addWidget(main)
    main.resize(780, 560)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    main.article_windows.close_all()


def key(qtbot: QtBot, widget: QWidget, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def tab_until(qtbot: QtBot, target: QWidget, limit: int = 20) -> None:
    for _ in range(limit):
        if target.hasFocus():
            return
        key(qtbot, focused(), Qt.Key.Key_Tab)
    assert target.hasFocus(), f"Tab never reached {target!r}"


def test_open_find_select_make_finding_export_by_keyboard(
    qtbot: QtBot, window: MainWindow, demo: Library, tmp_path: Path
) -> None:
    # 1. Open Kang 2013: Ctrl+F filters the table, Tab to it, Down, Return.
    key(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), "Kang")
    tab_until(qtbot, window.library_view.table)
    key(qtbot, window.library_view.table, Qt.Key.Key_Down)
    key(qtbot, window.library_view.table, Qt.Key.Key_Return)
    kang = demo.articles.id_for_key("Kang 2013")
    qtbot.waitUntil(lambda: kang in window.article_windows.windows, timeout=WAIT)
    article = window.article_windows.windows[kang]
    reader = article.reader
    qtbot.waitUntil(lambda: reader.view.hasFocus(), timeout=WAIT)

    # 2. Find the phrase: Ctrl+F, type, Return.
    key(qtbot, reader.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert reader.find_bar.edit.hasFocus()
    with qtbot.waitSignal(reader.find_bar.finished, timeout=WAIT):
        qtbot.keyClicks(reader.find_bar.edit, PHRASE)
        key(qtbot, reader.find_bar.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 2 in reader.view.texts, timeout=WAIT)

    # 3. Select the match: Ctrl+Return.
    key(qtbot, reader.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert reader.selected_text() == PHRASE

    # 4. Make a finding: Ctrl+E, type the statement, Tab to the topics, type, Return.
    key(qtbot, reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = article.editor
    assert editor.statement.hasFocus()
    qtbot.keyClicks(editor.statement, STATEMENT)
    tab_until(qtbot, editor.topics.entry)
    qtbot.keyClicks(editor.topics.entry, "Cytogenetics")
    key(qtbot, editor.topics.entry, Qt.Key.Key_Return)
    [finding] = demo.findings.for_article(kang)
    assert finding.statement == STATEMENT
    assert finding.quote == PHRASE
    assert finding.topics == ["Cytogenetics"]
    assert finding.citation == "(Kang 2013 p.492)"

    # 5. Export the digest: Ctrl+Shift+D, type the file name, Return.
    out = tmp_path / "digest.md"

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
            tab_until(qtbot, dialog.path)
            key(qtbot, dialog.path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(dialog.path, str(out))
            key(qtbot, dialog.path, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)  # written, closed
        finally:
            if dialog.isVisible():  # never leave a modal dialog behind a failure
                dialog.reject()

    QTimer.singleShot(0, fill_dialog)
    key(
        qtbot,
        reader.view,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(out.exists, timeout=WAIT)
    text = re.sub(r"\[([^\]]*)\]\(<[^>]*>\)", r"\1", out.read_text(encoding="utf-8"))
    assert f"{STATEMENT} (Kang 2013 p.492)" in text  # the citation (a link to the passage)
    assert "Kang WY" in text
    assert "Exported" in window.statusBar().currentMessage()
