"""Syncing a team library on PostgreSQL: many clients, then one small change.

    pg_virtualenv .venv/bin/python bench/bench_team_sync.py [--clients 10] [--findings 10000]

Needs a server as the tests do (POEMSREADER_TEST_PG, or the PG* variables pg_virtualenv
sets); it makes and drops a database of its own. Each of the clients writes its share of
the findings into its own local library (not timed), then, timed:

- round 1: every client syncs in turn (pushes its findings, pulls the earlier ones);
- round 2: every client syncs again (pulls what came after it);
- every client then holds all the findings, and its check of counts and the
  (uuid, version) hash against the server passed;
- incremental: one client edits 100 findings and syncs; another syncs them in.

The clients run one after another in this process (the machine has 2 cores); the
concurrent-push test in tests/team covers two processes at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from tests.team.conftest import _with_database, server_address  # noqa: E402

from poemsreader.core.model import FindingRecord  # noqa: E402
from poemsreader.services.library import Library  # noqa: E402
from poemsreader.services.team.sync import TeamSync  # noqa: E402
from poemsreader.share.convert import SharedFinding  # noqa: E402
from poemsreader.storage.schema import Article, Finding, Reviewer  # noqa: E402
from poemsreader.storage.share_rows import ShareNames, add_new_shared  # noqa: E402

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def fill(root: Path, client: int, count: int) -> None:
    reviewer = str(uuid.uuid4())
    with Library(root) as library, library.db.transaction() as session:
        session.add(Reviewer(id=reviewer, name=f"Reviewer {client}", is_me=True))
        article = Article(citekey=f"Author{client} 2013", title=f"Article {client}", year=2013)
        session.add(article)
        session.flush()
        names = ShareNames(session)
        batch = library.findings.batch(session, names)  # as a share import writes them
        for n in range(count):
            record = FindingRecord(
                statement=f"Client {client}, finding {n}.",
                quote=f"passage {n}",
                topics=[f"Topic {n % 7}"],
                reviewer_id=reviewer,
                created=T0 + timedelta(seconds=n),
                modified=T0 + timedelta(seconds=n),
            )
            add_new_shared(batch, names, SharedFinding(record, article.uuid, {}), article, False)
        batch.write()


def live_findings(root: Path) -> int:
    with Library(root) as library, library.db.reading() as session:
        return session.scalar(select(func.count()).where(Finding.deleted.is_(None)))


def sync(root: Path) -> str:
    with Library(root) as library:
        report = TeamSync(library).sync()
    assert report.check == "passed", report.summary()
    return report.summary()


def edit(root: Path, count: int) -> None:
    with Library(root) as library, library.db.transaction() as session:
        rows = session.scalars(select(Finding).order_by(Finding.id).limit(count))
        for row in rows:
            row.statement += " (revised)"
            row.modified = datetime.now(UTC)


def run(url: str, clients: int, findings: int, folder: Path) -> None:
    roots = [folder / f"client{c}" for c in range(clients)]
    share = findings // clients
    for number, root in enumerate(roots):
        fill(root, number, share)
        with Library(root) as library:
            TeamSync(library).link(url, "bench", create=number == 0)
    start, cpu = time.perf_counter(), time.process_time()
    for root in roots:
        sync(root)
    first = time.perf_counter() - start
    for root in roots:
        sync(root)
    whole = time.perf_counter() - start
    whole_cpu = time.process_time() - cpu  # the clients' share (the server's is apart)
    counts = {live_findings(root) for root in roots}
    assert counts == {share * clients}, counts
    print(f"{clients} clients x {share} findings each ({share * clients} in all):")
    print(f"  round 1 (push + pull) {first:6.1f} s; both rounds {whole:6.1f} s (goal < 60 s)")
    print(f"  CPU time of the clients (this process) in both rounds: {whole_cpu:6.1f} s")
    print(f"  every client holds {counts.pop()} findings; every check passed")
    edit(roots[0], 100)
    start, cpu = time.perf_counter(), time.process_time()
    sent = sync(roots[0])
    pushed, pushed_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    got = sync(roots[1])
    pulled, pulled_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"  incremental: 100 edits pushed in {pushed:.2f} s (CPU {pushed_cpu:.2f} s), "
        f"pulled in {pulled:.2f} s (CPU {pulled_cpu:.2f} s) (goal < 2 s each)"
    )
    print(f"    {sent}\n    {got}")


@contextmanager
def throwaway_database() -> Iterator[tuple[str, Path]]:
    """A fresh database on the test server and a temporary folder, both gone afterwards."""
    address = os.environ.get("POEMSREADER_TEST_PG") or server_address()
    if address is None:
        sys.exit("No PostgreSQL server: set POEMSREADER_TEST_PG or run under pg_virtualenv.")
    name = f"poemsreader_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(address, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as folder:
            yield _with_database(address, name), Path(folder)
    finally:
        with psycopg.connect(address, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--findings", type=int, default=10_000, help="in all")
    args = parser.parse_args()
    with throwaway_database() as (url, folder):
        run(url, args.clients, args.findings, folder)


if __name__ == "__main__":
    main()
