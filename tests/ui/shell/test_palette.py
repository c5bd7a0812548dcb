"""The window follows the system's light or dark palette: no colour is hard-coded."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.ui.shell.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui
UI = Path(__file__).resolve().parents[3] / "src" / "poemsreader" / "ui"
# A colour written into a style sheet: hex, rgb(), or a named colour after a colour property.
# `palette(mid)` and colours passed in as data ({colour} in an f-string) are fine.
HARD_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|rgba?\(|(?:color|background|border)[^;{}]*\b(?:black|white|gray|grey|red)\b"
)


def _literal_parts(node: ast.AST) -> str:
    """The literal text of a string or f-string argument (formatted values left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_parts(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    return ""


def hard_coded_colours(source: str) -> list[int]:
    """Line numbers of setStyleSheet calls that write a colour by hand."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setStyleSheet"
            and any(HARD_COLOUR.search(_literal_parts(arg)) for arg in node.args)
        ):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_hard_coded_colours() -> None:
    assert hard_coded_colours('w.setStyleSheet("color: #444")') == [1]
    assert hard_coded_colours('w.setStyleSheet(f"a {{ border: 1px solid black; }}")') == [1]
    assert hard_coded_colours('w.setStyleSheet(f"a {{ background: {colour}; }}")') == []
    assert hard_coded_colours('w.setStyleSheet("color: palette(mid)")') == []


def test_no_style_sheet_sets_a_colour() -> None:
    offenders = [
        f"{path.name}:{line}"
        for path in sorted(UI.glob("*.py"))
        for line in hard_coded_colours(path.read_text(encoding="utf-8"))
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
