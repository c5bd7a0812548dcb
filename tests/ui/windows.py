"""The library window as a test opens it: its own settings file, shown, owned by qtbot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow


def open_main_window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(library, settings)
    qtbot.addWidget(main)
    main.show()
    return main
