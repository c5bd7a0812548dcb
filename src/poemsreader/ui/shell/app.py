"""The application's composition root: one QApplication, one Library, one library window
(which builds its menus, views, change bus and task runner itself, ui/main_window).

Imports are kept to what each path needs: `poemsreader FILE.pdf` shows the
reader without loading the library, the database layer or the main window's
panels (they cost more than a second of imports on a slow machine), so the
first page is painted about as soon as a bare viewer would paint it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from poemsreader import APP_NAME, __version__

if TYPE_CHECKING:
    from poemsreader.services.library import Library
    from poemsreader.ui.shell.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("poemsreader")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("org.poemsreader.PoemsReader")
    return app


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
    from poemsreader.ui.shell.settings_dialog import saved_library_dir

    return saved_library_dir(QSettings())


def run(library_dir: str | None, pdfs: list[str]) -> int:
    if pdfs:
        # A PDF on the command line opens in the reader alone: no library, no database.
        from poemsreader.ui.shell.reader_window import run_reader

        return run_reader(pdfs)
    return run_library_window(library_dir)


def run_library_window(library_dir: str | None) -> int:
    """The main window on a library (SQLAlchemy and the panels load only here)."""
    from PySide6.QtWidgets import QMessageBox

    from poemsreader.core.errors import PoemsReaderError
    from poemsreader.services.library import Library
    from poemsreader.ui.common import error_hook

    app = create_application()
    try:
        library = Library.open(library_dir or settings_library_dir())
    except PoemsReaderError as error:
        QMessageBox.critical(None, "poemsreader", str(error))
        return 1
    error_hook.install()
    smoke_test = bool(os.environ.get(SMOKE_TEST_ENV))
    window = show_library_window(library, first_run=not smoke_test)
    if smoke_test:
        QTimer.singleShot(0, lambda: app.exit(smoke_test_status(window)))
    status = app.exec()
    library.close()
    return status


def show_library_window(
    library: Library, replacing: QWidget | None = None, *, first_run: bool = True
) -> MainWindow:
    """The library window on `library`, shown (closing `replacing`, if given).

    Help > Demo Library and the first-run offer open another library's window
    through here; a window opened that way owns its library and closes it when
    the window is destroyed.
    """
    from PySide6.QtCore import Qt

    from poemsreader.ui.common.icons import app_icon
    from poemsreader.ui.shell.main_window import MainWindow

    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    window: MainWindow | None = None

    def open_library(folder: Path) -> None:
        from poemsreader.services.library import Library

        other = Library(folder)
        # beside the reviewer's window, never in its place: the demo is a window of its own
        new = show_library_window(other, None, first_run=False)
        new.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        new.destroyed.connect(lambda *_: other.close())
        new.statusBar().showMessage(f"Opened the library in {folder}", 8000)

    window = MainWindow(library, open_library=open_library)
    window.show()
    if first_run:
        QTimer.singleShot(0, window.offer_demo_on_first_run)
    if replacing is not None:
        replacing.close()
    return window
