"""A copy of an article's PDF with one standard Highlight annotation per finding.

Okular, Acrobat, pdf.js and pdfannots read these: the statement is the /Contents,
the author the /T, the finding's uuid the /NM (so `pdf import` of the copy updates
the same findings instead of duplicating them), the colour /C, the time /M and
/CreationDate. The reviewer's own file is never written to: annotations change a
PDF's bytes and so its hash.

A finding that came from `pdf import` still has its original annotation in the
stored copy; that annotation is replaced by the finding's highlight, not doubled.
It is recognised by its /NM (the finding's uuid, or a name holding it: a note
too) or, for a highlight, underline, squiggly or strike-out, by covering the same
place (quads) on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from poemsreader.atomic_files import replacing
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Quad
from poemsreader.core.text import normalise
from poemsreader.pdf.document import open_document

DEFAULT_COLOUR = "#ffd400"
MARKUP_TYPES = frozenset({"Highlight", "Underline", "Squiggly", "StrikeOut"})
SAME_PLACE = 0.8  # overlap (intersection over union) of two annotations' boxes: same passage
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@dataclass(frozen=True)
class HighlightSpec:
    """One passage of one finding to write as a highlight."""

    finding_uuid: str
    page_index: int
    quote: str
    statement: str
    author: str
    colour: str = DEFAULT_COLOUR
    quads: list[Quad] = field(default_factory=list)
    occurrence: int = 0  # which occurrence of the quote on the page, when there are no quads
    created: datetime | None = None  # the finding's own times, written as /CreationDate and /M,
    modified: datetime | None = None  # so importing the copy back sees nothing newer


def pdf_date(moment: datetime | None) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+00'00') for the moment, in UTC; now when None."""
    if moment is None:
        return str(pymupdf.get_pdf_now())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def rgb(colour: str) -> tuple[float, float, float]:
    text = (colour or DEFAULT_COLOUR).lstrip("#")
    if len(text) < 6:
        text = DEFAULT_COLOUR.lstrip("#")
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _rects(page: pymupdf.Page, spec: HighlightSpec) -> Sequence[pymupdf.Rect | pymupdf.Quad]:
    """The stored quads, else the quote found on the page (the recorded occurrence)."""
    if spec.quads:
        return [pymupdf.Rect(q.x0, q.y0, q.x1, q.y1) for q in spec.quads]
    hits = page.search_for(normalise(spec.quote), quads=True)
    if not hits:
        return []
    # search_for returns one quad per line; group lines into occurrences by gaps
    return _nth_occurrence(hits, spec.occurrence)


def _nth_occurrence(hits: list[pymupdf.Quad], wanted: int) -> list[pymupdf.Quad]:
    groups: list[list[pymupdf.Quad]] = [[hits[0]]]
    for quad in hits[1:]:
        previous = groups[-1][-1]
        if quad.rect.y0 >= previous.rect.y0 - 1 and quad.rect.y0 - previous.rect.y1 < 8:
            groups[-1].append(quad)
        else:
            groups.append([quad])
    return groups[min(wanted, len(groups) - 1)]


def _box(rects: Sequence[pymupdf.Rect | pymupdf.Quad]) -> pymupdf.Rect:
    box = pymupdf.Rect()
    for rect in rects:
        box |= rect.rect if isinstance(rect, pymupdf.Quad) else rect
    return box


def _overlap(a: pymupdf.Rect, b: pymupdf.Rect) -> float:
    common = pymupdf.Rect(a) & b
    if common.is_empty:
        return 0.0
    union = abs(a) + abs(b) - abs(common)
    return abs(common) / union if union else 0.0


def _named_for(annot: pymupdf.Annot, spec: HighlightSpec) -> bool:
    name = annot.info.get("id", "")
    return bool(name) and (
        name == spec.finding_uuid or spec.finding_uuid in _UUID.findall(name.lower())
    )


def _same_finding(annot: pymupdf.Annot, spec: HighlightSpec, box: pymupdf.Rect) -> bool:
    """Named for the finding (any kind, a note too), or a markup over the same place."""
    if _named_for(annot, spec):
        return True
    if annot.type[1] not in MARKUP_TYPES:
        return False
    vertices = annot.vertices or []
    quads = [pymupdf.Quad(vertices[i : i + 4]) for i in range(0, len(vertices) - 3, 4)]
    return bool(quads) and _overlap(_box(quads), box) >= SAME_PLACE


def _remove_imported(
    page: pymupdf.Page,
    spec: HighlightSpec,
    rects: Sequence[pymupdf.Rect | pymupdf.Quad],
    written: set[int],
) -> int:
    """Delete the markup annotations this finding came from (see the module docstring);
    never one this export wrote (two findings may highlight the same passage)."""
    box = _box(rects)
    xrefs = [a.xref for a in page.annots() if a.xref not in written and _same_finding(a, spec, box)]
    for xref in xrefs:
        page.delete_annot(page.load_annot(xref))
    return len(xrefs)


def _add(doc: pymupdf.Document, spec: HighlightSpec, written: set[int]) -> bool:
    if not 0 <= spec.page_index < doc.page_count:
        return False
    page = doc[spec.page_index]
    rects = _rects(page, spec)
    if not rects:
        return False
    _remove_imported(page, spec, rects, written)
    annot = page.add_highlight_annot(rects)
    annot.set_info(
        content=spec.statement,
        title=spec.author,
        subject="poemsreader finding",
        creationDate=pdf_date(spec.created or spec.modified),
        modDate=pdf_date(spec.modified),
    )
    annot.set_colors(stroke=rgb(spec.colour))
    annot.update()
    doc.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(spec.finding_uuid))
    written.add(annot.xref)
    return True


def write_annotated_copy(source: Path, target: Path, highlights: list[HighlightSpec]) -> int:
    """Write `target`: `source` plus the highlights. Returns how many could be placed."""
    if target.resolve() == source.resolve():
        raise InvalidInput(
            f"{target.name}: choose another file; the reviewer's own PDF is never written to."
        )
    doc = open_document(source)
    try:
        ours: set[int] = set()
        written = sum(_add(doc, spec, ours) for spec in highlights)
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as tmp:
            doc.save(str(tmp), garbage=1, deflate=True)
    finally:
        doc.close()
    return written
