"""The application's composition root: one QApplication, one Library, one window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from poemsreader import APP_NAME, __version__
from poemsreader.core.errors import PoemsReaderError
from poemsreader.ui import error_hook


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("poemsreader")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("org.poemsreader.PoemsReader")
    return app  # type: ignore[return-value]


# Until the main window shows PDFs itself, `poemsreader FILE.pdf` opens the reader alone
# (ui/reader_window.py), without loading the library. Set True when MainWindow.open_pdf_path
# shows the PDF.
PDF_OPENS_IN_MAIN_WINDOW = False


def run(library_dir: str | None, pdfs: list[str]) -> int:
    if pdfs and not PDF_OPENS_IN_MAIN_WINDOW:
        from poemsreader.ui.reader_window import run_reader

        return run_reader(pdfs)
    from poemsreader.store.library import Library  # SQLAlchemy: only when a library is used
    from poemsreader.ui.main_window import MainWindow

    app = create_application()
    try:
        library = Library.open(library_dir)
    except PoemsReaderError as error:
        QMessageBox.critical(None, "poemsreader", str(error))
        return 1
    error_hook.install()
    window = MainWindow(library)
    window.show()
    for pdf in pdfs:
        window.open_pdf_path(pdf)
    status = app.exec()
    library.close()
    return status
