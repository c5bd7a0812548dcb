"""The crash harness: SIGKILL real poemsreader processes mid-change, then audit the library.

Each round starts `tests.crash.driver` on the same library, lets it work for a
random moment (sometimes still opening the library, sometimes mid-transaction,
mid-copy or mid-backup) and kills it with SIGKILL. After every kill the database
must pass `PRAGMA quick_check`; at the end the whole library is audited:

- lost: a change the process had reported as DONE that is not in the library;
- corrupt: integrity_check/foreign_key_check failures, or anything half-applied
  (an article without its document or page text, a finding without its anchors
  or topics, a document row without its file, an unreadable backup);
- stray: a copied-in PDF with no row (an add killed between copy and commit):
  invisible to the reviewer, reported by `poemsreader check` and removed by
  `check --repair`.

The full run (documented in the README):

    python -m tests.crash.harness --kills 150

POEMSREADER_CRASH_KILLS sets the count when run from the test suite (default 20).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.crash.driver import SHARED

REPO = Path(__file__).resolve().parents[2]
DEFAULT_KILLS = 20
PDF_COUNT = 12
SHARE_FILES = 8


@dataclass
class Journal:
    """What the killed processes said: changes reported done, and the ones in flight."""

    done: list[tuple[str, dict]] = field(default_factory=list)
    # per finding uuid: the comments it may finally hold (last DONE + begun after it);
    # a value only ever begun, never reported, is not tracked
    comments: dict[str, list[str]] = field(default_factory=dict)
    statuses: dict[int, list[str]] = field(default_factory=dict)
    # every reference import begun: each must be there whole or not at all
    ref_batches: list[list[str]] = field(default_factory=list)
    # every annotation file whose merge began (file names in the shared folder)
    shares_begun: set[str] = field(default_factory=set)

    def read(self, output: str) -> None:
        for line in output.splitlines():
            stage, _, rest = line.partition(" ")
            if stage not in ("BEGIN", "DONE"):
                continue
            kind, _, payload = rest.partition(" ")
            fields = json.loads(payload)
            if kind == "edit":
                self._track(self.comments, fields["uuid"], fields["comment"], stage)
            elif kind == "status":
                self._track(self.statuses, fields["article"], fields["status"], stage)
            if kind == "refs" and stage == "BEGIN":
                self.ref_batches.append(fields["dois"])
            if kind == "share" and stage == "BEGIN":
                self.shares_begun.add(fields["file"])
            if stage == "DONE":
                self.done.append((kind, fields))

    @staticmethod
    def _track(table: dict, key: object, value: str, stage: str) -> None:
        """Keep [last value reported DONE, values begun after it (maybe committed)]."""
        if stage == "DONE":
            table[key] = [value]
        elif key in table:
            table[key].append(value)


@dataclass
class CrashReport:
    kills: int = 0
    changes_reported: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    findings_checked: int = 0
    lost: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    stray_files: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"kills={self.kills} changes_reported={self.changes_reported} "
            f"findings_checked={self.findings_checked} lost={len(self.lost)} "
            f"corrupt={len(self.corrupt)} stray_files={self.stray_files} "
            f"seconds={self.seconds:.0f} "
            f"({', '.join(f'{kind} {n}' for kind, n in sorted(self.by_kind.items()))})"
        )


def make_pdfs(folder: Path, count: int = PDF_COUNT) -> Path:
    from tests.pdfgen import ArticleSpec, make_article

    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        spec = ArticleSpec(
            authors=f"Author{n} Family{n % 4}",
            title=f"Article number {n}",
            page_count=2 + n % 4,
            first_page=100 + 10 * n,
        )
        make_article(folder / f"article-{n:02d}.pdf", spec)
    return folder


def make_shared(folder: Path, pdfs: Path, files: int = SHARE_FILES) -> None:
    """A collaborator's annotation files, each a later export of a growing library.

    The collaborator has every PDF, and each file holds the findings of the one
    before plus two new ones, so merging them exercises matching articles by
    hash, creating references for articles the library lacks, and re-merging
    findings it already has.
    """
    from poemsreader.pdf.document import inspect_pdf
    from poemsreader.services.library import Library
    from tests.crash.driver import make_finding

    shared = pdfs / SHARED
    shared.mkdir(exist_ok=True)
    rng = random.Random(7)
    with Library(folder) as library:
        library.reviewers.set_me("Collaborator")
        articles = [
            library.articles.add_pdf(inspect_pdf(pdf)).article_id
            for pdf in sorted(pdfs.glob("*.pdf"))
        ]
        for n in range(files):
            for m in range(2):
                make_finding(library, rng.choice(articles), rng, f"shared-{n}-{m}")
            library.sharing.export(shared / f"collaborator-{n:02d}.json")


def one_round(library: Path, pdfs: Path, seed: int, rng: random.Random) -> str:
    """Start a driver, kill it at a random moment; returns what it printed.

    One kill in five lands while the process is still starting (opening the
    library, migrating, making the daily backup); the others land a random time
    after it reported READY, in the middle of its changes.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.crash.driver", str(library), str(pdfs), str(seed)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def collect() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("READY"):
                ready.set()

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 1.0))
    else:
        ready.wait(timeout=60)
        time.sleep(rng.uniform(0.0, 1.2))
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    reader.join(timeout=60)
    assert process.stderr is not None
    err = process.stderr.read()
    process.stderr.close()
    process.stdout.close()  # type: ignore[union-attr]
    if process.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the driver ended by itself ({process.returncode}): {err[-2000:]}")
    return "".join(lines)


def quick_check(database: Path) -> str:
    if not database.exists():
        return "ok"
    con = sqlite3.connect(database, timeout=30)
    try:
        return con.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        con.close()


def run(kills: int, workdir: Path, seed: int = 0) -> CrashReport:
    from tests.crash.audit import audit

    rng = random.Random(seed)
    library = workdir / "library"
    pdfs = make_pdfs(workdir / "pdfs")
    make_shared(workdir / "collaborator", pdfs)
    journal = Journal()
    report = CrashReport()
    started = time.monotonic()
    for n in range(kills):
        journal.read(one_round(library, pdfs, seed * 100_000 + n, rng))
        report.kills += 1
        verdict = quick_check(library / "library.sqlite")
        if verdict != "ok":
            report.corrupt.append(f"after kill {n + 1}: quick_check says {verdict}")
    report.changes_reported = len(journal.done)
    for kind, _ in journal.done:
        report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
    audit(library, journal, report, pdfs / SHARED)
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--kills", type=int, default=int(os.environ.get("POEMSREADER_CRASH_KILLS", "100"))
    )
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it afterwards")
    args = parser.parse_args(argv)
    if args.keep:
        workdir = Path(args.keep)
        workdir.mkdir(parents=True, exist_ok=True)
        report = run(args.kills, workdir, args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="poemsreader-crash-") as tmp:
            report = run(args.kills, Path(tmp), args.seed)
    print(f"seed={args.seed} {report.summary()}")
    for problem in report.lost + report.corrupt:
        print(f"  {problem}")
    return 0 if not (report.lost or report.corrupt) else 1


if __name__ == "__main__":
    raise SystemExit(main())
