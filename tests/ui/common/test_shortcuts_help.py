"""Help > Keyboard shortcuts lists the window's real actions, not a hand-written page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from poemsreader.ui.common.shortcuts_help import (
    ShortcutsDialog,
    ShortcutsModel,
    add_shortcuts_help,
    collect_shortcuts,
    plain_text,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addAction(QAction("&Open…", window, shortcut=QKeySequence.StandardKey.Open))
    file_menu.addAction(QAction("No shortcut", window))
    export = file_menu.addMenu("&Export")
    export.addAction(QAction("&Digest…", window, shortcut=QKeySequence("Ctrl+Shift+E")))
    window.addAction(QAction("Next finding", window, shortcut=QKeySequence("Alt+Down")))
    add_shortcuts_help(window, window.menuBar().addMenu("&Help"))
    return window


def test_rows_come_from_the_window_actions(window: QMainWindow) -> None:
    rows = {row.action: row for row in collect_shortcuts(window)}
    assert set(rows) == {"Open…", "Digest…", "Keyboard shortcuts", "Next finding"}
    assert rows["Digest…"].menu == "File > Export"
    assert rows["Open…"].shortcut == QKeySequence(QKeySequence.StandardKey.Open).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert rows["Next finding"].menu == "Window"


def test_model_passes_the_model_tester(window: QMainWindow, qtmodeltester) -> None:
    qtmodeltester.check(ShortcutsModel(collect_shortcuts(window)))


def test_dialog_filters_as_you_type(qtbot: QtBot, window: QMainWindow) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.proxy.rowCount() == 4
    qtbot.keyClicks(dialog.filter_edit, "export")
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 0).data() == "Digest…"


def test_plain_text_drops_mnemonics() -> None:
    assert plain_text("&Save && close") == "Save & close"
