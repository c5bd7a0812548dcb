"""The window follows the system's light or dark palette: no colour is hard-coded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from poemsreader.store.library import Library
from poemsreader.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui
UI = Path(__file__).resolve().parents[2] / "src" / "poemsreader" / "ui"
COLOURED_STYLE = re.compile(r"setStyleSheet\([^)]*(#[0-9a-fA-F]{3,8}|rgb|color\s*:)")


def test_no_style_sheet_sets_a_colour() -> None:
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(UI.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if COLOURED_STYLE.search(line)
    ]
    assert offenders == []


def test_a_dark_palette_reaches_the_dialogs(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    dark = QPalette(original)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        dark.setColor(role, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    app.setPalette(dark)
    try:
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        dialog = SettingsDialog(library, settings)
        qtbot.addWidget(dialog)
        image = dialog.grab().toImage()
        corner = image.pixelColor(2, image.height() - 2)
        assert corner.lightness() < 80
    finally:
        app.setPalette(original)
