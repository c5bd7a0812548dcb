"""BibTeX and BibLaTeX (JabRef, Better BibTeX, MathSciNet), read with bibtexparser 2.

Field names are matched whatever their case (`AUTHOR = {…}`). A field whose
closing brace is followed by the next field without a comma is cut there, as
BibTeX itself reads it, instead of running the title into the next field.
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
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry, Field, ParsingFailedBlock

from poemsreader.bib.latex import latex_to_unicode
from poemsreader.bib.records import (
    EntryProblem,
    ParsedReferences,
    clean_doi,
    clean_pages,
    clean_text,
    iso_date,
    year_of,
)
from poemsreader.core.model import ArticleRecord, Author

FORMAT = "BibTeX"
# `{value}` or `"value"` followed, without the comma, by `name =`: two fields.
_RUN_ON = re.compile(
    r"^\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\"[^\"]*\")\s*,?\s*([A-Za-z][\w\-:.]*\s*=.*)$",
    re.DOTALL,
)


def looks_like_bibtex(text: str) -> bool:
    return bool(re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE))


def decode_latex(value: str) -> str:
    """'Bostr\\"{o}m' -> 'Boström'; '{The} {POEMS} syndrome' -> 'The POEMS syndrome'."""
    try:
        return clean_text(latex_to_unicode(value))
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


class SplitRunOnFields(middlewares.BlockMiddleware):
    """`title = {A}` then `file = {B}` with no comma between: bibtexparser reads one
    title "{A} file = {B}"; BibTeX (and Zotero) read two fields."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform_entry(self, entry: Entry, *args: object) -> Block:
        for field in list(entry.fields):
            if not isinstance(field.value, str) or not _unenclosed(field):
                continue  # a value bibtexparser could unwrap is one field
            match = _RUN_ON.match(field.value)
            if match is None:
                continue
            field.value = match.group(1)[1:-1]
            for extra in _fields_of(match.group(2)):
                if extra.key.lower() not in {f.key.lower() for f in entry.fields}:
                    entry.set_field(extra)
        return entry


class ConcatenateStrings(middlewares.LibraryMiddleware):
    """`author = stefan # " and " # maintainer`: BibTeX joins the parts, each a quoted or
    braced text, a number or an @String name (matched whatever its case)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform(self, library: bibtexparser.Library) -> bibtexparser.Library:
        strings = {key.lower(): s.value for key, s in library.strings_dict.items()}
        for entry in library.entries:
            for field in entry.fields:
                if _concatenation(field):
                    parts = _concatenated_parts(field.value)
                    if parts:
                        field.value = "".join(_part_value(p, strings) for p in parts)
        return library


def _unenclosed(field: Field) -> bool:
    """bibtexparser could not take the value out of one pair of braces or quotes."""
    return getattr(field, "enclosing", "no-enclosing") == "no-enclosing"


def _concatenation(field: Field) -> bool:
    """A value written outside braces and quotes with a '#' in it (a braced '{a \\# b}'
    is text)."""
    return _unenclosed(field) and isinstance(field.value, str) and "#" in field.value


def _concatenated_parts(value: str) -> list[str]:
    """'a # "b" # {c}' -> ['a', '"b"', '{c}']; [] when a '#' is inside a text."""
    parts, depth, quoted, current = [], 0, False, ""
    for char in value:
        if char == '"' and depth == 0:
            quoted = not quoted
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == "#" and depth == 0 and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts if len(parts) > 1 and all(parts) else []


def _part_value(part: str, strings: dict[str, str]) -> str:
    if part[0] in '{"' and part[-1] in '}"':
        return part[1:-1]
    return strings.get(part.lower(), part)


def _fields_of(text: str) -> list[Field]:
    """The fields written in `text` ('file = {B}, note = {C}')."""
    with _quiet_parser():
        library = bibtexparser.parse_string("@misc{runon,\n" + text + "\n}")
    return list(library.entries[0].fields) if library.entries else []


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
    journal = _field(entry, "fjournal", "journaltitle", "journal", "booktitle")
    abbreviation = _field(entry, "shortjournal", "journalabbrev", "journal-abbrev")
    if not abbreviation and _field(entry, "fjournal"):
        abbreviation = _field(entry, "journal")
    return ArticleRecord(
        title=_field(entry, "title"),
        authors=_authors(entry),
        year=year,
        journal=journal,
        journal_abbrev=abbreviation,
        volume=_field(entry, "volume"),
        issue=_field(entry, "number", "issue"),
        pages=clean_pages(_field(entry, "pages")),
        published=published,
        doi=clean_doi(_field(entry, "doi")),
        pmid=_pmid(entry),
        abstract=_field(entry, "abstract"),
        url=_field(entry, "url"),
    )


def _line_of(block: Block) -> int:
    """The 1-based line where a block starts: recorded for every block parsed from text
    (0 for one that was not, which parse_bibtex never sees)."""
    return block.start_line + 1 if block.start_line is not None else 0


def _failure_message(block: object) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        return f"a second entry with the key {block.key!r}, skipped"
    if isinstance(block, ParsingFailedBlock):
        error = str(block.error).splitlines()
        reason = error[-1].strip() if error else "syntax error"
        return f"malformed entry, skipped ({reason})"
    return f"entry skipped ({type(block).__name__})"


def parse_bibtex(text: str) -> ParsedReferences:
    stack = [
        ConcatenateStrings(),
        SplitRunOnFields(),
        middlewares.NormalizeFieldKeys(),
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
    ]
    with _quiet_parser():
        library = bibtexparser.parse_string(text, append_middleware=stack)
    result = ParsedReferences(FORMAT)
    for entry in library.entries:
        result.add(record_from_entry(entry), _line_of(entry), entry.key)
    for block in library.failed_blocks:
        result.problems.append(EntryProblem(_line_of(block), _failure_message(block)))
    result.problems.sort(key=lambda p: p.line)
    return result
