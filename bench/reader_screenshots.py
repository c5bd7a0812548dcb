"""Screenshots of the reader for looking at it: fit width, 200 %, a selection, find hits.

Usage: python bench/reader_screenshots.py FILE.pdf OUT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from poemsreader.ui.reader.pdf_view_selection import TextSelection
from poemsreader.ui.reader.reader import ReaderWidget


def wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main() -> int:
    path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    reader = ReaderWidget()
    reader.resize(1000, 1000)
    reader.show()
    reader.open(path)
    wait(2500)
    reader.grab().save(str(out / "reader-fit-width.png"))
    reader.toggle_side_panel()
    reader.set_zoom_percent(200)
    reader.scroll_to(1)
    wait(2500)
    reader.grab().save(str(out / "reader-200.png"))
    reader.toggle_side_panel()
    reader.fit_width()
    reader.scroll_to(1)
    wait(1500)
    text = reader.view.texts.get(1)
    if text is not None and len(text.lines) > 30:
        first = text.lines[20].first
        last = text.lines[27].end - 1
        reader.view.set_selection(TextSelection((1, first), (1, last)))
    reader.find_action.trigger()
    reader.find_bar.edit.setText("the")
    wait(2500)
    reader.grab().save(str(out / "reader-selection.png"))
    print("selected:", reader.selected_text()[:300])
    reader.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
