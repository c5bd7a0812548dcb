"""Title, authors and year of an article, guessed from its PDF metadata and first page.

Publishers' metadata is often junk ("pone.0115884 1..14", "Microsoft Word - x.doc",
a file name), so the printed first page is read too: the title is the largest-font
line group near the top of page 1, the authors are the line(s) just under it (or
just above, as some journals print them), and the year comes from the journal
line, a copyright line, or failing those the metadata dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pymupdf

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.core.text import normalise

TITLE_ZONE = 0.6  # the title starts in the top 60% of page 1
SAME_SIZE = 0.6  # points: lines of one heading share a font size
MIN_TITLE_LETTERS = 12
SUPERSCRIPT_RATIO = 0.8  # spans smaller than this share of the line's size are markers
AUTHOR_LOOKAHEAD = 12  # lines after the title searched for the author list
EMAIL = re.compile(r"\(?[\w.+-]+@[\w.-]+\)?")

LABELS = {
    "articles",
    "article",
    "research article",
    "original article",
    "original research",
    "original paper",
    "review",
    "review article",
    "comprehensive review",
    "study protocol",
    "open access",
    "research",
    "case report",
    "brief report",
}
NOT_NAME_WORDS = re.compile(
    r"\b(university|department|institute|hospital|abstract|background|received|"
    r"accepted|published|correspondence|school|faculty|centre|center|journal|"
    r"http|www|doi|issn|keywords|introduction|summary|copyright|access|article|research|"
    r"review|protocol|original|licensee|sample)\b",
    re.IGNORECASE,
)
DEGREES = re.compile(
    r"\b(PhD|MSc|MD|MPH|MBBS|BSc|MA|BA|RN|FRCGP|FRCP|FRCPC|FACS|DPhil|MRCP|Prof|Dr)\b\.?"
)
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "dos", "du", "di", "la", "le"}
JUNK_TITLE = re.compile(
    r"(\d+\s*\.\.\s*\d+)|(\.(indd|docx?|pdf|tex|qxd|qxp|rtf|dvi|ps|eps|fm)\b)|"
    r"^(microsoft\s+word|untitled|unknown|title)\b",
    re.IGNORECASE,
)
JUNK_AUTHORS = {"unknown", "administrator", "admin", "user", "owner", "author"}
YEAR = r"((?:19|20)\d\d)"
JOURNAL_YEAR = [
    re.compile(r"\(" + YEAR + r"\)"),  # Clinical Science (2014) 126 / PAIN 155 (2014) 2461
    re.compile(
        YEAR + r"\s*[;,|]\s*(?:vol|\d)"
    ),  # Open Med. 2016; 11: 264 / BMC Cancer 2012, 12:560
    re.compile(YEAR + r"\s+[A-Z][a-z]{2}\w*\.?\s*[;,]\s*\d"),  # Yonsei Med J 2016 Sep;57(5)
    re.compile(r"\bVolume\s+" + YEAR + r"\b"),  # Hindawi: Volume 2010, Article ID
]
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
    if text in LABELS or "www." in text or "http" in text or "@" in text:
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


def _clean_name(name: str) -> str:
    name = DEGREES.sub(" ", name)
    name = re.sub(r"[^\w\s.'’-]", " ", name)
    name = re.sub(r"(?<=[a-zà-ÿ])\d+\b|\b\d+\b", " ", name)
    words = [w for w in name.split() if not (len(w) == 1 and w.islower())]
    return " ".join(words).strip(" .-")


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 6:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    shouting = all(w.isupper() for w in words)
    return capitalised >= len(words) - 1 and not shouting and not any(c.isdigit() for c in name)


def split_names(text: str) -> list[str]:
    """'A B1, C D2 and E F' -> ['A B', 'C D', 'E F'] with markers and degrees removed."""
    text = DEGREES.sub(" ", text)
    parts = re.split(r"[,;]|\band\b|&", text)
    return [n for n in (_clean_name(p) for p in parts) if n]


def author_of(name: str) -> Author:
    """'Esther M F van Sluijs' -> Author('van Sluijs', 'Esther M F'); caps names title-cased."""
    words = name.split()
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in PARTICLES:
        cut -= 1
    family = " ".join(words[cut:])
    if family.isupper() and len(family) > 2:
        family = family.title()
    return Author(family, " ".join(words[:cut]))


def _names_in(line: Line) -> list[str]:
    """The names on an author line, or [] when the line is not one."""
    if _letters(line.text) == 0 or NOT_NAME_WORDS.search(EMAIL.sub("", line.text)):
        return []
    if line.text[:1].isdigit():
        return []
    found = split_names(EMAIL.sub(" ", line.names_text))
    if not found or sum(map(_looks_like_name, found)) < len(found) // 2 + 1:
        return []
    return [n for n in found if _looks_like_name(n)]


def _author_runs(lines: list[Line], indices: range) -> list[list[str]]:
    """Runs of consecutive same-size author lines among `indices`."""
    runs: list[list[str]] = []
    current: list[str] = []
    size = None
    for i in indices:
        if not 0 <= i < len(lines):
            break
        names = _names_in(lines[i])
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
    return [author_of(n) for n in best]


def authors_from_metadata(author: str) -> list[Author]:
    """'Martha S Humeniuk, Morie A Gertz' -> [Author('Humeniuk', 'Martha S'), …]."""
    if author.strip().casefold() in JUNK_AUTHORS:
        return []
    author = re.sub(r"\{?et al\.?\}?", "", author)
    authors = [author_of(n) for n in split_names(author)]
    return [a for a in authors if _plausible_family(a.family)]


def _plausible_family(family: str) -> bool:
    """'Tunio' yes; 'cheng', 'DSI', 'PC3', 'SE:W:CAR:MP' (user or machine names) no."""
    letters = _letters(family)
    if letters < 2 or not family[:1].isupper() or any(c.isdigit() or c == ":" for c in family):
        return False
    return not (family.isupper() and letters <= 3)


# -- year ---------------------------------------------------------------------------------


def _plausible(year: int) -> bool:
    return 1900 <= year <= datetime.now(UTC).year + 1


def _margin_texts(lines: list[Line], page_height: float) -> list[str]:
    return [ln.text for ln in lines if ln.y0 < page_height * 0.25 or ln.y0 > page_height * 0.85]


def _journal_line(lines: list[Line], page_height: float) -> tuple[str, re.Match[str]] | None:
    """The header or footer line that cites the journal with its year, and the match."""
    for pattern in JOURNAL_YEAR:
        for text in _margin_texts(lines, page_height):
            for match in pattern.finditer(text):
                if _plausible(int(match.group(1))):
                    return text, match
    return None


def journal_from_page(lines: list[Line], page_height: float) -> str:
    """'Hawkes et al. BMC Cancer 2012, 12:560' -> 'BMC Cancer'; '' when unsure."""
    found = _journal_line(lines, page_height)
    if found is None or found[1].re is JOURNAL_YEAR[-1]:  # "Volume 2010": no name there
        return ""
    text, match = found
    name = text[: match.start()]
    name = re.sub(r"^.*\bet al\.?", "", name)  # running head "Author et al. Journal"
    name = re.sub(r"[\s\d:;,(]+$", "", name).strip(" .,;:|")
    name += "." if text[len(name) : len(name) + 1] == "." else ""
    if not 3 <= _letters(name) <= 60 or re.search(r"©|copyright|received|doi", name, re.I):
        return ""
    return name


def year_from_page(lines: list[Line], page_height: float) -> int | None:
    """The journal line's year (header/footer), else the copyright or publication year."""
    found = _journal_line(lines, page_height)
    if found is not None:
        return int(found[1].group(1))
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


def guess_record(
    doc: pymupdf.Document,
    file_stem: str,
    first_page: tuple[pymupdf.Page, pymupdf.TextPage] | None = None,
) -> ArticleRecord:
    """Title, authors and year from `doc`'s metadata and first page (`first_page`: page 1
    and its text page, when the caller has already built them)."""
    meta = doc.metadata or {}
    page, textpage = first_page or (None, None)
    try:
        page = page or doc[0]
        lines = page_lines(page, textpage)
        height = page.rect.height
    except Exception:  # a damaged first page: fall back to the metadata alone
        lines, height = [], 1.0
    printed, first, last = title_from_lines(lines, height)
    page_text = " ".join(ln.text for ln in lines)
    title = choose_title(meta.get("title") or "", printed, page_text, file_stem)
    authors = authors_from_lines(lines, first, last) if printed else []
    if not authors:
        authors = authors_from_metadata(meta.get("author") or "")
    year = year_from_page(lines, height)
    if year is None:
        year = year_from_pdf_date(meta.get("creationDate") or "") or year_from_pdf_date(
            meta.get("modDate") or ""
        )
    journal = journal_from_page(lines, height)
    return ArticleRecord(title=title, authors=authors, year=year, journal=journal)
