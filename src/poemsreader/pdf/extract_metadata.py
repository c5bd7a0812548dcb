"""An article's reference read from its PDF: metadata, first page and text.

Publishers' metadata is often junk ("pone.0115884 1..14", "Microsoft Word - x.doc",
a file name), so the printed first page is read too: the title is the largest-font
line group near the top of page 1, the authors are the line(s) just under it (or
just above, as some journals print them), else /Author (`author_names`). The DOI,
journal, volume, issue and pages come from the text (`reference_text`); the year
from the citation line, a copyright line, or failing those the metadata dates.
This module gets the text with PyMuPDF; the parsing lives in those two pure modules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pymupdf

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.core.text import normalise
from poemsreader.pdf.author_names import (
    author_of,
    authors_from_metadata,
    names_a_person,
    plausible_family,
    split_names,
)
from poemsreader.pdf.reference_text import ARTICLE_LABELS, article_doi, citation_from

TITLE_ZONE = 0.6  # the title starts in the top 60% of page 1
SAME_SIZE = 0.6  # points: lines of one heading share a font size
MIN_TITLE_LETTERS = 12
SUPERSCRIPT_RATIO = 0.8  # spans smaller than this share of the line's size are markers
AUTHOR_LOOKAHEAD = 12  # lines after the title searched for the author list
CORRESPONDENCE = re.compile(r"correspond\w*\s*(author|to)?\s*:?\s*$", re.IGNORECASE)
EMAIL = re.compile(r"\(?[\w.+-]+@[\w.-]+\)?")

NOT_NAME_WORDS = re.compile(
    r"\b(university|department|institute|hospital|abstract|background|received|"
    r"accepted|published|correspondence|school|faculty|centre|center|journal|"
    r"http|www|doi|issn|keywords|introduction|summary|copyright|access|article|research|"
    r"review|protocol|original|licensee|sample|author|authors|corresponding|editor|"
    r"cite|citation)\b",
    re.IGNORECASE,
)
JUNK_TITLE = re.compile(
    r"(\d+\s*\.\.\s*\d+)|(\.(indd|docx?|pdf|tex|qxd|qxp|rtf|dvi|ps|eps|fm)\b)|"
    r"^(microsoft\s+word|untitled|unknown|title)\b",
    re.IGNORECASE,
)
YEAR = r"((?:19|20)\d\d)"
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright|⃝)[^0-9]{0,80}" + YEAR, re.IGNORECASE)
PUBLISHED_YEAR = re.compile(r"\b(?:published|accepted)\b[^0-9]{0,40}(?:\d{1,2}\s+)?\w*\s*" + YEAR)


@dataclass(frozen=True)
class Line:
    """One text line of page 1 with its (main-text) font size and position."""

    text: str
    size: float
    y0: float
    y1: float
    names_text: str  # the text without superscript markers (affiliation numbers)


def _line_of(raw: dict) -> Line | None:
    spans = [s for s in raw["spans"] if s["text"].strip()]
    if not spans or tuple(round(v) for v in raw.get("dir", (1, 0))) != (1, 0):
        return None
    size = max(s["size"] for s in spans)
    text = normalise("".join(s["text"] for s in raw["spans"]))
    names = "".join(
        s["text"] if s["size"] >= size * SUPERSCRIPT_RATIO or not s["text"].strip() else " , "
        for s in raw["spans"]
    )
    bbox = raw["bbox"]
    return Line(text, round(size, 1), bbox[1], bbox[3], normalise(names))


def page_lines(page: pymupdf.Page, textpage: pymupdf.TextPage | None = None) -> list[Line]:
    """Horizontal text lines of `page` in reading order (blocks as the PDF stores them)."""
    lines: list[Line] = []
    found = page.get_text("dict", textpage=textpage) if textpage else page.get_text("dict")
    for block in found["blocks"]:
        for raw in block.get("lines", []):
            line = _line_of(raw)
            if line is not None and line.text:
                lines.append(line)
    return lines


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _is_title_start(line: Line) -> bool:
    text = line.text.strip().casefold()
    if text in ARTICLE_LABELS or "www." in text or "http" in text or "@" in text:
        return False
    visible = len(line.text.replace(" ", ""))
    letters = _letters(line.text)
    return len(line.text.split()) >= 3 and letters >= MIN_TITLE_LETTERS and letters * 2 > visible


def _title_lines(lines: list[Line], page_height: float) -> tuple[int, int] | None:
    """(first, last) index of the title's lines, or None when page 1 shows no title."""
    top = [i for i, ln in enumerate(lines) if ln.y0 < page_height * TITLE_ZONE]
    starts = [i for i in top if _is_title_start(lines[i])]
    if not starts:
        return None
    biggest = max(lines[i].size for i in starts)
    first = next(i for i in starts if abs(lines[i].size - biggest) < SAME_SIZE)
    last = first
    while last + 1 < len(lines):
        following, current = lines[last + 1], lines[last]
        close = -current.size * 0.6 <= following.y0 - current.y1 < current.size * 1.2
        if abs(following.size - biggest) >= SAME_SIZE or not close:
            break
        last += 1
    return first, last


def join_lines(texts: list[str]) -> str:
    """Join wrapped heading lines; a line ending in a hyphen joins without a space."""
    joined = ""
    for text in texts:
        text = text.strip()
        if joined.endswith(("-", "‐")) or not joined:
            joined += text
        else:
            joined += " " + text
    return " ".join(joined.split())


def title_from_lines(lines: list[Line], page_height: float) -> tuple[str, int, int]:
    """The printed title and the index range of its lines ('' and -1, -1 if none)."""
    span = _title_lines(lines, page_height)
    if span is None:
        return "", -1, -1
    first, last = span
    return join_lines([ln.text for ln in lines[first : last + 1]]), first, last


# -- authors ------------------------------------------------------------------------------


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 6:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    shouting = all(w.isupper() for w in words)
    return capitalised >= len(words) - 1 and not shouting and not any(c.isdigit() for c in name)


def _names_in(line: Line) -> list[str]:
    """The names on an author line, or [] when the line is not one."""
    if _letters(line.text) == 0 or NOT_NAME_WORDS.search(EMAIL.sub("", line.text)):
        return []
    if line.text[:1].isdigit():
        return []
    found = split_names(EMAIL.sub(" ", line.names_text))
    if not found or sum(map(_looks_like_name, found)) < len(found) // 2 + 1:
        return []
    return [n for n in found if _looks_like_name(n) and names_a_person(n)]


def _author_runs(lines: list[Line], indices: range) -> list[list[str]]:
    """Runs of consecutive same-size author lines among `indices`."""
    runs: list[list[str]] = []
    current: list[str] = []
    size = None
    for i in indices:
        if not 0 <= i < len(lines):
            break
        label_above = i > 0 and CORRESPONDENCE.search(lines[i - 1].text) is not None
        names = [] if label_above else _names_in(lines[i])
        same = size is not None and abs(lines[i].size - size) < SAME_SIZE
        if names and (same or not current):
            current.extend(names)
        elif names:
            runs.append(current)
            current = names
        elif current:
            runs.append(current)
            current = []
        size = lines[i].size
    if current:
        runs.append(current)
    return runs


def authors_from_lines(lines: list[Line], first: int, last: int) -> list[Author]:
    """The authors printed under the title (or just above it): the longest run of
    name lines among the next few lines, the earliest when runs tie."""
    runs = _author_runs(lines, range(last + 1, last + 1 + AUTHOR_LOOKAHEAD))
    if not runs:
        runs = _author_runs(lines, range(first - 1, max(first - 4, -1), -1))
    if not runs:
        return []
    best = max(runs, key=len)
    return [a for a in map(author_of, best) if plausible_family(a.family)]


# -- year ---------------------------------------------------------------------------------


def _plausible(year: int) -> bool:
    return 1900 <= year <= datetime.now(UTC).year + 1


def year_from_page(lines: list[Line]) -> int | None:
    """The copyright or publication year printed on page 1 (when no citation line gives it)."""
    page_text = " ".join(ln.text for ln in lines)
    for pattern in (COPYRIGHT_YEAR, PUBLISHED_YEAR):
        for match in pattern.finditer(page_text):
            if _plausible(int(match.group(1))):
                return int(match.group(1))
    return None


def year_from_pdf_date(date: str) -> int | None:
    """'D:20130301000000Z' -> 2013."""
    digits = date[2:6] if date.startswith("D:") else date[:4]
    return int(digits) if digits.isdigit() and _plausible(int(digits)) else None


# -- the whole guess ----------------------------------------------------------------------


def is_junk_title(title: str, file_stem: str = "") -> bool:
    """Metadata titles that are really file names, job names or placeholders."""
    title = title.strip()
    if not title or JUNK_TITLE.search(title):
        return True
    if file_stem and title.casefold() == file_stem.casefold():
        return True
    words = title.split()
    digits = sum(c.isdigit() for c in title)
    return len(words) < 3 or digits > len(title) * 0.3


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def choose_title(meta_title: str, printed: str, page_text: str, file_stem: str) -> str:
    """Metadata title when it is printed on page 1 too (it has no line breaks), else the
    printed title, else a non-junk metadata title, else the file name."""
    good_meta = "" if is_junk_title(meta_title, file_stem) else normalise(meta_title)
    if good_meta and _squash(good_meta) in _squash(page_text):
        return good_meta
    return printed or good_meta or file_stem


def _metadata_citation_text(meta: dict) -> str:
    """Where publishers put the citation in the metadata ("Pain, 155 (2014) 2461-2470.
    doi:…"): the subject and keywords."""
    return " ".join(str(meta.get(key) or "") for key in ("subject", "keywords")).strip()


def _xmp(doc: pymupdf.Document) -> str:
    """The XMP packet ('' when absent or unreadable): many publishers name the DOI there
    (prism:doi, crossmark:DOI)."""
    try:
        return doc.get_xml_metadata() or ""
    except Exception:
        return ""


def _first_page_lines(
    doc: pymupdf.Document, first_page: tuple[pymupdf.Page, pymupdf.TextPage] | None
) -> tuple[list[Line], float]:
    """Page 1's lines and height; none for a damaged first page (the metadata remains)."""
    page, textpage = first_page or (None, None)
    try:
        page = page or doc[0]
        return page_lines(page, textpage), page.rect.height
    except Exception:
        return [], 1.0


def _year(printed: int | None, lines: list[Line], meta: dict) -> int | None:
    """The citation's year, else the copyright or publication year, else the file's."""
    return (
        printed
        or year_from_page(lines)
        or year_from_pdf_date(meta.get("creationDate") or "")
        or year_from_pdf_date(meta.get("modDate") or "")
    )


def guess_record(
    doc: pymupdf.Document,
    file_stem: str,
    first_page: tuple[pymupdf.Page, pymupdf.TextPage] | None = None,
    page_texts: Sequence[str] | None = None,
) -> ArticleRecord:
    """The reference read from `doc`'s metadata and first page (`first_page`: page 1
    and its text page, when the caller has already built them); the DOI and the "Cite
    this article" block are looked for in `page_texts` (every page's text) when given."""
    meta = doc.metadata or {}
    lines, height = _first_page_lines(doc, first_page)
    printed, first, last = title_from_lines(lines, height)
    page_text = " ".join(ln.text for ln in lines)
    authors = authors_from_lines(lines, first, last) if printed else []
    pages = list(page_texts) if page_texts else [page_text]
    in_metadata = _metadata_citation_text(meta)
    citation = citation_from([ln.text for ln in lines], in_metadata, pages)
    return ArticleRecord(
        title=choose_title(meta.get("title") or "", printed, page_text, file_stem),
        authors=authors or authors_from_metadata(meta.get("author") or ""),
        year=_year(citation.year, lines, meta),
        journal=citation.journal,
        volume=citation.volume,
        issue=citation.issue,
        pages=citation.pages,
        doi=article_doi(pages, f"{in_metadata} {_xmp(doc)}"),
    )
