"""A library linked before the sync state had its own table keeps syncing after the
upgrade, without pulling or pushing again what it had synced."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from poemsreader.paths import LibraryPaths
from poemsreader.storage.database import _alembic_config, make_engine
from tests.team.conftest import cli
from tests.team.test_team_robustness import _make

pytestmark = pytest.mark.postgres


def _to_json_state(root: Path) -> int:
    """Take the library back to the schema that kept the state as a JSON setting."""
    database = LibraryPaths(root).database
    engine = make_engine(database)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0005_topic_name_key")  # type: ignore[arg-type]
    engine.dispose()
    con = sqlite3.connect(database)
    (value,) = con.execute("SELECT value FROM setting WHERE key = 'team.objects'").fetchone()
    con.close()
    return len(json.loads(value))


def test_a_linked_library_keeps_syncing_after_the_upgrade(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    _make(a, "aaaaaaaa-0000-4000-8000-000000000001", "Humeniuk 2013", 30)
    for root in (a, b):
        assert cli(root, "team", "sync") == 0
    assert _to_json_state(b) == 41  # 30 findings, their article, Ann, Ben, 8 starter topics
    capsys.readouterr()
    assert cli(b, "team", "sync") == 0  # opening the library upgrades it first
    line = capsys.readouterr().out
    assert "pushed 0, pulled 0" in line and "check passed" in line, line
    _make(a, "aaaaaaaa-0000-4000-8000-000000000001", "Royer 2013", 2)
    assert cli(a, "team", "sync") == 0
    capsys.readouterr()
    assert cli(b, "team", "sync") == 0
    line = capsys.readouterr().out
    assert "pushed 0, pulled 3" in line and "check passed" in line, line
