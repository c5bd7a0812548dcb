"""Screening decisions and the evidence table through a team library, end to end: two
local libraries and one PostgreSQL server, everything through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.searchgen import make_search
from tests.team.conftest import cli

pytestmark = pytest.mark.postgres


def _out(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    status = cli(root, *args)
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out


def _sync(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    line = _out(root, capsys, "team", "sync").strip()
    assert "check passed" in line, line
    return line


def _screening(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    rows = json.loads(_out(root, capsys, "screen", "list", "--json"))
    return {row["title"]: row for row in rows}


def _evidence(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    rows = json.loads(_out(root, capsys, "evidence", "list", "--json"))
    return {row["Article"]: row for row in rows}


def _conflicts(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return list(json.loads(_out(root, capsys, "share", "conflicts", "--json")))


def _decide(root: Path, capsys: pytest.CaptureFixture[str], title: str, *decision: str) -> str:
    record = _screening(root, capsys)[title]
    return _out(root, capsys, "screen", "decide", str(record["id"]), *decision)


@pytest.fixture
def screened(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path, list[str], str]:
    """Ann imports a search, includes one record, excludes another, defines two evidence
    fields and fills one for the included article; both sync. Returns the libraries, the
    titles of the records, and the included article's key."""
    a, b = pair
    search = make_search(tmp_path / "pubmed.txt", unique=12, duplicates=0)
    _out(a, capsys, "screen", "import", str(search.path))
    titles = sorted(_screening(a, capsys))
    included = _decide(a, capsys, titles[0], "include")
    key = included.split("-> article ", 1)[1].split(" (to read", 1)[0]
    _decide(a, capsys, titles[1], "exclude", "--reason", "wrong population")
    _out(a, capsys, "evidence", "add-field", "Design", "--type", "choice", "--choices",
         "cohort,case series,trial")  # fmt: skip
    _out(a, capsys, "evidence", "add-field", "Patients n", "--type", "integer")
    _out(a, capsys, "evidence", "set", key, "Design", "cohort")
    _sync(a, capsys)
    _sync(b, capsys)
    return a, b, titles, key


def test_what_a_screens_and_extracts_b_sees(
    screened: tuple[Path, Path, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, titles, key = screened
    seen = _screening(b, capsys)
    assert set(seen) == set(titles[:2])  # the records Ann decided; the others stay hers
    assert seen[titles[0]]["decision"] == "include" and seen[titles[0]]["article_id"]
    assert (seen[titles[1]]["decision"], seen[titles[1]]["reason"]) == (
        "exclude",
        "wrong population",
    )
    assert _evidence(b, capsys)[key]["Design"] == "cohort"
    assert _evidence(b, capsys)[key]["Patients n"] is None
    counts = json.loads(_out(b, capsys, "screen", "counts", "--json"))
    assert (counts["included"], counts["excluded"]) == (1, 1)
    assert "pushed 0, pulled 1," in _sync(a, capsys)  # Ben, who joined after Ann's sync
    assert "pushed 0, pulled 0" in _sync(b, capsys)  # nothing goes back and forth
    assert "pushed 0, pulled 0" in _sync(a, capsys)


def test_different_fields_edited_offline_both_survive(
    screened: tuple[Path, Path, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, titles, key = screened
    _out(a, capsys, "evidence", "set", key, "Design", "trial")
    _out(b, capsys, "evidence", "set", key, "Patients n", "31")
    _decide(b, capsys, titles[1], "exclude", "--reason", "case report")
    for root in (a, b, a):
        _sync(root, capsys)
    for root in (a, b):
        row = _evidence(root, capsys)[key]
        assert (row["Design"], row["Patients n"]) == ("trial", 31)
        assert _screening(root, capsys)[titles[1]]["reason"] == "case report"
        assert _conflicts(root, capsys) == []


def test_the_same_field_gives_one_conflict_on_each_side_and_its_resolution_syncs(
    screened: tuple[Path, Path, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, titles, key = screened
    _out(a, capsys, "evidence", "set", key, "Design", "trial")
    _out(b, capsys, "evidence", "set", key, "Design", "case series")
    _decide(a, capsys, titles[1], "include")
    _decide(b, capsys, titles[1], "maybe")
    _sync(a, capsys)
    assert "2 new conflict(s)" in _sync(b, capsys)  # both edits meet here
    assert "2 new conflict(s)" in _sync(a, capsys)  # and reach Ann
    for root, me, other in ((a, "Ann", "Ben"), (b, "Ben", "Ann")):
        found = {c["kind"]: c for c in _conflicts(root, capsys)}
        assert set(found) == {"evidence", "screening"}
        for conflict in found.values():
            assert conflict["source"] == "team library pnp" and conflict["created"]
            assert (conflict["mine_by"], conflict["theirs_by"]) == (me, other)
        mine = "trial" if me == "Ann" else "case series"
        theirs = "case series" if me == "Ann" else "trial"
        assert found["evidence"]["mine"] == {"value": mine}
        assert found["evidence"]["theirs"] == {"value": theirs}
        # the first sent stands on both sides until someone resolves it
        assert _evidence(root, capsys)[key]["Design"] == "trial"
        assert _screening(root, capsys)[titles[1]]["decision"] == "include"
    listed = _out(b, capsys, "share", "conflicts")
    assert "Evidence: Design" in listed and "Screening: " in listed
    assert "value: mine (Ben) 'case series'; theirs (Ann) 'trial'" in listed
    by_kind = {c["kind"]: c["id"] for c in _conflicts(b, capsys)}
    _out(b, capsys, "share", "resolve", str(by_kind["evidence"]), "mine")  # Ben's value
    by_kind = {c["kind"]: c["id"] for c in _conflicts(a, capsys)}
    _out(a, capsys, "share", "resolve", str(by_kind["screening"]), "theirs")  # Ben's maybe
    for root in (b, a, b):
        _sync(root, capsys)
    for root in (a, b):
        assert _evidence(root, capsys)[key]["Design"] == "case series"
        assert _screening(root, capsys)[titles[1]]["decision"] == "maybe"
        assert _conflicts(root, capsys) == []
        assert "0 to send, 0 conflict(s)" in _out(root, capsys, "team", "status")


def test_a_record_both_imported_and_screened_alike_is_one_object(
    screened: tuple[Path, Path, list[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, titles, _key = screened
    _out(b, capsys, "screen", "import", str(tmp_path / "pubmed.txt"))  # the same search
    assert len(_screening(b, capsys)) == 12  # Ann's two decided records were matched
    _decide(a, capsys, titles[2], "exclude", "--reason", "review")
    _decide(b, capsys, titles[2], "exclude", "--reason", "review")
    _sync(a, capsys)
    _sync(b, capsys)
    _sync(a, capsys)
    for root in (a, b):
        assert _conflicts(root, capsys) == []
        assert _screening(root, capsys)[titles[2]]["reason"] == "review"
        assert "0 to send" in _out(root, capsys, "team", "status")


def test_broken_rows_from_the_server_are_left_out(
    screened: tuple[Path, Path, list[str], str], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    b = screened[1]
    broken = [
        ("screening", {"fields": {"decision": "include"}, "identity": ["doi:x"]}),
        ("evidence", {"article": 5, "field": None, "fields": {"value": {"a": 1}}}),
        ("evidence_field", ["not", "an", "object"]),
        ("conflict", {"between": ["x", "y"], "object": {"uuid": 3}, "conflict": "?"}),
    ]
    with psycopg.connect(pg_url, autocommit=True) as connection:
        row = connection.execute(
            "UPDATE poemsreader_team.team_library SET version = version + 1 RETURNING id, version"
        ).fetchone()
        assert row is not None
        for n, (kind, data) in enumerate(broken):
            connection.execute(
                "INSERT INTO poemsreader_team.team_object (library_id, kind, uuid, version, data)"
                " VALUES (%s, %s, %s, %s, %s)",
                (row[0], kind, f"broken-{n}", row[1], json.dumps(data)),
            )
    before = (_screening(b, capsys), _evidence(b, capsys))
    assert "pulled 4," in _sync(b, capsys)
    assert (_screening(b, capsys), _evidence(b, capsys)) == before
    assert _conflicts(b, capsys) == []
