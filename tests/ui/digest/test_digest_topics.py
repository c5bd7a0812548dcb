"""The topic tree: rename with the keyboard, reorder by drag and drop, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.storage.topics import STARTER_TOPICS
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.findings.topics_view import TopicsView
from tests.ui.dragdrop import drag_and_drop, point_above, point_on

# The offscreen platform warns that it cannot propagate size hints when a window shows.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def stored(library: Library) -> list[str]:
    return [n.path for n in library.topics.flat()]


@pytest.fixture
def view(qtbot: QtBot, library: Library) -> TopicsView:
    bus = ChangeBus(library)
    widget = TopicsView(library, bus)
    bus.changed.connect(widget.apply_changes)
    widget.bus_ref = bus  # keep the bus alive as long as the view
    qtbot.addWidget(widget)
    widget.resize(360, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_model_is_a_valid_item_model(view: TopicsView, qtmodeltester: object) -> None:
    view.library.topics.create("PET", view.library.topics.id_for_path("Imaging"))
    view.model.refresh()
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_rename_with_f2_and_undo(qtbot: QtBot, view: TopicsView) -> None:
    index = view.model.index(3, 0)  # Imaging
    view.tree.setCurrentIndex(index)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_F2)
    editor = view.tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "Imaging"
    editor.selectAll()
    qtbot.keyClicks(editor, "Imaging studies")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: stored(view.library)[3] == "Imaging studies")
    assert view.model.index(3, 0).data() == "Imaging studies"
    view.bus.undo_stack.undo()
    assert stored(view.library) == list(STARTER_TOPICS)
    view.bus.undo_stack.redo()
    assert stored(view.library)[3] == "Imaging studies"


def test_reorder_by_drag_and_undo(view: TopicsView) -> None:
    cytogenetics = view.model.index(7, 0)
    drag_and_drop(view.tree, cytogenetics, point_above(view.tree, view.model.index(0, 0)))
    assert stored(view.library)[:2] == ["Cytogenetics", "Reviews"]
    assert view.model.index(0, 0).data() == "Cytogenetics"
    view.bus.undo_stack.undo()
    assert stored(view.library) == list(STARTER_TOPICS)


def test_drag_onto_a_topic_makes_a_sub_topic(view: TopicsView) -> None:
    vegf = view.model.index(5, 0)
    drag_and_drop(view.tree, vegf, point_on(view.tree, view.model.index(6, 0)))
    assert "Cytokines/VEGF" in stored(view.library)
    assert view.bus.undo_stack.count() == 1 and view.bus.undo_stack.undoText() == "Move topic"


def test_a_drop_accepts_a_persistent_index_of_any_column(view: TopicsView) -> None:
    """dropMimeData takes a QPersistentModelIndex as well as a QModelIndex, as Qt allows."""
    model = view.model
    vegf = model.index(5, 0)
    data = model.mimeData([vegf])
    cytokines = QPersistentModelIndex(model.index(6, 1))
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, cytokines)
    assert "Cytokines/VEGF" in stored(view.library)
    assert view.bus.undo_stack.count() == 1 and view.bus.undo_stack.undoText() == "Move topic"


def test_delete_moves_findings_via_chooser_and_merge(view: TopicsView) -> None:
    library = view.library
    reviews = library.topics.id_for_path("Reviews")
    view.choose_target = lambda title, exclude: reviews  # type: ignore[method-assign]
    view.select(library.topics.id_for_path("Symptoms"))
    view.delete_action.trigger()
    assert "Symptoms" not in stored(library)
    view.select(library.topics.id_for_path("VEGF"))
    view.merge_action.trigger()
    assert "VEGF" not in stored(library)
    view.bus.undo_stack.undo()
    view.bus.undo_stack.undo()
    assert stored(library) == list(STARTER_TOPICS)


def test_error_is_reported_not_raised(view: TopicsView, qtbot: QtBot) -> None:
    view.select(view.library.topics.id_for_path("Reviews"))
    with qtbot.waitSignal(view.message) as blocker:
        view.model.setData(view.tree.currentIndex(), "Imaging")
    assert blocker.args == ["There is already a topic named Imaging there."]
    assert view.bus.undo_stack.count() == 0


def test_new_topic_and_colour_actions(view: TopicsView, qtbot: QtBot) -> None:
    view.ask_name = lambda title: "Radiation"  # type: ignore[method-assign]
    view.ask_colour = lambda current: "#aa0000"  # type: ignore[method-assign]
    view.select(view.library.topics.id_for_path("Treatment"))
    view.new_sub_action.trigger()
    assert "Treatment/Radiation" in stored(view.library)
    assert view.current_topic() is not None and view.current_topic().name == "Radiation"
    view.colour_action.trigger()
    radiation = view.library.topics.id_for_path("Treatment/Radiation")
    assert view.library.topics.node(radiation).colour == "#aa0000"
    index = view.model.index_of(radiation)
    assert index.data(Qt.ItemDataRole.DecorationRole).name() == "#aa0000"
    view.bus.undo_stack.undo()
    view.bus.undo_stack.undo()
    assert stored(view.library) == list(STARTER_TOPICS)
