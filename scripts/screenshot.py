"""Regenerate docs/screenshot.png: the main window on the demo library.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot.py [--out docs/screenshot.png]

Builds the demo library in a temporary folder, opens the main window at
1400x900 offscreen, opens Humeniuk 2013 at printed page 72 (where the FDG-PET
finding is anchored), waits for the pages to be painted and saves the window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QMainWindow

from poemsreader.core.demo_content import HUMENIUK
from poemsreader.core.model import HighlightOverlay
from poemsreader.pdf.demo_articles import quote_quads
from poemsreader.store.demo import build_demo_library
from poemsreader.store.library import Library
from poemsreader.ui.app import create_application

REPO = Path(__file__).resolve().parents[1]
SIZE = (1400, 900)
ARTICLE_KEY = "Humeniuk 2013"
PAGE_INDEX = 4  # printed page 72
PAINT_TIMEOUT_MS = 30_000
SETTLE_MS = 1_500


def wait(ms: int, signal: object | None = None) -> None:
    """Run the event loop until `signal` fires or `ms` pass."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    if signal is not None:
        signal.connect(loop.quit)  # type: ignore[attr-defined]
    loop.exec()


def demo_highlights(pdf: Path) -> list[HighlightOverlay]:
    overlays = []
    for finding in HUMENIUK.findings:
        page = finding.page - HUMENIUK.first_page
        quads = tuple(quote_quads(pdf, page, finding.quote))
        overlays.append(HighlightOverlay(finding.statement[:20], page, quads, "#ffd43b"))
    return overlays


def open_window(library: Library) -> tuple[QMainWindow, object]:
    """The main window showing the article, and the reader widget inside it."""
    from poemsreader.ui import main_window

    article_id = library.articles.id_for_key(ARTICLE_KEY)
    if getattr(main_window.MainWindow, "embeds_reader", False):
        window = main_window.MainWindow(library)
        window.open_article(article_id)  # type: ignore[attr-defined]
        return window, window.reader  # type: ignore[attr-defined]
    # Until the main window embeds the reader, show the reader window on the article.
    from poemsreader.ui.reader_window import ReaderWindow

    window = ReaderWindow()
    pdf = library.articles.pdf_path(article_id)
    assert pdf is not None
    window.open_pdf_path(pdf)
    window.reader.set_highlights(demo_highlights(pdf))
    return window, window.reader


def take(out: Path) -> Path:
    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="poemsreader-shot-") as tmp:
        library = Library(Path(tmp) / "library")
        build_demo_library(library)
        window, reader = open_window(library)
        window.resize(*SIZE)
        window.show()
        reader.fit_page()  # type: ignore[attr-defined]
        reader.jump_to_page(PAGE_INDEX)  # type: ignore[attr-defined]
        wait(PAINT_TIMEOUT_MS, reader.view.pagePainted)  # type: ignore[attr-defined]
        wait(SETTLE_MS)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        app.processEvents()
        library.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    print(take(parser.parse_args().out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
