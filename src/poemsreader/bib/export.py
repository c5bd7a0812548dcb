"""Writing references out: BibTeX, RIS and CSL-JSON, as text.

Each exporter takes (citation key, record) pairs and returns the whole file; the
caller writes it (atomically). What is written reads back into the same records
with the importers of this package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import rispy

from poemsreader.core.model import ArticleRecord

KeyedRecord = tuple[str, ArticleRecord]

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))


def bibtex_key(key: str) -> str:
    """'Li 2013a' -> 'Li2013a' (BibTeX keys cannot hold spaces or braces)."""
    cleaned = re.sub(r"[^\w:.\-]", "", key.replace(" ", ""))
    return cleaned or "ref"


def _escape_specials(value: str) -> str:
    return _BIBTEX_ESCAPE.sub(lambda m: _BIBTEX_SPECIALS[m.group(0)], value)


def latex_escape(value: str) -> str:
    """Escape LaTeX's special characters; '--' is kept as two hyphens (not an en dash)."""
    escaped = _escape_specials(value)
    while "--" in escaped:
        escaped = escaped.replace("--", "-{}-")
    return escaped


def _bibtex_names(record: ArticleRecord) -> str:
    names = []
    for author in record.authors:
        family = "{" + latex_escape(author.family) + "}"
        names.append(f"{family}, {{{latex_escape(author.given)}}}" if author.given else family)
    return " and ".join(names)


def _bibtex_entry(key: str, record: ArticleRecord) -> str:
    fields: list[tuple[str, str]] = [
        ("author", _bibtex_names(record)),
        ("title", "{" + latex_escape(record.title) + "}" if record.title else ""),
        ("journal", latex_escape(record.journal)),
        ("shortjournal", latex_escape(record.journal_abbrev)),
        ("year", str(record.year or "")),
        ("date", record.published),
        ("volume", latex_escape(record.volume)),
        ("number", latex_escape(record.issue)),
        ("pages", _escape_specials(record.pages).replace("-", "--")),
        ("doi", latex_escape(record.doi)),
        ("pmid", latex_escape(record.pmid)),
        ("url", latex_escape(record.url)),
        ("abstract", latex_escape(record.abstract)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{bibtex_key(key)},\n{body}\n}}\n"


def export_bibtex(entries: Sequence[KeyedRecord]) -> str:
    return "\n".join(_bibtex_entry(key, record) for key, record in entries)


def _split_pages(pages: str) -> tuple[str, str]:
    start, _, end = pages.partition("-")
    return start, end


def _ris_entry(key: str, record: ArticleRecord) -> dict[str, Any]:
    start, end = _split_pages(record.pages)
    entry: dict[str, Any] = {
        "type_of_reference": "JOUR",
        "id": key,
        # "Family, Given"; an organisation keeps a trailing comma so it is not split.
        "authors": [
            f"{a.family}, {a.given}" if a.given else f"{a.family}," for a in record.authors
        ],
        "title": record.title,
        "secondary_title": record.journal,  # T2: the journal's full name
        "journal_name": record.journal_abbrev,  # JO: its abbreviation
        "year": str(record.year or ""),
        "date": record.published.replace("-", "/"),
        "volume": record.volume,
        "number": record.issue,
        "start_page": start,
        "end_page": end,
        "doi": record.doi,
        "abstract": record.abstract,
        "urls": [record.url] if record.url else [],
    }
    if record.pmid:
        entry["accession_number"] = record.pmid
        entry["name_of_database"] = "PubMed"
    return {name: value for name, value in entry.items() if value}


def export_ris(entries: Sequence[KeyedRecord]) -> str:
    return rispy.dumps([_ris_entry(key, record) for key, record in entries])


def _csl_date(record: ArticleRecord) -> dict[str, Any] | None:
    parts = [int(p) for p in record.published.split("-") if p.isdigit()]
    if not parts and record.year:
        parts = [record.year]
    return {"date-parts": [parts]} if parts else None


def _csl_item(key: str, record: ArticleRecord) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": key,
        "citation-key": key,
        "type": "article-journal",
        "title": record.title,
        "author": [
            {"family": a.family, "given": a.given} if a.given else {"family": a.family}
            for a in record.authors
        ],
        "issued": _csl_date(record),
        "container-title": record.journal,
        "container-title-short": record.journal_abbrev,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.pages,
        "DOI": record.doi,
        "PMID": record.pmid,
        "abstract": record.abstract,
        "URL": record.url,
    }
    return {name: value for name, value in item.items() if value}


def export_csl_json(entries: Sequence[KeyedRecord]) -> str:
    items = [_csl_item(key, record) for key, record in entries]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[Sequence[KeyedRecord]], str]] = {
    "bib": export_bibtex,
    "ris": export_ris,
    "csljson": export_csl_json,
}
