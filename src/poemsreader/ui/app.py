"""The application's composition root: one QApplication, one Library, one window.

Imports are kept to what each path needs: `poemsreader FILE.pdf` shows the
reader without loading the library, the database layer or the main window's
panels (they cost more than a second of imports on a slow machine), so the
first page is painted about as soon as a bare viewer would paint it.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from poemsreader import APP_NAME, __version__


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("poemsreader")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("org.poemsreader.PoemsReader")
    return app  # type: ignore[return-value]


SMOKE_TEST_ENV = "POEMSREADER_SMOKE_TEST"


def smoke_test_status(window: QWidget) -> int:
    """With $POEMSREADER_SMOKE_TEST set, the app paints its window once and quits:
    0 when the window rendered (used by packaging/build.sh on the built bundle)."""
    painted = not window.grab().isNull()
    print(f"smoke test: window {'painted' if painted else 'did not paint'}", flush=True)
    return 0 if painted else 1


def settings_library_dir() -> str | None:
    """The folder chosen in Settings, unless $POEMSREADER_LIBRARY overrides it."""
    from poemsreader.paths import LIBRARY_ENV

    if os.environ.get(LIBRARY_ENV):
        return None
    from poemsreader.ui.settings_dialog import saved_library_dir

    return saved_library_dir(QSettings())


def run(library_dir: str | None, pdfs: list[str]) -> int:
    if pdfs:
        # A PDF on the command line opens in the reader alone: no library, no database.
        from poemsreader.ui.reader_window import run_reader

        return run_reader(pdfs)
    return run_library_window(library_dir)


def run_library_window(library_dir: str | None) -> int:
    """The main window on a library (SQLAlchemy and the panels load only here)."""
    from PySide6.QtWidgets import QMessageBox

    from poemsreader.core.errors import PoemsReaderError
    from poemsreader.store.library import Library
    from poemsreader.ui import error_hook
    from poemsreader.ui.desktop import install_desktop, open_library_window
    from poemsreader.ui.main_window import MainWindow

    app = create_application()
    try:
        library = Library.open(library_dir or settings_library_dir())
    except PoemsReaderError as error:
        QMessageBox.critical(None, "poemsreader", str(error))
        return 1
    error_hook.install()
    window = MainWindow(library)
    smoke_test = bool(os.environ.get(SMOKE_TEST_ENV))
    install_desktop(
        window,
        library,
        open_library=lambda folder: open_library_window(folder, replacing=window),
        first_run=not smoke_test,
    )
    window.show()
    if smoke_test:
        QTimer.singleShot(0, lambda: app.exit(smoke_test_status(window)))
    status = app.exec()
    library.close()
    return status
