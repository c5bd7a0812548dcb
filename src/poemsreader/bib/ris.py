"""RIS (Zotero, EndNote, Scopus, JabRef) and Web of Science tagged exports, read with rispy.

rispy reads a whole file and silently drops what it cannot place, without line
numbers. So the file is first cut into entries here (TY … ER), each entry is
handed to rispy on its own, and an entry that is not a reference is reported
with the line it starts on.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from poemsreader.bib.records import (
    EntryProblem,
    ParsedEntry,
    ParsedReferences,
    clean_doi,
    clean_pages,
    clean_text,
    iso_date,
    join_pages,
    split_name,
    year_of,
)
from poemsreader.core.model import ArticleRecord

FORMAT = "RIS"
WOS_FORMAT = "Web of Science"
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")
WOS_HEAD = re.compile(r"^(FN |VR |PT [A-Z])", re.MULTILINE)


def looks_like_ris(text: str) -> bool:
    lines = [line.lstrip("\ufeff") for line in text.splitlines()[:60]]
    return any(line.startswith("TY  -") for line in lines) or (
        sum(1 for line in lines if RIS_LINE.match(line)) >= 3
        and any(line.startswith("ER  -") for line in lines)
    )


def looks_like_wos(text: str) -> bool:
    head = text.lstrip("\ufeff")[:2000]
    return head.startswith("FN ") and bool(re.search(r"^PT [A-Z]\s*$", head, re.MULTILINE))


def _chunks(text: str) -> list[tuple[int, list[str]]]:
    """Entries as (first line number, lines): from the first tagged line to ER."""
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.lstrip("\ufeff")
        if RIS_LINE.match(line) or line.startswith("ER  -"):
            if not current:
                start = number
            current.append(line)
            if line.startswith("ER  -"):
                chunks.append((start, current))
                current = []
        elif current and line.strip():
            current.append(line)  # a continuation line (rispy joins them)
    if current:
        chunks.append((start, current))
    return chunks


def _first(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return clean_text(str(value))
    return ""


def _pages(entry: dict[str, Any], start_key: str, end_key: str) -> str:
    start = _first(entry, start_key)
    if "-" in start or "–" in start:
        return clean_pages(start)
    return clean_pages(join_pages(start, _first(entry, end_key)))


def _ris_record(entry: dict[str, Any]) -> ArticleRecord:
    names = entry.get("authors") or entry.get("first_authors") or []
    date = _first(entry, "year", "publication_year", "date")
    return ArticleRecord(
        title=_first(entry, "title", "primary_title", "short_title"),
        authors=[split_name(n) for n in names if n.strip()],
        year=year_of(date),
        journal=_first(
            entry,
            "journal_name",
            "secondary_title",
            "alternate_title3",
            "alternate_title2",
            "alternate_title1",
        ),
        volume=_first(entry, "volume") or _unknown_tag(entry, "VO"),
        issue=_first(entry, "number"),
        pages=_pages(entry, "start_page", "end_page"),
        published=iso_date(_first(entry, "date", "publication_year", "year")),
        doi=clean_doi(_first(entry, "doi")),
        pmid=_pmid(entry),
        abstract=_first(entry, "abstract", "notes_abstract"),
        url=_first(entry, "urls"),
    )


def _unknown_tag(entry: dict[str, Any], tag: str) -> str:
    """A tag rispy does not know (EndNote writes the volume as VO)."""
    unknown = entry.get("unknown_tag") or {}
    values = unknown.get(tag) or []
    return clean_text(str(values[0])) if values else ""


def _pmid(entry: dict[str, Any]) -> str:
    """PubMed's id travels as the accession number of a PubMed/MEDLINE record."""
    number = _first(entry, "accession_number")
    database = _first(entry, "name_of_database").lower()
    if number.isdigit() and ("pubmed" in database or "medline" in database):
        return number
    return ""


def parse_ris(text: str) -> ParsedReferences:
    result = ParsedReferences(FORMAT)
    for start, lines in _chunks(text):
        if not lines[0].startswith("TY  -"):
            result.problems.append(
                EntryProblem(start, "entry does not begin with a TY (type) line, skipped")
            )
            continue
        try:
            parsed = rispy.loads("\n".join(lines) + "\n")
        except (OSError, ValueError, KeyError) as error:
            result.problems.append(EntryProblem(start, f"unreadable RIS entry ({error}), skipped"))
            continue
        for entry in parsed:
            record = _ris_record(entry)
            if not (record.title or record.doi):
                result.problems.append(EntryProblem(start, "entry without a title or a DOI"))
            result.entries.append(ParsedEntry(record, start, _first(entry, "id")))
    return result


def _wos_record(entry: dict[str, Any]) -> ArticleRecord:
    names = entry.get("author_full_name") or entry.get("authors") or []
    year = _first(entry, "publication_year")
    return ArticleRecord(
        title=_first(entry, "document_title"),
        authors=[split_name(n) for n in names],
        year=year_of(year),
        journal=_first(entry, "iso_source_abbreviation", "publication_name"),
        volume=_first(entry, "volume"),
        issue=_first(entry, "issue"),
        pages=_pages(entry, "beginning_page", "ending_page"),
        published=iso_date(f"{year} {_first(entry, 'publication_date')}"),
        doi=clean_doi(_first(entry, "doi")),
        pmid=_first(entry, "pubmed_id"),
        abstract=_first(entry, "abstract"),
    )


def _wos_starts(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("PT ")]


def parse_wos(text: str) -> ParsedReferences:
    result = ParsedReferences(WOS_FORMAT)
    try:
        entries = rispy.loads(text.lstrip("\ufeff"), implementation=rispy.WokParser)
    except (OSError, ValueError, KeyError) as error:
        result.problems.append(EntryProblem(1, f"unreadable Web of Science export ({error})"))
        return result
    starts = _wos_starts(text) + [0] * len(entries)
    for entry, start in zip(entries, starts, strict=False):
        result.entries.append(
            ParsedEntry(_wos_record(entry), start, _first(entry, "accession_number"))
        )
    return result
