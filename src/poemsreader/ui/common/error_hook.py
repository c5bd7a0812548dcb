"""Errors that escape a slot reach the reviewer as a sentence, never as a traceback.

Qt calls Python slots from its event loop; an exception raised there would only
print a traceback on stderr. The hook shows a `PoemsReaderError` (for example
`LibraryInUse`: "the library is in use by another poemsreader (pid N) … the change
was not saved") in a message box; anything else is shown as an unexpected error
and still printed for a bug report.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from poemsreader.core.errors import PoemsReaderError

# Boxes on screen: a box with no window to parent it (none active yet) would
# otherwise be deleted as soon as the hook returns, before anyone saw it.
_shown: set[QMessageBox] = set()


def show_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> QMessageBox | None:
    """Show `error` to the reviewer; returns the (non-blocking) message box."""
    if not isinstance(error, PoemsReaderError):
        traceback.print_exception(kind, error, trace)
    if QApplication.instance() is None:
        return None
    if isinstance(error, PoemsReaderError):
        box = QMessageBox(QMessageBox.Icon.Warning, "poemsreader", str(error))
    else:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "poemsreader",
            f"Something went wrong that poemsreader did not expect: {error}",
        )
    box.setParent(QApplication.activeWindow(), box.windowFlags())
    _shown.add(box)
    box.finished.connect(lambda _result: _shown.discard(box))
    box.open()
    return box


def install() -> None:
    sys.excepthook = show_error
