"""The main window: the library table, the reader, menus and docks."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from poemsreader.store.library import Library


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(f"poemsreader — {library.root}")
        self.resize(1280, 860)
        self.setCentralWidget(QLabel("Library"))
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def open_pdf_path(self, path: str) -> None:
        self.statusBar().showMessage(f"Opening {path}")
