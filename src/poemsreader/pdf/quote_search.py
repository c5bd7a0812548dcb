"""Where a passage stands on a page: the rectangles a highlight of it covers.

Used when a passage was found again by its text (a collaborator's finding on a
differently laid-out copy), so the highlight can be drawn and exported like one
the reviewer made by hand. The page's characters are read with their boxes and
normalised as `pdf.document.page_text` normalises the page, keeping the box of
each character: a range of the stored page text gives exactly the glyphs it
covers, across line breaks, hyphenated breaks and columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from poemsreader.core.model import Quad
from poemsreader.core.text import match_key, match_key_mapped, normalise_mapped

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageChars:
    """A page's normalised text, the index of each of its characters in the extracted
    text, and the box of each extracted character (None for a line end)."""

    text: str
    where: list[int]
    boxes: list[Box | None]

    def quads(self, start: int, end: int) -> list[Quad]:
        """One rectangle per printed line the characters [start, end) stand on, with
        the glyphs normalising took out between them (the hyphen of a broken word)."""
        if not 0 <= start < end <= len(self.where):
            return []
        printed = self.boxes[self.where[start] : self.where[end - 1] + 1]
        return line_quads([b for b in printed if b is not None])


def page_chars(page: pymupdf.Page) -> PageChars:
    """The page text as `page_text` gives it, with a box per character."""
    raw: list[str] = []
    boxes: list[Box | None] = []
    for block in page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    raw.append(char["c"])
                    boxes.append(tuple(char["bbox"]) if char["c"].strip() else None)
            raw.append("\n")
            boxes.append(None)
        raw.append("\n")
        boxes.append(None)
    text, where = normalise_mapped("".join(raw))
    return PageChars(text, where, boxes)


def line_quads(boxes: Sequence[Box]) -> list[Quad]:
    """Boxes merged into one quad per line: a new line where the next box does not
    overlap the current line vertically or starts left of it (a column or line change)."""
    lines: list[list[float]] = []
    for x0, y0, x1, y1 in boxes:
        if lines:
            line = lines[-1]
            overlap = min(line[3], y1) - max(line[1], y0)
            if overlap > 0.5 * min(line[3] - line[1], y1 - y0) and x0 >= line[2] - 2:
                line[0], line[1] = min(line[0], x0), min(line[1], y0)
                line[2], line[3] = max(line[2], x1), max(line[3], y1)
                continue
        lines.append([x0, y0, x1, y1])
    return [Quad(*line) for line in lines]


def _range_in(chars: PageChars, page_text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) of the stored page text, as a range of `chars.text` (the same words,
    nearest the same place, when the two extractions differ)."""
    if chars.text == page_text:
        return start, end
    wanted = match_key(page_text[start:end])
    key, where = match_key_mapped(chars.text)
    if not wanted:
        return None
    hits, at = [], key.find(wanted)
    while at >= 0:
        hits.append(at)
        at = key.find(wanted, at + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(where[h] - start))
    return where[best], where[best + len(wanted) - 1] + 1


class QuoteFinder:
    """Finds passages in one PDF, opened once for a batch of them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: pymupdf.Document | None = None
        self._pages: dict[int, PageChars] = {}

    def _chars(self, page_index: int) -> PageChars | None:
        if page_index not in self._pages:
            if self._doc is None:
                self._doc = pymupdf.open(self.path)
            if not 0 <= page_index < self._doc.page_count:
                return None
            self._pages[page_index] = page_chars(self._doc[page_index])
        return self._pages[page_index]

    def range_quads(self, page_index: int, page_text: str, start: int, end: int) -> list[Quad]:
        """The lines covering [start, end) of the page's stored text; [] when the file
        is unreadable or no longer holds those words."""
        try:
            chars = self._chars(page_index)
        except (RuntimeError, ValueError, OSError):  # pymupdf's errors for a bad file
            return []
        if chars is None:
            return []
        found = _range_in(chars, page_text, start, end)
        return chars.quads(*found) if found else []

    def quads(self, page_index: int, quote: str) -> list[Quad]:
        """The lines covering the first occurrence of `quote` on the page; [] when absent."""
        try:
            chars = self._chars(page_index)
        except (RuntimeError, ValueError, OSError):
            return []
        if chars is None:
            return []
        key, where = match_key_mapped(chars.text)
        wanted = match_key(quote)
        at = key.find(wanted) if wanted else -1
        if at < 0:
            return []
        return chars.quads(where[at], where[at + len(wanted) - 1] + 1)

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
