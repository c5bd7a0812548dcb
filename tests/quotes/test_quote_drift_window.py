"""The quote-drift window: checked in a child process, re-anchor and keep, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.quote_drift_view import QuoteDriftWindow
from tests.quotes.drift import REWORDED, drift_library

pytestmark = pytest.mark.gui


def _checked(qtbot, window: QuoteDriftWindow) -> None:
    job = window.check()
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    qtbot.wait(50)  # the finished job and its dialog are deleted later: let that happen


def test_reanchor_from_the_window_and_undo(qtbot, library: Library, tmp_path: Path) -> None:
    setup = drift_library(library, tmp_path)
    before = library.findings.get(setup.drifting)
    bus = ChangeBus(library)
    window = QuoteDriftWindow(library, bus, TaskRunner(bus))
    qtbot.addWidget(window)
    window.show()
    _checked(qtbot, window)
    assert window.model.rowCount() == 1
    assert "Lenalidomide was effective" in window.model.data(window.model.index(0, 3))
    window.reanchor_button.click()
    assert window.model.rowCount() == 0
    assert library.findings.get(setup.drifting).quote.startswith(REWORDED[:30])
    assert library.quote_drift.check() == []
    bus.undo_stack.undo()
    assert library.findings.get(setup.drifting).quote == before.quote
    assert "press Check to read again" in window.status.text()
    _checked(qtbot, window)
    assert window.model.rowCount() == 1


def test_keep_from_the_window(qtbot, library: Library, tmp_path: Path) -> None:
    setup = drift_library(library, tmp_path)
    bus = ChangeBus(library)
    window = QuoteDriftWindow(library, bus, TaskRunner(bus))
    qtbot.addWidget(window)
    _checked(qtbot, window)
    window.keep_button.click()
    assert library.quote_drift.check() == []
    assert library.findings.get(setup.drifting).quote == library.findings.get(setup.drifting).quote
    assert bus.undo_stack.undoText() == "Keep quote"
    bus.undo_stack.undo()
    assert len(library.quote_drift.check()) == 1


@pytest.mark.qt_log_ignore("does not support raise")
def test_review_menu_opens_both_windows(qtbot, library: Library, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from poemsreader.ui.shell.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Review" in titles
    screening = window.review_actions.open_screening()
    quotes = window.review_actions.open_quote_drift()
    assert screening.isVisible() and quotes.isVisible()
    assert window.review_actions.open_screening() is screening  # raised, not a second one
    window.close()  # the review windows close with the library window
    assert not screening.isVisible() and not quotes.isVisible()
