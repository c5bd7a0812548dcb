"""Merging like version control: field by field against the state both sides saw, topic
renames that travel, a base for copies that never exchanged, strict idempotence."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.core.commands import UndoHistory
from poemsreader.core.conflict_commands import ResolveConflict
from poemsreader.core.model import FindingRecord
from poemsreader.core.topic_commands import merge_topics
from poemsreader.services.library import Library
from tests.share.builders import add_reference, add_reviewer, findings, put_finding
from tests.share.dump import dump_tables

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
BOB = "bbbbbbbb-0000-4000-8000-000000000002"
UUID = "00000000-0000-4000-8000-000000000001"


def cli(library: Path, *args: str) -> int:
    return main(["--library", str(library), *args])


def exchange(sender: Path, receiver: Path, folder: Path, name: str) -> None:
    path = folder / f"{name}.json"
    assert cli(sender, "share", "export", "-o", str(path)) == 0
    assert cli(receiver, "share", "import", str(path)) == 0


def statement_of(root: Path, uuid: str = UUID) -> FindingRecord:
    with Library(root) as library:
        return findings(library)[uuid].record


def open_conflicts(root: Path) -> list:
    with Library(root) as library:
        return library.sharing.conflicts.open_conflicts()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Alice's library with two findings under Treatment, sent once to Bob."""
    a, b = tmp_path / "a", tmp_path / "b"
    with Library(a) as alice:
        add_reviewer(alice, ALICE, "Alice")
        article = add_reference(alice, "Royer 2013", doi="10.1002/ajh.23368")
        for n in (1, 2):
            put_finding(
                alice,
                FindingRecord(
                    uuid=f"00000000-0000-4000-8000-{n:012d}",
                    statement=f"Finding {n}",
                    quote=f"quote {n}",
                    topics=["Treatment"],
                    reviewer_id=ALICE,
                    reviewer_name="Alice",
                    created=datetime(2026, 3, 1, tzinfo=UTC),
                    modified=datetime(2026, 3, 1, tzinfo=UTC),
                ),
                article,
            )
    with Library(b) as bob:
        add_reviewer(bob, BOB, "Bob")
    exchange(a, b, tmp_path, "first")
    return a, b


def test_edits_to_different_fields_both_arrive_without_a_conflict(pair, tmp_path: Path) -> None:
    a, b = pair
    assert cli(a, "findings", "edit", UUID, "--statement", "Alice's statement") == 0
    assert cli(b, "findings", "edit", UUID, "--comment", "Bob's comment") == 0
    exchange(b, a, tmp_path, "1")
    exchange(a, b, tmp_path, "2")
    for root in (a, b):
        record = statement_of(root)
        assert (record.statement, record.comment) == ("Alice's statement", "Bob's comment")
        assert open_conflicts(root) == []


def test_crossing_files_with_different_fields_converge(pair, tmp_path: Path) -> None:
    a, b = pair
    cli(a, "findings", "edit", UUID, "--statement", "Alice's statement", "--tag", "vegf")
    cli(b, "findings", "edit", UUID, "--comment", "Bob's comment", "--status", "contradicts")
    cli(a, "share", "export", "-o", str(tmp_path / "from_a.json"))
    cli(b, "share", "export", "-o", str(tmp_path / "from_b.json"))
    cli(b, "share", "import", str(tmp_path / "from_a.json"))
    cli(a, "share", "import", str(tmp_path / "from_b.json"))
    records = [statement_of(root) for root in (a, b)]
    for record in records:
        assert record.statement == "Alice's statement" and record.comment == "Bob's comment"
        assert record.tags == ["vegf"] and record.status.value == "contradicts"
    assert records[0].modified == records[1].modified
    assert open_conflicts(a) == open_conflicts(b) == []


def test_one_field_both_changed_is_one_conflict_resolved_in_one_undoable_step(
    pair, tmp_path: Path
) -> None:
    a, b = pair
    cli(a, "findings", "edit", UUID, "--statement", "Alice says", "--comment", "Alice's note")
    cli(b, "findings", "edit", UUID, "--statement", "Bob says")
    exchange(b, a, tmp_path, "1")
    (conflict,) = open_conflicts(a)
    assert conflict.fields == ("statement",)
    assert (conflict.mine_by, conflict.theirs_by) == ("Alice", "Bob")
    assert conflict.mine.record.statement == "Alice says"
    assert conflict.theirs.record.statement == "Bob says"
    # only the field in conflict differs between the two sides shown
    assert conflict.mine.record.comment == conflict.theirs.record.comment == "Alice's note"
    with Library(a) as library:
        live = findings(library)[UUID].record
        history = UndoHistory(library)
        history.push(ResolveConflict(conflict.id, "mine"))
        assert findings(library)[UUID].record.statement == "Alice says"
        assert library.sharing.conflicts.open_conflicts() == []
        history.undo()
        assert findings(library)[UUID].record.statement == live.statement
        assert len(library.sharing.conflicts.open_conflicts()) == 1
        history.redo()
    exchange(a, b, tmp_path, "2")
    assert statement_of(b).statement == "Alice says"
    assert statement_of(b).comment == "Alice's note"


def test_a_topic_rename_travels_and_splits_nothing(pair, tmp_path: Path) -> None:
    a, b = pair
    assert cli(a, "topics", "rename", "Treatment", "Therapy") == 0
    assert cli(b, "findings", "edit", UUID, "--comment", "Bob's comment") == 0
    exchange(a, b, tmp_path, "1")
    exchange(b, a, tmp_path, "2")
    for root in (a, b):
        with Library(root) as library:
            live = findings(library)
            assert {tuple(f.record.topics) for f in live.values()} == {("Therapy",)}
            paths = {n.path: n.findings for n in library.topics.flat()}
            assert paths.get("Therapy") == 2 and not paths.get("Treatment")
            assert live[UUID].record.comment == "Bob's comment"
        assert open_conflicts(root) == []


def test_a_topic_move_travels(pair, tmp_path: Path) -> None:
    a, b = pair
    cli(a, "topics", "move", "Treatment", "Diagnosis")
    exchange(a, b, tmp_path, "1")
    with Library(b) as library:
        assert {tuple(f.record.topics) for f in findings(library).values()} == {
            ("Diagnosis/Treatment",)
        }


def test_copies_that_never_exchanged_merge_one_sided_edits(tmp_path: Path) -> None:
    a = tmp_path / "a"
    with Library(a) as alice:
        add_reviewer(alice, ALICE, "Alice")
        article = add_reference(alice, "Royer 2013", doi="10.1002/ajh.23368")
        put_finding(alice, FindingRecord(uuid=UUID, statement="S", reviewer_id=ALICE), article)
    b = tmp_path / "b"
    shutil.copytree(a, b)
    cli(a, "findings", "edit", UUID, "--statement", "Alice's statement")
    cli(a, "topics", "rename", "Treatment", "Therapy")
    cli(b, "findings", "edit", UUID, "--comment", "Bob's comment", "--topic", "Treatment")
    exchange(a, b, tmp_path, "1")
    exchange(b, a, tmp_path, "2")
    for root in (a, b):
        record = statement_of(root)
        assert (record.statement, record.comment) == ("Alice's statement", "Bob's comment")
        assert record.topics == ["Therapy"]
        assert open_conflicts(root) == []


def test_a_deleted_findings_last_state_is_the_same_on_both_sides(pair, tmp_path: Path) -> None:
    a, b = pair
    cli(b, "findings", "edit", UUID, "--topic", "VEGF")
    cli(a, "findings", "delete", UUID)  # later than Bob's edit: the deletion wins
    cli(a, "share", "export", "-o", str(tmp_path / "from_a.json"))
    cli(b, "share", "export", "-o", str(tmp_path / "from_b.json"))
    cli(b, "share", "import", str(tmp_path / "from_a.json"))
    cli(a, "share", "import", str(tmp_path / "from_b.json"))
    states = []
    for root in (a, b):
        with Library(root) as library:
            info = library.findings.get(UUID)
            assert info.deleted
            states.append((info.statement, info.topics, info.comment, info.status))
    assert states[0] == states[1]


def test_importing_a_merged_file_again_changes_no_row(pair, tmp_path: Path) -> None:
    a, b = pair
    cli(a, "findings", "edit", UUID, "--statement", "Alice says")
    cli(b, "findings", "edit", UUID, "--statement", "Bob says", "--comment", "c")
    cli(b, "findings", "delete", "00000000-0000-4000-8000-000000000002")
    cli(a, "topics", "rename", "Treatment", "Therapy")
    for step, (sender, receiver) in enumerate([(a, b), (b, a), (a, b), (b, a)]):
        path = tmp_path / f"{step}.json"
        cli(sender, "share", "export", "-o", str(path))
        cli(receiver, "share", "import", str(path))
        with Library(receiver) as library:
            before = dump_tables(library)
            again = library.sharing.import_file(path)
            assert dump_tables(library) == before, f"step {step}"
            assert again.added == again.updated == again.deleted == again.conflicts == 0


def test_older_files_without_topic_ids_still_import(pair, tmp_path: Path) -> None:
    import json

    a, b = pair
    cli(a, "findings", "edit", UUID, "--topic", "Treatment/Radiation")
    cli(a, "share", "export", "-o", str(tmp_path / "new.json"))
    data = json.loads((tmp_path / "new.json").read_text())
    data.pop("topics")
    for annotation in data["findings"]:
        annotation["poemsreader"].pop("base", None)
        for placement in annotation["poemsreader"]["topics"]:
            placement.pop("id", None)
    (tmp_path / "old.json").write_text(json.dumps(data))
    assert cli(b, "share", "import", str(tmp_path / "old.json")) == 0
    assert statement_of(b).topics == ["Treatment/Radiation"]


def test_a_url_alone_matches_no_article(tmp_path: Path) -> None:
    from poemsreader.services.share_articles import match_article
    from poemsreader.share.format import CslItem, SharedArticle
    from poemsreader.storage.schema import Article

    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            session.add(Article(citekey="A", title="POEMS syndrome", url="https://j.org/x"))
            session.add(Article(citekey="B", title="Other", url="javascript:alert(1)"))
        with library.db.reading() as session:

            def match(url: str, title: str) -> str | None:
                shared = SharedArticle(
                    id="urn:uuid:99999999-0000-4000-8000-000000000009",
                    csl=CslItem(id="x", title=title, URL=url),
                )
                found = match_article(session, shared)
                return found.citekey if found else None

            assert match("https://j.org/x", "Something else entirely") is None
            assert match("https://j.org/x", "POEMS Syndrome.") == "A"
            assert match("javascript:alert(1)", "Other") is None


def test_a_topic_merge_travels(pair, tmp_path: Path) -> None:
    a, b = pair
    with Library(a) as library:
        source, target = (library.topics.id_for_path(p) for p in ("Treatment", "Diagnosis"))
        UndoHistory(library).push(merge_topics(source, target))
    exchange(a, b, tmp_path, "1")
    for root in (a, b):
        with Library(root) as library:
            paths = {n.path: n.findings for n in library.topics.flat()}
            assert "Treatment" not in paths and paths["Diagnosis"] == 2
            live = findings(library)
            assert {tuple(f.record.topics) for f in live.values()} == {("Diagnosis",)}
    with Library(a) as library:  # an undone merge is not sent
        history = UndoHistory(library)
        history.push(
            merge_topics(
                library.topics.id_for_path("Diagnosis"), library.topics.id_for_path("VEGF")
            )
        )
        history.undo()
    exchange(a, b, tmp_path, "2")
    with Library(b) as library:
        assert "Diagnosis" in {n.path for n in library.topics.flat()}


def test_a_w3c_annotation_names_its_page_by_url(tmp_path: Path) -> None:
    import json

    from poemsreader.storage.schema import Article

    def page(source: str) -> bytes:
        annotation = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"{source}#a1",
            "type": "Annotation",
            "bodyValue": "A note",
            "target": {
                "source": source,
                "selector": {"type": "TextQuoteSelector", "exact": "POEMS"},
            },
        }
        return json.dumps(annotation).encode()

    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            session.add(Article(citekey="A", title="POEMS", url="https://j.org/a"))
            session.add(Article(citekey="B", title="Other", url="javascript:void(0)"))
        assert library.sharing.import_bytes(page("https://j.org/a"), "w.json").added == 1
        report = library.sharing.import_bytes(page("javascript:void(0)"), "j.json")
        assert report.added == 0


def test_conflicts_from_the_command_line(pair, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    a, b = pair
    cli(a, "findings", "edit", UUID, "--statement", "Alice says")
    cli(b, "findings", "edit", UUID, "--statement", "Bob says")
    exchange(b, a, tmp_path, "1")
    capsys.readouterr()
    assert cli(a, "share", "conflicts", "--json") == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["fields"] == ["statement"]
    assert (item["mine"]["statement"], item["mine_by"]) == ("Alice says", "Alice")
    assert (item["theirs"]["statement"], item["theirs_by"]) == ("Bob says", "Bob")
    assert cli(a, "share", "conflicts") == 0
    assert (
        "statement: mine (Alice) 'Alice says'; theirs (Bob) 'Bob says'" in capsys.readouterr().out
    )
    assert cli(a, "share", "resolve", str(item["id"]), "mine") == 0
    assert statement_of(a).statement == "Alice says" and open_conflicts(a) == []
    assert cli(a, "share", "resolve", "999", "mine") == 1
    assert capsys.readouterr().err.strip() == "poemsreader: No conflict 999."
