"""The window's Team menu and status indicator against a real team library."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from poemsreader.core.changes import ChangeSet
from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from poemsreader.storage.team.live import listen
from poemsreader.ui.shell.main_window import MainWindow
from tests.share.builders import findings
from tests.team.conftest import ANN, cli
from tests.team.test_team_robustness import _make, _sync_process

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
        assert "Last synced today at" in team.indicator.toolTip()
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


def test_a_finding_pushed_by_another_member_shows_in_the_open_digest_within_two_seconds(
    qtbot: QtBot, pair: tuple[Path, Path]
) -> None:
    """Timed from the push's commit (the moment its notice is sent, heard here by a
    listener of the test's own) to the finding being in the digest view's model."""
    a, b = pair
    with Library(b) as library:
        link = TeamSync(library).current_link()
        window = MainWindow(library)
        qtbot.addWidget(window)
        window.show()
        window.tabs.setCurrentWidget(window.digest_view)
        team = window.team_actions
        # the warm child has answered (the library is open there) and the window listens
        qtbot.waitUntil(
            lambda: team.indicator.text() != "" and team.listening.is_set(), timeout=60_000
        )
        heard: list[float] = []
        listening: list[bool] = []
        stop = threading.Event()
        thread = threading.Thread(
            target=listen,
            args=(link.url, link.library_id, lambda: heard.append(time.monotonic()), stop),
            kwargs={"on_state": listening.append},
            daemon=True,
        )
        thread.start()
        try:
            qtbot.waitUntil(lambda: listening == [True], timeout=15_000)
            made = _make(a, ANN, "Royer 2013", 1)
            pusher = _sync_process(a)  # another process: this event loop keeps running
            qtbot.waitUntil(lambda: bool(heard), timeout=60_000)
            qtbot.waitUntil(lambda: made <= _in_digest(window), timeout=15_000)
            shown = time.monotonic()
            _, errors = pusher.communicate(timeout=60)
            assert pusher.returncode == 0, errors
        finally:
            stop.set()
            thread.join(timeout=10)
        assert shown - heard[0] < 2.0, f"shown {shown - heard[0]:.2f} s after the push"
        statements = {f.statement for g in window.digest_view.model.groups for f in g.findings}
        assert "Royer 2013: finding 0" in statements
        window.close()


def _in_digest(window: MainWindow) -> set[str]:
    return {f.uuid for group in window.digest_view.model.groups for f in group.findings}
