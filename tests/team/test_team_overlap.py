"""A pull and a whole sync of one library at the same moment, while another member pushes.

The window keeps a warm child (services.team.sync.Follower) that pulls whenever the
server announces a push, and runs "Sync now" (and the automatic sync) as a whole sync
in a child process of its own: two processes on one library folder. Ann and Ben reword
the same findings; Ann sends first, so Ben's sync meets both and sends the conflicts
with his batch. Ann's follower and Ann's sync then both start on that batch at once:
the test holds the library's write lock for a moment, so both have read the rows from
the server before either has merged them (as happens whenever a pull and a sync overlap
on a big batch). Then they run freely, pulling and syncing over and over while Ben
pushes two more batches. Afterwards nothing is lost or doubled on either side, the
sanity check passes, each conflict is open once on each side, and the digests are
byte-identical; neither of Ann's processes failed.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import sqlite3
import time
import traceback
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from poemsreader.services.team.sync import Follower, sync_library
from poemsreader.storage.schema import Finding
from tests.share.builders import add_reference, findings, put_finding
from tests.team.conftest import ANN, BEN, cli

pytestmark = pytest.mark.postgres

S = "poemsreader_team"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SHARED = 120  # findings both have before the overlap
REWORDED = 4  # of those, reworded by both: each a conflict
ANNS_OWN = 40  # made by Ann offline, sent by her syncs
WORK = 5  # findings Ann makes before each of her syncs
FIRST = 300  # Ben's batch with his rewordings, which both of Ann's processes start on
LATER = (40, 40, 40, 40)  # what Ben pushes while they run
SYNCS = 3  # at least: "Sync now", then automatic ones
HOLD_S = 3.0  # the write lock held while both read the first batch (busy timeout: 10 s)


def _findings(root: Path, reviewer: str, key: str, count: int) -> list[str]:
    with Library(root) as library:
        article = add_reference(library, key, doi=f"10.1/{key.replace(' ', '.').lower()}")
        made = []
        for n in range(count):
            when = T0 + timedelta(seconds=n)
            topic = "Neuropathy" if n % 2 else "Neuropathy/Treatment"
            record = FindingRecord(
                statement=f"{key}: finding {n}.",
                quote=f"passage {n}",
                topics=[topic],
                reviewer_id=reviewer,
                created=when,
                modified=when,
            )
            put_finding(library, record, article, {topic: float(n)})
            made.append(record.uuid)
    return made


def _reword(root: Path, uuids: list[str], whose: str) -> None:
    with Library(root) as library:
        for n, uuid in enumerate(uuids):
            shared = findings(library)[uuid]
            record = dataclasses.replace(
                shared.record, statement=f"{whose} wording {n}.", modified=datetime.now(UTC)
            )
            put_finding(library, record, shared.article_uuid, shared.positions)


# -- the three processes (top level: started with "spawn", as the window starts its own) -----


def _guarded(name: str, results: Queue, work: Any, *args: Any) -> None:
    try:
        results.put((name, "ok", work(*args)))
    except BaseException:  # a traceback is what the test looks for
        results.put((name, "error", traceback.format_exc()))


def _follow(root: str, ready: Event, start: Event, stop: Event) -> list[str]:
    """The warm child: one open library, pulling until told to stop, then once more."""
    follower = Follower(root)
    try:
        ready.set()
        start.wait()
        summaries = []
        while not stop.is_set():
            summaries.append(follower.pull().summary())
        summaries.append(follower.pull().summary())
        return summaries
    finally:
        follower.close()


def _sync_now(root: str, ready: Event, start: Event, pushed: Event) -> tuple[int, list[str]]:
    """Whole syncs, each in a fresh library as the window's child process opens it, with
    a few new findings before each of the later ones (the reviewer goes on working),
    until Ben is done."""
    ready.set()
    start.wait()
    made, summaries = 0, [sync_library(root).summary()]
    while not pushed.is_set() or len(summaries) < SYNCS:
        _findings(Path(root), ANN, f"Kelly {1983 + len(summaries)}", WORK)
        made += WORK
        summaries.append(sync_library(root).summary())
    summaries.append(sync_library(root).summary())
    return made, summaries


def _push_batches(root: str, released: Event, pushed: Event) -> list[str]:
    released.wait()
    summaries = []
    try:
        for n, size in enumerate(LATER):
            _findings(Path(root), BEN, f"Royer {2015 + n}", size)
            summaries.append(sync_library(root).summary())
    finally:
        pushed.set()
    return summaries


def _run_at_once(a: Path, b: Path) -> dict[str, Any]:
    """Ann's follower and sync, and Ben's pushes; both of Ann's start with the write lock
    of her library held, and go on when it is let go."""
    context = multiprocessing.get_context("spawn")
    results: Queue = context.Queue()
    start, released, stop, pushed = (context.Event() for _ in range(4))
    readiness = [context.Event(), context.Event()]
    jobs = {
        "pull": (_follow, str(a), readiness[0], start, stop),
        "sync": (_sync_now, str(a), readiness[1], start, pushed),
        "push": (_push_batches, str(b), released, pushed),
    }
    processes = [
        context.Process(target=_guarded, args=(name, results, *job)) for name, job in jobs.items()
    ]
    for process in processes:
        process.start()
    answers: dict[str, Any] = {}
    try:
        assert all(ready.wait(timeout=120) for ready in readiness)
        writer = sqlite3.connect(a / "library.sqlite", isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        start.set()
        time.sleep(HOLD_S)
        writer.execute("ROLLBACK")
        writer.close()
        released.set()
        while set(answers) != set(jobs):
            name, state, value = results.get(timeout=300)
            answers[name] = (state, value)
            if {"sync", "push"} <= set(answers):
                stop.set()
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    return answers


# -- what both sides and the server hold ---------------------------------------------------------


def _live_uuids(root: Path) -> tuple[int, set[str]]:
    """Live findings here: how many rows, and their uuids."""
    with Library(root) as library, library.db.reading() as session:
        uuids = list(session.scalars(select(Finding.uuid).where(Finding.deleted.is_(None))))
        count = session.scalar(select(func.count()).select_from(Finding))
    assert count == len(uuids)  # no deleted copies either
    return len(uuids), set(uuids)


def _server_uuids(pg_url: str) -> tuple[int, set[str]]:
    with psycopg.connect(pg_url) as connection:
        rows = connection.execute(
            f"SELECT uuid FROM {S}.team_object WHERE kind = 'finding' AND NOT deleted"
        ).fetchall()
    return len(rows), {uuid for (uuid,) in rows}


def _out(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert cli(root, *args) == 0
    return capsys.readouterr().out


def test_a_pull_and_a_sync_of_one_library_at_once_lose_and_double_nothing(
    pair: tuple[Path, Path], pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    reworded = _findings(a, ANN, "Li 2013", SHARED)[7 : 7 + REWORDED]
    assert "check passed" in _out(a, capsys, "team", "sync")
    assert "check passed" in _out(b, capsys, "team", "sync")
    _reword(a, reworded, "Ann's")
    assert "check passed" in _out(a, capsys, "team", "sync")
    _findings(a, ANN, "Bardwick 1980", ANNS_OWN)
    _reword(b, reworded, "Ben's")
    _findings(b, BEN, "Royer 2014", FIRST)
    line = _out(b, capsys, "team", "sync")
    assert f"{REWORDED} new conflict(s)" in line and "check passed" in line, line

    answers = _run_at_once(a, b)

    failures = {name: value for name, (state, value) in answers.items() if state != "ok"}
    assert not failures, failures
    pulls = answers["pull"][1]
    made, syncs = answers["sync"][1]
    lines = [*pulls, *syncs, *answers["push"][1]]
    assert not any("locked" in line or "in use" in line for line in lines), lines
    assert len(pulls) > 1 and len(syncs) > SYNCS, answers
    for root in (b, a, b, a):
        assert "check passed" in _out(root, capsys, "team", "sync")

    expected = SHARED + ANNS_OWN + made + FIRST + sum(LATER)
    server_count, server_uuids = _server_uuids(pg_url)
    assert server_count == expected
    for root in (a, b):
        assert _live_uuids(root) == (expected, server_uuids)
        status = json.loads(_out(root, capsys, "team", "status", "--json"))
        assert status["check"]["result"] == "passed" and status["to_send"] == 0, status
        conflicts = json.loads(_out(root, capsys, "share", "conflicts", "--json"))
        # each reworded finding: one conflict here, still open, about its statement
        about = sorted((c["finding"], c["fields"]) for c in conflicts)
        assert about == sorted((u, ["statement"]) for u in reworded), (root.name, conflicts)
    digests = []
    for root in (a, b):
        out = tmp_path / f"{root.name}.md"
        assert cli(root, "digest", "-o", str(out)) == 0
        digests.append(out.read_bytes())
    assert digests[0] == digests[1]
    print(f"\nfollower pulled {len(pulls)} times beside {len(syncs)} syncs: {syncs}")
