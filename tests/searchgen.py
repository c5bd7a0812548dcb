"""Generate PubMed search exports (MEDLINE text) with known duplicates and languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("eng", "eng", "eng", "eng", "fre", "ger", "chi", "eng", "jpn", "eng")
TOPICS = ("lenalidomide", "radiation", "VEGF", "neuropathy", "Castleman disease", "imaging")


@dataclass(frozen=True)
class SearchFile:
    path: Path
    records: int  # records written (duplicates included)
    duplicates: int  # records that repeat an earlier one (by PMID, DOI or title)
    non_english: list[str]  # PMIDs of the unique records not in English


def _title(i: int) -> str:
    return f"POEMS syndrome and {TOPICS[i % len(TOPICS)]}: cohort study number {i}"


def medline_record(i: int, *, pmid: str, doi: str, title: str, language: str) -> str:
    lines = [
        f"PMID- {pmid}",
        "OWN - NLM",
        f"TI  - {title[:60]}",
        f"      {title[60:]}" if len(title) > 60 else "",
        f"LID - {doi} [doi]" if doi else "",
        f"AB  - Background: patient series {i} with POEMS syndrome. Methods: we studied",
        f"      {20 + i % 80} patients. Results: VEGF fell after treatment.",
        f"FAU - Author{i}, Anna",
        "AU  - Author A",
        "FAU - Second, Bruno",
        f"LA  - {language}",
        "PT  - Journal Article",
        "PT  - Case Reports" if i % 7 == 0 else "",
        f"DP  - {2013} Mar",
        f"JT  - Journal of Haematology {i % 5}",
        f"VI  - {80 + i % 9}",
        f"PG  - {100 + i}-{105 + i}",
    ]
    return "\n".join(line for line in lines if line) + "\n"


def make_search(path: Path, unique: int = 270, duplicates: int = 30) -> SearchFile:
    """`unique` records plus `duplicates` repeats (a third each by PMID, DOI and title)."""
    parts, non_english = [], []
    for i in range(unique):
        language = LANGUAGES[i % len(LANGUAGES)]
        if language != "eng":
            non_english.append(str(30000000 + i))
        parts.append(
            medline_record(
                i,
                pmid=str(30000000 + i),
                doi=f"10.1000/poems.{i}",
                title=_title(i),
                language=language,
            )
        )
    for d in range(duplicates):
        i = (d * 7) % unique
        kind = d % 3
        parts.append(
            medline_record(
                i,
                pmid=str(30000000 + i) if kind == 0 else str(40000000 + d),
                doi=f"10.1000/poems.{i}" if kind == 1 else "",
                title=_title(i) if kind != 1 else f"Another title {d} for the same paper",
                language=LANGUAGES[i % len(LANGUAGES)],
            )
        )
    path.write_text("\n".join(parts), encoding="utf-8")
    return SearchFile(path, unique + duplicates, duplicates, non_english)
