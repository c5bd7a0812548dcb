"""BibTeX and BibLaTeX (JabRef, Better BibTeX), read with bibtexparser 2.

Names are split into parts before LaTeX is decoded: decoding first would turn
`{\\"O}zt{\\"u}rk, Ali` or a braced corporate name into text whose commas and
braces no longer say where the family name ends. A broken entry lands in the
parser's failed blocks: it is reported with its line and the rest imported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from poemsreader.bib.records import (
    EntryProblem,
    ParsedEntry,
    ParsedReferences,
    clean_doi,
    clean_pages,
    clean_text,
    iso_date,
    year_of,
)
from poemsreader.core.model import ArticleRecord, Author

FORMAT = "BibTeX"
_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def looks_like_bibtex(text: str) -> bool:
    return bool(re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE))


def decode_latex(value: str) -> str:
    """'Bostr\\"{o}m' -> 'Boström'; '{The} {POEMS} syndrome' -> 'The POEMS syndrome'."""
    if "\\" not in value and "{" not in value and "$" not in value:
        return clean_text(value)
    try:
        return clean_text(_LATEX.latex_to_text(value))
    except Exception:  # pylatexenc gives up on some malformed input: keep the raw text
        return clean_text(value.replace("{", "").replace("}", ""))


@contextmanager
def _quiet_parser() -> Iterator[None]:
    """bibtexparser logs each failed block itself; we report them as problems instead."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _field(entry: Entry, *names: str) -> str:
    fields = {key.lower(): value for key, value in entry.fields_dict.items()}
    for name in names:
        found = fields.get(name)
        if found is not None and str(found.value).strip():
            return decode_latex(str(found.value))
    return ""


def _authors(entry: Entry) -> list[Author]:
    fields = {key.lower(): value for key, value in entry.fields_dict.items()}
    names = fields.get("author")
    if names is None or not isinstance(names.value, list):
        return []
    authors = []
    for parts in names.value:
        if isinstance(parts, middlewares.NameParts):
            family = " ".join(parts.von + parts.last)
            given = " ".join(parts.first)
            if parts.jr:
                given = f"{given}, {' '.join(parts.jr)}".strip(", ")
            authors.append(Author(decode_latex(family), decode_latex(given)))
    return authors


def _pmid(entry: Entry) -> str:
    pmid = _field(entry, "pmid")
    if not pmid and _field(entry, "eprinttype").lower() in {"pubmed", "pmid"}:
        pmid = _field(entry, "eprint")
    return pmid


def record_from_entry(entry: Entry) -> ArticleRecord:
    date = _field(entry, "date")
    year = year_of(_field(entry, "year")) or year_of(date)
    published = iso_date(date) if date else (str(year) if year else "")
    month = _field(entry, "month")
    if not date and year and month:
        published = iso_date(f"{year} {month}")
    return ArticleRecord(
        title=_field(entry, "title"),
        authors=_authors(entry),
        year=year,
        journal=_field(entry, "journal", "journaltitle", "booktitle"),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number", "issue"),
        pages=clean_pages(_field(entry, "pages")),
        published=published,
        doi=clean_doi(_field(entry, "doi")),
        pmid=_pmid(entry),
        abstract=_field(entry, "abstract"),
        url=_field(entry, "url"),
    )


def _failure_message(block: object) -> str:
    if isinstance(block, ParsingFailedBlock):
        error = str(block.error).splitlines()
        reason = error[-1].strip() if error else "syntax error"
        return f"malformed entry, skipped ({reason})"
    return f"entry skipped ({type(block).__name__})"


def parse_bibtex(text: str) -> ParsedReferences:
    stack = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    with _quiet_parser():
        library = bibtexparser.parse_string(text, append_middleware=stack)
    result = ParsedReferences(FORMAT)
    for entry in library.entries:
        result.entries.append(
            ParsedEntry(record_from_entry(entry), entry.start_line + 1, entry.key)
        )
    for block in library.failed_blocks:
        result.problems.append(EntryProblem(block.start_line + 1, _failure_message(block)))
    result.problems.sort(key=lambda p: p.line)
    return result
