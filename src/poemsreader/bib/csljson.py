"""CSL-JSON (Zotero, Better BibTeX, pandoc) and Better BibTeX's Zotero JSON export.

CSL-JSON is a list of items (or one item); each item that cannot be read is
reported with the line its object starts on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from poemsreader.bib.latex import math_to_unicode
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
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord, Author

FORMAT = "CSL-JSON"
ZOTERO_FORMAT = "Zotero JSON"
_HTML_TAG = re.compile(r"</?(?:b|i|em|strong|sup|sub|sc|span)[^>]*>", re.IGNORECASE)


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in {"[", "{"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return clean_text(_HTML_TAG.sub("", str(value)))


def _csl_author(name: dict[str, Any]) -> Author:
    """A CSL name; an empty `literal` (as some exporters write) never hides family/given."""
    literal = _text(name.get("literal"))
    if literal and not _text(name.get("family")):
        return Author(literal, "")
    family = " ".join(
        p for p in (_text(name.get("non-dropping-particle")), _text(name.get("family"))) if p
    )
    return Author(family, _text(name.get("given")))


def _date_parts(value: Any) -> tuple[int | None, str]:
    """CSL dates: {"date-parts": [[2013, 7, 4]]} or {"raw": "2013-07-04"}."""
    if not isinstance(value, dict):
        return None, ""
    parts = value.get("date-parts") or []
    if parts and parts[0] and str(parts[0][0]).strip():
        numbers = [int(str(p)) for p in parts[0][:3] if str(p).strip().isdigit()]
        if numbers:
            shape = ["{:04d}", "{:02d}", "{:02d}"]
            return numbers[0], "-".join(s.format(n) for s, n in zip(shape, numbers, strict=False))
    raw = str(value.get("raw") or value.get("literal") or "")
    return year_of(raw), iso_date(raw)


def record_from_csl(item: dict[str, Any]) -> ArticleRecord:
    year, published = _date_parts(item.get("issued"))
    return ArticleRecord(
        title=math_to_unicode(_text(item.get("title"))),
        authors=[_csl_author(a) for a in item.get("author") or [] if isinstance(a, dict)],
        year=year,
        journal=_text(item.get("container-title")),
        journal_abbrev=_text(item.get("container-title-short") or item.get("journalAbbreviation")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=clean_pages(_text(item.get("page"))),
        published=published,
        doi=clean_doi(_text(item.get("DOI"))),
        pmid=_text(item.get("PMID")),
        abstract=math_to_unicode(_text(item.get("abstract"))),
        url=_text(item.get("URL")),
    )


def _extra_field(extra: Any, name: str) -> str:
    lines = extra if isinstance(extra, list) else str(extra or "").splitlines()
    for line in lines:
        key, _, value = str(line).partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return ""


def record_from_zotero(item: dict[str, Any]) -> ArticleRecord:
    creators = [c for c in item.get("creators") or [] if c.get("creatorType", "author") == "author"]
    authors = [
        Author(_text(c.get("lastName")), _text(c.get("firstName")))
        if "lastName" in c
        else split_name(_text(c.get("name")))
        for c in creators
    ]
    date = _text(item.get("date"))
    return ArticleRecord(
        title=_text(item.get("title")),
        authors=authors,
        year=year_of(date),
        journal=_text(item.get("publicationTitle")),
        journal_abbrev=_text(item.get("journalAbbreviation")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=clean_pages(_text(item.get("pages"))),
        published=iso_date(date),
        doi=clean_doi(_text(item.get("DOI")) or _extra_field(item.get("extra"), "DOI")),
        pmid=_extra_field(item.get("extra"), "PMID"),
        abstract=_text(item.get("abstractNote")),
        url=_text(item.get("url")),
    )


def _item_lines(text: str, count: int) -> list[int]:
    """The line each top-level item's `{` opens on (best effort, for messages)."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if char == "{" and depth == 1:
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines + [1] * (count - len(lines))


def parse_json(text: str) -> ParsedReferences:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"The JSON is malformed at line {error.lineno}: {error.msg}.",
            [f"line {error.lineno}: {error.msg}"],
        ) from error
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return _parse_items(data["items"], text, ZOTERO_FORMAT, record_from_zotero)
    items = data if isinstance(data, list) else [data]
    return _parse_items(items, text, FORMAT, record_from_csl)


def _parse_items(items: list[Any], text: str, fmt: str, convert: Any) -> ParsedReferences:
    result = ParsedReferences(fmt)
    lines = _item_lines(text, len(items)) if fmt == FORMAT else [1] * len(items)
    for item, line in zip(items, lines, strict=False):
        if not isinstance(item, dict):
            result.problems.append(EntryProblem(line, "not a reference object, skipped"))
            continue
        try:
            record = convert(item)
        except (TypeError, ValueError, AttributeError) as error:
            result.problems.append(EntryProblem(line, f"unreadable item ({error}), skipped"))
            continue
        key = str(item.get("citation-key") or item.get("citationKey") or item.get("id") or "")
        result.add(record, line, key)
    return result
