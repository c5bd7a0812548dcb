"""The window's Team menu and status indicator against a real team library."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from poemsreader.core.changes import ChangeSet
from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow
from tests.share.builders import findings
from tests.team.conftest import ANN, cli
from tests.team.test_team_robustness import _make

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


def test_sync_now_brings_findings_in_and_the_indicator_follows(
    qtbot: QtBot, pair: tuple[Path, Path]
) -> None:
    a, b = pair
    made = _make(a, ANN, "Li 2013", 5)
    assert cli(a, "team", "sync") == 0
    with Library(b) as library:
        window = MainWindow(library)
        qtbot.addWidget(window)
        team = window.team_actions
        qtbot.waitUntil(lambda: team.indicator.text() != "", timeout=30_000)
        assert team.indicator.text() == "Team: 9 to send"  # Ben and the 8 starter topics
        with qtbot.waitSignal(team.sync_now().succeeded, timeout=60_000):
            pass
        qtbot.waitUntil(lambda: team.indicator.text() == "Team: up to date", timeout=30_000)
        assert "last synced" in team.indicator.toolTip()
        assert set(findings(library)) == made
        window.close()


def test_another_members_push_appears_in_the_open_window(
    qtbot: QtBot, pair: tuple[Path, Path]
) -> None:
    a, b = pair
    with Library(b) as library:
        window = MainWindow(library)
        qtbot.addWidget(window)
        team = window.team_actions
        qtbot.waitUntil(lambda: team.indicator.text() != "", timeout=30_000)
        published: list[ChangeSet] = []
        window.bus.changed.connect(published.append)
        made = _make(a, ANN, "Li 2013", 4)
        assert cli(a, "team", "sync") == 0
        qtbot.waitUntil(lambda: set(findings(library)) == made, timeout=30_000)
        # every view hears what the sync brought in, through the bus
        qtbot.waitUntil(lambda: any(made <= c.findings for c in published), timeout=30_000)
        assert window.tasks.running() is None  # an automatic sync never holds up closing
        window.close()
        assert team.stop_listening.is_set()
        assert team.listener is not None
        team.listener.join(timeout=10)
        assert not team.listener.is_alive()
