"""The main window: the library table, the reader, menus and docks."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow

from poemsreader.store.library import Library
from poemsreader.ui.share_dialogs import ShareActions


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(f"poemsreader — {library.root}")
        self.resize(1280, 860)
        self.setCentralWidget(QLabel("Library"))
        file_menu = self.menuBar().addMenu("&File")
        self.undo_stack = QUndoStack(self)
        self.share_actions = ShareActions(self, library, self.undo_stack)
        self.share_actions.add_to_menu(file_menu)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def open_pdf_path(self, path: str) -> None:
        self.statusBar().showMessage(f"Opening {path}")
