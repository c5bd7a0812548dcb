from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from poemsreader.core.errors import LibraryInUse
from poemsreader.ui.common.error_hook import show_error


@pytest.mark.gui
def test_a_busy_library_is_a_sentence_not_a_traceback(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    error = LibraryInUse("The library is in use by another poemsreader (pid 42).")
    box = show_error(LibraryInUse, error, None)
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    assert box.isVisible()
    assert box.text() == str(error)
    assert capsys.readouterr().err == ""
    box.close()


@pytest.mark.gui
def test_an_unexpected_error_is_shown_and_still_printed(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    error = ZeroDivisionError("division by zero")
    box = show_error(ZeroDivisionError, error, None)
    assert box is not None
    qtbot.addWidget(box)
    assert "did not expect: division by zero" in box.text()
    assert "ZeroDivisionError" in capsys.readouterr().err
    box.close()
