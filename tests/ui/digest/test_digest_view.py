"""The digest view: findings reordered by drag within and between topics, texts, filters,
preview and the export dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.digest.digest_export_dialog import ExportDigestDialog
from poemsreader.ui.digest.digest_view import DigestView
from tests.digest import conftest as digest_fixtures
from tests.digest.mirror import Mirror
from tests.digest.readback import read_docx
from tests.ui.dragdrop import drag_and_drop, point_above, point_on

mirror_template = digest_fixtures.mirror_template  # the mirror library's fixtures, shared
fresh_mirror = digest_fixtures.fresh_mirror
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def view(qtbot: QtBot, fresh_mirror: Mirror) -> Iterator[DigestView]:
    bus = ChangeBus(fresh_mirror.library)
    widget = DigestView(fresh_mirror.library, bus)
    bus.changed.connect(widget.apply_changes)
    widget.bus_ref = bus  # keep the bus alive as long as the view
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def stored_order(view: DigestView, topic: str) -> list[str]:
    data = view.library.digest.data()
    [group] = [g for g in data.groups if g.name == topic]
    return [f.uuid for f in group.findings]


def group_index(view: DigestView, topic: str):  # type: ignore[no-untyped-def]
    for row in range(view.model.rowCount()):
        index = view.model.index(row, 0)
        if view.model.groups[row].name == topic:
            return index
    raise AssertionError(topic)


def test_model_is_a_valid_item_model(view: DigestView, qtmodeltester: object) -> None:
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_drag_reorders_within_a_topic(view: DigestView, fresh_mirror: Mirror) -> None:
    first, second, third = fresh_mirror.findings["Imaging"]
    imaging = group_index(view, "Imaging")
    source = view.model.index(2, 0, imaging)
    drag_and_drop(view.tree, source, point_above(view.tree, view.model.index(0, 0, imaging)))
    assert stored_order(view, "Imaging") == [third, first, second]
    assert view.model.finding(view.model.index(0, 0, group_index(view, "Imaging"))).uuid == third
    view.bus.undo_stack.undo()
    assert stored_order(view, "Imaging") == [first, second, third]


def test_drag_moves_a_finding_to_another_topic(view: DigestView, fresh_mirror: Mirror) -> None:
    moved = fresh_mirror.findings["Imaging"][0]
    source = view.model.index(0, 0, group_index(view, "Imaging"))
    drag_and_drop(view.tree, source, point_on(view.tree, group_index(view, "Cytogenetics")))
    assert stored_order(view, "Cytogenetics") == [*fresh_mirror.findings["Cytogenetics"], moved]
    assert moved not in stored_order(view, "Imaging")
    assert (
        "(Humeniuk 2013 p.72)" in view.model.index(1, 0, group_index(view, "Cytogenetics")).data()
    )
    view.bus.undo_stack.undo()
    assert stored_order(view, "Imaging") == fresh_mirror.findings["Imaging"]


def test_title_and_introduction_are_stored_and_previewed(qtbot: QtBot, view: DigestView) -> None:
    view.title.clear()
    qtbot.keyClicks(view.title, "POEMS 2014")
    qtbot.keyClick(view.title, Qt.Key.Key_Return)
    assert view.library.digest.texts()["title"] == "POEMS 2014"
    view.introduction.setFocus()
    view.introduction.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(view.introduction, " More.")
    texts = view.library.digest.texts()
    assert texts["introduction"].endswith("this page. More.")
    qtbot.waitUntil(lambda: "POEMS 2014" in view.preview.toPlainText())
    assert "(Humeniuk 2013 p.72)" in view.preview.toPlainText()
    view.bus.undo_stack.undo()  # the typing in the introduction is one step
    assert view.library.digest.texts()["introduction"].endswith("this page.")
    view.bus.undo_stack.undo()
    assert view.title.text() == "2013 articles about POEMS syndrome"


def test_filters_narrow_the_view(view: DigestView) -> None:
    view.filters.topic.setCurrentText("Imaging")
    assert [g.name for g in view.model.groups] == ["Imaging"]
    view.filters.topic.setCurrentIndex(0)
    view.filters.article.setCurrentText("Li 2013a")
    assert [(g.name, len(g.findings)) for g in view.model.groups if g.findings] == [("Symptoms", 2)]


def test_the_reference_style_choice_leaves_the_widgets_own_style(view: DigestView) -> None:
    """The view's and the export dialog's reference-style box sits beside QWidget.style(),
    which code asking a widget for its QStyle calls; it used to replace it."""
    view.style_choice.setCurrentIndex(view.style_choice.findData("vancouver"))
    dialog = ExportDigestDialog(view.library, view.current_filter(), view.current_options(), view)
    for widget in (view, dialog):
        assert isinstance(widget.style(), QStyle)
        assert not widget.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton).isNull()
    assert view.current_options().style == "vancouver"
    assert dialog.options().style == "vancouver"
    dialog.close()


def test_export_dialog_writes_the_file(view: DigestView, tmp_path: Path, qtbot: QtBot) -> None:
    dialog = ExportDigestDialog(view.library, view.current_filter(), view.current_options(), view)
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    dialog.path.setText(str(tmp_path / "digest.docx"))
    dialog.quotes.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        job = dialog.export()
        assert not dialog.buttons.isEnabled()  # written off the UI thread, one at a time
    assert job.process is not None  # in a child process
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "23 findings" in dialog.result_message  # the merged bullet holds two
    headings, _bullets, refs = read_docx((tmp_path / "digest.docx").read_bytes())
    assert headings[0] == "Reviews" and len(refs) == 12
    bad = ExportDigestDialog(view.library, view.current_filter(), view.current_options(), view)
    bad.path.setText(str(tmp_path / "missing" / "digest.md"))
    with qtbot.waitSignal(bad.export().failed, timeout=60_000):
        pass
    assert bad.error.text() and not (tmp_path / "missing").exists()
    assert bad.buttons.isEnabled() and bad.result() != bad.DialogCode.Accepted


def test_topic_edits_refresh_the_digest_view(qtbot: QtBot, view: DigestView) -> None:
    from poemsreader.ui.findings.topics_view import TopicsView

    topics = TopicsView(view.library, view.bus)
    qtbot.addWidget(topics)
    view.bus.changed.connect(topics.apply_changes)
    imaging = view.library.topics.id_for_path("Imaging")
    topics.model.setData(topics.model.index_of(imaging), "Imaging studies")
    assert "Imaging studies" in [g.name for g in view.model.groups]
    source = view.model.index(0, 0, group_index(view, "Reviews"))
    drag_and_drop(view.tree, source, point_on(view.tree, group_index(view, "VEGF")))
    assert topics.model.index_of(imaging).siblingAtColumn(1).data() == 3  # unchanged
    vegf = topics.model.index_of(view.library.topics.id_for_path("VEGF"))
    assert vegf.siblingAtColumn(1).data() == 3  # the count follows the moved finding
    view.bus.undo_stack.undo()
    view.bus.undo_stack.undo()
    assert "Imaging" in [g.name for g in view.model.groups]
    vegf = topics.model.index_of(view.library.topics.id_for_path("VEGF"))
    assert vegf.siblingAtColumn(1).data() == 2
