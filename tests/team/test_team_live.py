"""A push reaches a listening client within two seconds, and listening survives a
dropped connection."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from poemsreader.storage.team.live import listen
from tests.team.conftest import ANN, cli
from tests.team.test_team_robustness import _make

pytestmark = pytest.mark.postgres


def test_a_push_is_heard_within_two_seconds_and_after_a_dropped_connection(
    pair: tuple[Path, Path], pg_url: str
) -> None:
    a, b = pair
    with Library(b) as library:
        link = TeamSync(library).current_link()
    heard: list[float] = []
    states: list[bool] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=listen,
        args=(link.url, link.library_id, lambda: heard.append(time.monotonic()), stop),
        kwargs={"on_state": states.append},
        daemon=True,
    )
    thread.start()
    try:
        _wait(lambda: states == [True])
        _make(a, ANN, "Li 2013", 3)
        pushed = time.monotonic()
        assert cli(a, "team", "sync") == 0
        _wait(lambda: len(heard) == 1)
        assert heard[0] - pushed < 2.0
        with psycopg.connect(pg_url, autocommit=True) as admin:  # cut the listener off
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
            )
        _wait(lambda: states[-1] is True and False in states)
        _make(a, ANN, "Royer 2013", 1)
        assert cli(a, "team", "sync") == 0
        _wait(lambda: len(heard) == 2)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def _wait(condition: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")
