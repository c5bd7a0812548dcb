"""A library's first sync: what it held and changed before it was linked reaches the team.

The first push does not rebuild the whole library: it sends what was never synced,
what changed since its first pull began, and what that pull found changed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from poemsreader.services.library import Library
from poemsreader.storage.team.tables import SCHEMA
from tests.share.builders import add_reviewer, findings
from tests.team.conftest import ANN, BEN, cli
from tests.team.test_team_sync import _edit, _fifty, _sync

pytestmark = pytest.mark.postgres


def _status(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert cli(root, "team", "status", "--json") == 0
    return dict(json.loads(capsys.readouterr().out))


def _mailed_to_ben(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path, list[str]]:
    """Ann's fifty findings on the server; Ben holds them from a mailed file, unlinked."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root, reviewer, name in ((a, ANN, "Ann"), (b, BEN, "Ben")):
        with Library(root) as library:
            add_reviewer(library, reviewer, name)
    uuids = _fifty(a)
    assert cli(a, "team", "create", pg_url, "pnp") == 0
    _sync(a, capsys)
    mailed = tmp_path / "mailed.json"
    assert cli(a, "share", "export", "-o", str(mailed)) == 0
    assert cli(b, "share", "import", str(mailed)) == 0
    return a, b, uuids


def test_an_edit_made_before_linking_to_a_finding_the_team_holds_is_sent(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, uuids = _mailed_to_ben(tmp_path, pg_url, capsys)
    _edit(b, uuids[0], statement="Ben's wording, made before linking.")
    assert cli(b, "team", "link", pg_url, "pnp") == 0
    line = _sync(b, capsys)
    assert "check passed" in line, line
    assert _status(b, capsys)["to_send"] == 0
    _sync(a, capsys)
    with Library(a) as library:
        assert findings(library)[uuids[0]].record.statement == (
            "Ben's wording, made before linking."
        )
    assert "pushed 0, pulled 0" in _sync(b, capsys)


def _finding_versions(pg_url: str) -> dict[str, int]:
    with psycopg.connect(pg_url) as connection:
        rows = connection.execute(
            f"SELECT uuid, version FROM {SCHEMA}.team_object WHERE kind = 'finding'"
        )
        return dict(rows.fetchall())


def test_a_first_sync_sends_no_finding_it_only_received(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, b, _ = _mailed_to_ben(tmp_path, pg_url, capsys)
    before = _finding_versions(pg_url)
    assert cli(b, "team", "link", pg_url, "pnp") == 0
    line = _sync(b, capsys)
    assert "pushed 1," in line and "check passed" in line, line  # Ben himself, nothing else
    assert _finding_versions(pg_url) == before  # the fifty came from the team: not sent back
    assert _status(b, capsys)["to_send"] == 0
    assert "pushed 0, pulled 0" in _sync(b, capsys)


def test_an_edit_between_the_first_pull_and_the_first_push_is_sent(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, uuids = _mailed_to_ben(tmp_path, pg_url, capsys)
    assert cli(b, "team", "link", pg_url, "pnp") == 0
    from poemsreader.services.team.sync import TeamSync

    with Library(b) as library:
        TeamSync(library).pull()  # what an open window's notice does, before any push
    _edit(b, uuids[1], statement="Ben's edit after the first pull.")
    _sync(b, capsys)
    _sync(a, capsys)
    with Library(a) as library:
        assert findings(library)[uuids[1]].record.statement == "Ben's edit after the first pull."


def test_findings_pulled_under_a_topic_named_differently_here_are_synced_as_stored(
    pair: tuple[Path, Path], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ann's "Neuropathy" meets Ben's "neuropathy": her findings are stored under his
    name, and count as synced as stored, so a later full look at Ben's library (any
    change to the topic tree) finds nothing of hers to send back."""
    a, b = pair
    with Library(b) as library:
        library.topics.create("neuropathy")
    _fifty(a)
    _sync(a, capsys)
    before = _finding_versions(pg_url)
    assert "check passed" in _sync(b, capsys)
    with Library(b) as library:
        assert {tuple(f.record.topics) for f in findings(library).values()} == {
            ("neuropathy",),
            ("neuropathy/Treatment",),
        }
        library.topics.create("Skin")  # the placement changed: the next push looks at all
    assert _status(b, capsys)["to_send"] == 1  # the new topic only
    _sync(b, capsys)
    assert _finding_versions(pg_url) == before
