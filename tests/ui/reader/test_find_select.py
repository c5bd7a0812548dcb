"""Keyboard only: find a phrase, Ctrl+Return selects the match, ready for a finding."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.core.demo_content import HUMENIUK
from poemsreader.pdf.demo_articles import write_demo_article
from poemsreader.ui.reader.reader import ReaderWidget

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("each_worker_channel")]
WAIT = 20_000


@pytest.fixture
def reader(qtbot: QtBot) -> Iterator[ReaderWidget]:
    widget = ReaderWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 1000)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def test_ctrl_return_selects_the_current_match(
    qtbot: QtBot, reader: ReaderWidget, tmp_path: Path
) -> None:
    assert reader.open(write_demo_article(HUMENIUK, tmp_path / "humeniuk.pdf"))
    reader.setFocus()
    qtbot.keyClick(reader.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert reader.find_bar.edit.hasFocus()
    with qtbot.waitSignal(reader.find_bar.finished, timeout=WAIT):
        qtbot.keyClicks(reader.find_bar.edit, "densely sclerotic bone lesions")
        qtbot.keyClick(reader.find_bar.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 4 in reader.view.texts, timeout=WAIT)
    qtbot.keyClick(reader.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not reader.find_bar.isVisible()
    assert reader.selected_text() == "densely sclerotic bone lesions"
    [passage] = reader.selection()
    assert passage.page_index == 4  # printed page 72
    assert reader.view.hasFocus()


def test_nothing_to_select_without_a_match(reader: ReaderWidget, tmp_path: Path) -> None:
    assert reader.open(write_demo_article(HUMENIUK, tmp_path / "humeniuk.pdf"))
    assert reader.find_bar.select_current() is False
    assert reader.selected_text() == ""
