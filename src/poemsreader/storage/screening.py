"""The screening list (as `library.screening`): import a search, decide, count, include.

Importing merges duplicates (same DOI, PMID or normalised title, within the file
and against the records already on the list). Including a record makes it a
"to read" article waiting for its PDF (or links the article the library already
has); adding that PDF later attaches it, as for any article without one
(`storage/awaited_pdfs`). Undoing the inclusion removes an article it made, as
long as nothing else hangs on it yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from poemsreader.bib.screening_file import ScreeningEntry, read_screening_file
from poemsreader.core.changes import ChangeSet
from poemsreader.core.citekeys import base_key, unique_key
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus, utc_now
from poemsreader.core.screening import (
    Decision,
    ScreeningCounts,
    count_decisions,
    identity_keys,
)
from poemsreader.storage.articles import apply_record, taken_keys
from poemsreader.storage.database import Database
from poemsreader.storage.reference_matching import ArticleIndex
from poemsreader.storage.schema import Article, ScreeningImport, ScreeningRecord


@dataclass(frozen=True)
class ScreeningRow:
    """One record of the list, as the window and `screen list` show it."""

    id: int
    title: str
    abstract: str
    journal: str
    year: int | None
    authors: str
    language: str
    publication_types: tuple[str, ...]
    doi: str
    pmid: str
    decision: Decision
    reason: str
    article_id: int | None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["decision"] = self.decision.value
        data["publication_types"] = list(self.publication_types)
        return data


@dataclass(frozen=True)
class ScreeningImportReport:
    import_id: int
    source: str
    identified: int
    duplicates: int
    new: int
    record_ids: list[int] = field(default_factory=list)  # the records added to the list

    def changes(self) -> ChangeSet:
        return ChangeSet(screening=set(self.record_ids), message=self.summary())

    def summary(self) -> str:
        return (
            f"{self.source}: {self.identified} identified, {self.duplicates} duplicates, "
            f"{self.new} new"
        )


def _record_json(record: ArticleRecord) -> dict[str, object]:
    data = asdict(record)
    data["authors"] = [[a.family, a.given] for a in record.authors]
    return data


def _record_from_json(data: dict[str, object]) -> ArticleRecord:
    values: dict[str, Any] = dict(data)
    authors: list[list[str]] = values.pop("authors", []) or []
    return ArticleRecord(authors=[Author(*pair) for pair in authors], **values)


def _author_line(record: dict[str, object]) -> str:
    authors = cast("list[list[str]]", record.get("authors") or [])
    names = [str(pair[0]) for pair in authors]
    return ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")


def _row(record: ScreeningRecord) -> ScreeningRow:
    return ScreeningRow(
        id=record.id,
        title=record.title,
        abstract=record.abstract,
        journal=record.journal,
        year=record.year,
        authors=_author_line(record.record),
        language=record.language,
        publication_types=tuple(record.publication_types),
        doi=record.doi,
        pmid=record.pmid,
        decision=Decision(record.decision),
        reason=record.reason,
        article_id=record.article_id,
    )


class ScreeningService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- import -------------------------------------------------------------------------

    def import_file(self, path: Path) -> ScreeningImportReport:
        """Add the records of a MEDLINE/RIS search export; one transaction."""
        path = Path(path)
        entries = read_screening_file(path)
        return self.import_entries(entries, path.name)

    def import_entries(self, entries: list[ScreeningEntry], source: str) -> ScreeningImportReport:
        with self.db.transaction() as session:
            known = self._known_keys(session)
            batch = ScreeningImport(source=source, identified=len(entries))
            session.add(batch)
            session.flush()
            added = []
            for entry in entries:
                record = entry.record
                keys = identity_keys(record.doi, record.pmid, record.title)
                if any(k in known for k in keys):
                    continue
                known.update(keys)
                added.append(self._new_record(batch.id, entry, keys))
            session.add_all(added)
            session.flush()
            new = len(added)
            batch.duplicates = len(entries) - new
            ids = [row.id for row in added]
        return ScreeningImportReport(batch.id, source, len(entries), len(entries) - new, new, ids)

    @staticmethod
    def _known_keys(session: Session) -> set[str]:
        known: set[str] = set()
        for keys in session.scalars(select(ScreeningRecord.identity)):
            known.update(keys)
        return known

    @staticmethod
    def _new_record(import_id: int, entry: ScreeningEntry, keys: list[str]) -> ScreeningRecord:
        record = entry.record
        return ScreeningRecord(
            import_id=import_id,
            title=record.title,
            abstract=record.abstract,
            journal=record.journal,
            year=record.year,
            language=entry.language,
            publication_types=list(entry.publication_types),
            doi=record.doi,
            pmid=record.pmid,
            record=_record_json(record),
            identity=keys,
            decision="",
            reason="",
            made_article=False,
        )

    def remove_import(self, import_id: int) -> ChangeSet:
        """Take an import's records off the list again (only while none is decided)."""
        with self.db.transaction() as session:
            batch = session.get(ScreeningImport, import_id)
            if batch is None:
                raise NotFound(f"No screening import with id {import_id}.")
            decided = session.scalar(
                select(func.count())
                .select_from(ScreeningRecord)
                .where(ScreeningRecord.import_id == import_id, ScreeningRecord.decision != "")
            )
            if decided:
                raise InvalidInput(f"{decided} record(s) of {batch.source} are screened already.")
            removed = set(
                session.scalars(
                    select(ScreeningRecord.id).where(ScreeningRecord.import_id == import_id)
                )
            )
            session.execute(delete(ScreeningRecord).where(ScreeningRecord.import_id == import_id))
            session.delete(batch)
        return ChangeSet(
            screening=removed, message=f"Search {batch.source} taken off the screening list"
        )

    # -- reading ------------------------------------------------------------------------

    def rows(self) -> list[ScreeningRow]:
        with self.db.reading() as session:
            query = select(ScreeningRecord).order_by(ScreeningRecord.id)
            return [_row(r) for r in session.scalars(query)]

    def row(self, record_id: int) -> ScreeningRow:
        with self.db.reading() as session:
            return _row(self._get(session, record_id))

    def decision_of(self, record_id: int) -> tuple[Decision, str]:
        row = self.row(record_id)
        return row.decision, row.reason

    def counts(self) -> ScreeningCounts:
        with self.db.reading() as session:
            identified, duplicates = session.execute(
                select(
                    func.coalesce(func.sum(ScreeningImport.identified), 0),
                    func.coalesce(func.sum(ScreeningImport.duplicates), 0),
                )
            ).one()
            decisions = session.execute(
                select(ScreeningRecord.decision, ScreeningRecord.reason)
            ).all()
            read = session.scalar(
                select(func.count())
                .select_from(ScreeningRecord)
                .join(Article, Article.id == ScreeningRecord.article_id)
                .where(ScreeningRecord.decision == Decision.INCLUDE.value)
                .where(Article.reading_status == ReadingStatus.READ.value)
            )
        return count_decisions(int(identified), int(duplicates), decisions, int(read or 0))

    def reasons(self) -> list[str]:
        """Exclusion reasons used so far, most used first."""
        with self.db.reading() as session:
            query = (
                select(ScreeningRecord.reason, func.count())
                .where(ScreeningRecord.decision == Decision.EXCLUDE.value)
                .where(ScreeningRecord.reason != "")
                .group_by(ScreeningRecord.reason)
                .order_by(func.count().desc())
            )
            return [reason for reason, _n in session.execute(query)]

    # -- deciding -----------------------------------------------------------------------

    def decide(self, record_id: int, decision: Decision, reason: str = "") -> ChangeSet:
        """Set the decision (one transaction); including makes or links the article."""
        with self.db.transaction() as session:
            record = self._get(session, record_id)
            changed = self._drop_article(session, record) if decision != Decision.INCLUDE else None
            if decision == Decision.INCLUDE and record.article_id is None:
                changed = self._include(session, record)
            record.decision = decision.value
            record.reason = " ".join(reason.split()) if decision == Decision.EXCLUDE else ""
            record.decided = utc_now() if decision != Decision.UNDECIDED else None
        articles = {changed} if changed is not None else set()
        verb = decision.value or "undecided"
        return ChangeSet(
            articles=articles, screening={record_id}, message=f"Record {record_id}: {verb}"
        )

    @staticmethod
    def _get(session: Session, record_id: int) -> ScreeningRecord:
        record = session.get(ScreeningRecord, record_id)
        if record is None:
            raise NotFound(f"No screening record with id {record_id}.")
        return record

    @staticmethod
    def _include(session: Session, record: ScreeningRecord) -> int:
        reference = _record_from_json(record.record)
        article = ArticleIndex(session).match(reference)
        if article is None:
            key = unique_key(base_key(reference), taken_keys(session))
            article = Article(citekey=key, reading_status=ReadingStatus.TO_READ.value)
            apply_record(article, reference)
            session.add(article)
            session.flush()
            record.made_article = True
        record.article_id = article.id
        return article.id

    @staticmethod
    def _drop_article(session: Session, record: ScreeningRecord) -> int | None:
        """Unlink the included article; remove it if this record made it and it is untouched."""
        article_id = record.article_id
        if article_id is None:
            return None
        article = session.get(Article, article_id)
        record.article_id = None
        untouched = article is not None and not article.documents and not article.findings
        if record.made_article and untouched and article is not None:
            session.delete(article)
        record.made_article = False
        return article_id

    def included_articles(self) -> list[int]:
        with self.db.reading() as session:
            query = (
                select(ScreeningRecord.article_id)
                .where(ScreeningRecord.decision == Decision.INCLUDE.value)
                .where(ScreeningRecord.article_id.is_not(None))
                .order_by(ScreeningRecord.id)
            )
            return [i for i in session.scalars(query) if i is not None]
