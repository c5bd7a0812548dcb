"""The team library under load, lost replies, bad input and a server that is gone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from poemsreader.storage.team import server
from tests.share.builders import add_reference, add_reviewer, findings, put_finding
from tests.team.conftest import ANN, BEN, cli

pytestmark = pytest.mark.postgres

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _make(root: Path, reviewer: str, key: str, count: int) -> set[str]:
    with Library(root) as library:
        article = add_reference(library, key, doi=f"10.1/{key.split()[0].lower()}")
        made = set()
        for n in range(count):
            record = FindingRecord(
                statement=f"{key}: finding {n}",
                reviewer_id=reviewer,
                created=T0 + timedelta(seconds=n),
                modified=T0 + timedelta(seconds=n),
            )
            put_finding(library, record, article)
            made.add(record.uuid)
    return made


def _sync_process(root: Path) -> subprocess.Popen[str]:
    code = (
        "import sys; from poemsreader.cli import main; "
        f"sys.exit(main(['--library', {str(root)!r}, 'team', 'sync']))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _server_count(pg_url: str, kind: str) -> int:
    with psycopg.connect(pg_url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM poemsreader_team.team_object WHERE kind = %s", (kind,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_two_processes_push_a_hundred_each_at_once_and_a_third_sees_all(
    pair: tuple[Path, Path], tmp_path: Path, pg_url: str
) -> None:
    a, b = pair
    made = _make(a, ANN, "Li 2013", 100) | _make(b, BEN, "Royer 2013", 100)
    pushers = [_sync_process(a), _sync_process(b)]
    outputs = [p.communicate(timeout=120) for p in pushers]
    assert [p.returncode for p in pushers] == [0, 0], outputs
    assert all("check passed" in out for out, _ in outputs), outputs
    # 100 findings, an article, a reviewer each; the 8 starter topics of a new library
    # once: the second pusher's take the ids of the first's
    pushed = sorted(int(re.findall(r"pushed (\d+)", out)[0]) for out, _ in outputs)
    assert pushed == [102, 110], outputs
    c = tmp_path / "c"
    with Library(c) as library:
        add_reviewer(library, "cccccccc-0000-4000-8000-000000000003", "Cy")
    assert cli(c, "team", "link", pg_url, "pnp") == 0
    assert cli(c, "team", "sync") == 0
    with Library(c) as library:
        assert set(findings(library)) == made
    assert _server_count(pg_url, "finding") == 200


def test_a_push_whose_reply_was_lost_is_not_sent_twice(
    pair: tuple[Path, Path], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    _make(a, ANN, "Li 2013", 30)
    with Library(a) as library:
        team = TeamSync(library)
        pending = team._pending()  # nothing synced yet: every base version is 0
        link = team.current_link()
        with server.connected(link.url) as engine:  # committed; the client never hears back
            server.push(engine, link.library_id, pending.changes(), pending.me)
    capsys.readouterr()
    assert cli(a, "team", "sync") == 0
    line = capsys.readouterr().out
    assert "pushed 0" in line and "merged 0" in line and "check passed" in line, line
    assert _server_count(pg_url, "finding") == 30
    assert cli(a, "team", "sync") == 0
    assert "pushed 0, pulled 0" in capsys.readouterr().out


def test_a_server_with_a_newer_schema_is_refused(
    pair: tuple[Path, Path], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    with psycopg.connect(pg_url) as connection:
        connection.execute("UPDATE poemsreader_team.alembic_version SET version_num = 't9999'")
    capsys.readouterr()
    assert cli(a, "team", "sync") == 1
    error = capsys.readouterr().err.strip()
    assert error.endswith("update poemsreader to use it.") and "\n" not in error


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://me:secret@localhost/db", "put it in ~/.pgpass"),
        ("postgresql://localhost/db?password=secret", "put it in ~/.pgpass"),
        ("mysql://me:secret@localhost/db", "is not a PostgreSQL address"),
        ("mysql://localhost/db", "is not a PostgreSQL address"),
        ("postgresql://127.0.0.1:1/db", "not reachable"),
    ],
)
def test_bad_addresses_are_one_sentence_and_change_nothing(
    tmp_path: Path, url: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lib"
    assert cli(root, "team", "link", url, "pnp") == 1
    error = capsys.readouterr().err
    assert says in error and "secret" not in error and error.count("\n") == 1
    assert cli(root, "team", "status", "--offline") == 0
    assert "Not linked" in capsys.readouterr().out


def test_an_unknown_team_library_and_an_unlinked_sync_are_refused(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lib"
    assert cli(root, "team", "link", pg_url, "pnp") == 1
    assert "no team library schema" in capsys.readouterr().err
    assert cli(root, "team", "create", pg_url, "pnp") == 0
    assert cli(tmp_path / "other", "team", "create", pg_url, "pnp") == 1
    assert "already exists" in capsys.readouterr().err
    assert cli(tmp_path / "other", "team", "sync") == 1
    assert "not linked" in capsys.readouterr().err


def test_status_says_offline_when_the_server_is_gone(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    _make(a, ANN, "Li 2013", 3)
    with Library(a) as library:
        from poemsreader.storage.team.state import read_link, write_link

        with library.db.transaction() as session:
            link = read_link(session)
            assert link is not None
            link.url = "postgresql://127.0.0.1:1/gone"
            write_link(session, link)
    capsys.readouterr()
    assert cli(a, "team", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["state"], status["to_send"]) == ("offline", 13)  # 5 and 8 starter topics
    assert cli(a, "team", "sync") == 1
    assert "not reachable" in capsys.readouterr().err


def test_a_wait_cut_short_by_the_server_is_busy_not_offline(
    pair: tuple[Path, Path], pg_url: str
) -> None:
    """A statement the server cancels (lock_timeout) is a busy server, not a lost one: the
    window must not show "offline" for it."""
    from sqlalchemy import text

    from poemsreader.core.errors import PoemsReaderError

    with psycopg.connect(pg_url) as holder:
        holder.execute(f"SELECT 1 FROM {server.SCHEMA}.team_library FOR UPDATE")
        with (
            pytest.raises(PoemsReaderError) as caught,
            server.connected(pg_url) as engine,
            engine.begin() as connection,
        ):
            connection.execute(text("SET LOCAL lock_timeout = '50ms'"))
            connection.execute(text(f"SELECT 1 FROM {server.SCHEMA}.team_library FOR UPDATE"))
    assert not isinstance(caught.value, server.TeamOffline)
    assert str(caught.value).startswith("The team server is busy: ")
    assert str(caught.value).endswith("; try again.")
