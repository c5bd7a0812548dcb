"""`poemsreader team ...` end to end: two local libraries and one PostgreSQL server."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from tests.share.builders import add_reference, delete_finding, findings, put_finding
from tests.team.conftest import ANN, BEN, cli

pytestmark = pytest.mark.postgres

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _fifty(library_root: Path) -> list[str]:
    with Library(library_root) as library:
        article = add_reference(library, "Humeniuk 2013", doi="10.1/humeniuk")
        uuids = []
        for n in range(50):
            record = FindingRecord(
                statement=f"Finding {n:02d} about neuropathy.",
                quote=f"quoted passage {n}",
                topics=["Neuropathy" if n % 2 else "Neuropathy/Treatment"],
                reviewer_id=ANN,
                created=T0 + timedelta(minutes=n),
                modified=T0 + timedelta(minutes=n),
            )
            put_finding(library, record, article, {record.topics[0]: float(n)})
            uuids.append(record.uuid)
    return uuids


def _digest(root: Path, out: Path) -> bytes:
    assert cli(root, "digest", "-o", str(out)) == 0
    return out.read_bytes()


def _sync(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli(root, "team", "sync") == 0
    return capsys.readouterr().out.strip()


def test_fifty_findings_reach_b_and_digests_are_identical(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _fifty(a)
    line = _sync(a, capsys)
    # 50 findings, an article, Ann, 10 topics (the 8 starters, Neuropathy, its Treatment)
    assert "pushed 62" in line and "check passed" in line
    line = _sync(b, capsys)
    assert "pulled 62" in line and "merged 50" in line and "check passed" in line
    assert _digest(a, tmp_path / "a.md") == _digest(b, tmp_path / "b.md")
    assert b"Finding 49 about neuropathy." in (tmp_path / "b.md").read_bytes()
    again = _sync(b, capsys)
    assert "pushed 0, pulled 0" in again


def test_status_counts_what_waits(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    _fifty(a)
    capsys.readouterr()
    assert cli(a, "team", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["to_send"], status["state"], status["online"]) == (62, "62 to send", True)
    _sync(a, capsys)
    assert cli(a, "team", "status") == 0
    line = capsys.readouterr().out
    assert "up to date; 0 to send, 0 conflict(s)" in line and "check passed." in line


def _edit(root: Path, uuid: str, when: datetime | None = None, **fields: object) -> None:
    """An edit as the app makes it: stamped now (unless a time is given)."""
    when = when or datetime.now(UTC)
    with Library(root) as library:
        shared = findings(library)[uuid]
        record = dataclasses.replace(shared.record, **fields, modified=when)
        put_finding(library, record, shared.article_uuid, shared.positions)


def _open_conflicts(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert cli(root, "share", "conflicts", "--json") == 0
    return list(json.loads(capsys.readouterr().out))


def _same_statement_edited_on_both_sides(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> str:
    """Ann and Ben reword one finding offline; Ann sends first, Ben second (his edit is
    the newer); each sees one conflict, naming the team library, the other and the time."""
    a, b = pair
    first = _fifty(a)[0]
    _sync(a, capsys)
    _sync(b, capsys)
    _edit(a, first, statement="Ann's wording.")
    _edit(b, first, statement="Ben's wording.")
    _sync(a, capsys)
    line_b = _sync(b, capsys)  # both edits meet here
    line_a = _sync(a, capsys)  # the conflict reaches the first to send
    assert "1 new conflict(s)" in line_b and "1 new conflict(s)" in line_a, (line_a, line_b)
    assert "0 new conflict(s)" in _sync(b, capsys) and "0 new conflict(s)" in _sync(a, capsys)
    for root in (a, b):
        with Library(root) as library:
            assert findings(library)[first].record.statement == "Ben's wording."
    sides = {}
    for root, me, other in ((a, "Ann", "Ben"), (b, "Ben", "Ann")):
        (conflict,) = _open_conflicts(root, capsys)
        assert conflict["source"] == "team library pnp" and conflict["fields"] == ["statement"]
        assert (conflict["mine_by"], conflict["theirs_by"]) == (me, other)
        assert conflict["created"]
        sides[me] = conflict
    # the same two values, each side's own on its "mine" side
    assert sides["Ann"]["mine"]["statement"] == sides["Ben"]["theirs"]["statement"]
    assert sides["Ann"]["theirs"]["statement"] == sides["Ben"]["mine"]["statement"]
    assert "Ann's wording." in str(sides["Ann"]["mine"]["statement"])
    capsys.readouterr()
    assert cli(a, "share", "conflicts") == 0
    listed = capsys.readouterr().out
    assert "(team library pnp, 20" in listed and "mine (Ann)" in listed and "theirs (Ben)" in listed
    return first


def _both_end_equal_without_conflicts(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str], first: str, statement: str
) -> None:
    for root in pair:
        with Library(root) as library:
            assert findings(library)[first].record.statement == statement
        assert _open_conflicts(root, capsys) == []
        capsys.readouterr()
        assert cli(root, "team", "status") == 0
        assert "up to date; 0 to send, 0 conflict(s)" in capsys.readouterr().out


def test_same_field_gives_one_conflict_on_each_side_resolved_by_the_second(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    first = _same_statement_edited_on_both_sides(pair, capsys)
    (conflict,) = _open_conflicts(b, capsys)
    assert cli(b, "share", "resolve", str(conflict["id"]), "theirs") == 0  # Ann's wording
    _sync(b, capsys)
    _sync(a, capsys)
    _sync(b, capsys)
    _both_end_equal_without_conflicts(pair, capsys, first, "Ann's wording.")


def test_same_field_gives_one_conflict_on_each_side_resolved_by_the_first(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    first = _same_statement_edited_on_both_sides(pair, capsys)
    (conflict,) = _open_conflicts(a, capsys)
    assert cli(a, "share", "resolve", str(conflict["id"]), "mine") == 0  # Ann's wording
    _sync(a, capsys)
    _sync(b, capsys)
    _sync(a, capsys)
    _both_end_equal_without_conflicts(pair, capsys, first, "Ann's wording.")


def test_different_fields_edited_offline_both_survive(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    first = _fifty(a)[0]
    _sync(a, capsys)
    _sync(b, capsys)
    _edit(a, first, statement="Ann's wording.")
    _edit(b, first, comment="Ben's comment.")
    for root in (a, b, a):
        _sync(root, capsys)
    for root in (a, b):
        with Library(root) as library:
            record = findings(library)[first].record
            assert (record.statement, record.comment) == ("Ann's wording.", "Ben's comment.")


def test_a_delete_against_an_edit_keeps_the_edit_and_records_the_deletion(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    first = _fifty(a)[0]
    _sync(a, capsys)
    _sync(b, capsys)
    with Library(a) as library:
        delete_finding(library, first, datetime.now(UTC))
    _edit(b, first, statement="Ben still needs it.")
    _sync(a, capsys)
    line = _sync(b, capsys)
    assert "1 new conflict(s)" in line
    with Library(b) as library:
        assert findings(library)[first].record.statement == "Ben still needs it."
    assert "1 new conflict(s)" in _sync(a, capsys)  # Ann learns her deletion met Ben's edit
    with Library(a) as library:
        assert findings(library)[first].record.statement == "Ben still needs it."
    assert "0 new conflict(s)" in _sync(b, capsys)  # one conflict on each side, no more
    (on_a,) = _open_conflicts(a, capsys)
    (on_b,) = _open_conflicts(b, capsys)
    assert (on_a["mine_by"], on_a["theirs_by"]) == ("Ann", "Ben")
    assert (on_b["mine_by"], on_b["theirs_by"]) == ("Ben", "Ann")
    assert on_b["theirs"] is None and on_b["mine"]["statement"] == "Ben still needs it."
    assert cli(b, "share", "resolve", str(on_b["id"]), "mine") == 0  # Ben keeps it
    for root in (b, a, b):
        _sync(root, capsys)
    for root in pair:
        with Library(root) as library:
            assert findings(library)[first].record.statement == "Ben still needs it."
        assert _open_conflicts(root, capsys) == []


def test_a_share_import_after_the_last_push_is_sent_though_its_times_are_older(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    first = _fifty(a)[0]
    _sync(a, capsys)
    mailed = tmp_path / "mailed.json"
    assert cli(a, "share", "export", "-o", str(mailed)) == 0
    other = tmp_path / "collaborator"
    assert cli(other, "share", "import", str(mailed)) == 0
    _edit(other, first, T0 + timedelta(days=3), statement="Edited by mail.")  # an old time
    assert cli(other, "share", "export", "-o", str(mailed)) == 0
    assert cli(a, "share", "import", str(mailed)) == 0
    line = _sync(a, capsys)
    assert "pushed 1," in line, line


def _topics(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    """`topics list --json`, by path."""
    capsys.readouterr()
    assert cli(root, "topics", "list", "--json") == 0
    return {row["path"]: row for row in json.loads(capsys.readouterr().out)}


def _under(root: Path, path: str) -> set[str]:
    with Library(root) as library:
        return {u for u, f in findings(library).items() if path in f.record.topics}


def test_a_topic_renamed_by_a_while_b_files_findings_under_it(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Topics travel by id: Ann's rename reaches Ben's topic, and what Ben filed under
    its old name meanwhile ends under the one renamed topic on both sides."""
    a, b = pair
    uuids = _fifty(a)
    _sync(a, capsys)
    _sync(b, capsys)
    topic_id = _topics(a, capsys)["Neuropathy"]["id"]
    assert _topics(b, capsys)["Neuropathy"]["id"] == topic_id
    assert cli(a, "topics", "rename", "Neuropathy", "Peripheral neuropathy") == 0
    with Library(b) as library:  # Ben files a finding of his own under the old name...
        article = next(iter(findings(library).values())).article_uuid
        record = FindingRecord(statement="Ben's new one.", topics=["Neuropathy"], reviewer_id=BEN)
        put_finding(library, record, article, {"Neuropathy": 99.0})
    # ...and moves one of Ann's there from its sub-topic
    assert cli(b, "findings", "edit", uuids[0], "--topic", "Neuropathy") == 0
    line = _sync(a, capsys)
    assert "pushed 51," in line, line  # the topic and the 50 findings now under a new path
    line = _sync(b, capsys)
    assert "pushed 2," in line and "0 new conflict(s)" in line, line
    _sync(a, capsys)
    expected = {u for n, u in enumerate(uuids) if n % 2} | {record.uuid, uuids[0]}
    for root in (a, b):
        topics = _topics(root, capsys)
        assert "Neuropathy" not in topics, sorted(topics)
        assert topics["Peripheral neuropathy"]["id"] == topic_id
        assert topics["Peripheral neuropathy"]["findings"] == 27
        assert not [p for p in topics if p.casefold().startswith("neuropathy")]
        assert _under(root, "Peripheral neuropathy") == expected
        assert len(_under(root, "Peripheral neuropathy/Treatment")) == 24
    again = _sync(b, capsys)
    assert "pushed 0, pulled 0" in again, again


def _one_finding(root: Path, statement: str, topics: list[str]) -> str:
    with Library(root) as library:
        article = add_reference(library, "Humeniuk 2013", doi="10.1/humeniuk")
        record = FindingRecord(statement=statement, topics=topics, reviewer_id=ANN)
        put_finding(library, record, article, {t: 0.0 for t in topics})
    return record.uuid


def test_topics_differing_only_in_case_meet_as_one_topic_on_both_sides(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Ann's "Ärzte" and "Straße/Ärzte" are Ben's "ärzte" and "STRASSE/ärzte": Ben's
    topics take the team library's ids, so each name is one topic everywhere, holding
    both findings (a root topic and a sub-topic)."""
    a, b = pair
    ann = _one_finding(a, "Ann's.", ["Ärzte", "Straße/Ärzte"])
    ben = _one_finding(b, "Ben's.", ["ärzte", "STRASSE/ärzte"])
    _sync(a, capsys)
    line = _sync(b, capsys)
    assert "not sent" not in line and "retr" not in line, line
    _sync(a, capsys)
    ids = []
    for root in (a, b):
        topics = _topics(root, capsys)
        keys = [p.casefold() for p in topics]
        assert keys.count("ärzte") == 1 and keys.count("strasse/ärzte") == 1, sorted(topics)
        assert keys.count("strasse") == 1
        found = {p.casefold(): row for p, row in topics.items()}
        assert found["ärzte"]["findings"] == found["strasse/ärzte"]["findings"] == 2
        ids.append({k: found[k]["id"] for k in ("ärzte", "strasse", "strasse/ärzte")})
        with Library(root) as library:
            placed = {
                u: sorted(p.casefold() for p in f.record.topics)
                for u, f in findings(library).items()
            }
        assert placed[ann] == placed[ben] == ["strasse/ärzte", "ärzte"]
    assert ids[0] == ids[1]


def test_a_synced_topic_renamed_to_the_name_of_a_pulled_one_is_merged_into_it(
    pair: tuple[Path, Path], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ben sends "ärzte"; Ann, before pulling it, renames her synced "Imaging" to
    "Ärzte". Her topic takes the team library's one, and the team library merges
    "Imaging" into it: one topic there, on both sides, with both findings."""
    a, b = pair
    _sync(a, capsys)
    _sync(b, capsys)
    imaging = _topics(a, capsys)["Imaging"]["id"]
    ann = _one_finding(a, "Ann's.", ["Imaging"])
    ben = _one_finding(b, "Ben's.", ["ärzte"])
    _sync(b, capsys)
    assert cli(a, "topics", "rename", "Imaging", "Ärzte") == 0
    line = _sync(a, capsys)
    assert "not sent" not in line, line
    _sync(b, capsys)
    for root in (a, b):
        topics = _topics(root, capsys)
        found = {p.casefold(): row for p, row in topics.items()}
        assert "imaging" not in found and found["ärzte"]["findings"] == 2, sorted(topics)
        assert found["ärzte"]["id"] != imaging
        with Library(root) as library:
            rows = findings(library)
            assert rows[ann].record.topics == rows[ben].record.topics
    with psycopg.connect(pg_url) as connection:
        live = connection.execute(
            "SELECT data->>'key' FROM poemsreader_team.team_object "
            "WHERE kind = 'topic' AND NOT deleted"
        ).fetchall()
    assert sorted(k for (k,) in live).count("ärzte") == 1
    assert "imaging" not in {k for (k,) in live}


def test_the_team_schema_refuses_two_live_topics_of_one_key_under_one_parent(
    pair: tuple[Path, Path], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    _sync(a, capsys)
    with pytest.raises(psycopg.errors.ExclusionViolation):  # checked at the commit
        _insert_topic(pg_url, "x1", {"name": "REVIEWS", "key": "reviews"})
    with pytest.raises(psycopg.errors.CheckViolation):
        _insert_topic(pg_url, "x2", {"name": "Keyless"})
    _insert_topic(pg_url, "x3", {"name": "Reviews", "key": "reviews", "parent": "p"})


def _insert_topic(pg_url: str, uuid: str, data: dict[str, str]) -> None:
    connection = psycopg.connect(pg_url)
    try:
        connection.execute(
            "INSERT INTO poemsreader_team.team_object (library_id, kind, uuid, version, data) "
            "VALUES (1, 'topic', %s, 99, %s)",
            (uuid, json.dumps(data)),
        )
        connection.commit()
    finally:
        connection.close()


def test_a_deleted_and_a_merged_topic_follow_on_the_other_side(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Ann deletes two empty topics and merges "Neuropathy/Treatment" into "Neuropathy";
    Ben's library does the same, except for the topic he filed a finding under offline
    meanwhile: it stays, and comes back to Ann, with the same id."""
    a, b = pair
    uuids = _fifty(a)
    _sync(a, capsys)
    _sync(b, capsys)
    symptoms = _topics(a, capsys)["Symptoms"]["id"]
    with Library(a) as library:
        topics = library.topics
        topics.delete(topics.id_for_path("Imaging"), None)
        topics.delete(topics.id_for_path("Symptoms"), None)
        topics.merge(topics.id_for_path("Neuropathy/Treatment"), topics.id_for_path("Neuropathy"))
    assert cli(b, "findings", "edit", uuids[1], "--topic", "Symptoms") == 0
    _sync(a, capsys)
    line = _sync(b, capsys)
    assert "0 new conflict(s)" in line, line
    _sync(a, capsys)
    for root in (a, b):
        topics = _topics(root, capsys)
        assert "Imaging" not in topics and "Neuropathy/Treatment" not in topics, sorted(topics)
        assert topics["Neuropathy"]["findings"] == 49
        assert topics["Symptoms"]["id"] == symptoms
        assert _under(root, "Symptoms") == {uuids[1]}
    assert "pushed 0, pulled 0" in _sync(b, capsys)
    assert "pushed 0, pulled 0" in _sync(a, capsys)


@pytest.mark.parametrize(
    "data",
    [
        {"id": "urn:uuid:6f1c0c2e-0000-4000-8000-00000000abcd", "name": 5, "key": "5"},
        {"id": "urn:uuid:6f1c0c2e-0000-4000-8000-00000000abcd", "name": "A/B", "key": "a/b"},
        {
            "id": "urn:uuid:6f1c0c2e-0000-4000-8000-00000000abcd",
            "name": "X",
            "key": "x",
            "parent": ["urn:uuid:6f1c0c2e-0000-4000-8000-00000000abcd"],
        },
    ],
)
def test_a_malformed_topic_row_is_refused_in_one_line_and_changes_nothing(
    pair: tuple[Path, Path], pg_url: str, data: object, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _sync(a, capsys)
    with psycopg.connect(pg_url) as connection:
        connection.execute(
            "INSERT INTO poemsreader_team.team_object (library_id, kind, uuid, version, data) "
            "VALUES (1, 'topic', 'bad', 1, %s)",
            (json.dumps(data),),
        )
    before = _topics(b, capsys)
    capsys.readouterr()
    assert cli(b, "team", "sync") == 1
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and "cannot be imported" in error, error
    assert _topics(b, capsys) == before
