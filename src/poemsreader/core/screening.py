"""Screening a literature search: decisions, duplicate keys and PRISMA-style counts (pure).

A search export (PubMed MEDLINE or RIS) becomes a screening list; each record is
included, excluded (with a reason) or kept as "maybe". Two records are the same
article when they share a DOI, a PMID or a normalised title: the second is a
duplicate, counted but not screened again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.errors import InvalidInput

if TYPE_CHECKING:
    from poemsreader.core.ports import LibraryPort


class Decision(StrEnum):
    UNDECIDED = ""
    INCLUDE = "include"
    EXCLUDE = "exclude"
    MAYBE = "maybe"


DECISION_KEYS = {"i": Decision.INCLUDE, "e": Decision.EXCLUDE, "m": Decision.MAYBE}
DEFAULT_REASONS = (
    "not POEMS syndrome",
    "not in English",
    "wrong publication type",
    "duplicate publication",
    "no full text",
    "other",
)
NO_REASON = "no reason given"


def parse_decision(text: str) -> Decision:
    """'include', 'exclude', 'maybe' (or their first letter) -> a Decision."""
    wanted = text.strip().casefold()
    for decision in (Decision.INCLUDE, Decision.EXCLUDE, Decision.MAYBE):
        if wanted in (decision.value, decision.value[0]):
            return decision
    raise InvalidInput(f"Unknown decision {text!r}; use include, exclude or maybe.")


def normal_title(title: str) -> str:
    """Casefolded, accents and punctuation dropped, spaces collapsed (for duplicates)."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def identity_keys(doi: str, pmid: str, title: str) -> list[str]:
    """The keys under which a record is the same article as another."""
    keys = []
    if doi.strip():
        keys.append("doi:" + doi.strip().casefold())
    if pmid.strip():
        keys.append("pmid:" + pmid.strip())
    folded = normal_title(title)
    if len(folded) >= 20:  # a short title ("Case report") says nothing
        keys.append("title:" + folded)
    return keys


@dataclass(frozen=True)
class ScreeningCounts:
    """PRISMA-style flow of the screening list."""

    identified: int
    duplicates: int
    screened: int
    included: int
    excluded: int
    maybe: int
    undecided: int
    read: int
    excluded_by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "identified": self.identified,
            "duplicates": self.duplicates,
            "records": self.identified - self.duplicates,
            "screened": self.screened,
            "included": self.included,
            "excluded": self.excluded,
            "maybe": self.maybe,
            "undecided": self.undecided,
            "read": self.read,
            "excluded_by_reason": dict(self.excluded_by_reason),
            **{f"excluded: {reason}": n for reason, n in self.excluded_by_reason.items()},
        }

    def lines(self) -> list[str]:
        lines = [
            f"identified: {self.identified}",
            f"duplicates removed: {self.duplicates}",
            f"screened: {self.screened} (of {self.identified - self.duplicates})",
            f"included: {self.included}",
            f"excluded: {self.excluded}",
        ]
        lines += [f"  {reason}: {n}" for reason, n in sorted(self.excluded_by_reason.items())]
        lines += [f"maybe: {self.maybe}", f"not yet screened: {self.undecided}"]
        return [*lines, f"included and read: {self.read}"]


def count_decisions(
    identified: int, duplicates: int, decisions: Iterable[tuple[str, str]], read: int
) -> ScreeningCounts:
    """Counts from (decision, reason) of every record on the list."""
    tally: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for decision, reason in decisions:
        tally[decision] += 1
        if decision == Decision.EXCLUDE:
            reasons[reason or NO_REASON] += 1
    screened = tally[Decision.INCLUDE] + tally[Decision.EXCLUDE] + tally[Decision.MAYBE]
    return ScreeningCounts(
        identified=identified,
        duplicates=duplicates,
        screened=screened,
        included=tally[Decision.INCLUDE],
        excluded=tally[Decision.EXCLUDE],
        maybe=tally[Decision.MAYBE],
        undecided=tally[Decision.UNDECIDED],
        read=read,
        excluded_by_reason=dict(reasons),
    )


class DecideRecord(CommandBase):
    """Include, exclude or keep as maybe one record of the screening list (undoable)."""

    def __init__(self, record_id: int, decision: Decision, reason: str = "") -> None:
        self.record_id, self.decision, self.reason = record_id, decision, reason
        self.text = f"Screen record: {decision.value or 'undecided'}"
        self.before: tuple[Decision, str] | None = None

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self.before is None:
            self.before = library.screening.decision_of(self.record_id)
        return library.screening.decide(self.record_id, self.decision, self.reason)

    def revert(self, library: LibraryPort) -> ChangeSet:
        assert self.before is not None
        return library.screening.decide(self.record_id, *self.before)


class ImportSearch(CommandBase):
    """A search export added to the screening list (undo takes its records off again)."""

    def __init__(self, path: str, import_id: int | None = None) -> None:
        self.path, self.import_id = path, import_id
        self.text = "Import search for screening"

    def apply(self, library: LibraryPort) -> ChangeSet:
        from pathlib import Path

        report = library.screening.import_file(Path(self.path))
        self.import_id = report.import_id
        return report.changes()

    def revert(self, library: LibraryPort) -> ChangeSet:
        assert self.import_id is not None
        return library.screening.remove_import(self.import_id)
