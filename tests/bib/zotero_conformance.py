"""Zotero's import test cases as a conformance check for our reference readers.

The corpus holds, for each of Zotero's RIS, BibTeX, MEDLINE, Web of Science and
CSL-JSON translators, inputs with the items Zotero stores. A case agrees when we
read the same number of references and, item by item, the same title, authors in
order, year, DOI, journal (full name), journal abbreviation, volume, issue and
pages. Used by the test suite and by bench/bench_zotero_conformance.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poemsreader.bib.detect import parse_text
from poemsreader.bib.records import clean_pages, year_of
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord

SUITES = {
    "RIS": "zotero-ris.json",
    "BibTeX": "zotero-bibtex.json",
    "MEDLINE": "zotero-medline.json",
    "Web of Science": "zotero-wos.json",
    "CSL-JSON": "zotero-csljson.json",
}
CHECKED = (
    "title",
    "authors",
    "year",
    "doi",
    "journal",
    "journal_abbrev",
    "volume",
    "issue",
    "pages",
)
_CONTAINERS = ("publicationTitle", "bookTitle", "proceedingsTitle")
_DATES = ("date", "issueDate", "dateDecided", "dateEnacted")
# Deliberate difference: the library holds articles. For Zotero's other item types
# (patents, films, bills, books…) RIS and BibTeX tags like VL, IS, SP and T2 mean
# things we have no field for (a patent number, a series, a bill's section), so
# only what identifies the work is compared: title, authors, year and DOI.
ARTICLE_TYPES = {"journalArticle", "magazineArticle", "newspaperArticle"}
IDENTIFYING = ("title", "authors", "year", "doi")


@dataclass
class CaseResult:
    suite: str
    number: int
    differences: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.differences


def load_cases(folder: Path, suite: str) -> list[dict[str, Any]]:
    return json.loads((folder / SUITES[suite]).read_text(encoding="utf-8"))["cases"]


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value or "").split()))


def _extra(item: dict[str, Any], name: str) -> str:
    for line in str(item.get("extra") or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip().casefold() == name.casefold():
            return value.strip()
    return ""


def expected_fields(item: dict[str, Any]) -> dict[str, Any]:
    """What Zotero stored, in the shape of our ArticleRecord."""
    authors = [
        (_text(c.get("lastName", c.get("name"))), _text(c.get("firstName")))
        for c in item.get("creators") or []
        if c.get("creatorType", "author") == "author"
    ]
    journal = next((item[k] for k in _CONTAINERS if item.get(k)), "")
    date = next((str(item[k]) for k in _DATES if item.get(k)), "")
    return {
        "title": _text(item.get("title") or item.get("caseName") or item.get("nameOfAct")),
        "authors": authors,
        "year": year_of(date),
        "doi": _text(item.get("DOI") or _extra(item, "DOI")).casefold(),
        "journal": _text(journal),
        "journal_abbrev": _text(item.get("journalAbbreviation")),
        "volume": _text(item.get("volume")),
        "issue": _text(item.get("issue")),
        "pages": clean_pages(_text(item.get("pages"))),
    }


def actual_fields(record: ArticleRecord) -> dict[str, Any]:
    return {
        "title": _text(record.title),
        "authors": [(_text(a.family), _text(a.given)) for a in record.authors],
        "year": record.year,
        "doi": record.doi.casefold(),
        "journal": _text(record.journal),
        "journal_abbrev": _text(getattr(record, "journal_abbrev", "")),
        "volume": _text(record.volume),
        "issue": _text(record.issue),
        "pages": _text(record.pages),
    }


def importable(item: dict[str, Any]) -> bool:
    """Deliberate difference: a record with no title, DOI or PMID identifies no article;
    we report it as a problem of the file instead of storing an empty reference.
    Zotero's notes and attachments are not references either."""
    if item.get("itemType") in {"note", "attachment"}:
        return False
    title = item.get("title") or item.get("caseName") or item.get("nameOfAct")
    return bool(title or item.get("DOI") or _extra(item, "PMID"))


def checked_fields(item: dict[str, Any]) -> tuple[str, ...]:
    """All fields for articles; what identifies the work for other item types (see
    ARTICLE_TYPES), and its authors only when Zotero calls them authors."""
    if item.get("itemType") in ARTICLE_TYPES:
        return CHECKED
    has_authors = any(c.get("creatorType") == "author" for c in item.get("creators") or [])
    return tuple(f for f in IDENTIFYING if f != "authors" or has_authors)


def check_case(suite: str, number: int, case: dict[str, Any]) -> CaseResult:
    result = CaseResult(suite, number)
    items = [i for i in case["items"] if importable(i)]
    expected = [(expected_fields(i), checked_fields(i)) for i in items]
    try:
        records = parse_text(case["input"]).records
    except InvalidInput as error:
        result.differences.append(f"refused: {error}")
        return result
    if len(records) != len(expected):
        result.differences.append(f"{len(records)} references read, Zotero reads {len(expected)}")
    for index, ((want, names), record) in enumerate(zip(expected, records, strict=False), 1):
        got = actual_fields(record)
        for name in names:
            if _normal(name, got[name]) != _normal(name, want[name]):
                result.differences.append(
                    f"item {index} {name}: ours {got[name]!r}, Zotero {want[name]!r}"
                )
    return result


def initials_as_written(given: str) -> str:
    """Deliberate difference: Zotero writes 'K. C.' for 'KC' and 'M. J.' for 'M J'; we keep
    initials as the file gives them (the house style prints 'Kang WY'), so initials are
    compared without their full stops and spaces."""
    words = given.replace(".", " ").split()
    out: list[str] = []
    for word in words:
        if (
            len(word) == 1
            and word.isupper()
            and out
            and out[-1][-1:].isupper()
            and (len(out[-1]) == 1 or out[-1].isupper())
        ):
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


_SMALL = {
    "sup": str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"),
    "sub": str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"),
}


def _plain_markup(text: str) -> str:
    """Deliberate difference: Zotero keeps rich text as HTML (<i>, <b>, <sub>2</sub>);
    we store plain Unicode text (subscript digits where Unicode has them)."""

    def script(match: re.Match[str]) -> str:
        inner = match.group(2)
        table = _SMALL[match.group(1)]
        return inner.translate(table) if all(ord(c) in table for c in inner) else inner

    text = re.sub(r"<(sup|sub)>(.*?)</\1>", script, text)
    return re.sub(r"</?(?:i|b|sc|span)(?:\s[^>]*)?>", "", text)


def _normal(name: str, value: Any) -> Any:
    if name == "pages" and isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if name in {"title", "journal"} and isinstance(value, str):
        return _plain_markup(value)
    if name == "authors":
        return [(family, initials_as_written(given)) for family, given in value]
    return value


def run_suite(folder: Path, suite: str) -> list[CaseResult]:
    return [check_case(suite, n, case) for n, case in enumerate(load_cases(folder, suite), 1)]
