"""The team sync state of a library holding 10,000 synced objects: what a small sync costs.

    pg_virtualenv .venv/bin/python bench/bench_team_state.py [--findings 10000] [--edits 100]

Needs a server as the tests do (POEMSREADER_TEST_PG, or the PG* variables pg_virtualenv
sets); it makes and drops a database of its own. Client A writes the findings and syncs,
client B pulls them all (not timed): both now remember 10,000 synced objects. Timed,
median of five rounds: A edits a few findings and syncs, B syncs them in, and a sync with
nothing to do.
Run it on two checkouts to compare them: the figures are ratios of the same runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from bench.bench_team_sync import fill, throwaway_database  # noqa: E402
from sqlalchemy import select  # noqa: E402

from poemsreader.services.library import Library  # noqa: E402
from poemsreader.services.team.sync import TeamSync  # noqa: E402
from poemsreader.storage.schema import Finding  # noqa: E402

ROUNDS = 5


def sync(root: Path) -> float:
    start = time.perf_counter()
    with Library(root) as library:
        report = TeamSync(library).sync()
    assert report.check == "passed", report.summary()
    return time.perf_counter() - start


def edit(root: Path, count: int, round_: int) -> None:
    with Library(root) as library, library.db.transaction() as session:
        rows = session.scalars(select(Finding).order_by(Finding.id).limit(count))
        for row in rows:
            row.statement = f"{row.statement.split(' (')[0]} (revision {round_})"
            row.modified = datetime.now(UTC)


def run(url: str, findings: int, edits: int, folder: Path) -> None:
    a, b = folder / "a", folder / "b"
    fill(a, 0, findings)
    with Library(a) as library:
        TeamSync(library).link(url, "bench", create=True)
    with Library(b) as library:
        TeamSync(library).link(url, "bench", create=False)
    sync(a)
    sync(b)
    pushed, pulled, idle = [], [], []
    for round_ in range(ROUNDS):
        edit(a, edits, round_)
        pushed.append(sync(a))
        pulled.append(sync(b))
        idle.append(sync(b))
    print(f"{findings} synced findings on each side; median of {ROUNDS} rounds:")
    print(f"  {edits} edits pushed by A   {statistics.median(pushed):6.2f} s")
    print(f"  pulled by B              {statistics.median(pulled):6.2f} s")
    print(f"  a sync with nothing new  {statistics.median(idle):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    with throwaway_database() as (url, folder):
        run(url, args.findings, args.edits, folder)


if __name__ == "__main__":
    main()
