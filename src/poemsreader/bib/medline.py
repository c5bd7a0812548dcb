"""PubMed's MEDLINE text format ("Save > PubMed format", .nbib / .txt).

A record is a run of `TAG - value` lines (the tag padded to four characters),
values continued on lines that start with spaces, records separated by blank
lines. FAU carries the full author name ("Wörmann, Bernhard"); AU only initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from poemsreader.bib.records import (
    EntryProblem,
    ParsedReferences,
    clean_doi,
    clean_pages,
    clean_text,
    iso_date,
    split_name,
    year_of,
)
from poemsreader.core.model import ArticleRecord, Author

FORMAT = "PubMed MEDLINE"
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")
_ARTICLE_NUMBER = re.compile(r"^e?\d{1,7}$")
_DOI_TAGGED = re.compile(r"^(.*?)\s*\[doi\]\s*$", re.IGNORECASE)


@dataclass
class _RawRecord:
    line: int
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, tag: str) -> list[str]:
        return [v for t, v in self.fields if t == tag and v.strip()]

    def first(self, *tags: str) -> str:
        for tag in tags:
            found = self.values(tag)
            if found:
                return clean_text(found[0])
        return ""


def looks_like_medline(text: str) -> bool:
    """True when the first tagged lines of `text` are MEDLINE's (PMID-, TI  -, FAU -…)."""
    head = [line for line in text.splitlines()[:40] if line.strip()]
    tags = [m.group(1) for line in head if (m := TAG_LINE.match(line))]
    return "PMID" in tags or ("TI" in tags and ("FAU" in tags or "DP" in tags))


def split_records(text: str) -> tuple[list[_RawRecord], list[EntryProblem]]:
    records: list[_RawRecord] = []
    problems: list[EntryProblem] = []
    current: _RawRecord | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            current = None
            continue
        match = TAG_LINE.match(line)
        if match:
            if current is None:
                current = _RawRecord(number)
                records.append(current)
            current.fields.append((match.group(1), (match.group(2) or "").strip()))
        elif line[0] in " \t" and current is not None and current.fields:
            tag, value = current.fields[-1]
            current.fields[-1] = (tag, f"{value} {line.strip()}")
        else:
            problems.append(EntryProblem(number, f"not a MEDLINE field, ignored: {line[:40]!r}"))
    return records, problems


def _doi(raw: _RawRecord) -> str:
    for value in raw.values("LID") + raw.values("AID"):
        match = _DOI_TAGGED.match(value)
        if match:
            return clean_doi(match.group(1))
        if value.lower().startswith("doi:"):
            return clean_doi(value)
    return ""


def _article_number(raw: _RawRecord) -> str:
    """An online-only article's number ('LID - 1042 [pii]', 'e0115884') stands for its
    pages; a publisher item identifier such as 'S1080-6032(22)00139-9' does not."""
    for value in raw.values("LID"):
        number = value.removesuffix("[pii]").strip()
        if value.endswith("[pii]") and _ARTICLE_NUMBER.match(number):
            return number
    return ""


def _authors(raw: _RawRecord) -> list[Author]:
    names = raw.values("FAU") or raw.values("AU")
    return [split_name(name) for name in names]


def record_from_fields(raw: _RawRecord) -> ArticleRecord:
    published = raw.first("DP")
    return ArticleRecord(
        title=" ".join(clean_text(v) for v in raw.values("TI")),
        authors=_authors(raw),
        year=year_of(published),
        journal=raw.first("JT", "TA"),
        journal_abbrev=raw.first("TA"),
        volume=raw.first("VI"),
        issue=raw.first("IP"),
        pages=clean_pages(raw.first("PG")) or _article_number(raw),
        published=iso_date(published),
        doi=_doi(raw),
        pmid=raw.first("PMID"),
        abstract=" ".join(clean_text(v) for v in raw.values("AB")),
    )


def parse_medline(text: str) -> ParsedReferences:
    raw_records, problems = split_records(text)
    result = ParsedReferences(FORMAT, problems=problems)
    for raw in raw_records:
        record = record_from_fields(raw)
        result.add(record, raw.line, record.pmid)
    result.problems.sort(key=lambda p: p.line)
    return result
