"""RIS (Zotero, EndNote, Scopus, JabRef), read with rispy, and Web of Science tagged exports.

rispy reads a whole file and silently drops what it cannot place, without line
numbers. So the file is first cut into entries here (TY … ER), each entry is
handed to rispy on its own, and an entry that is not a reference is reported
with the line it starts on. Web of Science's tagged format is simple and
grows new tags (PS, Z9, AE, MC…) that rispy's reader refuses whole, so it is
read here, keeping every tag.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from poemsreader.bib.latex import math_to_unicode
from poemsreader.bib.records import (
    EntryProblem,
    ParsedReferences,
    clean_doi,
    clean_pages,
    clean_text,
    iso_date,
    join_pages,
    split_name,
    year_of,
)
from poemsreader.core.model import ArticleRecord, Author

FORMAT = "RIS"
WOS_FORMAT = "Web of Science"
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")
# Written by hand or by older tools: one space, or none, before the dash ("TY - JOUR").
_LOOSE_TAG = re.compile(r"^([A-Z][A-Z0-9]) {0,2}- ?(?=\S|$)")
_AUTHOR_TAGS = ("AU", "A1")
# Types whose T2 is a series or an authority rather than the journal the work appeared in.
_NOT_IN_A_JOURNAL = {"BOOK", "EBOOK", "THES", "RPRT", "PAT", "BILL", "STAT", "HEAR", "MAP", "ART"}
WOS_HEAD = re.compile(r"^(FN |VR |PT [A-Z])", re.MULTILINE)


def normalise_tag(line: str) -> str:
    """'TY - JOUR' and 'ER -' -> 'TY  - JOUR', 'ER  - ' (the spacing rispy and the spec need)."""
    match = _LOOSE_TAG.match(line)
    if match is None:
        return line
    rest = line[match.end() :]
    return f"{match.group(1)}  - {rest}" if rest else f"{match.group(1)}  - "


def looks_like_ris(text: str) -> bool:
    lines = [normalise_tag(line.lstrip("\ufeff")) for line in text.splitlines()[:60]]
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
        line = normalise_tag(raw.lstrip("\ufeff"))
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


def _tagged_values(lines: list[str], tags: tuple[str, ...]) -> list[str]:
    """The values of `tags` in the order the file gives them (rispy groups A1 apart from AU)."""
    values = []
    for line in lines:
        match = RIS_LINE.match(line)
        if match and match.group(1) in tags and line[6:].strip():
            values.append(line[6:].strip())
    return values


def _journal(entry: dict[str, Any]) -> tuple[str, str]:
    """(full name, abbreviation): T2/JF name the journal, JO/JA/J2/J1 abbreviate it;
    an abbreviation alone stands for the journal, as in Zotero."""
    abbreviation = _first(entry, "journal_name", "alternate_title2", "alternate_title1")
    if _first(entry, "type_of_reference") in _NOT_IN_A_JOURNAL:
        return "", abbreviation
    full = _first(entry, "secondary_title", "alternate_title3")
    return (full or abbreviation), abbreviation


def _ris_record(entry: dict[str, Any], lines: list[str]) -> ArticleRecord:
    names = _tagged_values(lines, _AUTHOR_TAGS)
    date = _first(entry, "date", "year", "publication_year")
    journal, abbreviation = _journal(entry)
    return ArticleRecord(
        title=math_to_unicode(_first(entry, "title", "primary_title", "short_title")),
        authors=[split_name(n) for n in names],
        year=year_of(date),
        journal=journal,
        journal_abbrev=abbreviation,
        volume=_first(entry, "volume") or _unknown_tag(entry, "VO"),
        issue=_first(entry, "number") or _journal_issue(entry),
        pages=_pages(entry, "start_page", "end_page"),
        published=iso_date(date),
        doi=clean_doi(_first(entry, "doi")),
        pmid=_pmid(entry),
        abstract=math_to_unicode(_first(entry, "abstract", "notes_abstract")),
        url=_first(entry, "urls"),
    )


def _journal_issue(entry: dict[str, Any]) -> str:
    """EndNote writes a journal article's issue as M1 when it has no IS line."""
    if _first(entry, "type_of_reference") in {"JOUR", "JFULL", "MGZN"}:
        return _first(entry, "note")
    return ""


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
            result.add(_ris_record(entry, lines), start, _first(entry, "id"))
    return result


_WOS_LINE = re.compile(r"^([A-Z][A-Z0-9]) (.*)$")
_WOS_LIST_TAGS = {"AU", "AF", "BE", "CA"}  # one value per line, continuation lines included
_EMAIL = re.compile(r"\s*\([^()]*@[^()]*\)")


def _wos_chunks(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    """Records (PT … ER) as (first line, {tag: values}); tags we do not use are kept too,
    so an export with newer tags (PS, Z9, AE, MC…) reads like any other."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    fields: dict[str, list[str]] | None = None
    tag = ""
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        match = _WOS_LINE.match(line)
        continued = line.startswith("   ") or (line.strip() and match is None)
        if line in {"ER", "EF"}:
            fields = None
        elif continued and fields is not None and tag:
            _continue(fields, tag, line.strip())  # BIOSIS exports do not indent them
        elif match and match.group(1) == "PT":
            fields = {}
            records.append((number, fields))
            tag = "PT"
            fields["PT"] = [match.group(2).strip()]
        elif match and fields is not None:
            tag = match.group(1)
            fields.setdefault(tag, []).append(match.group(2).strip())
    return records


def _continue(fields: dict[str, list[str]], tag: str, value: str) -> None:
    if tag in _WOS_LIST_TAGS:
        fields[tag].append(value)
    else:
        fields[tag][-1] = f"{fields[tag][-1]} {value}".strip()


def _wos_name(name: str) -> Author:
    """'Zelle, Rintze M.' -> (Zelle, Rintze M.); 'YANG Y' (family then initials, no comma)
    -> (YANG, Y); an e-mail address after the name is dropped."""
    name = _EMAIL.sub("", name).strip()
    if "," in name:
        return split_name(name)
    family, _, given = name.partition(" ")
    return Author(family, given.strip())


def _wos_pages(fields: dict[str, list[str]]) -> str:
    first = _wos_value(fields, "BP")
    if first:
        return clean_pages(join_pages(first, _wos_value(fields, "EP")))
    return clean_pages(_wos_value(fields, "PS") or _wos_value(fields, "AR"))


def _wos_value(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        values = fields.get(tag)
        if values and values[0].strip():
            return clean_text(values[0])
    return ""


def _wos_record(fields: dict[str, list[str]]) -> ArticleRecord:
    names = fields.get("AF") or fields.get("AU") or []
    year = _wos_value(fields, "PY")
    return ArticleRecord(
        title=math_to_unicode(_wos_value(fields, "TI")),
        authors=[_wos_name(n) for n in names if n.strip()],
        year=year_of(year),
        journal=_wos_value(fields, "SO"),
        journal_abbrev=_wos_value(fields, "JI"),
        volume=_wos_value(fields, "VL"),
        issue=_wos_value(fields, "IS"),
        pages=_wos_pages(fields),
        published=iso_date(f"{year} {_wos_value(fields, 'PD')}"),
        doi=clean_doi(_wos_value(fields, "DI")),
        pmid=_wos_value(fields, "PM"),
        abstract=math_to_unicode(_wos_value(fields, "AB")),
    )


def parse_wos(text: str) -> ParsedReferences:
    result = ParsedReferences(WOS_FORMAT)
    for start, fields in _wos_chunks(text):
        result.add(_wos_record(fields), start, _wos_value(fields, "UT"))
    return result
