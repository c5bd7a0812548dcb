"""Where a quote stands on a page: the rectangles a highlight of it covers.

Used when a passage was found again by its text (a collaborator's finding on a
differently laid-out copy), so the highlight can be drawn and exported like one
the reviewer made by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf

from poemsreader.core.model import Quad

# Search with ligatures expanded ("ﬀ" -> "ff") and hyphenation joined, as the
# stored page text has them.
SEARCH_FLAGS = (
    pymupdf.TEXT_DEHYPHENATE | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
)


def line_quads(rects: Sequence[pymupdf.Rect]) -> list[Quad]:
    """One quad per line: justified text comes back word by word."""
    lines: list[pymupdf.Rect] = []
    for rect in rects:
        if lines and abs(lines[-1].y0 - rect.y0) < 1 and abs(lines[-1].y1 - rect.y1) < 1:
            lines[-1] |= rect
        else:
            lines.append(pymupdf.Rect(rect))
    return [Quad(r.x0, r.y0, r.x1, r.y1) for r in lines]


class QuoteFinder:
    """Finds quotes in one PDF, opened once for a batch of them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: pymupdf.Document | None = None

    def quads(self, page_index: int, quote: str) -> list[Quad]:
        """The lines covering `quote` on the page; [] when absent or the file is unreadable."""
        try:
            if self._doc is None:
                self._doc = pymupdf.open(self.path)
            if not 0 <= page_index < self._doc.page_count:
                return []
            hits = self._doc[page_index].search_for(quote, flags=SEARCH_FLAGS)
        except (RuntimeError, ValueError, OSError):  # pymupdf's errors for a bad file
            return []
        return line_quads(hits)

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None


def quote_quads(path: Path, page_index: int, quote: str) -> list[Quad]:
    """The rectangles covering `quote` on one page of `path`, one per line, [] if absent."""
    finder = QuoteFinder(path)
    try:
        return finder.quads(page_index, quote)
    finally:
        finder.close()
