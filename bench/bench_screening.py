"""Screening speed: from a decision key to the next record shown, on a 1,000-record list.

    QT_QPA_PLATFORM=offscreen python bench/bench_screening.py [N]

Imports a generated MEDLINE search of N records (default 1,000), then presses
I / E / M in the screening window and times each key from press to the next
record's text in the window (the decision committed in between). Target: under
50 ms per decision.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tests.searchgen import make_search

from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.screening_view import ScreeningWindow

TARGET_MS = 50.0


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    app = QApplication.instance() or QApplication([])
    keys = [Qt.Key.Key_I, Qt.Key.Key_E, Qt.Key.Key_M, Qt.Key.Key_E]
    with tempfile.TemporaryDirectory() as tmp:
        search = make_search(
            Path(tmp) / "search.txt", unique=count - count // 10, duplicates=count // 10
        )
        with Library(Path(tmp) / "lib") as library:
            started = time.perf_counter()
            report = library.screening.import_file(search.path)
            imported = time.perf_counter() - started
            bus = ChangeBus(library)
            window = ScreeningWindow(library, bus, TaskRunner(bus))
            window.show()
            app.processEvents()
            times = []
            for n in range(min(200, report.new)):
                before = window.current_record()
                started = time.perf_counter()
                QTest.keyClick(window.table, keys[n % len(keys)])
                times.append((time.perf_counter() - started) * 1000)
                assert window.current_record() != before
            window.close()
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(
        f"import of {report.identified} records ({report.duplicates} duplicates): "
        f"{imported * 1000:.0f} ms"
    )
    print(
        f"decision to next record over {len(times)} decisions on {report.new} records: "
        f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
        f"(target {TARGET_MS:.0f} ms; p95/target {p95 / TARGET_MS:.2f})"
    )


if __name__ == "__main__":
    main()
