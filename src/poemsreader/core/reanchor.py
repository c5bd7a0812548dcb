"""Finding a highlighted passage again in another copy or layout of the article.

Pure: works on the normalised text of each page. Three steps, each tried only
when the one before found nothing:

1. by position: the recorded offsets on the recorded page still hold the quote;
2. by exact quote: every occurrence of the quote, scored by how well the text
   around it matches the recorded prefix and suffix;
3. by fuzzy match (rapidfuzz `partial_ratio_alignment`) of prefix + quote + suffix,
   pages nearest the recorded one first.

A candidate must beat the runner-up clearly: when two places match equally well
(a repeated passage with the same context), the finding becomes an orphan for the
reviewer to place by hand. An orphan is never dropped; a wrong passage is never
chosen silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

FUZZY_THRESHOLD = 88.0  # minimum partial-ratio score of the quote (0–100)
CONTEXT_MARGIN = 5.0  # the best candidate must beat the runner-up by this much context
MIN_FUZZY_QUOTE = 12  # shorter quotes are only placed exactly


class Method(StrEnum):
    POSITION = "position"
    QUOTE = "quote"
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
class Placement:
    page_index: int
    start: int
    end: int
    method: Method
    score: float  # 100 for exact placements

    def text(self, pages: Sequence[str]) -> str:
        return pages[self.page_index][self.start : self.end]


@dataclass(frozen=True)
class _Candidate:
    page_index: int
    start: int
    end: int
    score: float
    context: float


def _agreement(recorded: str, found: str) -> float:
    """0–100: mostly how many characters agree going outward from the quote (exact, so
    'cohort 35' and 'cohort 05' differ clearly), a little of the overall similarity
    (so a changed word far from the quote costs little)."""
    if not recorded:
        return 50.0
    same = 0
    for a, b in zip(recorded, found, strict=False):
        if a != b:
            break
        same += 1
    return 70.0 * same / len(recorded) + 0.3 * fuzz.ratio(recorded, found) * (
        len(found) / len(recorded)
    )


def context_score(hint: PassageHint, text: str, start: int, end: int) -> float:
    """How well the text around [start, end) matches the recorded prefix and suffix (0–200)."""
    before = text[max(0, start - len(hint.prefix)) : start] if hint.prefix else ""
    after = text[end : end + len(hint.suffix)] if hint.suffix else ""
    return _agreement(hint.prefix[::-1], before[::-1]) + _agreement(hint.suffix, after)


def _context_holds(hint: PassageHint, text: str, start: int, end: int) -> bool:
    """The recorded prefix and suffix surround [start, end) exactly (clipped at the page)."""
    before = text[max(0, start - len(hint.prefix)) : start]
    after = text[end : end + len(hint.suffix)]
    return hint.prefix.endswith(before) and hint.suffix.startswith(after)


def _by_position(hint: PassageHint, pages: Sequence[str]) -> Placement | None:
    if hint.start is None or hint.end is None or not 0 <= hint.page_index < len(pages):
        return None
    text = pages[hint.page_index]
    if not hint.quote or text[hint.start : hint.end] != hint.quote:
        return None
    # the same offsets in another layout can hold another copy of a repeated passage
    if not _context_holds(hint, text, hint.start, hint.end):
        return None
    return Placement(hint.page_index, hint.start, hint.end, Method.POSITION, 100.0)


def occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _page_order(hint: PassageHint, count: int) -> list[int]:
    """The recorded page first, then outwards: p, p+1, p-1, p+2, …"""
    origin = min(max(hint.page_index, 0), count - 1) if count else 0
    return sorted(range(count), key=lambda i: (abs(i - origin), i < origin))


def _choose(candidates: list[_Candidate], method: Method) -> Placement | None:
    """The best candidate by context, or None when the runner-up is as good."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (c.context, c.score), reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and best.context - ranked[1].context < CONTEXT_MARGIN:
        return None
    return Placement(best.page_index, best.start, best.end, method, best.score)


def _by_quote(hint: PassageHint, pages: Sequence[str]) -> tuple[Placement | None, bool]:
    """(placement, found): found without placement means ambiguous -> orphan."""
    candidates = [
        _Candidate(
            i, s, s + len(hint.quote), 100.0, context_score(hint, text, s, s + len(hint.quote))
        )
        for i, text in enumerate(pages)
        for s in occurrences(text, hint.quote)
    ]
    return _choose(candidates, Method.QUOTE), bool(candidates)


def _fuzzy_on_page(hint: PassageHint, text: str, index: int) -> list[_Candidate]:
    """The best fuzzy matches of the quote on one page (the best one, then the next
    best after masking it, to notice a repeated passage)."""
    found: list[_Candidate] = []
    masked = text
    for _ in range(2):
        hit = fuzz.partial_ratio_alignment(hint.quote, masked, score_cutoff=FUZZY_THRESHOLD)
        if hit is None:
            break
        start, end = hit.dest_start, hit.dest_end
        found.append(
            _Candidate(index, start, end, hit.score, context_score(hint, text, start, end))
        )
        masked = masked[:start] + "\x00" * (end - start) + masked[end:]
    return found


def _by_fuzzy(hint: PassageHint, pages: Sequence[str]) -> Placement | None:
    if len(hint.quote) < MIN_FUZZY_QUOTE:
        return None
    candidates: list[_Candidate] = []
    for index in _page_order(hint, len(pages)):
        candidates.extend(_fuzzy_on_page(hint, pages[index], index))
    return _choose(candidates, Method.FUZZY)


def reanchor(hint: PassageHint, pages: Sequence[str]) -> Placement | None:
    """Where `hint`'s passage is in `pages`, or None: an orphan for the reviewer to place."""
    if not hint.quote.strip() or not pages:
        return None
    placed = _by_position(hint, pages)
    if placed is not None:
        return placed
    placed, found_exact = _by_quote(hint, pages)
    if placed is not None or found_exact:
        return placed
    return _by_fuzzy(hint, pages)
