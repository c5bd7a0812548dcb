"""Rows a merge adds for what a collaborator or the team library sent: a topic under the
sender's uuid, a screening record, an evidence field."""

from __future__ import annotations

from poemsreader.services.library import Library
from poemsreader.storage.team.review_rows import (
    add_evidence_field,
    add_screening_record,
    evidence_fields,
    screening_records,
    team_import,
)
from poemsreader.storage.topic_reads import add_topic, topics_in_order
from poemsreader.storage.topics import named_child


def test_a_received_topic_has_its_id_and_is_found_under_its_parent(library: Library) -> None:
    with library.db.transaction() as session:
        parent = add_topic(session, "u-renal", "Renal involvement", None, 99)
        assert parent.id is not None  # flushed: a child can name it at once
        child = add_topic(session, "u-biopsy", "Biopsy", parent.id, 0)
        assert named_child(session, "Biopsy", parent.id) is child
        parent_id = parent.id
    with library.db.reading() as session:
        topics = {t.uuid: (t.name, t.parent_id, t.position) for t in topics_in_order(session)}
    assert topics["u-renal"] == ("Renal involvement", None, 99)
    assert topics["u-biopsy"] == ("Biopsy", parent_id, 0)


def test_a_received_screening_record_is_undecided_and_has_its_id(library: Library) -> None:
    with library.db.transaction() as session:
        batch = team_import(session, "team:poems")
        record = add_screening_record(
            session,
            batch.id,
            ["doi:10.1/x", "title:poems syndrome"],
            {"title": "POEMS syndrome", "year": 2013, "doi": "10.1/x"},
        )
        assert record.id is not None  # flushed: the inclusion can name it
    with library.db.reading() as session:
        [row] = screening_records(session)
        assert (row.import_id, row.title, row.year, row.doi) == (
            batch.id,
            "POEMS syndrome",
            2013,
            "10.1/x",
        )
        assert row.identity == ["doi:10.1/x", "title:poems syndrome"]
        assert (row.decision, row.reason, row.made_article) == ("", "", False)


def test_a_received_evidence_field_takes_its_place(library: Library) -> None:
    with library.db.transaction() as session:
        definition = add_evidence_field(session, "Patients n", 0)
        definition.kind, definition.population = "number", True
        add_evidence_field(session, "Design", 1)
    with library.db.reading() as session:
        fields = [(f.name, f.kind, f.position, f.population) for f in evidence_fields(session)]
    assert fields == [("Patients n", "number", 0, True), ("Design", "text", 1, False)]
