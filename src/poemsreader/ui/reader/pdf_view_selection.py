"""What the reviewer selected in the reader: words in reading order, or an area. No Qt.

A text selection is two word positions (page, word index in reading order):
every word between them, in reading order, is selected, so a drag down the
left column never picks up the right one. An area selection is a rectangle on
one page (Alt-drag), for figures and tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from poemsreader.pdf.render_geometry import PageGeometry, transform_rect

if TYPE_CHECKING:  # imported when a selection is made, not when the view starts
    from poemsreader.core.model import Quad, SelectedPassage
    from poemsreader.pdf.text_layout import PageText, Rect

WordPosition = tuple[int, int]  # (page index, word index)


@dataclass(frozen=True)
class TextSelection:
    anchor: WordPosition
    focus: WordPosition

    def ordered(self) -> tuple[WordPosition, WordPosition]:
        return (self.anchor, self.focus) if self.anchor <= self.focus else (self.focus, self.anchor)


@dataclass(frozen=True)
class AreaSelection:
    page: int
    rect: Rect  # display space, points

    def normalised(self) -> AreaSelection:
        x0, y0, x1, y1 = self.rect
        return AreaSelection(self.page, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))


Selection = TextSelection | AreaSelection


def word_ranges(
    selection: TextSelection, texts: Mapping[int, PageText]
) -> list[tuple[int, int, int]]:
    """(page, first word, end word) for each page the selection touches."""
    (first_page, first_word), (last_page, last_word) = selection.ordered()
    ranges = []
    for page in range(first_page, last_page + 1):
        text = texts.get(page)
        if text is None or not text.words:
            continue
        start = first_word if page == first_page else 0
        end = last_word + 1 if page == last_page else len(text.words)
        if start < end:
            ranges.append((page, start, end))
    return ranges


def area_word_range(area: AreaSelection, text: PageText) -> list[int]:
    """Indices of the words whose centre lies inside the area, in reading order."""
    x0, y0, x1, y1 = area.normalised().rect
    return [
        index
        for index, word in enumerate(text.words)
        if x0 <= (word.x0 + word.x1) / 2 <= x1 and y0 <= (word.y0 + word.y1) / 2 <= y1
    ]


def highlighted_rects(selection: Selection, texts: Mapping[int, PageText]) -> dict[int, list[Rect]]:
    """Display-space rectangles to paint, per page."""
    if isinstance(selection, AreaSelection):
        return {selection.page: [selection.normalised().rect]}
    return {
        page: texts[page].line_rects(first, end)
        for page, first, end in word_ranges(selection, texts)
    }


def _quads(rects: Sequence[Rect], geometry: PageGeometry) -> tuple[Quad, ...]:
    from poemsreader.core.model import Quad

    return tuple(Quad(*transform_rect(rect, geometry.to_unrotated)) for rect in rects)


def passages(
    selection: Selection | None,
    texts: Mapping[int, PageText],
    geometries: Sequence[PageGeometry],
) -> list[SelectedPassage]:
    """One SelectedPassage per page touched; quads in unrotated page space."""
    from poemsreader.core.model import SelectedPassage
    from poemsreader.core.text import normalise
    from poemsreader.pdf.text_layout import raw_text

    if selection is None:
        return []
    if isinstance(selection, AreaSelection):
        area = selection.normalised()
        text = texts.get(area.page)
        words = [text.words[i] for i in area_word_range(area, text)] if text else []
        return [
            SelectedPassage(
                area.page,
                _quads([area.rect], geometries[area.page]),
                normalise(raw_text(words)),
                is_area=True,
            )
        ]
    return [
        SelectedPassage(
            page,
            _quads(texts[page].line_rects(first, end), geometries[page]),
            texts[page].text_of(first, end),
        )
        for page, first, end in word_ranges(selection, texts)
    ]


def copied_text(selection: Selection | None, texts: Mapping[int, PageText]) -> str:
    """The selection as one normalised string (hyphenation joined across pages too)."""
    from poemsreader.core.text import normalise
    from poemsreader.pdf.text_layout import raw_text

    if selection is None:
        return ""
    if isinstance(selection, AreaSelection):
        text = texts.get(selection.page)
        if text is None:
            return ""
        return normalise(raw_text(text.words[i] for i in area_word_range(selection, text)))
    chunks = [texts[p].raw_of(a, b) for p, a, b in word_ranges(selection, texts)]
    return normalise("\n".join(chunks))
