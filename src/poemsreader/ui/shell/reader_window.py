"""A window holding only the reader: `poemsreader FILE.pdf` shows it until the main window
takes over, and the cold-start benchmark measures it.

With POEMSREADER_BENCH_FIRST_PAINT=1 the window prints the seconds since the
epoch when the first page is painted with real pixels, then quits.

When it closes, the window keeps the room its first page had at fit width
(pdf/first_page.py), so that the next start-up's worker can render page 1 before
the window asks.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from poemsreader.pdf.first_page import FirstPageHint
from poemsreader.ui.common.keys import standard_shortcut
from poemsreader.ui.reader.reader import ReaderWidget

BENCH_ENV = "POEMSREADER_BENCH_FIRST_PAINT"


class ReaderWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = ReaderWidget(self)
        self.setCentralWidget(self.reader)
        self.resize(1000, 1100)
        quit_action = QAction(
            "&Quit", self, shortcut=standard_shortcut(QKeySequence.StandardKey.Quit)
        )
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self.reader.openFailed.connect(self.statusBar().showMessage)
        self.first_page_hint: FirstPageHint | None = None
        self.reader.view.pagePainted.connect(self._note_first_page)
        if os.environ.get(BENCH_ENV) == "1":
            self.reader.view.pagePainted.connect(self._report_first_paint)

    def open_pdf_path(self, path: str | Path) -> bool:
        self.setWindowTitle(f"{Path(path).name} — poemsreader")
        return self.reader.open(Path(path))

    def _note_first_page(self, page: int) -> None:
        self.reader.view.pagePainted.disconnect(self._note_first_page)
        if page == 0 and self.reader.view.fit_mode == "width":
            self.first_page_hint = self.reader.view.fit_width_hint

    def _report_first_paint(self, _page: int) -> None:
        self.reader.view.pagePainted.disconnect(self._report_first_paint)
        print(f"first-paint {time.time():.6f}", flush=True)
        QTimer.singleShot(0, self.close)
        QTimer.singleShot(0, QApplication.quit)

    def closeEvent(self, event) -> None:
        self.reader.shutdown()
        if self.first_page_hint is not None:
            from poemsreader.paths import first_page_hint_file
            from poemsreader.pdf.first_page import save_hint

            save_hint(first_page_hint_file(), self.first_page_hint)
        super().closeEvent(event)


def run_reader(paths: list[str]) -> int:
    """Show the reader alone on `paths[0]` (no library needed)."""
    from poemsreader.ui.shell.app import create_application

    app = create_application(sys.argv[:1])
    window = ReaderWindow()
    window.show()
    if paths:
        window.open_pdf_path(paths[0])
    return app.exec()
