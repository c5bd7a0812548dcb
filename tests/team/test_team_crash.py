"""A 5,000-finding push cut short three ways, then synced again: nothing lost or doubled.

Each test runs `poemsreader team sync` in a child process against a PostgreSQL cluster of
its own (tests/team/own_cluster.py) and stops the push at a known point inside its
transaction: the test holds an uncommitted row with the uuid of the push's last finding,
so the push's INSERT waits on that row's lock after every earlier row is written. Then:
the server is stopped with `pg_ctl -m immediate`; or the client is killed; or (through
a proxy) the connection is cut after the server committed but before its reply is read.
After the next sync both libraries and the server agree: counts per kind, one row per
uuid, the sanity check's hash of (kind, uuid, version), and byte-identical digests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from poemsreader.share.convert import SharedFinding
from poemsreader.storage.schema import Article, Finding
from poemsreader.storage.share_rows import write_shared
from poemsreader.storage.team import server
from tests.share.builders import add_reviewer
from tests.team.conftest import ANN, BEN, cli
from tests.team.cut_proxy import CommitCutProxy
from tests.team.own_cluster import SUPERUSER, OwnCluster, running_cluster

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FINDINGS = 5000
TOPICS = 10  # the 8 starter topics, Neuropathy and its Treatment
OBJECTS = FINDINGS + 2 + TOPICS  # and one article, one reviewer
S = "poemsreader_team"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster() -> Iterator[OwnCluster]:
    yield from running_cluster()


@pytest.fixture(scope="module")
def ann_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Ann's library with the 5,000 findings, made once and copied for each test, and
    the uuid of the last finding its first push writes."""
    root = tmp_path_factory.mktemp("template") / "a"
    with Library(root) as library:
        add_reviewer(library, ANN, "Ann")
    _fill(root, FINDINGS)
    return root, _last_finding_pushed(root)


@dataclass
class Team:
    cluster: OwnCluster
    database: str
    a: Path  # Ann's library, with the 5,000 findings to push
    b: Path  # Ben's, empty, linked directly
    last: str  # the uuid of the last finding Ann's first push writes
    children: list[subprocess.Popen[str]] = field(default_factory=list)

    def sync_process(self, root: Path) -> subprocess.Popen[str]:
        """`poemsreader --library ROOT team sync` in a child process."""
        code = (
            "import sys; from poemsreader.cli import main; "
            f"sys.exit(main(['--library', {str(root)!r}, 'team', 'sync']))"
        )
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.children.append(child)
        return child

    @property
    def url(self) -> str:
        return self.cluster.url(self.database)


@pytest.fixture
def team(cluster: OwnCluster, ann_library: tuple[Path, str], tmp_path: Path) -> Iterator[Team]:
    database = f"crash_{tmp_path.name[-24:].lower().replace('-', '_')}"
    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    made = Team(cluster, database, tmp_path / "a", tmp_path / "b", ann_library[1])
    shutil.copytree(ann_library[0], made.a)
    with Library(made.b) as library:
        add_reviewer(library, BEN, "Ben")
    yield made
    for child in made.children:
        if child.poll() is None:
            child.kill()
            child.communicate()
    if cluster.is_up():
        with psycopg.connect(cluster.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _fill(root: Path, count: int) -> None:
    """`count` findings on one article, each placed after the last in its topic,
    written in one local transaction."""
    with Library(root) as library, library.db.transaction() as session:
        article = Article(citekey="Dispenzieri 2003", title="POEMS syndrome", year=2003)
        session.add(article)
        session.flush()
        for n in range(count):
            # One root topic: the order of sibling topics is not synced, only the
            # findings' places within each topic.
            topic = "Neuropathy" if n % 2 else "Neuropathy/Treatment"
            record = FindingRecord(
                statement=f"Finding {n:04d}: VEGF was raised.",
                quote=f"passage {n}",
                topics=[topic],
                reviewer_id=ANN,
                created=T0 + timedelta(seconds=n),
                modified=T0 + timedelta(seconds=n),
            )
            shared = SharedFinding(record, article.uuid, {topic: float(n)})
            write_shared(session, library.findings, None, shared, article, False)


def _sync(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli(root, "team", "sync") == 0
    return capsys.readouterr().out.strip()


def _status(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    capsys.readouterr()
    assert cli(root, "team", "status", "--json", *extra) == 0
    return json.loads(capsys.readouterr().out)


# -- holding a push in the middle of its transaction -------------------------------------------


def _last_finding_pushed(root: Path) -> str:
    """The uuid of the last finding the next push writes."""
    with Library(root) as library:
        pending, *_ = TeamSync(library)._pending()
    return [item.uuid for item in pending.values() if item.kind == "finding"][-1]


def _hold(url: str, library_id: int, uuid: str) -> psycopg.Connection:
    """An open transaction holding an uncommitted row with this uuid: a push writing it
    waits for the lock, with all its earlier rows written and nothing committed."""
    holder = psycopg.connect(url)
    # Without the foreign-key check: its key-share lock on the library's counter row
    # does not hold up a push (which takes FOR NO KEY UPDATE), but the held row need
    # not depend on that.
    holder.execute("SET LOCAL session_replication_role = replica")
    holder.execute(
        f"INSERT INTO {S}.team_object (library_id, kind, uuid, version, data) "
        "VALUES (%s, 'finding', %s, 0, '{}')",
        (library_id, uuid),
    )
    return holder


def _wait_until_blocked(url: str, pusher: subprocess.Popen[str]) -> float:
    """Seconds until the push's INSERT waits on the held row. (Asked on a connection of
    its own: within a transaction pg_stat_activity keeps showing its first snapshot.)"""
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as watcher:
        while time.perf_counter() - began < 120:
            blocked = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                f"AND datname = current_database() AND query LIKE 'INSERT INTO {S}.team_object%'"
            ).fetchone()
            if blocked and blocked[0]:
                return time.perf_counter() - began
            assert pusher.poll() is None, pusher.communicate()
            time.sleep(0.05)
    raise AssertionError("the push never reached its last finding")


def _push_again(root: Path) -> server.PushResult:
    """Send the library's pending changes once more, based on the versions it last saw."""
    with Library(root) as library:
        team = TeamSync(library)
        pending = team._pending()
        link = team.current_link()
    with server.connected(link.url) as engine:
        return server.push(engine, link.library_id, pending.changes(), pending.me)


def _timed_sync(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, float]:
    """`team sync`'s line, and how long it took."""
    began = time.perf_counter()
    line = _sync(root, capsys)
    return line, time.perf_counter() - began


def _library_id(root: Path) -> int:
    with Library(root) as library:
        return TeamSync(library).current_link().library_id


# -- what both sides hold ------------------------------------------------------------------------


def _server_state(url: str, library_id: int) -> tuple[dict[str, int], int, int]:
    """Rows per kind, distinct (kind, uuid) pairs, and the library's version."""
    with psycopg.connect(url) as connection:
        kinds = dict(
            connection.execute(
                f"SELECT kind, count(*) FROM {S}.team_object WHERE library_id = %s GROUP BY kind",
                (library_id,),
            ).fetchall()
        )
        distinct = connection.execute(
            f"SELECT count(DISTINCT (kind, uuid)) FROM {S}.team_object WHERE library_id = %s",
            (library_id,),
        ).fetchone()
        version = connection.execute(
            f"SELECT version FROM {S}.team_library WHERE id = %s", (library_id,)
        ).fetchone()
    assert distinct is not None and version is not None
    return kinds, int(distinct[0]), int(version[0])


def _local_findings(root: Path) -> tuple[int, int]:
    """Live findings and distinct uuids among them."""
    with Library(root) as library, library.db.reading() as session:
        live = select(Finding.uuid).where(Finding.deleted.is_(None)).subquery()
        count = session.scalar(select(func.count()).select_from(live))
        distinct = session.scalar(select(func.count(func.distinct(live.c.uuid))))
    return int(count or 0), int(distinct or 0)


def _assert_all_agree(team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library_id = _library_id(team.a)
    kinds, distinct, _ = _server_state(team.url, library_id)
    assert kinds == {"finding": FINDINGS, "article": 1, "reviewer": 2, "topic": TOPICS}
    assert distinct == sum(kinds.values())
    with server.connected(team.url) as engine:
        expected_counts, expected_hash = server.versions_digest(
            server.server_versions(engine, library_id)
        )
    for root in (team.a, team.b):
        assert _local_findings(root) == (FINDINGS, FINDINGS)
        status = _status(root, capsys)
        assert (status["state"], status["to_send"], status["conflicts"]) == ("up to date", 0, 0)
        assert status["counts"] == expected_counts
        assert status["check"]["result"] == "passed"
        assert status["check"]["hash"] == expected_hash
    digests = []
    for root in (team.a, team.b):
        out = tmp_path / f"{root.name}-digest.md"
        assert cli(root, "digest", "-o", str(out)) == 0
        digests.append(out.read_bytes())
    assert digests[0] == digests[1] and b"Finding 4999: VEGF was raised." in digests[0]


def _sync_b_then_a(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    line = _sync(team.b, capsys)
    assert f"pulled {OBJECTS}" in line and f"merged {FINDINGS}" in line, line
    assert "check passed" in line, line
    line = _sync(team.a, capsys)  # Ben's reviewer row
    assert "pushed 0, pulled 1" in line and "check passed" in line, line


# -- the tests ------------------------------------------------------------------------------------


def test_the_server_stopped_in_the_middle_of_a_push(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(team.a, "team", "create", team.url, "pnp") == 0
    assert cli(team.b, "team", "link", team.url, "pnp") == 0
    library_id = _library_id(team.a)
    holder = _hold(team.url, library_id, team.last)
    pusher = team.sync_process(team.a)
    reached = _wait_until_blocked(team.url, pusher)
    team.cluster.crash()
    out, err = pusher.communicate(timeout=60)
    holder.close()
    assert pusher.returncode == 1 and "not reachable" in err and "Traceback" not in err, (
        out,
        err,
    )
    assert _status(team.a, capsys, "--offline")["to_send"] == OBJECTS  # none counted as sent
    recovery = team.cluster.start()
    assert _server_state(team.url, library_id) == ({}, 0, 0)  # the push rolled back whole
    line, resync = _timed_sync(team.a, capsys)
    assert f"pushed {OBJECTS}" in line and "check passed" in line, line
    _sync_b_then_a(team, capsys)
    _assert_all_agree(team, tmp_path, capsys)
    print(f"\npush held after {reached:.1f} s, recovery {recovery:.1f} s, resync {resync:.1f} s")


def test_the_client_killed_in_the_middle_of_a_push(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(team.a, "team", "create", team.url, "pnp") == 0
    assert cli(team.b, "team", "link", team.url, "pnp") == 0
    library_id = _library_id(team.a)
    holder = _hold(team.url, library_id, team.last)
    pusher = team.sync_process(team.a)
    _wait_until_blocked(team.url, pusher)
    pusher.kill()
    pusher.communicate(timeout=60)
    holder.rollback()  # the push's INSERT goes on, finds its client gone and rolls back
    holder.close()
    assert _status(team.a, capsys, "--offline")["to_send"] == OBJECTS
    assert _server_state(team.url, library_id) == ({}, 0, 0)
    line, resync = _timed_sync(team.a, capsys)
    assert f"pushed {OBJECTS}" in line and "check passed" in line, line
    _sync_b_then_a(team, capsys)
    _assert_all_agree(team, tmp_path, capsys)
    print(f"\nsync after the killed client {resync:.1f} s")


def test_the_reply_to_the_push_commit_lost(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proxy = CommitCutProxy(team.cluster.port)
    try:
        through_proxy = proxy.url(team.database, SUPERUSER)
        assert cli(team.a, "team", "create", through_proxy, "pnp") == 0
        assert cli(team.b, "team", "link", team.url, "pnp") == 0
        library_id = _library_id(team.a)
        began = time.perf_counter()
        pusher = team.sync_process(team.a)
        out, err = pusher.communicate(timeout=120)
        push_time = time.perf_counter() - began
        assert proxy.cut.is_set(), (out, err)
        assert pusher.returncode == 1 and "not reachable" in err and "Traceback" not in err, (
            out,
            err,
        )
        committed = _server_state(team.url, library_id)
        kinds = {"finding": FINDINGS, "article": 1, "reviewer": 1, "topic": TOPICS}
        assert committed == (kinds, OBJECTS, 1)
        # The reply never came: nothing here counts as sent.
        assert _status(team.a, capsys, "--offline")["to_send"] == OBJECTS
        again = _push_again(team.a)  # the same push, same bases, as a client that never pulls
        assert (len(again.accepted), len(again.rejected), again.version) == (0, OBJECTS, 0)
        assert _server_state(team.url, library_id) == committed
        line, resync = _timed_sync(team.a, capsys)
        assert "pushed 0" in line and "merged 0" in line and "check passed" in line, line
        assert _server_state(team.url, library_id) == committed  # pushing again changed nothing
        _sync_b_then_a(team, capsys)
        _assert_all_agree(team, tmp_path, capsys)
        print(f"\npush through the proxy {push_time:.1f} s, resync {resync:.1f} s")
    finally:
        proxy.close()
