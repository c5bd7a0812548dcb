"""Undoing a finding's creation after it was synced: the team's copy goes too."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.finding_commands import CreateFinding
from poemsreader.services.library import Library
from tests.share.builders import deleted_uuids, findings
from tests.team.test_team_first_sync import _status
from tests.team.test_team_sync import _digest, _fifty, _sync

pytestmark = pytest.mark.postgres


def _fifty_on_both_sides(a: Path, b: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Ann's fifty findings, synced to Ben."""
    uuids = _fifty(a)
    _sync(a, capsys)
    _sync(b, capsys)
    return uuids


def test_a_creation_undone_after_a_sync_is_deleted_on_the_other_side_and_redone_back(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    uuids = _fifty_on_both_sides(a, b, capsys)
    with Library(a) as library:
        info = library.findings.get(uuids[7])
        made = CreateFinding(info.article_id, info.record())
        made.revert(library)  # Undo "Make finding", as the window's Edit > Undo does
    assert _status(a, capsys)["to_send"] == 1
    assert "pushed 1," in _sync(a, capsys)
    line = _sync(b, capsys)
    assert "pulled 1," in line and "check passed" in line, line
    with Library(b) as library:
        assert uuids[7] not in findings(library)
        assert uuids[7] in deleted_uuids(library)  # in Ben's trash: restorable there
    assert _digest(a, tmp_path / "a.md") == _digest(b, tmp_path / "b.md")
    assert "pushed 0, pulled 0" in _sync(a, capsys)

    with Library(a) as library:
        made.apply(library)  # Redo: the same uuid and content come back
    assert "pushed 1," in _sync(a, capsys)
    _sync(b, capsys)
    with Library(b) as library:
        assert findings(library)[uuids[7]].record.statement == "Finding 07 about neuropathy."
    assert _digest(a, tmp_path / "a2.md") == _digest(b, tmp_path / "b2.md")


def test_a_creation_undone_before_any_sync_sends_nothing(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    uuids = _fifty(a)
    with Library(a) as library:
        info = library.findings.get(uuids[0])
        CreateFinding(info.article_id, info.record()).revert(library)
    assert "pushed 61," in _sync(a, capsys)  # 49 findings, the article, Ann, 10 topics


def test_a_finding_restored_from_the_trash_after_its_deletion_synced_comes_back_there(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    uuids = _fifty_on_both_sides(a, b, capsys)
    with Library(a) as library:
        library.findings.delete(uuids[3])
    _sync(a, capsys)
    _sync(b, capsys)
    with Library(b) as library:
        assert uuids[3] not in findings(library)
    with Library(a) as library:
        library.findings.restore(uuids[3])
    assert "pushed 1," in _sync(a, capsys)
    line = _sync(b, capsys)
    assert "merged 1," in line and "0 new conflict(s)" in line, line
    with Library(b) as library:
        assert findings(library)[uuids[3]].record.statement == "Finding 03 about neuropathy."
    assert _digest(a, tmp_path / "a.md") == _digest(b, tmp_path / "b.md")
