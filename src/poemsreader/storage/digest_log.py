"""The record of every digest exported: when, where, which findings and their text.

`exported()` gives, for each finding ever exported, the text the most recent
export holding it wrote; `since_last()` compares the findings as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from poemsreader.digest.model import DigestData, FindingEntry
from poemsreader.digest.since_last import changes_since, entries, exported_text
from poemsreader.storage.database import Database
from poemsreader.storage.schema import DigestExport


@dataclass(frozen=True)
class ExportRecord:
    id: int
    made: datetime
    format: str
    path: str
    findings: dict[str, dict[str, str]]


class DigestLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, findings: list[FindingEntry], fmt: str, path: Path) -> None:
        held = {e.uuid: exported_text(e) for e in findings}
        with self.db.transaction() as session:
            session.add(DigestExport(format=fmt, path=str(path), findings=held))

    def exports(self) -> list[ExportRecord]:
        """Every export, oldest first."""
        with self.db.reading() as session:
            rows = session.scalars(select(DigestExport).order_by(DigestExport.id))
            return [ExportRecord(r.id, r.made, r.format, r.path, dict(r.findings)) for r in rows]

    def last(self) -> ExportRecord | None:
        found = self.exports()
        return found[-1] if found else None

    def exported(self) -> dict[str, dict[str, str]]:
        """Each finding's text as the latest export that held it wrote it."""
        latest: dict[str, dict[str, str]] = {}
        for export in self.exports():
            latest.update(export.findings)
        return latest

    def since_last(self, data: DigestData) -> dict[str, str]:
        """{uuid: 'new' | 'changed'} among the findings of `data`."""
        return changes_since(entries(data), self.exported())
