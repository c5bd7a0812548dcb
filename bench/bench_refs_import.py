"""Importing references: parse time vs. import (match + enrich + keys) time.

Builds a MEDLINE file of N records from the corpus file (PMIDs and titles made
unique), then measures: parsing alone, importing into an empty library, and
importing the same file again (every record matched and compared).

    python bench/bench_refs_import.py [N]
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

from poemsreader.bib.detect import parse_text
from poemsreader.services.library import Library

CORPUS = (
    Path(
        os.environ.get(
            "POEMSREADER_CORPUS", Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
        )
    )
    / "bib"
)


def medline_text(count: int) -> str:
    source = (CORPUS / "pubmed-medline-10records.nbib").read_text(encoding="utf-8")
    records = [r for r in source.split("\n\n") if r.strip()]
    out = []
    for n in range(count):
        record = records[n % len(records)]
        record = re.sub(r"^PMID- \d+", f"PMID- {90000000 + n}", record, flags=re.MULTILINE)
        record = re.sub(r"^TI  - ", f"TI  - Study {n}: ", record, count=1, flags=re.MULTILINE)
        record = re.sub(r"^(LID|AID) - .*\[doi\]\n", "", record, flags=re.MULTILINE)
        out.append(record)
    return "\n\n".join(out) + "\n"


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    text = medline_text(count)
    parsed, parse_s = timed(lambda: parse_text(text))
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "lib") as library:
        first, first_s = timed(lambda: library.references.import_parsed(parsed, "bench"))
        again, again_s = timed(lambda: library.references.import_parsed(parsed, "bench"))
        _, export_s = timed(lambda: library.references.export_text("bib"))
    print(f"records: {count}")
    print(f"parse MEDLINE:        {parse_s * 1000:8.1f} ms  (1.0x)")
    print(f"import (all new):     {first_s * 1000:8.1f} ms  ({first_s / parse_s:.1f}x parse)")
    print(f"import (all matched): {again_s * 1000:8.1f} ms  ({again_s / parse_s:.1f}x parse)")
    print(f"export BibTeX:        {export_s * 1000:8.1f} ms  ({export_s / parse_s:.1f}x parse)")
    assert len(first.created) == count and len(again.merged) == count


if __name__ == "__main__":
    main()
