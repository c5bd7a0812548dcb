"""Anchors: where a highlighted passage sits in its page's text.

An anchor keeps the quote, at least `CONTEXT_CHARS` characters before and after
it, its character offsets in the normalised page text (the text
`pdf.document.page_text` gives) and its quads, so the passage can be found again
in another copy or layout of the article. Pure functions, no PDF access.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from poemsreader.core.citations import page_span
from poemsreader.core.model import Anchor, Quad, SelectedPassage
from poemsreader.core.printed_pages import cited_label
from poemsreader.core.text import match_key, match_key_mapped, normalise

CONTEXT_CHARS = 32
# Quads left of this x (points) are the left column: A4 and Letter pages are ~600 pt wide.
COLUMN_SPLIT_X = 290.0


def _occurrences(page_text: str, quote: str) -> list[int]:
    if not quote:
        return []
    return [m.start() for m in re.finditer(re.escape(quote), page_text)]


def _expected_offset(page_text: str, quads: Sequence[Quad], page_height: float | None) -> float:
    """Roughly where in the page text the selection starts, from its vertical position.

    The page text runs column by column, top to bottom; without the column
    layout the best cheap guess is the top of the first quad as a fraction of
    the page, which is enough to tell repeated sentences apart in most cases.
    """
    if not quads or not page_height:
        return 0.0
    top = min(q.y0 for q in quads)
    return max(0.0, min(1.0, top / page_height)) * len(page_text)


def locate_quote(
    page_text: str, quote: str, quads: Sequence[Quad] = (), page_height: float | None = None
) -> tuple[int, int] | None:
    """(start, end) of `quote` in `page_text`; the occurrence nearest the selection wins."""
    expected = _expected_offset(page_text, quads, page_height)
    starts = _occurrences(page_text, quote)
    if starts:
        start = min(starts, key=lambda s: abs(s - expected))
        return start, start + len(quote)
    return _locate_by_key(page_text, quote, expected)


def _locate_by_key(page_text: str, quote: str, expected: float) -> tuple[int, int] | None:
    """The quote where only layout differs (spacing, a hyphen at a line end, quote and
    dash styles: `core.text.match_key`)."""
    wanted = match_key(quote)
    if not wanted:
        return None
    key, where = match_key_mapped(page_text)
    starts = _occurrences(key, wanted)
    if not starts:
        return None
    first = min(starts, key=lambda s: abs(where[s] - expected))
    return where[first], where[first + len(wanted) - 1] + 1


def anchor_from_selection(
    passage: SelectedPassage,
    page_text: str,
    document_sha256: str,
    page_height: float | None = None,
) -> Anchor:
    """The anchor of one selected passage on one page (see module docstring)."""
    quote = normalise(passage.text)
    anchor = Anchor(
        page_index=passage.page_index,
        quote=quote,
        quads=list(passage.quads),
        document_sha256=document_sha256,
        is_area=passage.is_area,
    )
    found = locate_quote(page_text, quote, passage.quads, page_height) if quote else None
    if found is not None:
        start, end = found
        anchor.start, anchor.end = start, end
        anchor.prefix = page_text[max(0, start - CONTEXT_CHARS) : start]
        anchor.suffix = page_text[end : end + CONTEXT_CHARS]
    return anchor


def joined_quote(anchors: Sequence[Anchor]) -> str:
    """The quote of a finding spanning several passages: their quotes in order, spaced."""
    return " ".join(a.quote for a in anchors if a.quote)


def anchor_pages(anchors: Sequence[Anchor], labels: Sequence[str]) -> list[str]:
    """The printed label of each anchor's page, in reading order."""
    ordered = sorted(anchors, key=lambda a: a.page_index)
    return [cited_label(labels, anchor.page_index) for anchor in ordered]


def anchors_page_span(anchors: Sequence[Anchor], labels: Sequence[str]) -> str:
    """`p.72` or `pp.72–73` for the passages of one finding."""
    return page_span(anchor_pages(anchors, labels))


def reading_order_key(anchors: Sequence[Anchor]) -> tuple[int, int, float]:
    """(page, column, top) of a finding's first passage; whole-article findings first."""
    if not anchors:
        return (-1, 0, 0.0)
    first = min(anchors, key=lambda a: a.page_index)
    if not first.quads:
        return (first.page_index, 0, float(first.start or 0))
    quad = first.quads[0]
    return (first.page_index, int(quad.x0 >= COLUMN_SPLIT_X), quad.y0)
