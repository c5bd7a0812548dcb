"""Cost of durable commits: one finding written per transaction, synchronous FULL vs NORMAL.

    python bench/bench_commit.py [N]

The library commits with PRAGMA synchronous=FULL so that an edit reported as
saved survives a power cut, not only a crash of the process; this prints what
that costs per user action, as a ratio against NORMAL.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.librarydata import add_finding
from tests.pdfgen import ArticleSpec, make_article

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage import database


def commits_per_second(mode: str, count: int, folder: Path) -> float:
    database.SYNCHRONOUS = mode
    with Library(folder / mode) as library:
        article = library.articles.add_pdf(
            inspect_pdf(make_article(folder / f"{mode}.pdf", ArticleSpec()))
        ).article_id
        started = time.perf_counter()
        for n in range(count):
            add_finding(library, article, f"finding {n}")
        return count / (time.perf_counter() - started)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        normal = commits_per_second("NORMAL", count, Path(tmp))
        full = commits_per_second("FULL", count, Path(tmp))
    print(f"findings committed one per transaction ({count}):")
    print(f"  synchronous=NORMAL {normal:8.1f}/s  ({1000 / normal:.2f} ms each)")
    print(f"  synchronous=FULL   {full:8.1f}/s  ({1000 / full:.2f} ms each)")
    print(f"  FULL / NORMAL time ratio: {normal / full:.2f}")


if __name__ == "__main__":
    main()
