"""`poemsreader team ...` end to end: two local libraries and one PostgreSQL server."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
    assert "pushed 52" in line and "check passed" in line  # 50 findings, an article, Ann
    line = _sync(b, capsys)
    assert "pulled 52" in line and "merged 50" in line and "check passed" in line
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
    assert (status["to_send"], status["state"], status["online"]) == (52, "52 to send", True)
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


def test_a_topic_renamed_by_a_while_b_files_findings_under_it(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _fifty(a)
    _sync(a, capsys)
    _sync(b, capsys)
    with Library(a) as library:
        library.topics.rename(library.topics.id_for_path("Neuropathy"), "Peripheral neuropathy")
    with Library(b) as library:
        article = next(iter(findings(library).values())).article_uuid
        record = FindingRecord(statement="Ben's new one.", topics=["Neuropathy"], reviewer_id=BEN)
        put_finding(library, record, article, {"Neuropathy": 99.0})
    line = _sync(a, capsys)
    assert "pushed 50," in line, line  # every finding under the renamed topic or below it
    _sync(b, capsys)
    _sync(a, capsys)
    for root in (a, b):
        with Library(root) as library:
            paths = {p for f in findings(library).values() for p in f.record.topics}
            assert "Peripheral neuropathy" in paths
            assert len(findings(library)) == 51
