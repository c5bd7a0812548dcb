"""Sharing throughput: export / import of N findings, validation of a large file,
re-anchoring against a changed layout. Run: python bench/bench_share.py

Figures are ratios against a smaller run (does the cost grow linearly?) and
against PyMuPDF extracting the same article's text (is re-anchoring cheap next to
reading the PDF at all?).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pymupdf  # noqa: E402
from tests.share.builders import add_reference, add_reviewer, anchor, put_finding  # noqa: E402
from tests.share.test_reanchor_layout import QUOTES, findings_on, layout  # noqa: E402

from poemsreader.core.model import FindingRecord  # noqa: E402
from poemsreader.core.reanchor import KeyedPages, PassageHint, reanchor  # noqa: E402
from poemsreader.pdf.document import inspect_pdf  # noqa: E402
from poemsreader.services.library import Library  # noqa: E402
from poemsreader.share.validate import load_share_file  # noqa: E402

ME = "ffffffff-0000-4000-8000-000000000006"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def exchange(count: int, root: Path) -> tuple[float, float]:
    with Library(root / f"a{count}") as a, Library(root / f"b{count}") as b:
        add_reviewer(a, ME, "Bench")
        article = add_reference(a, "Bench 2026")
        for i in range(count):
            record = FindingRecord(
                statement=f"finding {i}",
                quote="q" * 80,
                topics=["Treatment", "Imaging/CT"],
                tags=["t"],
                reviewer_id=ME,
                anchors=[anchor(i % 10, "q" * 80, "p" * 40, "s" * 40, 5, 85)],
            )
            put_finding(a, record, article)
        path = root / f"share{count}.json"
        export = timed(lambda: a.sharing.export(path))
        imported = timed(lambda: b.sharing.import_file(path))
    return export, imported


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small, large = exchange(100, root), exchange(1000, root)
        for name, few, many in (("export", *[small[0], large[0]]), ("import", small[1], large[1])):
            print(
                f"{name}   100: {few:.2f} s   1000: {many:.2f} s   "
                f"ratio {many / few:.1f}x (10x = linear)"
            )

        data = json.loads((root / "share1000.json").read_text())
        data["findings"] = [  # 20 copies, each with its own id (one id twice is refused)
            {**finding, "id": f"urn:uuid:{uuid.uuid4()}"} for finding in data["findings"] * 20
        ]
        raw = json.dumps(data).encode()
        validate = timed(lambda: load_share_file(raw))
        print(f"validate a 20,000-finding file ({len(raw) / 1e6:.0f} MB): {validate:.2f} s")

        original = layout(root / "o.pdf", pymupdf.paper_rect("a4"), 2, 1800, False)
        other = layout(root / "n.pdf", pymupdf.paper_rect("letter"), 1, 2600, True)
        first = inspect_pdf(original)
        extract = timed(lambda: inspect_pdf(other))
        second = inspect_pdf(other)
        hints = [
            PassageHint(a.page_index, a.quote, a.prefix, a.suffix, a.start, a.end)
            for r in findings_on(first.page_texts, QUOTES, first.sha256)
            for a in r.anchors
        ]
        # as an import does: the copy's match keys once, then every passage
        place = timed(
            lambda: [
                reanchor(h, keyed) for keyed in [KeyedPages(second.page_texts)] for h in hints * 10
            ]
        )
        per = place / (len(hints) * 10)
        print(
            f"re-anchor one finding: {per * 1000:.2f} ms; PyMuPDF text of the article: "
            f"{extract * 1000:.1f} ms; ratio {per / extract:.3f} per finding"
        )


if __name__ == "__main__":
    main()
