"""Screening in the window: keys decide, the next record shows, undo reverts, counts shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from poemsreader.core.screening import Decision
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.screening_view import ScreeningWindow
from tests.conftest import corpus_path
from tests.searchgen import make_search

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path) -> ScreeningWindow:
    library.screening.import_file(make_search(tmp_path / "s.txt", unique=12, duplicates=3).path)
    bus = ChangeBus(library)
    view = ScreeningWindow(library, bus, TaskRunner(bus))
    view._bus_keepalive = bus  # type: ignore[attr-defined]
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_keys_decide_and_show_the_next_record(window: ScreeningWindow, library: Library) -> None:
    from pytestqt.qtbot import QtBot

    rows = library.screening.rows()
    first, second, third = rows[0], rows[1], rows[2]
    assert window.current_record().id == first.id
    assert first.title in window.detail.toPlainText()
    window.table.setFocus()
    QtBot.keyClick(window.table, Qt.Key.Key_I)
    assert window.current_record().id == second.id
    assert second.title in window.detail.toPlainText()
    window.reason.setCurrentText("not POEMS syndrome")
    window.table.setFocus()
    QtBot.keyClick(window.table, Qt.Key.Key_E)
    QtBot.keyClick(window.table, Qt.Key.Key_M)
    assert window.current_record().id == rows[3].id
    stored = {r.id: (r.decision, r.reason) for r in library.screening.rows()}
    assert stored[first.id] == (Decision.INCLUDE, "")
    assert stored[second.id] == (Decision.EXCLUDE, "not POEMS syndrome")
    assert stored[third.id] == (Decision.MAYBE, "")
    assert [a.title for a in library.articles.rows()] == [first.title]
    assert "included 1" in window.counts_label.text()
    assert "not POEMS syndrome: 1" in window.counts_label.text()
    assert window.model.data(window.model.index(0, 0)) == "include"

    QtBot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.screening.row(third.id).decision == Decision.UNDECIDED
    assert window.model.data(window.model.index(2, 0)) == ""
    assert "maybe 0" in window.counts_label.text()


def test_decisions_made_elsewhere_show_in_the_window(
    window: ScreeningWindow, library: Library
) -> None:
    """Another window's decision and Edit > Undo reach this window through the bus."""
    from poemsreader.core.screening import DecideRecord

    record = library.screening.rows()[4]
    window.bus.push(DecideRecord(record.id, Decision.EXCLUDE, "animal study"))
    assert window.model.data(window.model.index(4, 0)) == "exclude"
    assert "animal study: 1" in window.counts_label.text()
    assert window.reason.findText("animal study") >= 0
    window.bus.undo_stack.undo()
    assert window.model.data(window.model.index(4, 0)) == ""
    assert "excluded 0" in window.counts_label.text()


def test_typing_a_reason_does_not_decide(qtbot, window: ScreeningWindow, library: Library) -> None:
    window.reason.lineEdit().setFocus()
    window.reason.lineEdit().clear()
    qtbot.keyClicks(window.reason.lineEdit(), "case series in mice")
    assert all(r.decision == Decision.UNDECIDED for r in library.screening.rows())
    window.exclude_button.click()
    assert library.screening.rows()[0].reason == "case series in mice"


def test_counts_exported(window: ScreeningWindow, tmp_path: Path) -> None:
    window.include_button.click()
    window.export_counts(tmp_path / "counts.json")
    data = json.loads((tmp_path / "counts.json").read_text())
    assert data["identified"] == 15 and data["duplicates"] == 3 and data["included"] == 1


def test_a_corpus_search_imported_in_a_child_process(qtbot, library: Library) -> None:
    nbib = corpus_path("bib", "pubmed-medline-10records.nbib")
    bus = ChangeBus(library)
    tasks = TaskRunner(bus)
    view = ScreeningWindow(library, bus, tasks)
    qtbot.addWidget(view)
    job = view.import_search(nbib)
    assert tasks.running() is job  # the library window's runner: closing it asks first
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    qtbot.wait(50)  # the finished job and its dialog are deleted later: let that happen
    assert view.model.rowCount() == 10
    assert bus.undo_stack.undoText() == "Import search for screening"
    assert all(r.title for r in view.model.rows)
    bus.undo_stack.undo()
    assert view.model.rowCount() == 0 and library.screening.rows() == []
