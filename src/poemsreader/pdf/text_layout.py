"""Words with boxes in reading order: one column after the other.

Pure Python (no pymupdf): the worker feeds it the raw words of a page, already
in display space (the page as the reviewer sees it, rotation applied), and it
returns them grouped into lines and ordered down the left column before the
right one. Two-column detection looks for a vertical gutter that few lines
cross; lines that do cross it (titles, full-width captions) split the page into
sections that are read top to bottom.

Page furniture (running heads and footers, page numbers, margin stamps and
line numbers, text set sideways in a margin) is kept for drawing and clicking
but left out of a selection's text and rectangles: a passage selected from the
foot of one column or page to the top of the next reads as the article does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar, overload

from poemsreader.core.text import normalise

# (x0, y0, x1, y1, text, block_no, line_no, word_no), as pymupdf's get_text("words").
RawWord = tuple[float, float, float, float, str, int, int, int]
Rect = tuple[float, float, float, float]

GUTTER_MIN_LINES = 3  # lines needed on each side of a gutter
GUTTER_SCAN_FROM = 0.3  # gutter searched between these fractions of the page width
GUTTER_SCAN_TO = 0.7
GUTTER_STEP = 2.0  # points
EDGE_BAND = 0.065  # share of the page height at the top and bottom where furniture stands
NUMBER_BAND = 0.1  # a line of nothing but a page number this near the top or bottom
MARGIN_SLACK = 6.0  # points outside the text block that still count as body
PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    line: int  # index of its line in PageText.lines

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class Line:
    first: int  # index of the first word in PageText.words
    end: int  # one past the last word
    rect: Rect
    column: int  # 0 left / single, 1 right, -1 spanning both columns


R = TypeVar("R", Word, Line)


class Records(Sequence[R], Generic[R]):
    """Records of one dataclass, kept column by column in plain tuples; made when read.

    A page has hundreds of words. As objects, each is tracked by Python's garbage
    collector, and the text of a long document made the window's full collections
    take tens of milliseconds: a visible stall while scrolling. Tuples of numbers
    and strings are not tracked, and they pickle far faster (every page's text
    crosses the pipe from a render worker).
    """

    __slots__ = ("columns", "kind")

    def __init__(self, kind: type[R], records: Iterable[R] = ()) -> None:
        names = [field.name for field in fields(kind)]
        rows = [tuple(getattr(record, name) for name in names) for record in records]
        self.kind: type[R] = kind
        self.columns: tuple[tuple[Any, ...], ...] = (
            tuple(zip(*rows, strict=True)) if rows else tuple(() for _ in names)
        )

    @classmethod
    def from_columns(cls, kind: type[R], columns: tuple[tuple[Any, ...], ...]) -> Records[R]:
        records = cls.__new__(cls)
        records.kind, records.columns = kind, columns
        return records

    def __reduce__(self) -> tuple[Any, ...]:
        return (Records.from_columns, (self.kind, self.columns))

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[R, ...]: ...
    def __getitem__(self, index: int | slice) -> R | tuple[R, ...]:
        if isinstance(index, slice):
            return tuple(map(self.kind, *(column[index] for column in self.columns)))
        return self.kind(*(column[index] for column in self.columns))

    def __iter__(self) -> Iterator[R]:
        return map(self.kind, *self.columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Records):
            return self.kind is other.kind and self.columns == other.columns
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.kind, self.columns))

    def __repr__(self) -> str:
        return f"Records({self.kind.__name__}, {list(self)!r})"


@dataclass(frozen=True)
class PageText:
    """A page's words in reading order, with their lines (any sequences; kept as Records)."""

    words: Sequence[Word]
    lines: Sequence[Line]
    gutter: float | None  # x of the gap between two columns, None for one column
    furniture: frozenset[int] = frozenset()  # indexes of the lines that are page furniture

    def __post_init__(self) -> None:
        if not isinstance(self.words, Records):
            object.__setattr__(self, "words", Records(Word, self.words))
        if not isinstance(self.lines, Records):
            object.__setattr__(self, "lines", Records(Line, self.lines))

    @property
    def columns(self) -> int:
        return 1 if self.gutter is None else 2

    def body_words(self, first: int, end: int) -> list[Word]:
        """Words [first, end) less the page furniture (see module docstring)."""
        words = self.words[first:end]
        if not self.furniture:
            return list(words)
        return [w for w in words if w.line not in self.furniture]

    def raw_of(self, first: int, end: int) -> str:
        """The text of words [first, end) before normalising, furniture left out."""
        return raw_text(self.body_words(first, end))

    def text_of(self, first: int, end: int) -> str:
        """Normalised text of words [first, end): lines joined, hyphenation undone,
        furniture left out."""
        return normalise(self.raw_of(first, end))

    def line_rects(self, first: int, end: int) -> list[Rect]:
        """One rectangle per line covered by words [first, end), furniture left out."""
        rects: dict[int, Rect] = {}
        for word in self.body_words(first, end):
            rects[word.line] = union(rects.get(word.line), word.rect)
        return list(rects.values())

    def word_at(self, x: float, y: float, slack: float = 0.0) -> int | None:
        """Index of the word under (x, y), or None."""
        for index, word in enumerate(self.words):
            if word.x0 - slack <= x <= word.x1 + slack and word.y0 - slack <= y <= word.y1 + slack:
                return index
        return None

    def nearest_word(self, x: float, y: float) -> int | None:
        """Index of the word closest to (x, y) (vertical distance weighs more)."""
        best, best_distance = None, float("inf")
        for index, word in enumerate(self.words):
            dx = max(word.x0 - x, 0.0, x - word.x1)
            dy = max(word.y0 - y, 0.0, y - word.y1)
            distance = dx + 3 * dy
            if distance < best_distance:
                best, best_distance = index, distance
        return best


EMPTY_PAGE = PageText(words=(), lines=(), gutter=None)


def union(a: Rect | None, b: Rect) -> Rect:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def raw_text(words: Iterable[Word]) -> str:
    """Words joined by spaces, a newline where the line changes (before normalising)."""
    parts: list[str] = []
    previous_line = None
    for word in words:
        if previous_line is not None:
            parts.append("\n" if word.line != previous_line else " ")
        parts.append(word.text)
        previous_line = word.line
    return "".join(parts)


def _group_lines(raw: Sequence[RawWord]) -> list[tuple[Rect, list[RawWord]]]:
    groups: dict[tuple[int, int], list[RawWord]] = {}
    for word in raw:
        if word[4].strip():
            groups.setdefault((word[5], word[6]), []).append(word)
    lines = []
    for words in groups.values():
        words.sort(key=lambda w: w[0])
        rect: Rect | None = None
        for w in words:
            rect = union(rect, (w[0], w[1], w[2], w[3]))
        assert rect is not None
        lines.append((rect, words))
    return lines


def find_gutter(line_rects: Sequence[Rect], page_width: float) -> float | None:
    """The x of the gap between two columns, or None when the page has one column.

    A gutter is a vertical line in the middle of the page that at least
    GUTTER_MIN_LINES lines end left of and start right of, and that fewer lines
    cross than stay on either side.
    """
    best: tuple[int, float] | None = None
    runs: list[float] = []
    x = page_width * GUTTER_SCAN_FROM
    while x <= page_width * GUTTER_SCAN_TO:
        left = sum(1 for r in line_rects if r[2] <= x)
        right = sum(1 for r in line_rects if r[0] >= x)
        crossing = len(line_rects) - left - right
        fits = min(left, right) >= GUTTER_MIN_LINES and crossing < left + right
        if fits and (best is None or crossing < best[0]):
            best, runs = (crossing, x), [x]
        elif (
            fits
            and best is not None
            and crossing == best[0]
            and runs
            and x - runs[-1] <= GUTTER_STEP
        ):
            runs.append(x)
        x += GUTTER_STEP
    if best is None:
        return None
    return (runs[0] + runs[-1]) / 2


def _column_of(rect: Rect, gutter: float | None) -> int:
    if gutter is None:
        return 0
    if rect[2] <= gutter:
        return 0
    if rect[0] >= gutter:
        return 1
    return -1


def _reading_order(
    lines: list[tuple[Rect, list[RawWord]]], gutter: float | None
) -> list[tuple[int, Rect, list[RawWord]]]:
    """Lines sorted into sections split by spanning lines; left column before right."""
    by_top = sorted(lines, key=lambda line: (round(line[0][1], 1), line[0][0]))
    ordered: list[tuple[int, Rect, list[RawWord]]] = []
    section: list[tuple[int, Rect, list[RawWord]]] = []

    def flush() -> None:
        section.sort(key=lambda item: (item[0], round(item[1][1], 1), item[1][0]))
        ordered.extend(section)
        section.clear()

    for rect, words in by_top:
        column = _column_of(rect, gutter)
        if column == -1:
            flush()
            ordered.append((column, rect, words))
        else:
            section.append((column, rect, words))
    flush()
    return ordered


def _is_sideways(words: Sequence[RawWord]) -> bool:
    """Text set running up or down the page (a margin stamp, a rotated notice)."""
    long_words = [w for w in words if len(w[4]) >= 4]
    return bool(long_words) and all((w[3] - w[1]) > 2 * (w[2] - w[0]) for w in long_words)


def _text_block(lines: Sequence[tuple[Rect, list[RawWord]]]) -> tuple[float, float]:
    """The left and right edges most lines keep to (the text block inside the margins)."""
    lefts = sorted(rect[0] for rect, _ in lines)
    rights = sorted(rect[2] for rect, _ in lines)
    return lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10]


def furniture_lines(
    lines: Sequence[tuple[Rect, list[RawWord]]], page_height: float | None
) -> frozenset[int]:
    """Indexes of the lines that are page furniture (see module docstring)."""
    if not page_height or len(lines) < 4:
        return frozenset()
    left, right = _text_block(lines)
    found = set()
    for index, (rect, words) in enumerate(lines):
        text = " ".join(w[4] for w in words)
        top, bottom = rect[3] / page_height, rect[1] / page_height
        at_edge = top <= EDGE_BAND or bottom >= 1 - EDGE_BAND
        numbered = PAGE_NUMBER.match(text) and (top <= NUMBER_BAND or bottom >= 1 - NUMBER_BAND)
        in_margin = rect[2] < left - MARGIN_SLACK or rect[0] > right + MARGIN_SLACK
        if at_edge or numbered or in_margin or _is_sideways(words):
            found.add(index)
    return frozenset(found)


def layout_page(
    raw: Sequence[RawWord], page_width: float, page_height: float | None = None
) -> PageText:
    """Group raw words into lines and order them for reading (see module docstring)."""
    lines = _group_lines(raw)
    gutter = find_gutter([rect for rect, _ in lines], page_width)
    words: list[Word] = []
    out_lines: list[Line] = []
    ordered = _reading_order(lines, gutter)
    furniture = furniture_lines([(rect, ws) for _, rect, ws in ordered], page_height)
    for column, rect, line_words in ordered:
        first = len(words)
        number = len(out_lines)
        words.extend(Word(w[0], w[1], w[2], w[3], w[4], number) for w in line_words)
        out_lines.append(Line(first, len(words), rect, column))
    return PageText(tuple(words), tuple(out_lines), gutter, furniture)
