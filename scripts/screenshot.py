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

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QMainWindow

from poemsreader.core.demo_content import HUMENIUK
from poemsreader.core.model import HighlightOverlay
from poemsreader.pdf.quote_search import quote_quads
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.ui.shell.app import create_application

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


def open_window(library: Library, settings: QSettings) -> tuple[QMainWindow, object]:
    """The article window the library window opened on the article, and its reader."""
    from poemsreader.ui.shell.main_window import MainWindow

    article_id = library.articles.id_for_key(ARTICLE_KEY)
    window = MainWindow(library, settings)
    window.resize(*SIZE)
    window.show()
    window.open_article(article_id)
    article_window = window.article_windows.windows[article_id]
    _select_finding(article_window, library, article_id)
    return article_window, article_window.reader


def _select_finding(window: QMainWindow, library: Library, article_id: int) -> None:
    """Show the FDG-PET finding in the editor, as a reviewer reading p.72 would."""
    for finding in library.findings.for_article(article_id):  # type: ignore[attr-defined]
        if "FDG" in finding.quote:
            window.finding_actions.select_finding(finding.uuid)  # type: ignore[attr-defined]


def take(out: Path) -> Path:
    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="poemsreader-shot-") as tmp:
        library = Library(Path(tmp) / "library")
        build_demo_library(library)
        # Settings of this run only: the reviewer's own window layout is neither used nor changed.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        settings = QSettings()
        window, reader = open_window(library, settings)
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
