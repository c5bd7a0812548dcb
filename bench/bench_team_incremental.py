"""An incremental team sync: 100 changes against a library of 10,000 findings.

    pg_virtualenv .venv/bin/python bench/bench_team_incremental.py [--findings 10000]

Needs a server as the tests do (POEMSREADER_TEST_PG, or the PG* variables pg_virtualenv
sets); it makes and drops a database of its own. Not timed: Ann's library gets the
findings and both Ann and Ben sync them. Timed, each three times (the best shown):

- Ann edits 100 findings and syncs (push, with the pulls and the check around it);
- Ben syncs them in (a whole sync: pull, push of nothing, check);
- Ann edits 100 more; Ben only pulls (what an open window does on a notice).

A sync should cost what it carries, not what the library holds: the figures are shown
beside the time of the first sync that carried all the findings (goal: under 2 s each).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_team_sync import edit, fill, live_findings, sync, throwaway_database  # noqa: E402

from poemsreader.services.library import Library  # noqa: E402
from poemsreader.services.team.sync import TeamSync  # noqa: E402

ROUNDS = 3
CHANGES = 100


CPU: list[float] = []  # this process's CPU time of each timed step (the server's is apart)


def timed(step: Callable[[], object]) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    step()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


def pull(root: Path) -> None:
    with Library(root) as library:
        report = TeamSync(library).pull()
    assert report.pulled >= CHANGES, report.summary()


def run(url: str, findings: int, folder: Path) -> None:
    ann, ben = folder / "ann", folder / "ben"
    fill(ann, 0, findings)
    fill(ben, 1, 1)
    for root, create in ((ann, True), (ben, False)):
        with Library(root) as library:
            TeamSync(library).link(url, "bench", create=create)
    first_push = timed(lambda: sync(ann))
    first_pull = timed(lambda: sync(ben))
    assert live_findings(ben) == findings + 1
    pushes, syncs, pulls = [], [], []
    CPU.clear()
    for _ in range(ROUNDS):
        edit(ann, CHANGES)
        pushes.append(timed(lambda: sync(ann)))
        syncs.append(timed(lambda: sync(ben)))
        edit(ann, CHANGES)
        sync(ann)
        pulls.append(timed(lambda: pull(ben)))
    print(
        f"library of {findings} findings; first sync: push {first_push:.1f} s, "
        f"pull {first_pull:.1f} s"
    )
    print(
        f"  {CHANGES} changes: pushed (whole sync) in {min(pushes):.2f} s, "
        f"synced in {min(syncs):.2f} s, pulled alone in {min(pulls):.2f} s (goal < 2 s)"
    )
    print(f"  CPU time of this process per step: {min(CPU):.2f} to {max(CPU):.2f} s")
    print(
        f"  ratio to the first pull: {min(syncs) / first_pull:.3f} "
        f"(the changes are {CHANGES / findings:.3f} of the library)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    with throwaway_database() as (url, folder):
        run(url, args.findings, folder)


if __name__ == "__main__":
    main()
