"""Reading a search export for screening: the reference, plus language and publication type.

The bibliographic fields come from the reference readers in `bib/`; the two
fields only screening needs (MEDLINE `LA` and `PT`, RIS `LA` and `TY`) are read
from each record's own tagged lines, found with the same readers' record splitting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from poemsreader.bib import medline, ris
from poemsreader.bib.detect import decode, detect_parser
from poemsreader.bib.records import ParsedReferences
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")
_RIS_TYPES = {
    "JOUR": "Journal Article",
    "CASE": "Case Reports",
    "BOOK": "Book",
    "CHAP": "Book Chapter",
    "CONF": "Conference Paper",
    "CPAPER": "Conference Paper",
    "ABST": "Abstract",
    "THES": "Thesis",
}


@dataclass(frozen=True)
class ScreeningEntry:
    record: ArticleRecord
    language: str = ""  # as the file gives it: "eng", "English", "fre"
    publication_types: tuple[str, ...] = field(default_factory=tuple)


def _medline_entries(text: str) -> list[ScreeningEntry]:
    raw_records, _problems = medline.split_records(text)
    entries = []
    for raw in raw_records:
        record = medline.record_from_fields(raw)
        if record.title or record.doi or record.pmid:
            language = ", ".join(raw.values("LA"))
            entries.append(ScreeningEntry(record, language, tuple(raw.values("PT"))))
    return entries


def _ris_chunks(text: str) -> list[str]:
    chunks, current = [], []
    for line in text.lstrip("\ufeff").splitlines():
        current.append(line)
        if line.startswith("ER  -"):
            chunks.append("\n".join(current) + "\n")
            current = []
    return chunks


def _ris_entries(text: str) -> list[ScreeningEntry]:
    entries = []
    for chunk in _ris_chunks(text):
        parsed = ris.parse_ris(chunk)
        if not parsed.entries:
            continue
        tags: dict[str, list[str]] = {}
        for line in chunk.splitlines():
            if match := _RIS_TAG.match(line):
                tags.setdefault(match.group(1), []).append(match.group(2).strip())
        kind = (tags.get("TY") or [""])[0]
        types = (_RIS_TYPES.get(kind, kind),) if kind else ()
        language = ", ".join(v for v in tags.get("LA", []) if v)
        entries.append(ScreeningEntry(parsed.entries[0].record, language, types))
    return entries


def read_screening_file(path: Path) -> list[ScreeningEntry]:
    """Every usable record of a MEDLINE, RIS (or other reference) file; InvalidInput when none."""
    try:
        text = decode(Path(path).read_bytes())
    except OSError as error:
        raise InvalidInput(f"{path.name}: cannot read the file ({error.strerror}).") from error
    parser = detect_parser(text, path.name)
    if parser is medline.parse_medline:
        entries = _medline_entries(text)
    elif parser is ris.parse_ris:
        entries = _ris_entries(text)
    else:
        parsed: ParsedReferences = parser(text)
        entries = [ScreeningEntry(record) for record in parsed.records]
    if not entries:
        raise InvalidInput(f"{path.name}: no record could be read from this file.")
    return entries
