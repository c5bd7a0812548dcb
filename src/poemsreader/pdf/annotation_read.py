"""Reading the annotations another tool (Acrobat, Zotero, Okular, Preview, pdf.js…) left in a PDF.

Text markup (Highlight, Underline, StrikeOut, Squiggly) becomes a passage: the
characters under its quads are the quote. Notes (Text, FreeText) and a Caret's
comment (inserted text) are pinned to their rectangle without a quote. A
"replace text" edit — a StrikeOut grouped under a Caret (/IRT with /RT /Group),
as Acrobat and pdf.js write it — becomes one passage: the struck text is the
quote, "Replace with: …" the comment. Replies (/IRT without /RT /Group) are
folded into the comment of the annotation they answer. Everything else (ink,
shapes, stamps) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pymupdf

from poemsreader.core.anchors import anchor_from_selection
from poemsreader.core.model import Anchor, Quad, SelectedPassage
from poemsreader.core.text import normalise
from poemsreader.pdf.document import open_document, page_text, sha256_of
from poemsreader.pdf.drawn_text import span_hidden

MARKUP_TYPES = {"Highlight", "Underline", "StrikeOut", "Squiggly"}
NOTE_TYPES = {"Text", "FreeText", "Caret"}
REPLACE_KIND = "Replace"  # a Caret with the StrikeOut it replaces


@dataclass(frozen=True)
class _GroupMember:
    """An annotation drawn as part of another (/RT /Group), e.g. a replace's StrikeOut."""

    primary: int  # xref of the annotation it belongs to
    kind: str
    quads: list[Quad]


@dataclass
class PdfAnnotation:
    """One annotation worth a finding, as read from the PDF."""

    kind: str
    page_index: int
    anchor: Anchor
    contents: str = ""  # the annotation's text (/Contents): the finding's statement
    author: str = ""  # /T
    name: str = ""  # /NM: the tool's id for it, kept so a re-import updates
    colour: str = ""  # '#rrggbb'
    modified: datetime | None = None
    created: datetime | None = None
    replies: list[str] = field(default_factory=list)  # "author: text" of answers (/IRT)


def parse_pdf_date(value: str) -> datetime | None:
    """'D:20190115093000+02'00'' (and its many sloppy variants) -> aware UTC datetime."""
    text = (value or "").strip()
    text = text.removeprefix("D:")
    digits = "".join(c for c in text[:14] if c.isdigit())
    if len(digits) < 4:
        return None
    digits = (digits + "0101000000")[:14] if len(digits) < 14 else digits
    if digits[4:6] == "00":
        digits = digits[:4] + "01" + digits[6:]
    if digits[6:8] == "00":
        digits = digits[:6] + "01" + digits[8:]
    try:
        moment = datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=_zone(text[14:])).astimezone(UTC)


def _zone(rest: str) -> timezone:
    rest = rest.replace("'", "").strip()
    if not rest or rest[0] not in "+-":
        return UTC
    sign = -1 if rest[0] == "-" else 1
    numbers = "".join(c for c in rest[1:] if c.isdigit()) + "0000"
    try:
        offset = timedelta(hours=int(numbers[:2]), minutes=int(numbers[2:4]))
    except ValueError:
        return UTC
    return timezone(sign * offset)


def _hex(colour: tuple[float, ...] | None) -> str:
    if not colour or len(colour) != 3:
        return ""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in colour)


def _quads(annot: pymupdf.Annot) -> list[Quad]:
    points = annot.vertices or []
    quads = []
    for i in range(0, len(points) - 3, 4):
        xs = [p[0] for p in points[i : i + 4]]
        ys = [p[1] for p in points[i : i + 4]]
        quads.append(Quad(min(xs), min(ys), max(xs), max(ys)))
    if not quads:
        r = annot.rect
        quads.append(Quad(r.x0, r.y0, r.x1, r.y1))
    return quads


def _chars(page: pymupdf.Page) -> list[tuple[str, float, float]]:
    """Every character drawn on the page with its centre, in the page's reading order
    (text nobody can see is no part of a highlight's quote: `drawn_text`)."""
    chars = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if span_hidden(span):
                    continue
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    chars.append((char["c"], (x0 + x1) / 2, (y0 + y1) / 2))
    return chars


def text_under(chars: list[tuple[str, float, float]], quads: list[Quad]) -> str:
    """The characters whose centre lies inside one of the quads, line by line."""
    taken: set[int] = set()  # overlapping quads (several tools draw them) share characters
    lines = []
    for quad in quads:
        inside = []
        for index, (char, x, y) in enumerate(chars):
            if index not in taken and quad.x0 <= x <= quad.x1 and quad.y0 <= y <= quad.y1:
                taken.add(index)
                inside.append(char)
        lines.append("".join(inside))
    return normalise("\n".join(line for line in lines if line))


def read_annotations(path: Path, password: str | None = None) -> list[PdfAnnotation]:
    """The markup and notes of every page, in page order (see module docstring)."""
    sha = sha256_of(path)
    doc = open_document(path, password)
    try:
        found: list[PdfAnnotation] = []
        for page in doc.pages():
            found.extend(_page_annotations(page, page_text(doc, page.number), sha))
        return found
    finally:
        doc.close()


def _in_group(annot: pymupdf.Annot) -> bool:
    return annot.parent.parent.xref_get_key(annot.xref, "RT") == ("name", "/Group")


def _page_annotations(page: pymupdf.Page, text: str, sha: str) -> list[PdfAnnotation]:
    chars: list[tuple[str, float, float]] | None = None
    by_xref: dict[int, PdfAnnotation] = {}
    replies: list[tuple[int, str]] = []
    members: list[_GroupMember] = []
    for annot in page.annots() or []:
        kind = annot.type[1]
        info = annot.info
        irt = annot.irt_xref if hasattr(annot, "irt_xref") else 0
        if irt and _in_group(annot):
            members.append(_GroupMember(irt, kind, _quads(annot)))
            continue
        if irt:
            replies.append((irt, f"{info.get('title', '')}: {info.get('content', '')}".strip()))
            continue
        if kind not in MARKUP_TYPES | NOTE_TYPES:
            continue
        contents = (info.get("content") or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if kind in NOTE_TYPES and not contents and not _has_strikeout(annot.xref, members, page):
            continue  # an empty note says nothing worth a finding
        quads = _quads(annot)
        quote = ""
        if kind in MARKUP_TYPES:
            chars = chars if chars is not None else _chars(page)
            quote = text_under(chars, quads)
        passage = SelectedPassage(page.number, tuple(quads), quote)
        anchor = anchor_from_selection(passage, text, sha, page_height=page.rect.height)
        by_xref[annot.xref] = PdfAnnotation(
            kind=kind,
            page_index=page.number,
            anchor=anchor,
            contents=contents,
            author=(info.get("title") or "").strip(),
            name=(info.get("id") or "").strip(),
            colour=_hex((annot.colors or {}).get("stroke")),
            modified=parse_pdf_date(info.get("modDate", "")),
            created=parse_pdf_date(info.get("creationDate", "")),
        )
    for member in members:
        target = by_xref.get(member.primary)
        if target is not None and target.kind == "Caret" and member.kind == "StrikeOut":
            chars = chars if chars is not None else _chars(page)
            _make_replace(target, member, chars, text, sha, page.rect.height)
    for parent, reply in replies:
        if parent in by_xref and reply:
            by_xref[parent].replies.append(reply)
    return list(by_xref.values())


def _has_strikeout(xref: int, members: list[_GroupMember], page: pymupdf.Page) -> bool:
    """A Caret whose StrikeOut is grouped under it is an edit even without a comment
    (the members seen so far, and those still to come on the page)."""
    if any(m.primary == xref and m.kind == "StrikeOut" for m in members):
        return True
    return any(
        a.type[1] == "StrikeOut" and a.irt_xref == xref and _in_group(a)
        for a in page.annots() or []
    )


def _make_replace(
    caret: PdfAnnotation,
    struck: _GroupMember,
    chars: list[tuple[str, float, float]],
    text: str,
    sha: str,
    page_height: float,
) -> None:
    """Turn a Caret into the replace edit it heads: the struck text is the quote."""
    quote = text_under(chars, struck.quads)
    passage = SelectedPassage(caret.page_index, tuple(struck.quads), quote)
    caret.anchor = anchor_from_selection(passage, text, sha, page_height=page_height)
    caret.kind = REPLACE_KIND
    caret.contents = f"Replace with: {caret.contents}" if caret.contents else "Delete"
