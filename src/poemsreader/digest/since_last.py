"""What is new or changed since the last digest: choosing and marking findings (pure).

A finding is *new* when no earlier digest held it, *changed* when its statement
or quote differs from the text the last digest that held it exported. The next
digest can contain only those (`only`) or all findings with those marked (`mark`);
how a mark looks is a word before the statement, so every format shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from poemsreader.digest.model import DigestData, FindingEntry

MODES = ("only", "mark")
NEW, CHANGED = "new", "changed"
MARKS = {NEW: "[new]", CHANGED: "[changed]"}


def exported_text(entry: FindingEntry) -> dict[str, str]:
    """What an export log keeps of a finding."""
    return {"statement": entry.statement, "quote": entry.quote}


def entries(data: DigestData) -> list[FindingEntry]:
    """Each finding of the digest once (a finding under two topics appears twice)."""
    seen: dict[str, FindingEntry] = {}
    for group in data.groups:
        for entry in group.findings:
            seen.setdefault(entry.uuid, entry)
    return list(seen.values())


def changes_since(
    findings: Iterable[FindingEntry], exported: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    """{uuid: 'new' | 'changed'} for the findings not exported as they are now."""
    found: dict[str, str] = {}
    for entry in findings:
        before = exported.get(entry.uuid)
        if before is None:
            found[entry.uuid] = NEW
        elif dict(before) != exported_text(entry):
            found[entry.uuid] = CHANGED
    return found


def select_since(data: DigestData, changed: Mapping[str, str], mode: str) -> DigestData:
    """The digest data with only the changed findings (`only`), or all with marks (`mark`)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    for group in data.groups:
        if mode == "only":
            group.findings = [e for e in group.findings if e.uuid in changed]
        else:
            group.findings = [_marked(e, changed.get(e.uuid, "")) for e in group.findings]
    return data


def _marked(entry: FindingEntry, change: str) -> FindingEntry:
    if not change:
        return entry
    return replace(entry, statement=f"{MARKS[change]} {entry.statement}".rstrip())
