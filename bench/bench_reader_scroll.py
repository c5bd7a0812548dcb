"""Scrolling first page to last at 2x device pixel ratio: longest event-loop stall and memory.

Usage: python bench/bench_reader_scroll.py [FILE.pdf ...] [--step PX] [--interval MS]

The reader is scrolled by --step logical pixels every --interval ms (a fast
wheel scroll) from the top to the end, then left until the last page is drawn.
A 1 ms timer measures how late the event loop runs it: the longest gap is the
longest stall a reviewer would feel. On a loaded machine a gap can also be
time the process was not scheduled, so each gap is split (Linux schedstat)
into the UI thread's own CPU time, the time it was ready but waiting for a CPU
(other processes, our render workers included), and the rest (blocked). The
figures: the longest gap with its split, the longest gap less its wait for a
CPU, and the most CPU the thread spent in one gap (the part our code is
responsible for). Memory is the UI process's peak resident
set (VmHWM) above the empty window's, and the workers' peaks.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "2")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from poemsreader.ui.reader.reader import ReaderWidget

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", HERE.parents[1] / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
DEFAULT_FILES = [
    CORPUS / "long" / "freeculture-352p.pdf",
    CORPUS / "articles" / "bmccancer-2016-s12885-016-2685-3.pdf",
]


def status_kb(pid: int | str, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _schedstat_fd() -> int | None:
    try:
        return os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        return None


class StallMeter:
    """A 1 ms timer; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        self.timer = QTimer(interval=1, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.schedstat = _schedstat_fd()
        self.last = self.last_cpu = self.last_wait = 0.0
        self.longest = (0.0, 0.0, 0.0)  # wall, CPU, waiting for a CPU (seconds)
        self.longest_own = 0.0  # the longest gap less its wait for a CPU
        self.longest_cpu = 0.0  # the most CPU time in one gap
        self.over_50 = 0

    def _run_queue_wait(self) -> float:
        """Seconds this thread has been ready to run but waiting for a CPU."""
        if self.schedstat is None:
            return 0.0
        return int(os.pread(self.schedstat, 100, 0).split()[1]) / 1e9

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.last_wait = self._run_queue_wait()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu, wait = time.perf_counter(), time.thread_time(), self._run_queue_wait()
        gap = (now - self.last, cpu - self.last_cpu, wait - self.last_wait)
        self.longest = max(self.longest, gap)
        self.longest_own = max(self.longest_own, gap[0] - gap[2])
        self.longest_cpu = max(self.longest_cpu, gap[1])
        self.over_50 += gap[0] > 0.05
        self.last, self.last_cpu, self.last_wait = now, cpu, wait

    def stop(self) -> None:
        self.timer.stop()


def wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def scroll_through(reader: ReaderWidget, step: int, interval: int) -> float:
    bar = reader.view.verticalScrollBar()
    loop = QEventLoop()
    timer = QTimer(interval=interval)

    def advance() -> None:
        if bar.value() >= bar.maximum():
            timer.stop()
            loop.quit()
        bar.setValue(bar.value() + step)

    timer.timeout.connect(advance)
    start = time.perf_counter()
    timer.start()
    loop.exec()
    return time.perf_counter() - start


def last_page_drawn(reader: ReaderWidget) -> bool:
    view = reader.view
    scale = view.device_scale()
    last = view.page_count - 1
    wanted = len(view.layout_.tiles(last, scale))
    return sum(key.scale == scale for key, _ in view.cache.of_page(last)) >= wanted


def run(path: Path, step: int, interval: int) -> None:
    reader = ReaderWidget()
    reader.resize(1000, 800)
    reader.show()
    wait(300)
    empty_rss = status_kb("self", "VmRSS")
    reader.open(path)
    wait(1500)
    meter = StallMeter()
    meter.start()
    seconds = scroll_through(reader, step, interval)
    settle = time.perf_counter()
    while not last_page_drawn(reader) and time.perf_counter() - settle < 30:
        wait(20)
    settled = time.perf_counter() - settle
    meter.stop()
    peak = status_kb("self", "VmHWM")
    workers = [status_kb(pid, "VmHWM") for pid in reader.queue.worker_pids()]
    print(
        f"{path.name}: {reader.view.page_count} pages at DPR {reader.devicePixelRatioF():g}, "
        f"scrolled in {seconds:.1f} s (+{settled:.2f} s to draw the last page); "
        f"longest stall {meter.longest[0] * 1000:.0f} ms wall (goal < 50 ms: "
        f"{meter.longest[1] * 1000:.0f} ms on the CPU, "
        f"{meter.longest[2] * 1000:.0f} ms waiting for one), "
        f"longest stall less waits for a CPU {meter.longest_own * 1000:.0f} ms, "
        f"most UI-thread CPU in one gap {meter.longest_cpu * 1000:.0f} ms, "
        f"{meter.over_50} gaps over 50 ms; "
        f"UI peak {(peak - empty_rss) / 1024:.0f} MB above the empty window "
        f"(goal < 300 MB), tile cache now {reader.view.cache.used / 2**20:.0f} MB; "
        f"worker peaks {', '.join(f'{kb / 1024:.0f} MB' for kb in workers)}"
    )
    reader.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--step", type=int, default=300)
    parser.add_argument("--interval", type=int, default=16)
    options = parser.parse_args()
    app = QApplication(sys.argv[:1])
    for path in options.files:
        run(path, options.step, options.interval)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
