"""Does opening an article with 500 findings slow the reader's first paint?

Opens the same generated 12-page article through FindingActions (reader, editor,
findings panel) from two libraries: one with no findings, one with 500 spread
over its pages, and times open -> first page painted with real pixels. Prints
the medians and their ratio (target: within 1.2x). Run:

    QT_QPA_PLATFORM=offscreen python bench/bench_findings_paint.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdfgen import ArticleSpec, make_article  # noqa: E402
from tests.selections import anchor_for  # noqa: E402

from poemsreader.core.model import FindingRecord  # noqa: E402
from poemsreader.pdf.document import inspect_pdf  # noqa: E402
from poemsreader.services.library import Library  # noqa: E402
from poemsreader.ui.findings.finding_actions import FindingActions, undo_stack_pusher  # noqa: E402
from poemsreader.ui.findings.finding_editor import FindingEditor  # noqa: E402
from poemsreader.ui.findings.findings_panel import FindingsPanel  # noqa: E402
from poemsreader.ui.reader.reader import ReaderWidget  # noqa: E402

PAGES = 12
FINDINGS = 500
PHRASES = ("POEMS syndrome", "plasma", "Radiation therapy", "Lenalidomide", "bone lesions")


def library_with(root: Path, pdf: Path, findings: int) -> tuple[Library, int]:
    library = Library(root)
    article_id = library.articles.add_pdf(inspect_pdf(pdf)).article_id
    anchors = [
        anchor_for(pdf, page, phrase, occurrence)
        for page in range(PAGES)
        for phrase in PHRASES
        for occurrence in range(3)
    ]
    for n in range(findings):
        anchor = anchors[n % len(anchors)]
        record = FindingRecord(statement=f"Finding {n}", quote=anchor.quote, anchors=[anchor])
        record.topics = [f"Topic {n % 7}"]
        library.findings.create_record(article_id, record)
    return library, article_id


HIGHLIGHTS_SHOWN: list[float] = []


def first_paint_seconds(library: Library, article_id: int, expected: int) -> float:
    """Seconds from opening to the first page painted; also records (HIGHLIGHTS_SHOWN)
    when the findings list and highlights were in place."""
    stack = QUndoStack()
    reader = ReaderWidget()
    push = undo_stack_pusher(stack, library, lambda changes: None)
    editor, panel = FindingEditor(library, push), FindingsPanel()
    actions = FindingActions(library, reader, editor, panel, push)
    reader.resize(900, 1000)
    reader.show()
    loop = QEventLoop()
    reader.view.pagePainted.connect(lambda _page: loop.quit())
    QTimer.singleShot(30_000, loop.quit)
    start = time.perf_counter()
    actions.open_article(article_id)
    loop.exec()
    elapsed = time.perf_counter() - start
    loaded = QEventLoop()
    while actions._pending_load or panel.model.rowCount() != expected:
        QTimer.singleShot(5, loaded.quit)
        loaded.exec()
    HIGHLIGHTS_SHOWN.append(time.perf_counter() - start)
    reader.close()
    reader.shutdown()
    for item in (reader, editor, panel, actions):
        item.deleteLater()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = make_article(folder / "article.pdf", ArticleSpec(page_count=PAGES))
        empty, empty_id = library_with(folder / "empty", pdf, 0)
        full, full_id = library_with(folder / "full", pdf, FINDINGS)
        first_paint_seconds(empty, empty_id, 0)  # warm-up: imports, fonts, worker start
        times: dict[str, list[float]] = {"none": [], "500": []}
        for _ in range(rounds):  # interleaved, so drift hits both alike
            times["none"].append(first_paint_seconds(empty, empty_id, 0))
            times["500"].append(first_paint_seconds(full, full_id, FINDINGS))
        started = time.perf_counter()
        full.findings.for_article(full_id)
        listing = time.perf_counter() - started
        empty.close()
        full.close()
    app.processEvents()
    none, many = statistics.median(times["none"]), statistics.median(times["500"])
    for label, values in (("no findings: ", times["none"]), ("500 findings:", times["500"])):
        print(
            f"first paint, {label} median {statistics.median(values) * 1000:7.1f} ms, "
            f"best {min(values) * 1000:7.1f} ms over {rounds} opens"
        )
    best_ratio = min(times["500"]) / min(times["none"])
    print(f"ratio 500/none: median {many / none:.2f}x, best {best_ratio:.2f}x (target <= 1.20x)")
    shown = statistics.median(HIGHLIGHTS_SHOWN[2::2])
    print(f"500 findings listed and highlighted: median {shown * 1000:.1f} ms after opening")
    print(f"listing 500 findings from the library: {listing * 1000:.1f} ms")


if __name__ == "__main__":
    main()
