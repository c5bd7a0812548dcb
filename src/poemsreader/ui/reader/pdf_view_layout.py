"""Where each page sits in the continuous view: pure geometry, no Qt.

Content coordinates are logical pixels from the top-left of the whole stack of
pages. `scale` is logical pixels per PDF point (display space: rotation applied).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from poemsreader.pdf.render_geometry import (
    MAX_SCALE,
    MIN_SCALE,
    PageGeometry,
    clamp_scale,
    device_size,
    fit_width_scale,
    tile_grid,
)

__all__ = [
    "GAP",
    "MAX_SCALE",
    "MIN_SCALE",
    "POINTS_TO_PIXELS",
    "PageBox",
    "PageLayout",
    "fit_width_room",
]

GAP = 12.0  # logical px between pages and around the stack
POINTS_TO_PIXELS = 96 / 72  # zoom 100 % = a point is 1/72 in on a 96 dpi screen


def fit_width_room(viewport_width: float) -> float:
    """The logical pixels a page gets at fit width in a viewport this wide."""
    return viewport_width - 2 * GAP


@dataclass(frozen=True)
class PageBox:
    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


class PageLayout:
    def __init__(self, pages: Sequence[PageGeometry] = ()) -> None:
        self.pages = list(pages)
        self.scale = POINTS_TO_PIXELS
        self.viewport_width = 0.0
        self.device_pixel_ratio = 1.0  # page corners sit on whole device pixels
        self.boxes: list[PageBox] = []
        self._tops: list[float] = []
        self.width = 0.0
        self.height = 0.0
        self.relayout()

    def set_scale(self, scale: float) -> None:
        self.scale = clamp_scale(scale)
        self.relayout()

    def set_viewport_width(self, width: float) -> None:
        self.viewport_width = width
        self.relayout()

    def relayout(self) -> None:
        widest = max((p.width for p in self.pages), default=0.0) * self.scale
        self.width = max(widest + 2 * GAP, self.viewport_width)
        y = GAP
        self.boxes, self._tops = [], []
        for page in self.pages:
            w, h = page.width * self.scale, page.height * self.scale
            box = PageBox(self._snap((self.width - w) / 2), y, w, h)
            self.boxes.append(box)
            self._tops.append(y)
            y = self._snap(y + h + GAP)
        self.height = y

    def _snap(self, value: float) -> float:
        """Round to a whole device pixel, so tiles are drawn 1:1 without resampling."""
        ratio = self.device_pixel_ratio
        return round(value * ratio) / ratio

    def fit_width_scale(self, viewport_width: float) -> float:
        return fit_width_scale(self.pages, fit_width_room(viewport_width))

    def fit_page_scale(self, viewport_width: float, viewport_height: float, page: int) -> float:
        geometry = self.pages[page] if self.pages else None
        if geometry is None:
            return self.scale
        return min(
            (viewport_width - 2 * GAP) / geometry.width,
            (viewport_height - 2 * GAP) / geometry.height,
        )

    def page_at_y(self, y: float) -> int:
        """The page whose box (or the gap above it) holds content y."""
        if not self.boxes:
            return 0
        index = bisect.bisect_right(self._tops, y) - 1
        return min(max(index, 0), len(self.boxes) - 1)

    def pages_between(self, top: float, bottom: float) -> range:
        if not self.boxes:
            return range(0)
        first = self.page_at_y(top)
        last = self.page_at_y(bottom)
        return range(first, last + 1)

    def to_page(self, x: float, y: float) -> tuple[int, float, float] | None:
        """Content point -> (page, x, y in display points), or None when between pages."""
        if not self.boxes:
            return None
        page = self.page_at_y(y)
        box = self.boxes[page]
        if not box.contains(x, y):
            return None
        return page, (x - box.x) / self.scale, (y - box.y) / self.scale

    def clamp_to_page(self, page: int, x: float, y: float) -> tuple[float, float]:
        box = self.boxes[page]
        px = min(max(x, box.x), box.x + box.width)
        py = min(max(y, box.y), box.y + box.height)
        return (px - box.x) / self.scale, (py - box.y) / self.scale

    def to_content(self, page: int, rect: tuple[float, float, float, float]) -> PageBox:
        """Display-space rectangle on `page` -> content rectangle."""
        box = self.boxes[page]
        s = self.scale
        return PageBox(
            box.x + rect[0] * s,
            box.y + rect[1] * s,
            (rect[2] - rect[0]) * s,
            (rect[3] - rect[1]) * s,
        )

    def device_size(self, page: int, device_scale: float) -> tuple[int, int]:
        return device_size(self.pages[page], device_scale)

    def tiles(self, page: int, device_scale: float) -> list[tuple[int, int, int, int]]:
        return tile_grid(*self.device_size(page, device_scale))
