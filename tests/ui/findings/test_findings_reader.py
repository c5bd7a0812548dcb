"""Findings made in the real reader: drag-select, Ctrl+E, a topic, undo/redo, panel jumps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QSplitter

from poemsreader.core.model import FindingStatus
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.findings.finding_actions import STATUS_COLOURS, FindingActions
from poemsreader.ui.findings.finding_editor import FindingEditor
from poemsreader.ui.findings.findings_panel import FindingsPanel
from poemsreader.ui.reader.reader import ReaderWidget
from poemsreader.ui.shell.article_window import ArticleWindow, ArticleWindows
from tests.selections import anchor_for

pytestmark = [
    pytest.mark.gui,
    # the offscreen platform cannot do these window-manager things, and says so
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
    pytest.mark.usefixtures("each_worker_channel"),
]
WAIT = 20_000
SENTENCE = (
    "Lenalidomide is effective at treating patients who relapse after autologous stem "
    "cell transplantation."
)


class Session:
    def __init__(self, library: Library, qtbot) -> None:
        self.library = library
        self.bus = ChangeBus(library)
        self.stack = self.bus.undo_stack
        self.reader = ReaderWidget()
        self.editor = FindingEditor(library, self.bus.push)
        self.panel = FindingsPanel()
        self.finding_actions = FindingActions(
            library, self.reader, self.editor, self.panel, self.bus.push
        )
        self.bus.changed.connect(self.finding_actions.apply_changes)
        # one window, as in the application: the page, and beside it the editor over the list
        self.window = QSplitter()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.editor)
        side.addWidget(self.panel)
        self.window.addWidget(self.reader)
        self.window.addWidget(side)
        self.window.resize(1300, 1000)
        qtbot.addWidget(self.window)


@pytest.fixture
def rig(library: Library, qtbot) -> Iterator[Session]:
    rig = Session(library, qtbot)
    rig.window.show()
    qtbot.waitExposed(rig.window)
    yield rig
    rig.window.close()
    rig.reader.shutdown()
    assert not rig.reader.queue.workers_running(), "render workers outlived the reader"


def word_point(reader: ReaderWidget, page: int, index: int) -> QPoint:
    word = reader.view.texts[page].words[index]
    return reader.view.viewport_point_of(page, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)


def word_index(reader: ReaderWidget, page: int, text: str, after: int = -1) -> int:
    words = reader.view.texts[page].words
    return next(i for i, w in enumerate(words) if i > after and w.text == text)


def drag_select(qtbot, reader: ReaderWidget, page: int, first: str, last: str) -> None:
    start_index = word_index(reader, page, first)
    start = word_point(reader, page, start_index)
    end = word_point(reader, page, word_index(reader, page, last, after=start_index))
    viewport = reader.view.viewport()
    with qtbot.waitSignal(reader.selectionChanged, timeout=WAIT):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewport, start + QPoint(20, 0))
        qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_drag_select_make_finding_undo_redo_and_jump(
    rig: Session, qtbot, library: Library, article_pdf: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    assert rig.finding_actions.open_article(article_id)
    assert rig.reader.labels[:2] == ["207", "208"]
    rig.reader.scroll_to(1)
    qtbot.waitUntil(lambda: 1 in rig.reader.view.texts, timeout=WAIT)
    drag_select(qtbot, rig.reader, 1, "Lenalidomide", "transplantation.")
    [passage] = rig.reader.selection()
    assert passage.text == SENTENCE

    rig.window.activateWindow()
    qtbot.waitActive(rig.window)
    rig.reader.view.setFocus()
    qtbot.keyClick(rig.reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    [finding] = library.findings.for_article(article_id)
    assert rig.editor.uuid == finding.uuid
    qtbot.keyClicks(rig.editor.statement, "Lenalidomide works after ASCT relapse")
    rig.editor.topics.entry.setText("Treatment/Lenalidomide")
    qtbot.keyClick(rig.editor.topics.entry, Qt.Key.Key_Return)

    stored = library.findings.get(finding.uuid)
    assert stored.statement == "Lenalidomide works after ASCT relapse"
    assert stored.quote == SENTENCE
    assert stored.topics == ["Treatment/Lenalidomide"]
    assert stored.citation == "(Royer 2013 p.208)"
    [anchor] = stored.anchors
    assert anchor.page_index == 1 and anchor.quads and anchor.start is not None
    assert len(anchor.prefix) >= 32 and len(anchor.suffix) >= 32
    assert [o.finding_uuid for o, _ in rig.reader.view.highlights[1]] == [finding.uuid]

    for _ in range(3):
        rig.stack.undo()
    assert library.findings.all() == [] and not rig.reader.view.highlights.get(1)
    for _ in range(3):
        rig.stack.redo()
    assert library.findings.get(finding.uuid).topics == ["Treatment/Lenalidomide"]

    rig.reader.scroll_to(3)
    qtbot.waitUntil(lambda: rig.reader.current_page() == 3, timeout=WAIT)
    rect = rig.panel.visual_rect_of(finding.uuid)
    qtbot.mouseClick(rig.panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: rig.reader.current_page() == 1, timeout=WAIT)
    assert rig.reader.view.flash is not None and rig.reader.view.flash[0] == 1


def test_article_window_docks_and_menus(qtbot, library: Library, article_pdf: Path) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    uuid, _ = library.findings.create(
        article_id,
        [anchor_for(article_pdf, 0, "Radiation therapy is a good option")],
        statement="Radiation suits few lesions.",
        status="reinforces",
    )
    bus = ChangeBus(library)
    window = ArticleWindow(library, bus, [bus.undo_stack.createUndoAction(bus)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_article(article_id)
    assert window.windowTitle().startswith("Royer 2013")
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: 0 in window.reader.view.highlights, timeout=WAIT)
    [(overlay, _rects)] = window.reader.view.highlights[0]
    assert overlay.tooltip == "Radiation suits few lesions. (Royer 2013 p.207)"
    status_action = next(a for a in window.colour_by_actions if a.text() == "Status")
    status_action.trigger()
    [(overlay, _rects)] = window.reader.view.highlights[0]
    assert overlay.colour == STATUS_COLOURS[FindingStatus.REINFORCES]
    window.finding_actions.go_to_finding(uuid)
    assert window.editor.uuid == uuid
    window.close()
    assert not window.reader.queue.workers_running()


def test_article_windows_one_per_article(qtbot, library: Library, article_pdf: Path) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    bus = ChangeBus(library)
    stack = bus.undo_stack
    windows = ArticleWindows(library, bus)
    first = windows.open(article_id)
    assert first is not None
    qtbot.addWidget(first)
    assert windows.open(article_id) is first
    first.finding_actions.make_article_finding()
    assert first.panel.model.rowCount() == 1
    stack.undo()
    assert first.panel.model.rowCount() == 0
    windows.close_all()
    qtbot.waitUntil(lambda: not windows.windows, timeout=WAIT)
