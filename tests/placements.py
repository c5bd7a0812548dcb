"""Checks on placed passages: the characters a highlight's rectangles cover."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf

from poemsreader.core.model import Quad


def text_under(pdf: Path, page_index: int, quads: Sequence[Quad]) -> str:
    """The characters of the page whose centre lies in one of the rectangles, in
    extraction order, lines joined by a newline (as the page text has them)."""
    rects = [pymupdf.Rect(q.x0, q.y0, q.x1, q.y1) for q in quads]
    out: list[str] = []
    with pymupdf.open(pdf) as doc:
        blocks = doc[page_index].get_text("rawdict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]
    for block in blocks:
        for line in block.get("lines", ()):
            line_chars = []
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    centre = pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)
                    if any(r.contains(centre) for r in rects):
                        line_chars.append(char["c"])
            if line_chars:
                out.append("".join(line_chars))
    return "\n".join(out)
