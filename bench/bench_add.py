"""Adding 100 PDFs to a library, against raw PyMuPDF text extraction of the same files.

    python bench/bench_add.py [--count 100] [--workers N]

The 100 files are copies of the corpus articles (../shared/corpus/articles), each
re-saved with changed metadata so that every copy is a different file (different
SHA-256). Without the corpus, generated two-column articles are used. The raw
figure is `page.get_text()` on every page, one process; ours is the whole `add`
(hashing, metadata and first-page guess, text of every page, copying into the
library, database and full-text index), with its worker processes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", REPO.parent / "shared" / "corpus"))
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from poemsreader.services.add_job import AddJob  # noqa: E402
from poemsreader.services.library import Library  # noqa: E402


def sources() -> list[Path]:
    for folder in (CORPUS / "articles", REPO.parent.parent / "shared" / "corpus" / "articles"):
        found = sorted(folder.glob("*.pdf"))
        if found:
            return found
    return []


def make_inputs(folder: Path, count: int) -> list[Path]:
    originals = sources()
    made = []
    for n in range(count):
        target = folder / f"article-{n:03d}.pdf"
        if originals:
            with pymupdf.open(originals[n % len(originals)]) as doc:
                meta = dict(doc.metadata or {})
                meta["subject"] = f"benchmark copy {n}"
                doc.set_metadata(meta)
                doc.save(target, garbage=1)
        else:
            from tests.pdfgen import ArticleSpec, make_article

            make_article(target, ArticleSpec(title=f"Generated article number {n}", page_count=8))
        made.append(target)
    return made


def raw_extraction(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()
    return time.perf_counter() - start


def add_to_library(files: list[Path], root: Path, workers: int | None) -> tuple[float, int]:
    start = time.perf_counter()
    with Library(root) as library:
        report = AddJob(library.articles, files, workers=workers).run()
    return time.perf_counter() - start, len(report.added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        files = make_inputs(inputs, args.count)
        pages = sum(pymupdf.open(f).page_count for f in files)
        raw_extraction(files[:5])  # warm the file cache and pymupdf
        before = raw_extraction(files)
        ours, added = add_to_library(files, Path(tmp) / "library", args.workers)
        after = raw_extraction(files)  # raw runs on both sides: the machine's load drifts
        raw = (before + after) / 2
    print(f"{len(files)} PDFs, {pages} pages ({'corpus copies' if sources() else 'generated'})")
    print(f"raw PyMuPDF page.get_text(), one process: {raw:6.2f} s ({before:.2f} / {after:.2f})")
    print(f"poemsreader add ({added} added, {os.cpu_count()} CPUs): {ours:6.2f} s")
    print(f"ratio add / raw: {ours / raw:.2f}x (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
