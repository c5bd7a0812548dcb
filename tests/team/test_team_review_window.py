"""A conflict on an evidence value, as a team pull's merge records it, in the Conflicts
view: both values side by side, keep mine, undo, redo (no server needed: the pulled row
is handed to the merge as the sync hands it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.core.evidence import FieldKind
from poemsreader.services.library import Library
from poemsreader.services.team.review_objects import apply_review_rows, field_uuid, value_uuid
from poemsreader.services.team.review_step import pull_context
from poemsreader.storage.team.server import ServerRow
from poemsreader.storage.team.state import Synced, read_objects, save_synced
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.sharing.conflicts_view import ConflictsView
from tests.share.builders import add_reference, add_reviewer
from tests.team.conftest import ANN, BEN

pytestmark = pytest.mark.gui


@pytest.fixture
def library(tmp_path: Path):
    """Ann set Design to "trial" where both had "cohort"; Ben's "case series" arrives."""
    with Library(tmp_path / "a") as library:
        add_reviewer(library, ANN, "Ann")
        add_reviewer(library, BEN, "Ben", me=False)
        article = add_reference(library, "Li 2013")
        article_id = library.articles.id_for_key("Li 2013")
        field_id, _ = library.evidence.add_field("Design", FieldKind.TEXT)
        library.evidence.set_value(article_id, field_id, "trial")
        uuid = value_uuid(article, field_uuid("Design"))
        names = {"article": article, "field": field_uuid("Design")}
        synced = {**names, "fields": {"value": "cohort"}}
        with library.db.transaction() as session:
            save_synced(session, {f"evidence:{uuid}": Synced(1, "x" * 64, "", synced)})
        theirs = {**names, "fields": {"value": "case series"}}
        row = ServerRow("evidence", uuid, 2, BEN, False, theirs)
        with library.db.transaction() as session:
            context = pull_context(session, "team library pnp", lambda _uuid: None)
            report = apply_review_rows(session, [row], read_objects(session), context)
        assert report.conflicts == 1
        yield library, article_id, field_id


def test_the_view_shows_both_values_and_keeping_mine_is_one_undoable_step(
    qtbot: QtBot, library: tuple[Library, int, int]
) -> None:
    lib, article_id, field_id = library
    assert lib.evidence.value(article_id, field_id) == "case series"  # the first sent stands
    bus = ChangeBus(lib)
    view = ConflictsView(lib, bus)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 1
    assert "Evidence: Design" in view.model.index(0).data()
    assert "team library pnp: Ann and Ben" in view.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "trial" in view.mine.toPlainText() and "case series" in view.theirs.toPlainText()
    assert not view.keep_both.isEnabled()
    qtbot.mouseClick(view.keep_mine, Qt.MouseButton.LeftButton)
    assert lib.evidence.value(article_id, field_id) == "trial"
    assert view.model.rowCount() == 0
    bus.undo_stack.undo()
    assert lib.evidence.value(article_id, field_id) == "case series"
    assert view.model.rowCount() == 1
    bus.undo_stack.redo()
    assert lib.evidence.value(article_id, field_id) == "trial"
