"""The indicator when the server goes away and comes back, on a cluster of the test's
own: offline within seconds, the edit made meanwhile kept and counted, then sent by
itself once the server is back, without Sync now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from poemsreader.core.finding_commands import EditFinding
from poemsreader.services.library import Library
from tests.share.builders import add_reviewer, findings
from tests.team.conftest import ANN, BEN, cli
from tests.team.own_cluster import OwnCluster, running_cluster
from tests.team.test_team_robustness import _make
from tests.ui.windows import open_main_window

pytestmark = [pytest.mark.postgres, pytest.mark.gui, pytest.mark.slow]
SLOW_MS = 60_000


@pytest.fixture
def cluster() -> Iterator[OwnCluster]:
    yield from running_cluster()


def test_offline_while_the_server_is_stopped_and_what_waited_is_sent_when_it_returns(
    qtbot: QtBot, tmp_path: Path, cluster: OwnCluster
) -> None:
    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute("CREATE DATABASE team")
    url = cluster.url("team")
    a, b = tmp_path / "a", tmp_path / "b"
    for root, reviewer, name in ((a, ANN, "Ann"), (b, BEN, "Ben")):
        with Library(root) as library:
            add_reviewer(library, reviewer, name)
    assert cli(a, "team", "create", url, "pnp") == 0
    (first,) = _make(a, ANN, "Li 2013", 1)
    assert cli(a, "team", "sync") == 0
    assert cli(b, "team", "link", url, "pnp") == 0
    assert cli(b, "team", "sync") == 0
    with Library(b) as library:
        window = open_main_window(qtbot, library, tmp_path)
        team = window.team_actions
        qtbot.waitUntil(
            lambda: team.indicator.text() == "Team: up to date" and team.listening.is_set(),
            timeout=SLOW_MS,
        )
        cluster.stop()
        qtbot.waitUntil(lambda: "offline" in team.indicator.text(), timeout=30_000)
        window.bus.push(EditFinding(first, "comment", "Read while the server was down."))
        qtbot.waitUntil(
            lambda: team.indicator.text() == "Team: offline · 1 to send", timeout=SLOW_MS
        )
        tip = team.indicator.toolTip()
        assert "Last synced today at" in tip and "Offline:" in tip, tip
        assert findings(library)[first].record.comment == "Read while the server was down."
        cluster.start()
        qtbot.waitUntil(lambda: team.indicator.text() == "Team: up to date", timeout=SLOW_MS)
        window.close()
    assert cli(a, "team", "sync") == 0
    with Library(a) as library:
        assert findings(library)[first].record.comment == "Read while the server was down."
