"""Finding a highlighted passage again in another copy or layout of the article.

Pure: works on the normalised text of each page, compared through
`core.text.match_key` (layout forgiven: spacing, line breaks, hyphenation,
ligatures, quote and dash styles). Three steps, each tried only when the one
before found nothing:

1. by position: the recorded offsets on the recorded page still hold the quote,
   between the recorded prefix and suffix;
2. exact: every occurrence of the quote's words, also across a page break with
   the page's furniture (running head, page number, footer) in between, scored
   by how well the text around it matches the recorded prefix and suffix;
3. fuzzy (rapidfuzz `partial_ratio_alignment`): a look-alike is accepted only
   when it makes the same claim (numbers, signs, units, comparisons, negations:
   `core.claims`) and its prefix and suffix agree with the recorded ones.

A candidate must beat the runner-up clearly: when two places match equally well
(a repeated passage with the same context), the finding becomes an orphan for the
reviewer to place by hand. An orphan is never dropped; a wrong passage is never
chosen silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz

from poemsreader.core.claims import claims_agree
from poemsreader.core.text import match_key, match_key_mapped

FUZZY_THRESHOLD = 88.0  # minimum partial-ratio score of the quote (0–100)
CONTEXT_MARGIN = 5.0  # the best candidate must beat the runner-up by this much context
MIN_FUZZY_QUOTE = 12  # shorter quotes are only placed exactly
FUZZY_CONTEXT = 75.0  # each side of a fuzzy placement must agree at least this well (0–100)
EXACT_CONTEXT_CHARS = 6  # a lone exact match needs this many context characters agreeing
FURNITURE_GAP = 240  # characters of running head, footer and page number at a page break
FURNITURE_WINDOW = 10  # furniture is text whose every stretch this long recurs elsewhere
MIN_PIECE = 8  # the quote's first characters found before looking past furniture
_DIGITS = re.compile(r"\d+")
_NO_NUMBERING = str.maketrans("", "", "#.,;:-/()[]|")


class Method(StrEnum):
    POSITION = "position"
    EXACT = "exact"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class PassageHint:
    """What an anchor recorded about its passage."""

    page_index: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Segment:
    """The part of a placed passage on one page: [start, end) of its normalised text."""

    page_index: int
    start: int
    end: int


@dataclass(frozen=True)
class Placement:
    """Where a passage was found: one segment, or one per page when it crosses a break."""

    segments: tuple[Segment, ...]
    method: Method
    score: float  # 100 for exact placements

    @property
    def page_index(self) -> int:
        return self.segments[0].page_index

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[0].end

    def text(self, pages: Sequence[str]) -> str:
        return " ".join(pages[s.page_index][s.start : s.end] for s in self.segments)


@dataclass(frozen=True)
class _Candidate:
    segments: tuple[Segment, ...]
    score: float
    sides: tuple[float, float]  # agreement of the prefix and of the suffix (0–100 each)

    @property
    def context(self) -> float:
        return self.sides[0] + self.sides[1]

    def clearly_beats(self, other: _Candidate) -> bool:
        """Better overall by the margin, and not worse on either side: a place that
        matches only the prefix does not beat one that matches only the suffix."""
        if self.context - other.context < CONTEXT_MARGIN:
            return False
        return all(
            mine + CONTEXT_MARGIN > theirs
            for mine, theirs in zip(self.sides, other.sides, strict=True)
        )


class KeyedPages:
    """Each page's match key, the index of each key character in the page text, and
    the whole document's key (pages one after the other). Made once per document and
    reused for every passage placed on it."""

    def __init__(self, pages: Sequence[str]) -> None:
        self.pages = pages
        mapped = [match_key_mapped(text) for text in pages]
        self.keys = [key for key, _ in mapped]
        self.where = [where for _, where in mapped]
        self.offsets: list[int] = []
        total = 0
        for key in self.keys:
            self.offsets.append(total)
            total += len(key)
        self.document = "".join(self.keys)

    @cached_property
    def masked(self) -> list[str]:
        """Each page's key with every number written "#" (page numbers differ)."""
        return [_DIGITS.sub("#", key) for key in self.keys]

    def page_of(self, doc_index: int) -> int:
        """The page of a character of the document's key."""
        return max(0, bisect_right(self.offsets, doc_index) - 1)

    def doc_segments(self, start: int, end: int) -> list[Segment]:
        """document[start:end] as one segment per page it covers."""
        segments = []
        while start < end:
            page = self.page_of(start)
            page_end = self.offsets[page] + len(self.keys[page])
            stop = min(end, page_end)
            if stop > start:
                offset = self.offsets[page]
                segments.append(self.segment(page, start - offset, stop - offset))
            start = max(stop, start + 1) if stop <= start else stop
        return segments

    def segment(self, page: int, key_start: int, key_end: int) -> Segment:
        where = self.where[page]
        return Segment(page, where[key_start], where[key_end - 1] + 1)

    def before(self, page: int, key_start: int, size: int) -> str:
        at = self.offsets[page] + key_start
        return self.document[max(0, at - size) : at]

    def after(self, page: int, key_end: int, size: int) -> str:
        at = self.offsets[page] + key_end
        return self.document[at : at + size]


def _agreement(recorded: str, found: str) -> float:
    """0–100: mostly how many characters agree going outward from the quote (exact, so
    'cohort 35' and 'cohort 05' differ clearly), a little of the overall similarity
    (so a changed word far from the quote costs little)."""
    if not recorded:
        return 50.0
    same = _common_prefix(recorded, found)
    return 70.0 * same / len(recorded) + 0.3 * fuzz.ratio(recorded, found) * (
        len(found) / len(recorded)
    )


@dataclass(frozen=True)
class _Context:
    """The recorded prefix and suffix, as match keys."""

    prefix: str
    suffix: str

    @classmethod
    def of(cls, hint: PassageHint) -> _Context:
        return cls(match_key(hint.prefix), match_key(hint.suffix))

    def sides(self, keyed: KeyedPages, first: Segment, last: Segment) -> tuple[str, str]:
        """The text before `first` and after `last` as keys, as long as the recorded ones."""
        start = _key_index(keyed, first.page_index, first.start)
        end = _key_index(keyed, last.page_index, last.end - 1) + 1
        return (
            keyed.before(first.page_index, start, len(self.prefix)),
            keyed.after(last.page_index, end, len(self.suffix)),
        )

    def score(self, keyed: KeyedPages, segments: tuple[Segment, ...]) -> tuple[float, float]:
        """How well the surroundings match the recorded prefix and suffix (0–100 each)."""
        before, after = self.sides(keyed, segments[0], segments[-1])
        return _agreement(self.prefix[::-1], before[::-1]), _agreement(self.suffix, after)

    def agreeing_chars(self, keyed: KeyedPages, segments: tuple[Segment, ...]) -> int:
        """Characters of context that agree, outward from the passage, on the better side."""
        before, after = self.sides(keyed, segments[0], segments[-1])
        return max(
            _common_prefix(self.prefix[::-1], before[::-1]), _common_prefix(self.suffix, after)
        )

    def both_sides_agree(self, keyed: KeyedPages, segments: tuple[Segment, ...]) -> bool:
        before, after = self.sides(keyed, segments[0], segments[-1])
        return all(
            not recorded or (found and fuzz.ratio(recorded, found) >= FUZZY_CONTEXT)
            for recorded, found in ((self.prefix, before), (self.suffix, after))
        )


def _common_prefix(a: str, b: str) -> int:
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return same


def _key_index(keyed: KeyedPages, page: int, text_index: int) -> int:
    """The key character at or after `text_index` of the page text."""
    where = keyed.where[page]
    return min(bisect_left(where, text_index), len(where) - 1)


def _by_position(hint: PassageHint, keyed: KeyedPages, context: _Context) -> Placement | None:
    pages = keyed.pages
    if hint.start is None or hint.end is None or not 0 <= hint.page_index < len(pages):
        return None
    text = pages[hint.page_index]
    if not hint.quote or not 0 <= hint.start < hint.end <= len(text):
        return None
    if match_key(text[hint.start : hint.end]) != match_key(hint.quote):
        return None
    segments = (Segment(hint.page_index, hint.start, hint.end),)
    # the same offsets in another layout can hold another copy of a repeated passage
    before, after = context.sides(keyed, segments[0], segments[0])
    if not (context.prefix.endswith(before) and context.suffix.startswith(after)):
        return None
    return Placement(segments, Method.POSITION, 100.0)


def occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _exact_on_pages(quote: str, keyed: KeyedPages) -> list[tuple[Segment, ...]]:
    return [
        (keyed.segment(page, start, start + len(quote)),)
        for page, key in enumerate(keyed.keys)
        for start in occurrences(key, quote)
    ]


def _exact_around_furniture(quote: str, keyed: KeyedPages) -> list[tuple[Segment, ...]]:
    """The quote's words with page furniture in their midst: a running head, footer or
    page number between its pages, or printed in the middle of a page. The words
    before and after the furniture agree exactly; the furniture is text that recurs
    on other pages, or nothing but numbers (`_is_furniture`)."""
    found: list[tuple[Any, ...]] = []
    document, head = keyed.document, quote[:MIN_PIECE]
    if len(quote) < 2 * MIN_PIECE:
        return found
    for start in occurrences(document, head):
        agreed = MIN_PIECE + _common_prefix(quote[MIN_PIECE:], document[start + MIN_PIECE :])
        if agreed >= len(quote):
            pieces = [(start, start + len(quote))]  # straight on over a bare page break
        else:
            rest = quote[agreed:]
            at = document.find(rest, start + agreed, start + agreed + FURNITURE_GAP + len(rest))
            if at < 0 or not _is_furniture(keyed, start + agreed, at):
                continue
            pieces = [(start, start + agreed), (at, at + len(rest))]
        segments = tuple(s for a, b in pieces for s in keyed.doc_segments(a, b))
        if len({s.page_index for s in segments}) > 1 or len(pieces) > 1:
            found.append(segments)
    return found


def _is_furniture(keyed: KeyedPages, start: int, end: int) -> bool:
    """Whether document[start:end] is page furniture: nothing but a page number, or
    text every stretch of which recurs on at least two other pages (a running head,
    a journal footer). A gap over a page break is judged page by page."""
    gap = _DIGITS.sub("#", keyed.document[start:end])
    if not gap.translate(_NO_NUMBERING):
        return "#" in gap  # a page number (punctuation alone is no furniture)
    own = {keyed.page_of(start), keyed.page_of(max(start, end - 1))}
    others = [m for i, m in enumerate(keyed.masked) if i not in own]
    return all(_recurs(part, others) for part in _page_parts(keyed, start, end))


def _page_parts(keyed: KeyedPages, start: int, end: int) -> list[str]:
    """document[start:end] cut at page breaks, numbers written "#"."""
    cuts = [o for o in keyed.offsets if start < o < end]
    bounds = [start, *cuts, end]
    return [_DIGITS.sub("#", keyed.document[a:b]) for a, b in pairwise(bounds)]


def _recurs(part: str, others: list[str]) -> bool:
    """Every stretch of `part` (but numbering) is found on at least two of `others`."""
    windows = [part[i : i + FURNITURE_WINDOW] for i in range(0, max(1, len(part) - 4), 5)]
    return all(
        sum(window in page for page in others) >= 2
        for window in windows
        if window.translate(_NO_NUMBERING)
    )


def _choose(candidates: list[_Candidate], method: Method) -> Placement | None:
    """The best candidate by context, or None when the runner-up is as good."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (c.context, c.score), reverse=True)
    best = ranked[0]
    if not all(best.clearly_beats(other) for other in ranked[1:]):
        return None
    return Placement(best.segments, method, best.score)


def _by_exact(
    hint: PassageHint, keyed: KeyedPages, context: _Context
) -> tuple[Placement | None, bool]:
    """(placement, found): found without placement means ambiguous or out of context."""
    quote = match_key(hint.quote)
    places = _exact_on_pages(quote, keyed)
    if not places and len(quote) >= MIN_FUZZY_QUOTE:
        places = _exact_around_furniture(quote, keyed)
    candidates = [_Candidate(s, 100.0, context.score(keyed, s)) for s in places]
    placed = _choose(candidates, Method.EXACT)
    if placed is not None and not _read_there(context, keyed, placed):
        placed = None  # the same words, but not where the collaborator read them
    return placed, bool(candidates)


def _read_there(context: _Context, keyed: KeyedPages, placed: Placement) -> bool:
    """Some of the recorded context surrounds the place (or none was recorded)."""
    if not (context.prefix or context.suffix):
        return True
    return context.agreeing_chars(keyed, placed.segments) >= EXACT_CONTEXT_CHARS


def _fuzzy_on_page(quote: str, keyed: KeyedPages, page: int) -> list[tuple[float, Segment]]:
    """The best fuzzy matches of the quote on one page (the best one, then the next
    best after masking it, to notice a repeated passage)."""
    found: list[tuple[float, Segment]] = []
    masked = keyed.keys[page]
    for _ in range(2):
        hit = fuzz.partial_ratio_alignment(quote, masked, score_cutoff=FUZZY_THRESHOLD)
        if hit is None or hit.dest_end <= hit.dest_start:
            break
        start, end = hit.dest_start, hit.dest_end
        found.append((hit.score, keyed.segment(page, start, end)))
        masked = masked[:start] + "\x00" * (end - start) + masked[end:]
    return found


def _whole_words(text: str, segment: Segment) -> str:
    """The segment's text widened to whole words, so a number cut at an edge counts."""
    start, end = segment.start, segment.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _by_fuzzy(hint: PassageHint, keyed: KeyedPages, context: _Context) -> Placement | None:
    quote = match_key(hint.quote)
    if len(quote) < MIN_FUZZY_QUOTE:
        return None
    candidates: list[_Candidate] = []
    for page in range(len(keyed.keys)):
        for score, segment in _fuzzy_on_page(quote, keyed, page):
            candidates.append(_Candidate((segment,), score, context.score(keyed, (segment,))))
    placed = _choose(candidates, Method.FUZZY)
    if placed is None:
        return None
    segment = placed.segments[0]
    found = _whole_words(keyed.pages[segment.page_index], segment)
    if not claims_agree(hint.quote, found) or not context.both_sides_agree(keyed, placed.segments):
        return None
    return placed


def reanchor(hint: PassageHint, pages: Sequence[str] | KeyedPages) -> Placement | None:
    """Where `hint`'s passage is in `pages`, or None: an orphan for the reviewer to place."""
    keyed = pages if isinstance(pages, KeyedPages) else KeyedPages(pages)
    if not match_key(hint.quote) or not keyed.pages:
        return None
    context = _Context.of(hint)
    placed = _by_position(hint, keyed, context)
    if placed is not None:
        return placed
    placed, found_exact = _by_exact(hint, keyed, context)
    if placed is not None or found_exact:
        return placed
    return _by_fuzzy(hint, keyed, context)
