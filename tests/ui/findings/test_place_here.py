"""An orphan (a collaborator's finding not found in this copy) is shown as such in the
panel, and placed by hand on a selected passage in one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from poemsreader.core.model import Anchor, FindingRecord, Placing
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.share.convert import SharedFinding
from poemsreader.storage.schema import Article
from poemsreader.storage.share_rows import write_shared
from tests.ui.findings.test_findings_reader import SENTENCE, WAIT, drag_select, rig  # noqa: F401

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]
ORPHAN = "00000000-0000-4000-8000-00000000beef"


def add_orphan(library: Library, article_id: int) -> None:
    """A collaborator's finding whose passage was not found in our copy."""
    lost = Anchor(page_index=1, quote=SENTENCE, prefix="bone marrow. ", document_sha256="ff" * 32)
    record = FindingRecord(uuid=ORPHAN, statement="Works after relapse", quote=SENTENCE)
    record.anchors = [lost]
    with library.db.transaction() as session:
        article = session.scalar(select(Article).where(Article.id == article_id))
        shared = SharedFinding(record, article.uuid, {})
        write_shared(session, library.findings, None, shared, article, orphan=True)


def test_an_orphan_is_shown_and_placed_here_in_one_undoable_step(
    rig,  # noqa: F811
    qtbot,
    library: Library,
    article_pdf: Path,
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    add_orphan(library, article_id)
    assert rig.finding_actions.open_article(article_id)
    qtbot.waitUntil(lambda: rig.panel.model.rowCount() == 1, timeout=WAIT)
    assert rig.panel.model.index(0, 0).data() == "not found"
    assert "1 not found in this copy" in rig.panel.count_label.text()
    assert "in a collaborator's copy" in library.findings.get(ORPHAN).citation

    rig.reader.scroll_to(1)
    qtbot.waitUntil(lambda: 1 in rig.reader.view.texts, timeout=WAIT)
    rig.finding_actions.select_finding(ORPHAN)
    drag_select(qtbot, rig.reader, 1, "Lenalidomide", "transplantation.")
    rig.finding_actions.place_here_action.trigger()

    placed = library.findings.get(ORPHAN)
    assert placed.placement == Placing.BY_HAND and placed.citation == "(Royer 2013 p.208)"
    [anchor] = placed.anchors
    assert anchor.quote == SENTENCE and anchor.quads and anchor.start is not None
    assert anchor.document_sha256 == inspect_pdf(article_pdf).sha256
    assert rig.panel.model.index(0, 0).data() == "208"
    assert [o.finding_uuid for o, _ in rig.reader.view.highlights[1]] == [ORPHAN]
    assert rig.stack.count() == 1  # one step

    rig.stack.undo()
    back = library.findings.get(ORPHAN)
    assert back.placement == Placing.ORPHAN and back.anchors[0].start is None
    assert rig.panel.model.index(0, 0).data() == "not found"
    rig.stack.redo()
    assert library.findings.get(ORPHAN).placement == Placing.BY_HAND
