"""Rendering and text extraction, run in the render workers (see render_geometry.py
for the spaces: the view works in display space, anchors in unrotated page space)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pymupdf

from poemsreader.pdf.render_geometry import (
    MAX_TILE_PIXELS,
    TILE_SIZE,
    Matrix6,
    PageGeometry,
    tile_grid,
    transform_rect,
)

if TYPE_CHECKING:
    from poemsreader.pdf.text_layout import PageText

__all__ = [
    "MAX_TILE_PIXELS",
    "TILE_SIZE",
    "DrawingSurface",
    "PageGeometry",
    "RenderedImage",
    "extract_page_text",
    "page_geometries",
    "render_region",
    "tile_grid",
    "transform_rect",
]


@dataclass(frozen=True)
class RenderedImage:
    """Pixels of a page region; `samples` is `height * stride` bytes.

    `channels` 4: B, G, R, 255 per pixel, which is Qt's Format_RGB32 in memory,
    so the window copies it without converting; 3: R, G, B.
    """

    width: int
    height: int
    stride: int
    samples: bytes | memoryview
    owner: object = None  # keeps the pixmap behind a memoryview alive
    channels: int = 3


def _matrix6(matrix: pymupdf.Matrix) -> Matrix6:
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def page_geometry(page: pymupdf.Page) -> PageGeometry:
    rect = page.rect
    return PageGeometry(
        width=rect.width,
        height=rect.height,
        rotation=page.rotation,
        to_display=_matrix6(page.rotation_matrix),
        to_unrotated=_matrix6(page.derotation_matrix),
    )


def page_geometries(doc: pymupdf.Document) -> list[PageGeometry]:
    return [page_geometry(doc[index]) for index in range(doc.page_count)]


class DrawingSurface:
    """One BGRX pixmap kept for the next region of the same size (a render worker's).

    A fresh 8-megapixel pixmap costs thousands of page faults, about as long as
    drawing a page of text, before anything is drawn; consecutive pages are mostly
    the same size. An image drawn on the surface is valid until the next draw.
    """

    def __init__(self) -> None:
        self._target: Any = None
        self._region: tuple[int, int, int, int] | None = None

    def target(self, pixels: tuple[int, int, int, int]) -> Any:
        if pixels != self._region:
            mupdf = pymupdf.mupdf
            x0, y0, x1, y1 = pixels
            bgr = mupdf.FzColorspace(mupdf.fz_device_bgr())
            self._target = mupdf.FzPixmap(
                bgr, mupdf.FzIrect(x0, y0, x1, y1), mupdf.FzSeparations(), 1
            )
            self._region = pixels
        return self._target


def render_region(
    source: pymupdf.Page | pymupdf.DisplayList,
    scale: float,
    pixels: tuple[int, int, int, int],
    surface: DrawingSurface | None = None,
) -> RenderedImage:
    """Render device-pixel rectangle `pixels` of a page drawn at `scale` px per point
    (on `surface` when given: the image then lasts until the surface's next draw)."""
    try:
        return _render_bgrx(source, scale, pixels, surface or DrawingSurface())
    except Exception:  # an older or different MuPDF binding: the RGB path below
        pass
    x0, y0, x1, y1 = pixels
    clip = pymupdf.Rect(x0 / scale, y0 / scale, x1 / scale, y1 / scale)
    pix = source.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=clip, alpha=False)
    return RenderedImage(pix.width, pix.height, pix.stride, pix.samples_mv, pix)


def _render_bgrx(
    source: pymupdf.Page | pymupdf.DisplayList,
    scale: float,
    pixels: tuple[int, int, int, int],
    surface: DrawingSurface,
) -> RenderedImage:
    """Draw straight into an opaque white BGRA pixmap (Qt's RGB32 layout).

    A page is run directly (one pass over its content); a display list is for
    pages cut in tiles, where each tile replays the list instead of the content.
    """
    mupdf = pymupdf.mupdf
    x0, y0, x1, y1 = pixels
    target = surface.target(pixels)
    mupdf.fz_clear_pixmap_with_value(target, 255)
    device = mupdf.fz_new_draw_device(mupdf.FzMatrix(), target)
    area = mupdf.FzRect(x0, y0, x1, y1)  # the scissor is in device pixels
    matrix = mupdf.FzMatrix(scale, 0, 0, scale, 0, 0)
    try:
        if isinstance(source, pymupdf.DisplayList):
            mupdf.fz_run_display_list(source.this, device, matrix, area, mupdf.FzCookie())
        else:
            # MuPDF's page space already has /Rotate applied, as page.rect does.
            mupdf.fz_run_page(source.this, device, matrix, mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
    # The target's own memory, not a pymupdf.Pixmap of it: that would copy (and fault
    # in) the whole image again, about as long as drawing a page of text.
    samples = mupdf.fz_pixmap_samples_memoryview(target)
    stride = mupdf.fz_pixmap_stride(target)
    return RenderedImage(target.w(), target.h(), stride, samples, target, channels=4)


def extract_page_text(page: pymupdf.Page) -> PageText:
    """Words of a page in display space, laid out in reading order."""
    from poemsreader.pdf.drawn_text import drawn_words
    from poemsreader.pdf.text_layout import layout_page

    to_display = _matrix6(page.rotation_matrix)
    raw = []
    for x0, y0, x1, y1, text, block, line, number in drawn_words(page):
        rx0, ry0, rx1, ry1 = transform_rect((x0, y0, x1, y1), to_display)
        raw.append((rx0, ry0, rx1, ry1, text, block, line, number))
    return layout_page(raw, page.rect.width, page.rect.height)
