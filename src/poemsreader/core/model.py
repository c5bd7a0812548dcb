"""Domain types shared by every layer: plain dataclasses, no storage, no Qt.

The store maps these to tables; importers (bib/, share/, pdf import) produce
them; the digest and the UI read them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


def utc_now() -> datetime:
    """Timestamps are UTC, second precision plus microseconds, always aware."""
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


class ReadingStatus(StrEnum):
    TO_READ = "to read"
    READING = "reading"
    READ = "read"
    UNAVAILABLE = "unavailable"


class FindingStatus(StrEnum):
    NEW = "new"
    REINFORCES = "reinforces"
    CONTRADICTS = "contradicts"
    OPEN_QUESTION = "open question"


class Placing(StrEnum):
    """How a finding stands on this library's copy of its article."""

    POSITION = "position"  # made here, or on the very same layout
    EXACT = "exact"  # its words found again, exactly, in another copy
    FUZZY = "fuzzy"  # a look-alike with the same claim and the same surroundings
    ORPHAN = "orphan"  # not found with confidence: to place by hand
    BY_HAND = "by hand"  # placed by the reviewer


WEAKEST_FIRST = (Placing.ORPHAN, Placing.FUZZY, Placing.EXACT, Placing.BY_HAND, Placing.POSITION)


def weakest_placing(kinds: list[str]) -> Placing:
    """A finding's placing: that of its least certain passage (position when none is known)."""
    for kind in WEAKEST_FIRST:
        if kind.value in kinds:
            return kind
    return Placing.POSITION


class PageLabelSource(StrEnum):
    """Where an article's printed page numbers came from (shown to the reviewer)."""

    PAGE_LABELS = "pdf page labels"
    PRINTED = "printed page numbers"
    REFERENCE_RANGE = "reference page range"
    PDF_INDEX = "pdf page number"
    REVIEWER = "set by reviewer"


@dataclass(frozen=True)
class Author:
    family: str
    given: str = ""

    def initials(self) -> str:
        """'Martha S' -> 'MS'; 'Jean-Paul' -> 'JP'; 'WY' and 'W.Y.' stay 'WY' (initials
        as written, the example digest's style)."""
        parts = self.given.replace("-", " ").replace(".", " ").split()
        return "".join(p if _written_initials(p) else p[0].upper() for p in parts)


def _written_initials(part: str) -> bool:
    """'WY', 'MS': capitals only, at most three — initials already, not a name."""
    return len(part) <= 3 and part.isalpha() and part.isupper()


@dataclass
class ArticleRecord:
    """Bibliographic record of an article, as imported or edited."""

    title: str = ""
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    journal: str = ""  # the full name
    volume: str = ""
    issue: str = ""
    pages: str = ""
    published: str = ""  # ISO date or partial ("2013-07-04", "2013-03")
    doi: str = ""
    pmid: str = ""
    abstract: str = ""
    url: str = ""
    # The journal's abbreviation as the file gave it ("Augment Altern Commun"), read and
    # written by the reference formats; the library stores the full name.
    journal_abbrev: str = ""

    def first_page(self) -> str:
        """'68-73' -> '68'; '1349-56' -> '1349'; 'e0115884' -> 'e0115884'."""
        head = self.pages.replace("–", "-").split("-")[0].strip()
        return head


@dataclass(frozen=True)
class Quad:
    """A highlighted rectangle in PDF page coordinates (points, origin top-left
    as PyMuPDF reports them, unrotated page space)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Anchor:
    """One highlighted passage of a finding: enough to find it again in
    another copy or layout of the same article."""

    page_index: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # character offset in the normalised page text
    end: int | None = None
    quads: list[Quad] = field(default_factory=list)
    document_sha256: str = ""
    is_area: bool = False  # a rectangle (figure/table) rather than text
    # How the passage was placed on this library's copy when it arrived from a
    # collaborator (a `Placing` value); "" for a passage selected here.
    placement: str = ""


@dataclass
class FindingRecord:
    """A finding as the core sees it, independent of storage ids."""

    uuid: str = field(default_factory=new_uuid)
    statement: str = ""
    quote: str = ""
    topics: list[str] = field(default_factory=list)  # topic paths, "Parent/Child"
    tags: list[str] = field(default_factory=list)
    status: FindingStatus = FindingStatus.NEW
    comment: str = ""
    colour: str = ""
    reviewer_id: str = ""
    reviewer_name: str = ""
    created: datetime = field(default_factory=utc_now)
    modified: datetime = field(default_factory=utc_now)
    anchors: list[Anchor] = field(default_factory=list)


@dataclass(frozen=True)
class SelectedPassage:
    """What the reader hands over when the reviewer selects text or an area on one page."""

    page_index: int
    quads: tuple[Quad, ...]
    text: str  # normalised (ligatures expanded, hyphenation joined, spaces collapsed)
    is_area: bool = False


@dataclass(frozen=True)
class HighlightOverlay:
    """A finding's passage as the reader draws it over a page."""

    finding_uuid: str
    page_index: int
    quads: tuple[Quad, ...]
    colour: str  # "#rrggbb"
    tooltip: str = ""
