"""The finding editor, the findings panel and the article session, driven like a reviewer would.

The reader here is a stand-in with ReaderWidget's interface (selection in, overlays
and scrolling out); tests/ui/findings/test_findings_reader.py drives the real reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from poemsreader.core.model import FindingStatus, HighlightOverlay, SelectedPassage
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.findings.finding_actions import ColourBy, FindingActions
from poemsreader.ui.findings.finding_editor import HIGHLIGHT_COLOURS, FindingEditor
from poemsreader.ui.findings.findings_panel import FindingsModel, FindingsPanel
from tests.selections import select_text

pytestmark = pytest.mark.gui
SENTENCE = "Lenalidomide is effective at treating"


class StandInView(QObject):
    pagePainted = Signal(int)  # never: nothing is rendered


class StandInReader(QWidget):
    """ReaderWidget's interface, without rendering."""

    selectionChanged = Signal()
    highlightClicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.passages: list[SelectedPassage] = []
        self.overlays: list[HighlightOverlay] = []
        self.scrolled: list[tuple] = []
        self.opened: tuple | None = None
        self.menu_actions: list[QAction] = []
        self.view = StandInView(self)
        self.info = None  # no document geometry: anchors get no page height

    def open(self, path: Path, password: str | None = None, printed_labels=None) -> bool:
        self.opened = (Path(path), printed_labels)
        self.labels = list(printed_labels or [])
        return True

    def set_printed_labels(self, labels) -> bool:
        self.labels = list(labels)
        return True

    def selection(self) -> list[SelectedPassage]:
        return list(self.passages)

    def clear_selection(self) -> None:
        self.passages = []

    def set_highlights(self, overlays) -> None:
        self.overlays = list(overlays)

    def scroll_to(self, page_index: int, quads=(), flash: bool = False) -> None:
        self.scrolled.append((page_index, tuple(quads), flash))

    def current_page(self) -> int:
        return self.scrolled[-1][0] if self.scrolled else 0

    def add_selection_actions(self, actions: list[QAction]) -> None:
        self.menu_actions.extend(actions)


class Rig(QObject):
    def __init__(self, library: Library, qtbot) -> None:
        super().__init__()
        self.library = library
        self.bus = ChangeBus(library, self)
        self.stack = self.bus.undo_stack
        self.reader = StandInReader()
        self.editor = FindingEditor(library, self.bus.push)
        self.panel = FindingsPanel()
        self.finding_actions = FindingActions(
            library, self.reader, self.editor, self.panel, self.bus.push
        )
        self.bus.changed.connect(self.finding_actions.apply_changes)
        for widget in (self.reader, self.editor, self.panel):
            qtbot.addWidget(widget)


@pytest.fixture
def rig(library: Library, qtbot) -> Rig:
    return Rig(library, qtbot)


@pytest.fixture
def article_id(library: Library, article_pdf: Path) -> int:
    return library.articles.add_pdf(inspect_pdf(article_pdf)).article_id


def test_model_passes_the_model_tester(qtmodeltester, library: Library, article_id: int) -> None:
    library.findings.create(article_id, statement="one", topics=["Treatment"])
    library.findings.create(article_id, statement="two")
    model = FindingsModel()
    model.set_findings(library.findings.for_article(article_id))
    qtmodeltester.check(model)


def test_make_finding_type_statement_add_topic_undo_redo(
    rig: Rig, qtbot, article_pdf: Path, article_id: int
) -> None:
    rig.finding_actions.open_article(article_id)
    assert rig.reader.opened[1][:2] == ["207", "208"]
    rig.reader.passages = [select_text(article_pdf, 1, SENTENCE)]
    uuid = rig.finding_actions.make_finding()
    qtbot.keyClicks(rig.editor.statement, "Works after ASCT")
    rig.editor.topics.entry.setText("Treatment/Lenalidomide")
    qtbot.keyClick(rig.editor.topics.entry, Qt.Key.Key_Return)
    stored = rig.library.findings.get(uuid)
    assert stored.statement == "Works after ASCT"
    assert stored.quote == SENTENCE
    assert stored.topics == ["Treatment/Lenalidomide"]
    assert stored.citation == "(Royer 2013 p.208)"
    assert rig.editor.citation_label.text() == "(Royer 2013 p.208)"
    assert [o.finding_uuid for o in rig.reader.overlays] == [uuid]
    assert rig.panel.model.rowCount() == 1
    assert rig.stack.count() == 3  # make, the typing (one step), the topic
    rig.stack.undo()
    assert rig.library.findings.get(uuid).topics == []
    rig.stack.undo()
    assert rig.library.findings.get(uuid).statement == ""
    assert rig.editor.statement.toPlainText() == ""
    rig.stack.undo()
    assert rig.library.findings.all() == [] and rig.panel.model.rowCount() == 0
    rig.stack.redo()
    rig.stack.redo()
    rig.stack.redo()
    assert rig.library.findings.get(uuid).statement == "Works after ASCT"
    assert rig.library.findings.get(uuid).topics == ["Treatment/Lenalidomide"]


def test_number_key_highlights_in_that_colour(
    rig: Rig, qtbot, article_pdf: Path, article_id: int
) -> None:
    rig.finding_actions.open_article(article_id)
    rig.reader.show()
    rig.reader.passages = [select_text(article_pdf, 0, SENTENCE)]
    rig.finding_actions.colour_actions[3].trigger()
    [finding] = rig.library.findings.all()
    assert finding.colour == HIGHLIGHT_COLOURS[3] and finding.statement == ""
    assert rig.reader.overlays[0].colour == HIGHLIGHT_COLOURS[3]
    rig.finding_actions.set_colour_by(ColourBy.STATUS)
    assert rig.reader.overlays[0].colour != HIGHLIGHT_COLOURS[3]
    assert rig.finding_actions.make_finding_action in rig.reader.menu_actions


# The offscreen platform warns when a top-level widget with a layout is shown.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_panel_click_scrolls_and_flashes(
    rig: Rig, qtbot, article_pdf: Path, article_id: int
) -> None:
    rig.finding_actions.open_article(article_id)
    for page, text in ((2, SENTENCE), (0, "Page 1 left column")):
        rig.reader.passages = [select_text(article_pdf, page, text)]
        rig.finding_actions.make_finding()
    rig.panel.resize(500, 300)
    rig.panel.show()
    qtbot.waitExposed(rig.panel)
    later = rig.panel.model.finding(1)
    assert later.anchors[0].page_index == 2  # reading order
    rect = rig.panel.visual_rect_of(later.uuid)
    qtbot.mouseClick(rig.panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page, quads, flash = rig.reader.scrolled[-1]
    assert (page, flash) == (2, True) and quads == tuple(later.anchors[0].quads)
    assert rig.editor.uuid == later.uuid


def test_highlight_click_selects_and_editor_edits_status_tags_colour(
    rig: Rig, qtbot, article_pdf: Path, article_id: int
) -> None:
    rig.finding_actions.open_article(article_id)
    rig.reader.passages = [select_text(article_pdf, 0, SENTENCE)]
    uuid = rig.finding_actions.highlight()
    rig.editor.set_finding("")
    rig.reader.highlightClicked.emit(uuid)
    assert rig.editor.uuid == uuid and rig.panel.selected_uuid() == uuid
    rig.editor.status.setCurrentIndex(rig.editor.status.findData("contradicts"))
    rig.editor.status.activated.emit(rig.editor.status.currentIndex())
    rig.editor.tags.setText("relapse, ASCT")
    rig.editor.tags.editingFinished.emit()
    qtbot.mouseClick(rig.editor.colour_buttons[1], Qt.MouseButton.LeftButton)
    info = rig.library.findings.get(uuid)
    assert info.status == FindingStatus.CONTRADICTS
    assert info.tags == ["ASCT", "relapse"] and info.colour == HIGHLIGHT_COLOURS[1]
    assert rig.editor.quote.isReadOnly()
    rig.editor.edit_quote.click()
    assert not rig.editor.quote.isReadOnly()
    qtbot.mouseClick(rig.editor.delete_button, Qt.MouseButton.LeftButton)
    assert rig.library.findings.get(uuid).deleted and rig.panel.model.rowCount() == 0
    rig.stack.undo()
    assert not rig.library.findings.get(uuid).deleted and rig.panel.model.rowCount() == 1


def test_panel_filters(rig: Rig, qtbot, article_id: int) -> None:
    lib = rig.library
    lib.findings.create(article_id, statement="a", topics=["Treatment/Radiation"], tags=["x"])
    lib.findings.create(article_id, statement="b", topics=["Imaging"], status="contradicts")
    rig.finding_actions.open_article(article_id)
    panel = rig.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    panel.topic_box.setCurrentIndex(panel.topic_box.findData("Treatment/Radiation"))
    assert panel.proxy.rowCount() == 1
    panel.topic_box.setCurrentIndex(0)
    panel.status_box.setCurrentIndex(panel.status_box.findText("contradicts"))
    assert panel.proxy.rowCount() == 1 and panel.count_label.text() == "1 of 2 findings"
    panel.status_box.setCurrentIndex(0)
    panel.tag_box.setCurrentIndex(panel.tag_box.findData("x"))
    assert panel.proxy.rowCount() == 1


def test_first_page_correction_from_the_panel(
    rig: Rig, qtbot, article_pdf: Path, article_id: int
) -> None:
    rig.finding_actions.open_article(article_id)
    qtbot.waitUntil(lambda: rig.panel.pages_label.text() != "")
    assert rig.panel.pages_label.text() == "Pages 207–210 (printed page numbers)"
    rig.reader.passages = [select_text(article_pdf, 1, SENTENCE)]
    uuid = rig.finding_actions.make_finding()
    rig.finding_actions.set_first_page("68")
    assert rig.library.findings.get(uuid).citation == "(Royer 2013 p.69)"
    assert rig.panel.pages_label.text() == "Pages 68–71 (set by reviewer)"
    assert rig.reader.labels == ["68", "69", "70", "71"]
    assert rig.editor.citation_label.text() == "(Royer 2013 p.69)"
    rig.stack.undo()
    assert rig.library.findings.get(uuid).citation == "(Royer 2013 p.208)"
