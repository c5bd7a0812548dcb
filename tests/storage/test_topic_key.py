"""One casefolded key per topic name: "Ärzte" is "ärzte", "Straße" is "STRASSE", at the
root as under a parent, whichever way a topic is made (the window, a path, a share file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from poemsreader.cli import main
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import FindingRecord
from poemsreader.core.text import topic_key
from poemsreader.services.library import Library
from poemsreader.storage.schema import Topic
from poemsreader.storage.topics import ensure_path
from tests.share.builders import add_reference, add_reviewer, findings, put_finding

ME = "aaaaaaaa-0000-4000-8000-000000000001"
SAME_NAMES = [("Ärzte", "ärzte"), ("Straße", "STRASSE"), ("Ångström", "ÅNGSTRÖM")]


def test_the_key_folds_case_beyond_ascii_and_normalises() -> None:
    assert topic_key("Ärzte") == topic_key("ärzte") == topic_key("A\u0308rzte")
    assert topic_key("Straße") == topic_key("STRASSE") == "strasse"
    assert topic_key("\u212bngström") == topic_key("ÅNGSTRÖM")  # the Ångström sign
    assert topic_key("Ärzte") != topic_key("Arzte")


def _topics(library: Library) -> list[tuple[str, str | None]]:
    with library.db.reading() as session:
        rows = session.scalars(select(Topic).order_by(Topic.id))
        by_id = {t.id: t for t in rows}
        return [(t.name, by_id[t.parent_id].name if t.parent_id else None) for t in by_id.values()]


@pytest.mark.parametrize(("first", "second"), SAME_NAMES)
def test_a_path_differing_only_in_case_finds_the_same_topic(
    tmp_path: Path, first: str, second: str
) -> None:
    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            root = ensure_path(session, first)
            child = ensure_path(session, f"Treatment/{first}")
            assert ensure_path(session, second).id == root.id
            assert ensure_path(session, f"TREATMENT/{second}").id == child.id
        assert library.topics.id_for_path(f"treatment/{second}") == child.id
        assert [name for name, _ in _topics(library)].count(first) == 2


@pytest.mark.parametrize(("first", "second"), SAME_NAMES)
@pytest.mark.parametrize("under_parent", [False, True])
def test_creating_or_renaming_to_a_name_differing_only_in_case_is_refused(
    tmp_path: Path, first: str, second: str, under_parent: bool
) -> None:
    with Library(tmp_path / "lib") as library:
        parent = library.topics.create("Clinical") if under_parent else None
        library.topics.create(first, parent)
        other = library.topics.create("Other", parent)
        before = _topics(library)
        with pytest.raises(InvalidInput, match="already a topic named"):
            library.topics.create(second, parent)
        with pytest.raises(InvalidInput, match="already a topic named"):
            library.topics.rename(other, second)
        assert _topics(library) == before


def test_the_database_itself_refuses_a_second_root_topic_of_the_same_key(tmp_path: Path) -> None:
    """Roots have no parent, so a (parent, name) constraint never covered them; the key's
    index reads a missing parent as 0 and does."""
    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            session.add(Topic(name="Ärzte", position=0))
        with pytest.raises(IntegrityError), library.db.transaction() as session:
            session.add(Topic(name="ärzte", position=1))
        with pytest.raises(IntegrityError), library.db.transaction() as session:
            session.add(Topic(name="Ärzte", position=2))
        assert _topics(library).count(("Ärzte", None)) == 1


def test_undo_of_a_rename_that_changed_only_case_keeps_the_key(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as library:
        topic = library.topics.create("ärzte")
        state = library.topics.capture()
        library.topics.rename(topic, "Ärzte")
        library.topics.restore(state)
        with library.db.reading() as session:
            row = session.get(Topic, topic)
            assert row is not None and (row.name, row.name_key) == ("ärzte", "ärzte")
        with pytest.raises(InvalidInput):
            library.topics.create("ÄRZTE")


def test_a_share_import_files_under_our_topic_that_differs_only_in_case(
    tmp_path: Path,
) -> None:
    """The sender's "ärzte" and "straße/ärzte" are our "Ärzte" and "STRASSE/Ärzte": the
    findings land there, no second topic appears (a root topic included)."""
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    with Library(mine) as library:
        add_reviewer(library, ME, "Me")
        article = add_reference(library, "Humeniuk 2013", doi="10.1/h")
        record = FindingRecord(statement="Mine.", topics=["Ärzte", "STRASSE/Ärzte"])
        put_finding(library, record, article, {"Ärzte": 0.0, "STRASSE/Ärzte": 0.0})
    with Library(theirs) as library:
        add_reviewer(library, "bbbbbbbb-0000-4000-8000-000000000002", "Them")
        article = add_reference(library, "Humeniuk 2013", doi="10.1/h")
        record = FindingRecord(statement="Theirs.", topics=["ärzte", "straße/ärzte"])
        put_finding(library, record, article, {"ärzte": 0.0, "straße/ärzte": 0.0})
    mailed = tmp_path / "theirs.json"
    assert main(["--library", str(theirs), "share", "export", "-o", str(mailed)]) == 0
    sent = {t["name"] for t in json.loads(mailed.read_text(encoding="utf-8"))["topics"]}
    assert {"ärzte", "straße"} <= sent
    assert main(["--library", str(mine), "share", "import", str(mailed)]) == 0
    with Library(mine) as library:
        keys = sorted(
            (topic_key(name), topic_key(parent) if parent else "")
            for name, parent in _topics(library)
            if topic_key(name) in ("ärzte", "strasse")
        )
        assert keys == [("strasse", ""), ("ärzte", ""), ("ärzte", "strasse")]
        placed = {f.record.statement: sorted(f.record.topics) for f in findings(library).values()}
        assert placed["Theirs."] == placed["Mine."]
        with library.db.reading() as session:
            keys = [(t.parent_id, t.name_key) for t in session.scalars(select(Topic))]
        assert len(keys) == len(set(keys))


def test_the_digest_picks_a_topic_by_its_key(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library(root) as library:
        add_reviewer(library, ME, "Me")
        article = add_reference(library, "Humeniuk 2013", doi="10.1/h")
        for statement, path in (("Doctors.", "Straße/Ärzte"), ("Others.", "Straße/Pflege")):
            put_finding(library, FindingRecord(statement=statement, topics=[path]), article)
    out = tmp_path / "digest.md"
    args = ["--library", str(root), "digest", "-o", str(out), "--topic", "STRASSE/ärzte"]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert "Doctors." in text and "Others." not in text
