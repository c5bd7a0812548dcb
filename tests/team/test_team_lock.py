"""The lock a push takes on its library's counter row: it orders pushes and nothing else.

A push is held in the middle of its transaction (an uncommitted row with the uuid of its
last finding, as in test_team_crash), so it holds its lock on the counter row. Meanwhile
the owner adds a member and a raw INSERT writes an object: both reference the library
row, so PostgreSQL takes FOR KEY SHARE on it for their foreign-key check, which waits
behind FOR UPDATE but not behind FOR NO KEY UPDATE. A second push still waits for the
first and takes the next version.
"""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import errors, sql

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from tests.share.builders import add_reference, put_finding
from tests.team.conftest import ANN, BEN, cli
from tests.team.test_team_crash import (
    _hold,
    _last_finding_pushed,
    _library_id,
    _wait_until_blocked,
)
from tests.team.test_team_robustness import _sync_process

pytestmark = pytest.mark.postgres

S = "poemsreader_team"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LOCK_TIMEOUT_MS = 3000  # what "promptly" allows; a blocked statement fails after it
PROMPT_S = 1.5


def _make(root: Path, reviewer: str, key: str, count: int) -> None:
    with Library(root) as library:
        article = add_reference(library, key, doi=f"10.1/{key.split()[0].lower()}")
        for n in range(count):
            when = T0 + timedelta(seconds=n)
            record = FindingRecord(
                statement=f"{key}: finding {n}", reviewer_id=reviewer, created=when, modified=when
            )
            put_finding(library, record, article)


@pytest.fixture
def newcomer(pg_url: str) -> Iterator[str]:
    """A database role the owner can add as a member (dropped afterwards)."""
    name = f"newcomer_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@dataclass
class Paused:
    pusher: subprocess.Popen[str]
    library_id: int
    holder: psycopg.Connection

    def release(self) -> None:
        """End the transaction holding the push's last row: the push goes on."""
        self.holder.rollback()


@pytest.fixture
def paused(pair: tuple[Path, Path], pg_url: str) -> Iterator[Paused]:
    """Ann's `team sync` held inside its push, after every row but the last is written."""
    a, _ = pair
    _make(a, ANN, "Li 2013", 40)
    library_id = _library_id(a)
    holder = _hold(pg_url, library_id, _last_finding_pushed(a))
    pusher = _sync_process(a)
    try:
        _wait_until_blocked(pg_url, pusher)
        yield Paused(pusher, library_id, holder)
    finally:
        holder.rollback()
        holder.close()
        if pusher.poll() is None:
            pusher.communicate(timeout=120)


def _finish(pusher: subprocess.Popen[str]) -> str:
    out, err = pusher.communicate(timeout=120)
    assert pusher.returncode == 0 and "Traceback" not in err, (out, err)
    assert "check passed" in out, out
    return out


def _counter_row_taken(pg_url: str, library_id: int, mode: str) -> bool:
    """Whether someone else holds a lock on the counter row that conflicts with `mode`."""
    with psycopg.connect(pg_url) as connection:
        try:
            connection.execute(
                f"SELECT 1 FROM {S}.team_library WHERE id = %s FOR {mode} NOWAIT", (library_id,)
            )
        except errors.LockNotAvailable:
            return True
    return False


def test_a_running_push_lets_members_and_objects_be_added_beside_it(
    pair: tuple[Path, Path],
    pg_url: str,
    newcomer: str,
    paused: Paused,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = pair
    pusher, library_id = paused.pusher, paused.library_id
    # The push holds its counter-row lock: another push could not take it now.
    assert _counter_row_taken(pg_url, library_id, "NO KEY UPDATE")
    assert not _counter_row_taken(pg_url, library_id, "KEY SHARE")

    # The owner adds a member meanwhile, through the command, failing fast if it waits.
    monkeypatch.setenv("PGOPTIONS", f"-c lock_timeout={LOCK_TIMEOUT_MS}")
    capsys.readouterr()
    began = time.perf_counter()
    code = cli(a, "team", "members", "add", newcomer, "reader")
    member_wait = time.perf_counter() - began
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"{newcomer} is now reader" in out
    assert member_wait < PROMPT_S, member_wait

    # An object written by raw SQL takes the same key-share lock for its foreign key.
    with psycopg.connect(pg_url) as connection:
        connection.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        began = time.perf_counter()
        connection.execute(
            f"INSERT INTO {S}.team_object (library_id, kind, uuid, version, data) "
            "VALUES (%s, 'reviewer', %s, 0, '{}')",
            (library_id, str(uuid.uuid4())),
        )
        object_wait = time.perf_counter() - began
        connection.rollback()  # leave the server as the pushes made it
    assert object_wait < PROMPT_S, object_wait
    assert pusher.poll() is None  # the push is still held, its lock still taken

    paused.release()
    out = _finish(pusher)
    assert "pushed 50" in out, out  # 40 findings, an article, the reviewer, 8 topics
    capsys.readouterr()
    assert cli(b, "team", "members") == 0
    assert f"{newcomer} (reader)" in capsys.readouterr().out
    print(
        f"\nbeside a held push: member added in {member_wait * 1000:.0f} ms, "
        f"object inserted in {object_wait * 1000:.0f} ms"
    )


def _waiting_on_counter_row(pg_url: str, pusher: subprocess.Popen[str]) -> float:
    """Seconds until a push waits for a lock in its statement on the counter row."""
    began = time.perf_counter()
    with psycopg.connect(pg_url, autocommit=True) as watcher:
        while time.perf_counter() - began < 60:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND pid <> pg_backend_pid() "
                f"AND query LIKE 'SELECT {S}.team_library.version%'"
            ).fetchone()
            if row and row[0]:
                return time.perf_counter() - began
            assert pusher.poll() is None, pusher.communicate()
            time.sleep(0.05)
    raise AssertionError("the second push never waited for the first")


def _versions(pg_url: str, library_id: int, author: str) -> set[int]:
    with psycopg.connect(pg_url) as connection:
        rows = connection.execute(
            f"SELECT DISTINCT version FROM {S}.team_object WHERE library_id = %s AND author = %s",
            (library_id, author),
        ).fetchall()
    return {int(version) for (version,) in rows}


def test_a_second_push_waits_for_the_first_and_takes_the_next_version(
    pair: tuple[Path, Path],
    pg_url: str,
    paused: Paused,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = pair
    first, library_id = paused.pusher, paused.library_id
    _make(b, BEN, "Royer 2013", 5)
    second = _sync_process(b)
    _waiting_on_counter_row(pg_url, second)
    time.sleep(0.3)
    assert second.poll() is None  # still waiting: it wrote nothing before the first
    assert _versions(pg_url, library_id, BEN) == set()

    paused.release()
    first_out, second_out = _finish(first), _finish(second)
    assert "pushed 50" in first_out, first_out
    assert re.search(r"pushed [1-9]", second_out), second_out
    ann, ben = _versions(pg_url, library_id, ANN), _versions(pg_url, library_id, BEN)
    assert len(ann) == 1 and ben, (ann, ben)
    assert min(ben) == max(ann) + 1  # it waited, so it committed second: the next version
    capsys.readouterr()
    assert cli(a, "team", "sync") == 0
    assert "check passed" in capsys.readouterr().out
