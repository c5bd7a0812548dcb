"""Which words of a page are drawn: text a reader cannot see is no part of a selection.

PDF producers leave text that is never shown: invisible text (render mode 3,
"Powered by TCPDF", OCR layers under a scan are drawn but text layers of stamps
are not), text filled with full transparency, white text, text clipped away.
MuPDF marks each span: FILLED and STROKED say how it is painted, CLIPPED that a
clip path hides it, `alpha` its opacity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pymupdf

FILLED, STROKED, CLIPPED = 16, 32, 64  # MuPDF's FZ_STEXT_* character flags
WHITE = 0xFFFFFF

# (x0, y0, x1, y1, text, block_no, line_no, word_no), as pymupdf's get_text("words").
RawWord = tuple[float, float, float, float, str, int, int, int]


def span_hidden(span: dict[str, Any]) -> bool:
    """Whether the reader cannot see this span (see module docstring)."""
    flags = span.get("char_flags", FILLED)
    if not flags & (FILLED | STROKED) or flags & CLIPPED or span.get("alpha", 255) == 0:
        return True
    return span.get("color") == WHITE and not flags & STROKED


def _hidden_runs(
    blocks: Sequence[dict[str, Any]],
) -> dict[tuple[int, int], list[tuple[float, float, bool]]]:
    """Per (block, line): the x-extent of each span and whether it is hidden."""
    runs: dict[tuple[int, int], list[tuple[float, float, bool]]] = {}
    for block_no, block in enumerate(blocks):
        for line_no, line in enumerate(block.get("lines", ())):
            runs[(block_no, line_no)] = [
                (span["bbox"][0], span["bbox"][2], span_hidden(span)) for span in line["spans"]
            ]
    return runs


def drawn_words(page: pymupdf.Page) -> list[RawWord]:
    """The page's words as get_text("words") gives them, less those nobody can see."""
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS)
    words = page.get_text("words", sort=False, textpage=textpage)
    blocks = page.get_text("dict", textpage=textpage)["blocks"]
    runs = _hidden_runs(blocks)
    if not any(hidden for spans in runs.values() for _, _, hidden in spans):
        return words
    return [w for w in words if not _word_hidden(w, runs.get((w[5], w[6]), []))]


def _word_hidden(word: RawWord, spans: list[tuple[float, float, bool]]) -> bool:
    middle = (word[0] + word[2]) / 2
    under = [hidden for x0, x1, hidden in spans if x0 - 0.5 <= middle <= x1 + 0.5]
    return bool(under) and all(under)
