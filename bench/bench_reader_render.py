"""Per-page render cost through the reader's pipeline vs raw pymupdf get_pixmap.

Usage: python bench/bench_reader_render.py [FILE.pdf ...] [--pages N] [--scale S]

Raw: `page.get_pixmap(matrix=Matrix(S, S))` in this process, page after page.
Pipeline: the reader's RenderQueue (worker process, pipe, QImage -> QPixmap on the
main thread), one page in flight at a time, so the figure is the latency a
reviewer waits for one page. Also shown: the throughput with the default two
workers, pages requested all at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pymupdf
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from poemsreader.pdf.render_geometry import tile_grid
from poemsreader.ui.render_queue import RenderQueue, RenderRequest

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", HERE.parents[1] / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
DEFAULT_FILES = [
    CORPUS / "articles" / "bmccancer-2016-s12885-016-2685-3.pdf",
    CORPUS / "long" / "freeculture-352p.pdf",
]


def requests_for(path: Path, pages: int, scale: float) -> list[RenderRequest]:
    doc = pymupdf.open(path)
    requests = []
    for index in range(min(pages, doc.page_count)):
        rect = doc[index].rect
        width, height = round(rect.width * scale), round(rect.height * scale)
        requests.append(RenderRequest(index, scale, tile_grid(width, height)[0]))
    doc.close()
    return requests


def raw_seconds(path: Path, pages: int, scale: float) -> float:
    doc = pymupdf.open(path)
    start = time.perf_counter()
    for index in range(min(pages, doc.page_count)):
        doc[index].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    elapsed = time.perf_counter() - start
    doc.close()
    return elapsed


def pipeline_seconds(queue: RenderQueue, requests: list[RenderRequest], at_once: bool) -> float:
    loop = QEventLoop()
    remaining = set(requests)
    order = list(requests)

    def arrived(request: RenderRequest, image) -> None:
        QPixmap.fromImage(image)  # what the view does with it
        remaining.discard(request)
        if not remaining:
            loop.quit()
        elif not at_once:
            queue.want("view", [order[len(order) - len(remaining)]])

    queue.imageReady.connect(arrived)
    start = time.perf_counter()
    queue.want("view", order if at_once else order[:1])
    loop.exec()
    elapsed = time.perf_counter() - start
    queue.imageReady.disconnect(arrived)
    return elapsed


def warm_up(queue: RenderQueue, path: Path, scale: float) -> None:
    queue.open(path, None)
    pipeline_seconds(queue, requests_for(path, 1, scale), at_once=True)
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # let the second worker start
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--scale", type=float, default=2.0)
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    for path in options.files:
        queue = RenderQueue()
        warm_up(queue, path, options.scale)
        requests = requests_for(path, options.pages, options.scale)
        # Each side renders the pages once to warm MuPDF's font and image store, then is
        # timed on a second pass (the pipeline at a hair different scale: no cached tile).
        raw_seconds(path, options.pages, options.scale)
        raw = raw_seconds(path, options.pages, options.scale)
        pipeline_seconds(queue, requests, at_once=False)
        one = pipeline_seconds(queue, _rescaled(requests, 1), at_once=False)
        many = pipeline_seconds(queue, _rescaled(requests, 2), at_once=True)
        queue.close()
        count = len(requests)
        print(
            f"{path.name} ({count} pages at {options.scale}x): "
            f"raw {raw / count * 1000:.1f} ms/page, "
            f"pipeline {one / count * 1000:.1f} ms/page = {one / raw:.2f}x (goal <= 1.15x); "
            f"two workers in parallel {many / count * 1000:.1f} ms/page = {many / raw:.2f}x"
        )
    app.quit()
    return 0


def _rescaled(requests: list[RenderRequest], step: int) -> list[RenderRequest]:
    """The same pages at a hair different scale, so they are rendered again."""
    return [RenderRequest(r.page, r.scale + step * 1e-4, r.pixels) for r in requests]


if __name__ == "__main__":
    raise SystemExit(main())
