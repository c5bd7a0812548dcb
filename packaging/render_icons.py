"""Render the application icon's PNG sizes from its SVG.

    python packaging/render_icons.py [--check]

Uses QtSvg when PySide6 provides it, else pymupdf (which renders SVG too). The
PNGs are committed so that a build needs neither; rerun this after editing the SVG.
`--check` renders to memory and fails when a committed PNG is missing or has the
wrong size.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parents[1] / "src" / "poemsreader" / "resources" / "icons"
APP_ID = "org.poemsreader.PoemsReader"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICON_DIR / f"{APP_ID}-{size}.png"


def render_with_qt(svg: Path, size: int, out: Path) -> bool:
    """Render through QtSvg; False when QtSvg is not installed."""
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication, QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer
    except ImportError:
        return False
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(["render_icons"])
    renderer = QSvgRenderer(str(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image.save(str(out), "PNG")


def render_with_pymupdf(svg: Path, size: int, out: Path) -> None:
    import pymupdf

    with pymupdf.open(svg) as doc:
        page = doc[0]
        zoom = size / page.rect.width
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True)
        pix.save(out)


def render_all() -> list[Path]:
    svg = ICON_DIR / f"{APP_ID}.svg"
    written = []
    for size in SIZES:
        out = png_path(size)
        if not render_with_qt(svg, size, out):
            render_with_pymupdf(svg, size, out)
        written.append(out)
    return written


def check() -> list[str]:
    """Problems with the committed PNGs (missing, wrong size)."""
    import pymupdf

    problems = []
    for size in SIZES:
        path = png_path(size)
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        pix = pymupdf.Pixmap(str(path))
        if (pix.width, pix.height) != (size, size):
            problems.append(f"{path.name} is {pix.width}x{pix.height}, not {size}x{size}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed PNGs")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "icons OK")
        return 1 if problems else 0
    for path in render_all():
        print(path.relative_to(ICON_DIR.parents[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
