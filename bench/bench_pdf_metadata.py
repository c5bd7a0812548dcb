"""Share of reference fields read right from the corpus PDFs, against a hand-read table.

    python bench/bench_pdf_metadata.py [--verbose]

Each article of ../shared/corpus/articles is inspected as `add` inspects it
(`inspect_pdf`: metadata, first page, DOI from the whole text) and its DOI, first
author, year, journal, volume, issue and pages compared with
tests/pdf/metadata_ground_truth.json. Prints the share right per field, and with
--verbose every wrong field.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", REPO.parent / "shared" / "corpus"))
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from tests.pdf.metadata_truth import GOALS, SCORED_FIELDS, load_truth, wrong_fields  # noqa: E402

from poemsreader.core.model import ArticleRecord  # noqa: E402
from poemsreader.pdf.document import inspect_pdf  # noqa: E402


def record_read_from(path: Path) -> ArticleRecord:
    """What reading the PDF yields: the guessed record, with the DOI found in its text."""
    facts = inspect_pdf(path)
    return dataclasses.replace(facts.guessed, doi=facts.guessed.doi or facts.doi)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    folder = CORPUS / "articles"
    if not folder.is_dir():
        print(f"needs the shared corpus at {folder}")
        return 1
    truths = load_truth()
    right = dict.fromkeys(SCORED_FIELDS, 0)
    started = time.perf_counter()
    for truth in truths:
        wrong = wrong_fields(truth, record_read_from(folder / truth.file))
        for name in SCORED_FIELDS:
            right[name] += name not in wrong
        if args.verbose:
            for name, (expected, found) in wrong.items():
                print(f"  {truth.file}: {name} expected {expected!r}, read {found!r}")
    elapsed = time.perf_counter() - started
    print(f"{len(truths)} articles, {elapsed / len(truths) * 1000:.0f} ms each")
    for name in SCORED_FIELDS:
        share = right[name] / len(truths)
        mark = "ok" if share >= GOALS[name] else f"below the goal of {GOALS[name]:.0%}"
        print(f"{name:>13}: {right[name]:2d}/{len(truths)} = {share:6.1%}  {mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
