from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.topic_commands import (
    CreateTopic,
    delete_topic,
    merge_topics,
    move_topic,
    place_finding,
    recolour_topic,
    rename_topic,
)
from poemsreader.services.library import Library
from poemsreader.storage.topics import STARTER_TOPICS
from tests.digest.mirror import FINDINGS, Mirror


def names(library: Library) -> list[str]:
    return [node.path for node in library.topics.flat()]


def uuids_under(library: Library, path: str) -> list[str]:
    topic_id = library.topics.id_for_path(path)
    data = library.digest.data()
    [group] = [g for g in data.groups if g.topic_id == topic_id]
    return [f.uuid for f in group.findings]


def test_new_library_starts_with_starter_topics_once(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as library:
        assert names(library) == list(STARTER_TOPICS)
        for node in library.topics.flat():
            library.topics.delete(node.id, None)
    with Library(tmp_path / "lib") as library:
        assert names(library) == []  # deleted starters do not come back


def test_create_rename_recolour_and_clashes(library: Library) -> None:
    treatment = library.topics.id_for_path("Treatment")
    radiation = library.topics.create("Radiation", treatment)
    assert "Treatment/Radiation" in names(library)
    library.topics.rename(radiation, "  Radiation   therapy ")
    library.topics.recolour(radiation, "#ff0000")
    node = library.topics.node(radiation)
    assert (node.path, node.colour) == ("Treatment/Radiation therapy", "#ff0000")
    with pytest.raises(InvalidInput, match="already a topic"):
        library.topics.create("imaging")  # names compare case-insensitively
    with pytest.raises(InvalidInput, match="needs a name"):
        library.topics.rename(radiation, "  ")
    library.topics.create("Radiation therapy")  # the same name elsewhere is fine


def test_move_reorders_and_reparents_without_cycles(library: Library) -> None:
    ids = {n.name: n.id for n in library.topics.flat()}
    library.topics.move(ids["Cytogenetics"], None, 0)
    assert names(library)[:2] == ["Cytogenetics", "Reviews"]
    library.topics.move(ids["VEGF"], ids["Cytokines"], 0)
    assert "Cytokines/VEGF" in names(library)
    with pytest.raises(InvalidInput, match="own sub-topics"):
        library.topics.move(ids["Cytokines"], ids["VEGF"], 0)
    positions = [n.position for n in library.topics.tree()]
    assert positions == list(range(len(positions)))


def test_merge_keeps_every_finding_in_order(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    vegf, cytokines = (library.topics.id_for_path(p) for p in ("VEGF", "Cytokines"))
    before = uuids_under(library, "Cytokines") + uuids_under(library, "VEGF")
    changes = library.topics.merge(vegf, cytokines)
    assert changes.topics and set(fresh_mirror.findings["VEGF"]) <= changes.findings
    assert "VEGF" not in names(library)
    assert uuids_under(library, "Cytokines") == before
    with pytest.raises(InvalidInput):
        library.topics.merge(cytokines, cytokines)


def test_delete_moves_findings_and_undo_restores_everything(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    history = UndoHistory(library)
    imaging, diagnosis = (library.topics.id_for_path(p) for p in ("Imaging", "Diagnosis"))
    sub = library.topics.create("PET", imaging)
    with pytest.raises(InvalidInput, match="choose the topic"):
        library.topics.delete(imaging, None)
    before_names = names(library)
    before_diag = uuids_under(library, "Diagnosis")
    history.push(delete_topic(imaging, diagnosis))
    assert "Imaging" not in names(library) and "Imaging/PET" not in names(library)
    assert uuids_under(library, "Diagnosis") == before_diag + fresh_mirror.findings["Imaging"]
    history.undo()
    assert names(library) == before_names
    assert uuids_under(library, "Imaging") == fresh_mirror.findings["Imaging"]
    assert uuids_under(library, "Diagnosis") == before_diag
    assert library.topics.node(sub).path == "Imaging/PET"
    history.redo()
    assert "Imaging" not in names(library)


def test_undo_redo_keeps_ids_for_later_commands(library: Library) -> None:
    history = UndoHistory(library)
    create = CreateTopic("Radiation")
    history.push(create)
    assert create.topic_id is not None
    history.push(rename_topic(create.topic_id, "Radiotherapy"))
    history.push(recolour_topic(create.topic_id, "#00aa00"))
    history.push(move_topic(create.topic_id, None, 0))
    assert names(library)[0] == "Radiotherapy"
    for _ in range(4):
        history.undo()
    assert names(library) == list(STARTER_TOPICS)
    for _ in range(4):
        history.redo()
    node = library.topics.node(create.topic_id)
    assert (node.name, node.colour, names(library)[0]) == ("Radiotherapy", "#00aa00", node.name)


def test_merge_undo(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    history = UndoHistory(library)
    symptoms, reviews = (library.topics.id_for_path(p) for p in ("Symptoms", "Reviews"))
    history.push(merge_topics(symptoms, reviews))
    assert len(uuids_under(library, "Reviews")) == 1 + len(FINDINGS["Symptoms"])
    history.undo()
    assert uuids_under(library, "Symptoms") == fresh_mirror.findings["Symptoms"]
    assert uuids_under(library, "Reviews") == fresh_mirror.findings["Reviews"]


def test_place_finding_within_and_between_topics(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    history = UndoHistory(library)
    imaging, vegf = (library.topics.id_for_path(p) for p in ("Imaging", "VEGF"))
    first, second, third = fresh_mirror.findings["Imaging"]
    history.push(place_finding(third, imaging, imaging, 0))
    assert uuids_under(library, "Imaging") == [third, first, second]
    history.push(place_finding(first, imaging, vegf, 1))
    assert uuids_under(library, "Imaging") == [third, second]
    vegf_findings = fresh_mirror.findings["VEGF"]
    assert uuids_under(library, "VEGF") == [vegf_findings[0], first, vegf_findings[1]]
    history.undo()
    history.undo()
    assert uuids_under(library, "Imaging") == [first, second, third]
    assert uuids_under(library, "VEGF") == vegf_findings


def test_dragged_finding_keeps_its_other_topics_in_order(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    history = UndoHistory(library)
    article_id = fresh_mirror.keys["Kang 2013"]
    uuid, _ = library.findings.create(
        article_id, statement="Filed three times.", topics=["Imaging", "Symptoms", "Reviews"]
    )
    imaging, vegf, symptoms, reviews = (
        library.topics.id_for_path(p) for p in ("Imaging", "VEGF", "Symptoms", "Reviews")
    )
    history.push(place_finding(uuid, imaging, vegf, 0))
    assert library.findings.get(uuid).topics == ["Symptoms", "Reviews", "VEGF"]
    assert uuids_under(library, "VEGF")[0] == uuid
    history.push(place_finding(uuid, symptoms, reviews, 0))  # already filed there
    assert library.findings.get(uuid).topics == ["Reviews", "VEGF"]
    assert uuids_under(library, "Reviews")[0] == uuid
    history.undo()
    history.undo()
    assert library.findings.get(uuid).topics == ["Imaging", "Symptoms", "Reviews"]
    assert uuids_under(library, "Imaging")[-1] == uuid
    assert uuid not in uuids_under(library, "VEGF")
