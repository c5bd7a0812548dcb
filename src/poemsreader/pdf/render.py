"""Page geometry (cheap, in-process) and rendering / text extraction (worker side).

Geometry the view works in is *display space*: the page as the reviewer sees
it, /Rotate applied, in points (pymupdf's `page.rect`). Anchors and highlights
are stored in *unrotated* page space (what annotations and `get_text` use);
`PageGeometry` carries the two affine matrices between the spaces so the UI can
convert without touching pymupdf.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from poemsreader.pdf.text_layout import PageText, Rect, layout_page

Matrix6 = tuple[float, float, float, float, float, float]
MAX_TILE_PIXELS = 4_000_000  # above this a page is rendered in tiles
TILE_SIZE = 1024  # device pixels, the side of a tile


@dataclass(frozen=True)
class PageGeometry:
    width: float  # display space, points
    height: float
    rotation: int
    to_display: Matrix6  # unrotated -> display
    to_unrotated: Matrix6  # display -> unrotated


@dataclass(frozen=True)
class RenderedImage:
    """RGB888 pixels of a page region; `samples` is `height * stride` bytes."""

    width: int
    height: int
    stride: int
    samples: bytes | memoryview
    owner: object = None  # keeps the pixmap behind a memoryview alive


def _matrix6(matrix: pymupdf.Matrix) -> Matrix6:
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def transform_rect(rect: Rect, m: Matrix6) -> Rect:
    """The bounding box of `rect` under the affine matrix `m` (rotations by 90°)."""
    xs, ys = [], []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[3]), (rect[0], rect[3]), (rect[2], rect[1])):
        xs.append(x * m[0] + y * m[2] + m[4])
        ys.append(x * m[1] + y * m[3] + m[5])
    return (min(xs), min(ys), max(xs), max(ys))


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


def tile_grid(width_px: int, height_px: int) -> list[tuple[int, int, int, int]]:
    """Device-pixel rectangles covering a page: one when small, else TILE_SIZE tiles."""
    if width_px * height_px <= MAX_TILE_PIXELS:
        return [(0, 0, width_px, height_px)]
    return [
        (x, y, min(x + TILE_SIZE, width_px), min(y + TILE_SIZE, height_px))
        for y in range(0, height_px, TILE_SIZE)
        for x in range(0, width_px, TILE_SIZE)
    ]


def render_region(
    source: pymupdf.Page | pymupdf.DisplayList, scale: float, pixels: tuple[int, int, int, int]
) -> RenderedImage:
    """Render device-pixel rectangle `pixels` of a page drawn at `scale` px per point."""
    x0, y0, x1, y1 = pixels
    clip = pymupdf.Rect(x0 / scale, y0 / scale, x1 / scale, y1 / scale)
    pix = source.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=clip, alpha=False)
    return RenderedImage(pix.width, pix.height, pix.stride, pix.samples_mv, pix)


def extract_page_text(page: pymupdf.Page) -> PageText:
    """Words of a page in display space, laid out in reading order."""
    to_display = _matrix6(page.rotation_matrix)
    raw = []
    for x0, y0, x1, y1, text, block, line, number in page.get_text("words", sort=False):
        rx0, ry0, rx1, ry1 = transform_rect((x0, y0, x1, y1), to_display)
        raw.append((rx0, ry0, rx1, ry1, text, block, line, number))
    return layout_page(raw, page.rect.width)
