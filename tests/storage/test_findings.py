"""FindingService and the finding commands: stored fields, reading order, citations, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.finding_commands import (
    CreateFinding,
    DeleteFinding,
    EditFinding,
    RecolourFinding,
    RestoreFinding,
    SetFirstPage,
    SetTopics,
)
from poemsreader.core.model import FindingRecord, FindingStatus, PageLabelSource
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article
from tests.selections import anchor_for

SENTENCE = "Lenalidomide is effective at treating"


@pytest.fixture
def article_id(library: Library, article_pdf: Path) -> int:
    return library.articles.add_pdf(inspect_pdf(article_pdf)).article_id


def test_create_from_a_passage(library: Library, article_pdf: Path, article_id: int) -> None:
    anchor = anchor_for(article_pdf, 1, SENTENCE)
    uuid, changes = library.findings.create(
        article_id, [anchor], statement="Lenalidomide works after ASCT.", topics=["Treatment/Drugs"]
    )
    assert uuid in changes.findings and changes.topics
    info = library.findings.get(uuid)
    assert info.quote == SENTENCE
    assert info.topics == ["Treatment/Drugs"]
    assert info.page_labels == ["208"]
    assert info.citation == "(Royer 2013 p.208)"
    assert library.findings.citation(uuid) == "(Royer 2013 p.208)"
    [stored] = info.anchors
    assert stored.page_index == 1 and stored.quads == anchor.quads
    assert len(stored.prefix) >= 32 and len(stored.suffix) >= 32
    assert stored.document_sha256 == inspect_pdf(article_pdf).sha256
    assert info.reviewer_name  # the library's own reviewer


def test_first_finding_locks_the_key(library: Library, article_id: int, tmp_path: Path) -> None:
    library.findings.create(article_id, statement="About the whole article.")
    with library.db.reading() as session:
        from poemsreader.storage.schema import Article

        assert session.get(Article, article_id).key_locked


def test_whole_article_finding_has_no_page(library: Library, article_id: int) -> None:
    uuid, _ = library.findings.create(article_id, statement="A review worth reading.")
    info = library.findings.get(uuid)
    assert info.anchors == [] and info.citation == "(Royer 2013)"


def test_finding_across_a_page_break(library: Library, article_pdf: Path, article_id: int) -> None:
    anchors = [
        anchor_for(article_pdf, 1, "Page 2 right column"),
        anchor_for(article_pdf, 2, "Page 3"),
    ]
    uuid, _ = library.findings.create(article_id, anchors, statement="Spans two pages.")
    info = library.findings.get(uuid)
    assert info.citation == "(Royer 2013 pp.208–209)"
    assert info.quote == "Page 2 right column Page 3"


def test_reading_order_page_column_top(
    library: Library, article_pdf: Path, article_id: int
) -> None:
    right = anchor_for(article_pdf, 0, "Page 1 right column")
    left_low = anchor_for(article_pdf, 0, SENTENCE)
    left_high = anchor_for(article_pdf, 0, "Page 1 left column")
    later = anchor_for(article_pdf, 1, "Page 2 left column")
    for name, anchor in [
        ("later", later),
        ("right", right),
        ("low", left_low),
        ("high", left_high),
    ]:
        library.findings.create(article_id, [anchor], statement=name)
    library.findings.create(article_id, statement="whole")
    order = [f.statement for f in library.findings.for_article(article_id)]
    assert order == ["whole", "high", "low", "right", "later"]


def test_edit_fields_tags_and_soft_delete(library: Library, article_id: int) -> None:
    uuid, _ = library.findings.create(article_id, statement="x")
    library.findings.edit(
        uuid, statement="y", status="contradicts", comment="check", colour="#ff0000"
    )
    library.findings.edit(uuid, tags=["relapse", "ASCT", "relapse"])
    info = library.findings.get(uuid)
    assert (info.statement, info.status, info.comment, info.colour) == (
        "y",
        FindingStatus.CONTRADICTS,
        "check",
        "#ff0000",
    )
    assert info.tags == ["ASCT", "relapse"]
    library.findings.delete(uuid)
    assert library.findings.for_article(article_id) == []
    assert [f.uuid for f in library.findings.for_article(article_id, include_deleted=True)] == [
        uuid
    ]
    library.findings.restore(uuid)
    assert [f.uuid for f in library.findings.all()] == [uuid]
    with pytest.raises(InvalidInput):
        library.findings.edit(uuid, article_id=3)
    with pytest.raises(NotFound):
        library.findings.get("no-such-uuid")


def test_topics_keep_their_order_and_digest_position(library: Library, article_id: int) -> None:
    a, _ = library.findings.create(article_id, topics=["Treatment"])
    b, _ = library.findings.create(article_id, topics=["Imaging", "Treatment"])
    assert library.findings.get(b).topics == ["Imaging", "Treatment"]
    library.findings.set_topics(b, ["Treatment", "Imaging", "Treatment"])
    assert library.findings.get(b).topics == ["Treatment", "Imaging"]
    assert "Treatment" in library.findings.topic_paths()
    with library.db.reading() as session:
        from sqlalchemy import select

        from poemsreader.storage.schema import Finding, FindingTopic, Topic

        rows = session.execute(
            select(Finding.uuid, FindingTopic.position)
            .join(FindingTopic)
            .join(Topic)
            .where(Topic.name == "Treatment")
            .order_by(FindingTopic.position)
        ).all()
    assert [r[0] for r in rows] == [a, b]


def test_undo_redo_every_command(library: Library, article_pdf: Path, article_id: int) -> None:
    history = UndoHistory(library)
    record = FindingRecord(statement="first", anchors=[anchor_for(article_pdf, 0, SENTENCE)])
    create = CreateFinding(article_id, record)
    history.push(create)
    uuid = create.uuid
    for text in ("L", "Le", "Len"):  # typing merges into one step
        history.push(EditFinding(uuid, "statement", text))
    history.push(SetTopics(uuid, ["Treatment"]))
    history.push(RecolourFinding(uuid, "#00ff00"))
    history.push(EditFinding(uuid, "status", FindingStatus.REINFORCES))
    history.push(DeleteFinding(uuid))
    assert library.findings.for_article(article_id) == []
    history.undo()  # delete
    history.undo()  # status
    assert library.findings.get(uuid).status == FindingStatus.NEW
    history.undo()  # colour
    assert library.findings.get(uuid).colour == ""
    history.undo()  # topics
    assert library.findings.get(uuid).topics == []
    history.undo()  # the three keystrokes at once
    assert library.findings.get(uuid).statement == "first"
    history.undo()  # creation
    assert library.findings.all(include_deleted=True) == []
    for _ in range(6):
        history.redo()
    info = library.findings.get(uuid)
    assert (info.statement, info.topics, info.colour, info.deleted) == (
        "Len",
        ["Treatment"],
        "#00ff00",
        True,
    )
    assert info.citation == "(Royer 2013 p.207)"
    history.push(RestoreFinding(uuid))
    assert not library.findings.get(uuid).deleted
    history.undo()
    assert library.findings.get(uuid).deleted


def test_first_page_correction_relabels_citations(
    library: Library, article_pdf: Path, article_id: int
) -> None:
    uuid, _ = library.findings.create(article_id, [anchor_for(article_pdf, 2, SENTENCE)])
    history = UndoHistory(library)
    history.push(SetFirstPage(article_id, "1349"))
    assert library.findings.citation(uuid) == "(Royer 2013 p.1351)"
    assert library.findings.labels(article_id).source == PageLabelSource.REVIEWER
    history.undo()
    assert library.findings.citation(uuid) == "(Royer 2013 p.209)"
    assert library.findings.labels(article_id).source == PageLabelSource.PRINTED
    with pytest.raises(InvalidInput):
        library.findings.set_first_page(article_id, "xii")


def test_reference_range_used_when_nothing_is_printed(library: Library, tmp_path: Path) -> None:
    path = make_article(tmp_path / "plain.pdf", ArticleSpec(header_numbers=False))
    article_id = library.articles.add_pdf(inspect_pdf(path)).article_id
    assert library.findings.labels(article_id).source == PageLabelSource.PDF_INDEX
    with library.db.transaction() as session:
        from poemsreader.storage.schema import Article

        session.get(Article, article_id).pages = "68-71"
    uuid, _ = library.findings.create(article_id, [anchor_for(path, 1, SENTENCE)])
    assert library.findings.labels(article_id).source == PageLabelSource.REFERENCE_RANGE
    assert library.findings.citation(uuid) == "(Royer 2013 p.69)"
