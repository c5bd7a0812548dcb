"""Per-page render cost through the reader's pipeline vs raw pymupdf get_pixmap.

Usage: python bench/bench_reader_render.py [FILE.pdf ...] [--pages N] [--scale S]
                                          [--channel posix|portable|both] [--rounds R]

Raw: `page.get_pixmap(matrix=Matrix(S, S))` in this process, page after page.
Pipeline: the reader's RenderQueue (worker process, pipe, QImage -> QPixmap on the
main thread), one page in flight at a time, so the figure is the latency a
reviewer waits for one page. Also shown: the throughput with the default two
workers, pages requested all at once.

Each worker link (pdf/worker_channel.py) is measured in the same run: the posix
link where this system has it, and the portable link that Windows and macOS use
(forced here with POEMSREADER_WORKER_CHANNEL=portable), in R alternating rounds.
Each page's best time over the rounds is kept, for raw and each link alike (the
machine is shared and its load changes). The portable link's goal is to cost at
most 1.3x the posix link's per page.
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
from poemsreader.pdf.worker_channel import CHANNEL_ENV, PORTABLE, POSIX, posix_link_possible
from poemsreader.ui.reader.render_queue import RenderQueue, RenderRequest

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


def raw_page_seconds(path: Path, pages: int, scale: float) -> list[float]:
    """Each page's `get_pixmap` time, in this process."""
    doc = pymupdf.open(path)
    times = []
    for index in range(min(pages, doc.page_count)):
        start = time.perf_counter()
        doc[index].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        times.append(time.perf_counter() - start)
    doc.close()
    return times


def pipeline_seconds(queue: RenderQueue, requests: list[RenderRequest], at_once: bool) -> float:
    """All of `requests` asked at once: seconds until the last image is a pixmap."""
    times = _pipeline(queue, requests, at_once)
    return times[-1]


def pipeline_page_seconds(queue: RenderQueue, requests: list[RenderRequest]) -> list[float]:
    """Each page asked for when the one before is a pixmap: seconds each page took."""
    ends = _pipeline(queue, requests, at_once=False)
    return [end - before for before, end in zip([0.0, *ends], ends, strict=False)]


def _pipeline(queue: RenderQueue, requests: list[RenderRequest], at_once: bool) -> list[float]:
    """Seconds from the start until each image had become a pixmap, in arrival order."""
    loop = QEventLoop()
    remaining = set(requests)
    order = list(requests)
    ends: list[float] = []

    def arrived(request: RenderRequest, image) -> None:
        QPixmap.fromImage(image)  # what the view does with it
        ends.append(time.perf_counter() - start)
        remaining.discard(request)
        if not remaining:
            loop.quit()
        elif not at_once:
            queue.want("view", [order[len(order) - len(remaining)]])

    queue.imageReady.connect(arrived)
    start = time.perf_counter()
    queue.want("view", order if at_once else order[:1])
    loop.exec()
    queue.imageReady.disconnect(arrived)
    return ends


def warm_up(queue: RenderQueue, path: Path, scale: float) -> None:
    queue.open(path, None)
    pipeline_seconds(queue, requests_for(path, 1, scale), at_once=True)
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # let the second worker start
    loop.exec()


def channels(choice: str) -> list[str]:
    if choice == "both":
        return [POSIX, PORTABLE] if posix_link_possible() else [PORTABLE]
    if choice == POSIX and not posix_link_possible():
        raise SystemExit("the posix worker link is not possible on this system")
    return [choice]


def measure(path: Path, channel: str, requests: list[RenderRequest]) -> tuple[list[float], float]:
    """(each page's seconds one at a time, all pages at once) through workers on `channel`."""
    os.environ[CHANNEL_ENV] = channel
    queue = RenderQueue()
    warm_up(queue, path, requests[0].scale)
    # The pages are rendered once to warm MuPDF's font and image store, then timed on
    # a second pass at a hair different scale (no cached tile).
    pipeline_seconds(queue, requests, at_once=False)
    one = pipeline_page_seconds(queue, _rescaled(requests, 1))
    many = pipeline_seconds(queue, _rescaled(requests, 2), at_once=True)
    queue.close()
    return one, many


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--scale", type=float, default=2.0)
    parser.add_argument("--channel", choices=[POSIX, PORTABLE, "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    for path in options.files:
        requests = requests_for(path, options.pages, options.scale)
        count = len(requests)
        raw_page_seconds(path, options.pages, options.scale)  # warms MuPDF as workers are
        raw: list[float] = [float("inf")] * count
        one: dict[str, list[float]] = {}
        many: dict[str, float] = {}
        for _ in range(max(1, options.rounds)):
            raw = _each_least(raw, raw_page_seconds(path, options.pages, options.scale))
            for channel in channels(options.channel):
                pages, together = measure(path, channel, requests)
                one[channel] = _each_least(one.get(channel, pages), pages)
                many[channel] = min(many.get(channel, together), together)
        report(path, options.scale, sum(raw), {c: sum(t) for c, t in one.items()}, many, count)
    app.quit()
    return 0


def report(
    path: Path, scale: float, raw: float, one: dict[str, float], many: dict[str, float], count: int
) -> None:
    print(f"{path.name} ({count} pages at {scale}x): raw {raw / count * 1000:.1f} ms/page")
    for channel, seconds in one.items():
        print(
            f"  {channel:8} pipeline {seconds / count * 1000:.1f} ms/page = {seconds / raw:.2f}x "
            f"(goal <= 1.15x); two workers in parallel {many[channel] / count * 1000:.1f} "
            f"ms/page = {many[channel] / raw:.2f}x"
        )
    if len(one) == 2:
        print(f"  portable / posix per page: {one[PORTABLE] / one[POSIX]:.2f}x (goal <= 1.3x)")


def _each_least(best: list[float], new: list[float]) -> list[float]:
    return [min(a, b) for a, b in zip(best, new, strict=True)]


def _rescaled(requests: list[RenderRequest], step: int) -> list[RenderRequest]:
    """The same pages at a hair different scale, so they are rendered again."""
    return [RenderRequest(r.page, r.scale + step * 1e-4, r.pixels) for r in requests]


if __name__ == "__main__":
    raise SystemExit(main())
