"""Quotes that drifted: a finding's stored quote no longer on its page of the PDF (pure).

A PDF replaced by another copy, or a quote edited by hand, leaves a finding
whose quote is not where its anchor says. For each such finding the closest
text found is offered: the passage `core.reanchor` finds again, else the best
fuzzy match on the anchored page. The reviewer re-anchors (the finding takes
the text found) or keeps the quote as it is; both are undoable commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Anchor, Quad
from poemsreader.core.reanchor import Method, PassageHint, reanchor
from poemsreader.core.text import normalise

if TYPE_CHECKING:
    from poemsreader.core.ports import LibraryPort

CONTEXT = 32  # characters of prefix and suffix kept with a re-anchored passage


@dataclass(frozen=True)
class ClosestText:
    page_index: int
    start: int
    end: int
    text: str
    score: float  # 0–100 similarity of the stored quote and this text
    prefix: str = ""  # the page text just before and after it (the new anchor's context)
    suffix: str = ""


@dataclass(frozen=True)
class DriftedQuote:
    """A finding whose quote is not found on its page, with the closest text found."""

    finding_uuid: str
    article_key: str
    page_index: int
    quote: str
    closest: ClosestText | None
    document_sha256: str = ""
    quads: tuple[Quad, ...] = ()  # where the closest text stands on its page

    def line(self) -> str:
        head = f"{self.finding_uuid} {self.article_key} p.{self.page_index + 1}: {self.quote!r}"
        if self.closest is None:
            return f"{head} — nothing like it found in the PDF"
        found = self.closest
        return f"{head} — closest on p.{found.page_index + 1} ({found.score:.0f}%): {found.text!r}"


def quote_holds(quote: str, pages: Sequence[str], page_indices: Sequence[int]) -> bool:
    """The quote (normalised) is in the text of the anchored pages, read in order."""
    wanted = normalise(quote)
    if not wanted:
        return True
    span = [pages[i] for i in sorted(set(page_indices)) if 0 <= i < len(pages)]
    text = " ".join(span)
    return wanted in text or wanted.replace(" ", "") in text.replace(" ", "")


def closest_text(quote: str, anchor: Anchor, pages: Sequence[str]) -> ClosestText | None:
    """The passage `quote` most likely is now (found again, else the best match on its page)."""
    wanted = normalise(quote)
    if not wanted or not pages:
        return None
    hint = PassageHint(anchor.page_index, wanted, anchor.prefix, anchor.suffix)
    placed = reanchor(hint, pages)
    if placed is not None and placed.method != Method.FUZZY:
        return _closest(pages, placed.page_index, placed.start, placed.end, placed.score)
    if placed is not None:  # a fuzzy window may cut the first or last word in two
        text = pages[placed.page_index]
        start, end = snap_to_words(text, placed.start, placed.end, wanted)
        score = fuzz.ratio(wanted, text[start:end])
        return _closest(pages, placed.page_index, start, end, score)
    index = min(max(anchor.page_index, 0), len(pages) - 1)
    hit = fuzz.partial_ratio_alignment(wanted, pages[index])
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    start, end = snap_to_words(pages[index], hit.dest_start, hit.dest_end, wanted)
    return _closest(pages, index, start, end, fuzz.ratio(wanted, pages[index][start:end]))


def _word_edges(text: str, at: int) -> set[int]:
    """`at` itself when it is on a word boundary, else the boundaries either side of it."""
    inside = 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()
    if not inside:
        return {at}
    back, forward = at, at
    while back > 0 and text[back - 1].isalnum():
        back -= 1
    while forward < len(text) and text[forward].isalnum():
        forward += 1
    return {back, forward}


def snap_to_words(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """The span nearest [start, end) that begins and ends on word boundaries, chosen by
    its likeness to `quote` (a fuzzy match window may cut words in two)."""
    spans = [(s, e) for s in _word_edges(text, start) for e in _word_edges(text, end) if e > s]
    if not spans:
        return start, end
    best = max(
        spans, key=lambda span: (fuzz.ratio(quote, text[span[0] : span[1]].strip()), -span[0])
    )
    s, e = best
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _closest(pages: Sequence[str], index: int, start: int, end: int, score: float) -> ClosestText:
    text = pages[index]
    prefix = text[max(0, start - CONTEXT) : start]
    return ClosestText(index, start, end, text[start:end], score, prefix, text[end : end + CONTEXT])


def anchor_at(found: ClosestText, quads: Sequence[Quad], sha: str) -> Anchor:
    """The anchor of the closest text on the PDF with SHA-256 `sha`."""
    return Anchor(
        page_index=found.page_index,
        quote=found.text,
        prefix=found.prefix,
        suffix=found.suffix,
        start=found.start,
        end=found.end,
        quads=list(quads),
        document_sha256=sha,
    )


class ReanchorQuote(CommandBase):
    """The finding takes the closest text found as its quote and passage (undoable)."""

    def __init__(self, uuid: str, quote: str, anchors: list[Anchor]) -> None:
        self.uuid, self.quote, self.anchors = uuid, quote, anchors
        self.text = "Re-anchor quote"
        self.before: tuple[str, list[Anchor]] | None = None

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self.before is None:
            info = library.findings.get(self.uuid)
            self.before = (info.quote, list(info.anchors))
        return library.quote_drift.set_quote(self.uuid, self.quote, self.anchors)

    def revert(self, library: LibraryPort) -> ChangeSet:
        assert self.before is not None
        return library.quote_drift.set_quote(self.uuid, *self.before)


def reanchor_command(drifted: DriftedQuote) -> ReanchorQuote:
    """The one step that moves a drifted finding to the closest text found."""
    found = drifted.closest
    if found is None:
        raise InvalidInput(f"{drifted.finding_uuid}: nothing like its quote is in the PDF.")
    anchor = anchor_at(found, drifted.quads, drifted.document_sha256)
    return ReanchorQuote(drifted.finding_uuid, found.text, [anchor])


class KeepQuote(CommandBase):
    """The reviewer keeps the quote as it is: it is not listed as drifted again (undoable)."""

    def __init__(self, uuid: str) -> None:
        self.uuid = uuid
        self.text = "Keep quote"

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.quote_drift.keep(self.uuid, True)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.quote_drift.keep(self.uuid, False)
