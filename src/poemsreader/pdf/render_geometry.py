"""Page geometry shared by the window and the render workers: pure Python, no pymupdf.

Display space is the page as the reviewer sees it, /Rotate applied, in points
(pymupdf's `page.rect`). Anchors and highlights are stored in unrotated page
space; `PageGeometry` carries the two affine matrices between the spaces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the render workers import this module; text layout only when asked)
    from poemsreader.pdf.text_layout import Rect

Matrix6 = tuple[float, float, float, float, float, float]
MAX_TILE_PIXELS = 4_000_000  # above this a page is rendered in tiles
TILE_SIZE = 1024  # device pixels, the side of a tile
MIN_SCALE = 0.1  # logical pixels per point: the zoom range of the view
MAX_SCALE = 16.0


@dataclass(frozen=True)
class PageGeometry:
    width: float  # display space, points
    height: float
    rotation: int
    to_display: Matrix6  # unrotated -> display
    to_unrotated: Matrix6  # display -> unrotated


def transform_rect(rect: Rect, m: Matrix6) -> Rect:
    """The bounding box of `rect` under the affine matrix `m` (rotations by 90°)."""
    xs, ys = [], []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[3]), (rect[0], rect[3]), (rect[2], rect[1])):
        xs.append(x * m[0] + y * m[2] + m[4])
        ys.append(x * m[1] + y * m[3] + m[5])
    return (min(xs), min(ys), max(xs), max(ys))


def tile_grid(width_px: int, height_px: int) -> list[tuple[int, int, int, int]]:
    """Device-pixel rectangles covering a page: one when small, else TILE_SIZE tiles."""
    if width_px * height_px <= MAX_TILE_PIXELS:
        return [(0, 0, width_px, height_px)]
    return [
        (x, y, min(x + TILE_SIZE, width_px), min(y + TILE_SIZE, height_px))
        for y in range(0, height_px, TILE_SIZE)
        for x in range(0, width_px, TILE_SIZE)
    ]


def clamp_scale(scale: float) -> float:
    return min(MAX_SCALE, max(MIN_SCALE, scale))


def device_scale(scale: float, device_pixel_ratio: float) -> float:
    """Device pixels per point, rounded so that the window and the workers name a render alike."""
    return round(scale * device_pixel_ratio, 4)


def device_size(geometry: PageGeometry, scale: float) -> tuple[int, int]:
    """The page's size in device pixels at `scale` device pixels per point."""
    return (
        max(1, math.ceil(geometry.width * scale)),
        max(1, math.ceil(geometry.height * scale)),
    )


def fit_width_scale(pages: Sequence[PageGeometry], room: float) -> float:
    """Logical pixels per point that fit the widest page into `room` logical pixels."""
    widest = max((page.width for page in pages), default=1.0)
    return room / widest
