"""The evidence window: typed cells edited through a real delegate, overlap, matrix cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from poemsreader.core.evidence import AddEvidenceField, FieldKind
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.evidence_view import EvidenceWindow
from tests.evidence.builders import evidence_library

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path):
    evidence_library(tmp_path / "lib")
    library = Library(tmp_path / "lib")
    bus = ChangeBus(library)
    view = EvidenceWindow(library, bus, TaskRunner(bus))
    view._bus_keepalive = bus  # type: ignore[attr-defined]
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield view
    library.close()


def _type_into(qtbot, view: EvidenceWindow, row: int, column: int, text: str) -> None:
    index = view.evidence_model.index(row, column)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    [editor] = [e for e in view.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    with qtbot.waitSignal(view.evidence_model.modelReset, timeout=2000, raising=False):
        pass  # the delegate commits on the next turn, the window stores it on the one after


def test_typed_cells_overlap_and_undo(qtbot, window: EvidenceWindow) -> None:
    library = window.library
    window.add_field(AddEvidenceField("patients n", FieldKind.INTEGER))
    window.add_field(AddEvidenceField("centre", FieldKind.TEXT, population=True))
    assert window.evidence_model.columnCount() == 4
    keys = [k for _i, k in window.evidence_model.rows]
    humeniuk, li = keys.index("Humeniuk 2013"), keys.index("Li 2013")
    n_field, centre = (f.id for f in library.evidence.fields())
    ids = dict((k, i) for i, k in window.evidence_model.rows)

    _type_into(qtbot, window, humeniuk, 1, "107")
    assert library.evidence.value(ids["Humeniuk 2013"], n_field) == 107
    _type_into(qtbot, window, li, 1, "lots")
    assert "not a whole number" in window.message.text()
    assert library.evidence.value(ids["Li 2013"], n_field) is None

    _type_into(qtbot, window, humeniuk, 2, "Mayo Clinic")
    _type_into(qtbot, window, li, 2, "Mayo clinic")
    overlap = window.evidence_model.index(li, 3)
    assert window.evidence_model.data(overlap) == "centre = Mayo clinic"
    assert window.evidence_model.data(overlap, Qt.ItemDataRole.BackgroundRole) is not None

    window.bus.undo_stack.undo()
    assert library.evidence.value(ids["Li 2013"], centre) is None
    assert window.evidence_model.data(window.evidence_model.index(li, 3)) == ""


def test_clicking_a_matrix_cell_lists_its_findings(qtbot, window: EvidenceWindow) -> None:
    window.tabs.setCurrentIndex(1)
    model = window.matrix_model
    row = [k for _i, k in model.matrix.articles].index("Li 2013")
    column = next(i for i, (_t, path) in enumerate(model.matrix.topics) if path == "Symptoms")
    assert model.data(model.index(row, column)) == "2"
    rect = window.matrix.visualRect(model.index(row, column))
    qtbot.mouseClick(window.matrix.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    texts = sorted(window.cell_findings.item(i).text() for i in range(window.cell_findings.count()))
    assert [t.split(" (")[0] for t in texts] == ["Neuropathy again.", "Neuropathy improves slowly."]
    assert all("Li 2013" in t for t in texts)


def test_export_from_the_window(window: EvidenceWindow, tmp_path: Path) -> None:
    window.export(tmp_path / "matrix.xlsx", "matrix")
    sheet = openpyxl.load_workbook(tmp_path / "matrix.xlsx").active
    assert sheet.cell(row=1, column=1).value == "Article"
    window.export(tmp_path / "matrix.pdf", "matrix")
    assert "Give the file" in window.message.text() and not (tmp_path / "matrix.pdf").exists()
