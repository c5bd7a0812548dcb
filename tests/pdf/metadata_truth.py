"""The hand-read references of the corpus articles, and how an extracted one is scored.

Used by the corpus test and by bench/bench_pdf_metadata.py. A field is right when it
equals the table's value after folding case, accents, dashes and punctuation
("Open Med." = "Open Med"; "Rev Saude Publica" = "Rev Saúde Pública"; "1110–1117" =
"1110-1117"); a DOI is compared case-insensitively, as DOIs are.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from poemsreader.core.model import ArticleRecord

TABLE = Path(__file__).with_name("metadata_ground_truth.json")
SCORED_FIELDS = ("doi", "first_author", "year", "journal", "volume", "issue", "pages")
GOALS = {"doi": 0.95} | {name: 0.90 for name in SCORED_FIELDS if name != "doi"}


@dataclass(frozen=True)
class Truth:
    file: str
    fields: dict[str, str]


def load_truth() -> list[Truth]:
    rows = json.loads(TABLE.read_text(encoding="utf-8"))["articles"]
    return [Truth(row["file"], {k: str(row[k]) for k in SCORED_FIELDS}) for row in rows]


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w]+", " ", plain.replace("–", "-")).strip()


def extracted_fields(record: ArticleRecord) -> dict[str, str]:
    """The scored fields of an extracted record, as strings."""
    first = record.authors[0].family if record.authors else ""
    return {
        "doi": record.doi,
        "first_author": first,
        "year": str(record.year or ""),
        "journal": record.journal,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
    }


def is_right(field: str, expected: str, found: str) -> bool:
    if field == "doi":
        return expected.casefold() == found.casefold()
    return fold(expected) == fold(found)


def wrong_fields(truth: Truth, record: ArticleRecord) -> dict[str, tuple[str, str]]:
    """{field: (expected, found)} for each field the record gets wrong."""
    found = extracted_fields(record)
    return {
        name: (truth.fields[name], found[name])
        for name in SCORED_FIELDS
        if not is_right(name, truth.fields[name], found[name])
    }
