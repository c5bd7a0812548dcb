"""Typing into a finding's statement at 40 characters a second, on a 300-finding library.

Opens the library window and one article window (so every view listening to the change
bus is there: library table, digest, topics, findings panel, highlights) on a library of
6 generated articles with 50 findings each, then posts a key press every 25 ms into the
statement of a finding, as the window system would. Prints:

- the longest event-loop stall (a 5 ms heartbeat timer's longest late arrival), and
- keystroke-to-paint latency (key posted -> the statement's next paint) p50/p99/max,

for the editor as built (saved after a pause) and, for comparison, saving on every
keystroke (the pause set to 0). Goal: no stall over 50 ms, p99 under 16 ms. Run:

    QT_QPA_PLATFORM=offscreen python bench/bench_typing.py [--seconds 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.pdfgen import ArticleSpec, make_article  # noqa: E402

from poemsreader.pdf.document import inspect_pdf  # noqa: E402
from poemsreader.services.library import Library  # noqa: E402
from poemsreader.ui.common import text_autosave  # noqa: E402
from poemsreader.ui.shell.main_window import MainWindow  # noqa: E402

ARTICLES = 6
FINDINGS_EACH = 50
KEY_INTERVAL_MS = 25  # 40 characters a second
HEARTBEAT_MS = 5
TEXT = "Lenalidomide and dexamethasone improved VEGF levels in most patients. "


def build_library(root: Path, pdfs: Path) -> tuple[Library, int]:
    library = Library(root)
    first = 0
    for n in range(ARTICLES):
        spec = ArticleSpec(first_page=100 + 10 * n, title=f"POEMS syndrome study {n}")
        pdf = make_article(pdfs / f"article{n}.pdf", spec)
        article_id = library.articles.add_pdf(inspect_pdf(pdf)).article_id
        first = first or article_id
        for f in range(FINDINGS_EACH):
            library.findings.create(
                article_id,
                statement=f"Finding {f} of article {n}: serum VEGF was raised.",
                topics=[f"Topic {f % 9}", f"Treatment/Arm {f % 4}"],
            )
    return library, first


class PaintClock(QObject):
    """Times each posted key to the statement's next paint."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[float] = []
        self.latencies: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.waiting:
            now = time.perf_counter()
            self.latencies.extend(now - t for t in self.waiting)
            self.waiting.clear()
        return False


class Heartbeat(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - HEARTBEAT_MS / 1000)
        self.last = now


def run(app: QApplication, library: Library, article_id: int, seconds: float, pause_ms: int):
    text_autosave.SAVE_PAUSE_MS = pause_ms
    settings_file = Path(tempfile.mkdtemp()) / "settings.ini"
    main = MainWindow(library, QSettings(str(settings_file), QSettings.Format.IniFormat))
    main.resize(1366, 768)
    main.show()
    article = main.article_windows.open(article_id)
    assert article is not None
    deadline = time.perf_counter() + 10
    while article.finding_actions._pending_load and time.perf_counter() < deadline:
        app.processEvents()
    article.finding_actions.make_article_finding()
    statement = article.editor.statement
    statement.setFocus()
    for _ in range(20):
        app.processEvents()
    clock, heart = PaintClock(), Heartbeat()
    statement.viewport().installEventFilter(clock)
    saves_before = main.undo_stack.count()
    keys = int(seconds * 1000 / KEY_INTERVAL_MS)
    typed = {"n": 0}

    def press() -> None:
        char = TEXT[typed["n"] % len(TEXT)]
        clock.waiting.append(time.perf_counter())
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.postEvent(statement, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        typed["n"] += 1
        if typed["n"] >= keys:
            keyboard.stop()

    keyboard = QTimer()
    keyboard.setTimerType(Qt.TimerType.PreciseTimer)
    keyboard.setInterval(KEY_INTERVAL_MS)
    keyboard.timeout.connect(press)
    heart.timer.start()
    keyboard.start()
    while keyboard.isActive() or clock.waiting:
        app.processEvents()
    end = time.perf_counter() + 1.5  # the last pause's save, measured too
    while time.perf_counter() < end:
        app.processEvents()
    heart.timer.stop()
    typed_text = statement.toPlainText()
    stored = library.findings.get(article.editor.uuid).statement
    steps = main.undo_stack.count() - saves_before
    main.close()
    main.deleteLater()
    app.processEvents()
    latencies = sorted(clock.latencies)
    return {
        "keys": keys,
        "stall_ms": heart.worst * 1000,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "max_ms": latencies[-1] * 1000,
        "kept": stored == typed_text and len(typed_text) == keys,
        "undo_steps": steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        pdfs = Path(folder) / "pdfs"
        pdfs.mkdir()
        library, article_id = build_library(Path(folder) / "library", pdfs)
        count = len(library.findings.all())
        print(f"library: {ARTICLES} articles, {count} findings; typing 40 characters/s")
        for label, pause in (
            ("saved after a pause", text_autosave.SAVE_PAUSE_MS),
            ("saved every keystroke", 0),
        ):
            r = run(app, library, article_id, args.seconds, pause)
            print(
                f"{label:>22}: {r['keys']} keys, longest stall {r['stall_ms']:.1f} ms, "
                f"key-to-paint p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms "
                f"max {r['max_ms']:.1f} ms, undo steps {r['undo_steps']}, "
                f"all typing stored: {r['kept']}"
            )
        library.close()


if __name__ == "__main__":
    main()
