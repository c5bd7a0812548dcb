"""Find in the document: case-, accent- and ligature-insensitive, over laid-out words.

Search runs on the reading-order text of each page (text_layout.PageText), so a
phrase broken across two lines, or hyphenated at a line end, is still found.
Each hit is returned as rectangles in display space, one per line it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from poemsreader.core.text import fold_for_search
from poemsreader.pdf.text_layout import PageText, Rect, union


@dataclass(frozen=True)
class SearchHit:
    page_index: int
    rects: tuple[Rect, ...]  # display space, points


def _folded_page(page: PageText) -> tuple[str, list[int]]:
    """The page's folded text and, per character, the index of the word it came from."""
    chars: list[str] = []
    owners: list[int] = []
    words = page.words
    for index, word in enumerate(words):
        folded = fold_for_search(word.text)
        next_word = words[index + 1] if index + 1 < len(words) else None
        joins_hyphen = (
            next_word is not None
            and next_word.line != word.line
            and folded.endswith("-")
            and next_word.text[:1].islower()
        )
        if joins_hyphen:
            folded = folded[:-1]
        chars.extend(folded)
        owners.extend([index] * len(folded))
        if next_word is not None and not joins_hyphen:
            chars.append(" ")
            owners.append(-1)
    return "".join(chars), owners


def _partial_rect(page: PageText, word_index: int, start: int, end: int, length: int) -> Rect:
    """The part of a word covering folded characters [start, end) of `length`."""
    word = page.words[word_index]
    width = word.x1 - word.x0
    length = max(length, 1)
    return (
        word.x0 + width * start / length,
        word.y0,
        word.x0 + width * end / length,
        word.y1,
    )


def _word_spans(owners: list[int]) -> dict[int, tuple[int, int]]:
    """Per word index: (first folded position, folded length)."""
    spans: dict[int, tuple[int, int]] = {}
    for position, owner in enumerate(owners):
        if owner >= 0:
            begin, length = spans.get(owner, (position, 0))
            spans[owner] = (begin, length + 1)
    return spans


def _hit_rects(
    page: PageText,
    owners: list[int],
    word_spans: dict[int, tuple[int, int]],
    start: int,
    end: int,
) -> tuple[Rect, ...]:
    covered: dict[int, list[int]] = {}
    for position in range(start, end):
        owner = owners[position]
        if owner >= 0:
            covered.setdefault(owner, []).append(position)
    by_line: dict[int, Rect] = {}
    for owner, positions in covered.items():
        begin, length = word_spans[owner]
        rect = _partial_rect(page, owner, positions[0] - begin, positions[-1] - begin + 1, length)
        line = page.words[owner].line
        by_line[line] = union(by_line.get(line), rect)
    return tuple(by_line.values())


def find_in_page(page: PageText, page_index: int, query: str) -> list[SearchHit]:
    """Every occurrence of `query` on the page (non-overlapping, in reading order)."""
    needle = " ".join(fold_for_search(query).split())
    if not needle or not page.words:
        return []
    haystack, owners = _folded_page(page)
    word_spans = _word_spans(owners)
    hits: list[SearchHit] = []
    position = haystack.find(needle)
    while position >= 0:
        end = position + len(needle)
        hits.append(SearchHit(page_index, _hit_rects(page, owners, word_spans, position, end)))
        position = haystack.find(needle, end)
    return hits
