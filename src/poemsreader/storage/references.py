"""References: import records into the library, edit an article's record, export.

An imported record enriches the article it describes (matched by DOI, then PMID,
then a close title with the same year and first author, nothing disagreeing; see
reference_matching) or becomes a new article without a PDF
(reading status "unavailable"). A field the reviewer edited by hand is never
overwritten: a disagreeing value waits as a proposed change (kept in the
`setting` table under one key per article) until the reviewer accepts or
rejects it. After every import the citation-key rules run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from poemsreader.atomic_files import write_text_atomically
from poemsreader.bib.detect import read_references
from poemsreader.bib.export import EXPORTERS
from poemsreader.bib.records import ParsedReferences
from poemsreader.core.changes import ChangeSet
from poemsreader.core.citekeys import base_key, unique_key
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.paths import LibraryPaths
from poemsreader.storage.article_files import ArticleFiles
from poemsreader.storage.articles import (
    RECORD_FIELDS,
    ArticleService,
    apply_record,
    assign_key,
    record_of,
)
from poemsreader.storage.database import Database
from poemsreader.storage.reference_matching import ArticleIndex, normalised_title
from poemsreader.storage.schema import Article, ArticleAuthor, Setting

PROPOSALS_PREFIX = "reference-proposals/"
StoredProposal = dict[str, Any]  # {"field", "proposed", "source"}, kept as JSON
EDITABLE_FIELDS = ("authors", *RECORD_FIELDS)


@dataclass(frozen=True)
class ArticleMetadata:
    """Everything the metadata editor shows and an undo restores."""

    article_id: int
    record: ArticleRecord
    reading_status: ReadingStatus
    citekey: str
    key_locked: bool = False
    edited_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposedChange:
    article_id: int
    key: str
    field: str
    current: Any
    proposed: Any
    source: str = ""

    def describe(self) -> str:
        return (
            f"{self.key}: {self.field} {format_value(self.field, self.current)!r} → "
            f"{format_value(self.field, self.proposed)!r}"
        )


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    proposals: int = 0
    problems: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # "merged: Li 2013 ← record 3 (line 41)"
    # The merged articles as they were before the import, and their pending proposals:
    # what undoing the import puts back.
    before: dict[int, tuple[ArticleMetadata, list[StoredProposal] | None]] = field(
        default_factory=dict
    )

    def summary(self) -> str:
        total = len(self.created) + len(self.merged)
        noun = "reference" if total == 1 else "references"
        parts = [f"{len(self.created)} new", f"{len(self.merged)} merged"]
        if self.proposals:
            parts.append(f"{self.proposals} proposed changes to review")
        if self.problems:
            parts.append(f"{len(self.problems)} skipped or with problems")
        return f"{total} {noun} imported: " + ", ".join(parts)

    def message(self, shown: int = 3) -> str:
        """The summary and the first merges, for a status line."""
        if not self.merges:
            return self.summary()
        more = len(self.merges) - shown
        listed = "; ".join(m.removeprefix("merged: ") for m in self.merges[:shown])
        return f"{self.summary()} (merged: {listed}{f'; {more} more' if more > 0 else ''})"

    def changes(self) -> ChangeSet:
        return ChangeSet(
            articles=set(self.created) | set(self.merged),
            settings=bool(self.proposals),
            message=self.message(),
        )


@dataclass(frozen=True)
class Coverage:
    total: int
    read: int
    unavailable: int

    def line(self) -> str:
        noun = "article" if self.total == 1 else "articles"
        text = f"{self.read} of {self.total} {noun} read"
        return f"{text}, {self.unavailable} unavailable" if self.unavailable else text


def format_value(name: str, value: Any) -> str:
    """A field's value as the reviewer reads it ('Li, Jian; Zhou, Dao-Bin' for authors)."""
    if name == "authors":
        return "; ".join(f"{f}, {g}" if g else f for f, g in value or [])
    return "" if value is None else str(value)


def _metadata_of(article: Article) -> ArticleMetadata:
    return ArticleMetadata(
        article_id=article.id,
        record=record_of(article),
        reading_status=ReadingStatus(article.reading_status),
        citekey=article.citekey,
        key_locked=bool(article.key_locked),
        edited_fields=tuple(article.edited_fields or ()),
    )


def _stored_proposals(setting: Setting | None) -> list[StoredProposal]:
    """The proposed changes an article's setting holds (a JSON list of objects)."""
    value = setting.value if setting is not None else None
    if not isinstance(value, list):
        return []
    return [proposal for proposal in value if isinstance(proposal, dict)]


def _stored_value(record: ArticleRecord, name: str) -> Any:
    """The JSON-friendly value of one field (authors as [[family, given], …])."""
    if name == "authors":
        return [[a.family, a.given] for a in record.authors]
    return getattr(record, name)


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "doi":
        return str(old).casefold() == str(new).casefold()
    if name == "title":
        return normalised_title(str(old)) == normalised_title(str(new))
    return old == new


def _set_value(article: Article, name: str, value: Any) -> None:
    if name == "authors":
        article.authors = [
            ArticleAuthor(position=i, family=f, given=g) for i, (f, g) in enumerate(value)
        ]
    else:
        setattr(article, name, value)


def _record_label(numbers: Sequence[int], lines: Sequence[int]) -> str:
    def one(number: int) -> str:
        line = lines[number - 1] if number <= len(lines) else 0
        return f"{number} (line {line})" if line else str(number)

    noun = "record" if len(numbers) == 1 else "records"
    return f"{noun} " + ", ".join(one(n) for n in numbers)


def _merge_lines(
    created: list[Article],
    merged: list[Article],
    numbers: dict[int, list[int]],
    lines: Sequence[int],
) -> list[str]:
    """'merged: Dispenzieri 2013 ← record 3 (line 41)' for each article that took in a
    record it already held or that an earlier record of the file made."""
    out = [f"merged: {a.citekey} ← {_record_label(numbers[id(a)], lines)}" for a in merged]
    for article in created:
        later = numbers[id(article)][1:]
        if later:
            first = _record_label(numbers[id(article)][:1], lines)
            out.append(f"merged: {article.citekey} ← {_record_label(later, lines)} (as {first})")
    return out


class ReferenceService(ArticleFiles):
    def __init__(self, db: Database, paths: LibraryPaths, articles: ArticleService) -> None:
        super().__init__(db, paths, articles)

    # -- import -------------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportReport:
        """Import every readable entry of `path`; InvalidInput when nothing in it is usable."""
        parsed = read_references(Path(path))
        return self.import_parsed(parsed, Path(path).name)

    def import_parsed(self, parsed: ParsedReferences, source: str = "") -> ImportReport:
        lines = [entry.line for entry in parsed.entries]
        report = self.import_records(parsed.records, source, lines)
        report.problems = [f"{source}: {p}" if source else str(p) for p in parsed.problems]
        return report

    def import_records(
        self,
        records: Iterable[ArticleRecord],
        source: str = "",
        lines: Sequence[int] = (),
    ) -> ImportReport:
        """All records in one transaction: the import is one user action.

        New articles get their keys from an in-memory set and are flushed once at
        the end: flushing per record made a large import quadratic. Every record
        that went into an article already there (or into one an earlier record of
        the same file made) is reported by key, so a wrong merge shows."""
        report = ImportReport()
        with self.db.transaction() as session:
            index = ArticleIndex(session)
            created: list[Article] = []
            merged: list[Article] = []
            numbers: dict[int, list[int]] = {}  # id(article) -> record numbers that fed it
            for number, record in enumerate(records, start=1):
                article = index.match(record)
                if article is None:
                    article = self._create(session, record, index.keys)
                    created.append(article)
                elif article in created or article in merged:
                    report.proposals += self._enrich(session, article, record, source)
                else:
                    report.before[article.id] = self._snapshot(session, article)
                    report.proposals += self._enrich(session, article, record, source)
                    merged.append(article)
                numbers.setdefault(id(article), []).append(number)
                index.add(article, record)
            session.flush()
            for article in created + merged:
                assign_key(session, article)
            report.created = [a.id for a in created]
            report.merged = [a.id for a in merged]
            report.merges = _merge_lines(created, merged, numbers, lines)
        return report

    def _snapshot(
        self, session: Session, article: Article
    ) -> tuple[ArticleMetadata, list[StoredProposal] | None]:
        setting = session.get(Setting, self._proposal_key(article))
        return _metadata_of(article), (_stored_proposals(setting) if setting else None)

    def undo_import(self, report: ImportReport) -> ChangeSet:
        """Remove the articles an import created and restore those it enriched."""
        with self.db.transaction() as session:
            for article_id in report.created:
                article = session.get(Article, article_id)
                if article is not None and article.findings:
                    raise InvalidInput(
                        f"{article.citekey} is cited by findings; the import cannot be undone."
                    )
                if article is not None:
                    session.delete(article)
            session.flush()
            for article_id, (meta, proposals) in report.before.items():
                article = self._get(session, article_id)
                self._restore(session, article, meta)
                self._set_proposals(session, article, proposals)
        return ChangeSet(
            articles=set(report.created) | set(report.before),
            settings=True,
            message="Import undone",
        )

    def _restore(self, session: Session, article: Article, meta: ArticleMetadata) -> None:
        apply_record(article, meta.record)
        article.reading_status = meta.reading_status.value
        article.edited_fields = list(meta.edited_fields)
        session.flush()
        if not self._key_taken(session, meta.citekey, article.id):
            article.citekey = meta.citekey
        assign_key(session, article)

    def _set_proposals(
        self, session: Session, article: Article, proposals: list[StoredProposal] | None
    ) -> None:
        setting = session.get(Setting, self._proposal_key(article))
        if proposals is None:
            if setting is not None:
                session.delete(setting)
        elif setting is None:
            session.add(Setting(key=self._proposal_key(article), value=proposals))
        else:
            setting.value = proposals

    @staticmethod
    def _create(session: Session, record: ArticleRecord, taken: set[str]) -> Article:
        key = unique_key(base_key(record), taken)
        taken.add(key)
        article = Article(reading_status=ReadingStatus.UNAVAILABLE.value, citekey=key)
        apply_record(article, record)
        session.add(article)
        return article

    def _enrich(
        self, session: Session, article: Article, record: ArticleRecord, source: str
    ) -> int:
        """Fill and correct the article from `record`; returns the proposals made."""
        current = record_of(article)
        edited = set(article.edited_fields or [])
        proposals = 0
        for name in EDITABLE_FIELDS:
            new = _stored_value(record, name)
            old = _stored_value(current, name)
            if new in ("", None, []) or _same(name, old, new):
                continue
            if name in edited:
                self._add_proposal(session, article, name, new, source)
                proposals += 1
            else:
                _set_value(article, name, new)
        return proposals

    # -- proposed changes ----------------------------------------------------------------

    @staticmethod
    def _proposal_key(article: Article) -> str:
        return PROPOSALS_PREFIX + article.uuid

    def _add_proposal(
        self, session: Session, article: Article, name: str, value: Any, source: str
    ) -> None:
        setting = session.get(Setting, self._proposal_key(article))
        stored = [p for p in _stored_proposals(setting) if p["field"] != name]
        stored.append({"field": name, "proposed": value, "source": source})
        if setting is None:
            session.add(Setting(key=self._proposal_key(article), value=stored))
        else:
            setting.value = stored

    def proposals(self, article_id: int | None = None) -> list[ProposedChange]:
        with self.db.reading() as session:
            query = select(Setting).where(Setting.key.startswith(PROPOSALS_PREFIX))
            by_uuid = {
                s.key[len(PROPOSALS_PREFIX) :]: _stored_proposals(s) for s in session.scalars(query)
            }
            if not by_uuid:
                return []
            articles = session.scalars(
                select(Article)
                .where(Article.uuid.in_(by_uuid))
                .options(selectinload(Article.authors))
                .order_by(Article.citekey)
            )
            changes = []
            for article in articles:
                if article_id is not None and article.id != article_id:
                    continue
                current = record_of(article)
                for item in by_uuid[article.uuid]:
                    changes.append(
                        ProposedChange(
                            article.id,
                            article.citekey,
                            item["field"],
                            _stored_value(current, item["field"]),
                            item["proposed"],
                            item.get("source", ""),
                        )
                    )
            return changes

    def _drop_proposal(self, session: Session, article: Article, name: str) -> None:
        setting = session.get(Setting, self._proposal_key(article))
        if setting is None:
            return
        remaining = [p for p in _stored_proposals(setting) if p["field"] != name]
        if remaining:
            setting.value = remaining
        else:
            session.delete(setting)

    def resolve_proposal(self, change: ProposedChange, accept: bool) -> ChangeSet:
        """Take the proposed value (the field stays marked as edited) or drop it."""
        with self.db.transaction() as session:
            article = self._get(session, change.article_id)
            if accept:
                _set_value(article, change.field, change.proposed)
                assign_key(session, article)
            self._drop_proposal(session, article, change.field)
        verb = "Accepted" if accept else "Rejected"
        return ChangeSet(
            articles={change.article_id}, settings=True, message=f"{verb}: {change.describe()}"
        )

    def restore_proposal(self, change: ProposedChange) -> ChangeSet:
        """Put a resolved proposal back (undo of accept/reject), with the old value."""
        with self.db.transaction() as session:
            article = self._get(session, change.article_id)
            _set_value(article, change.field, change.current)
            assign_key(session, article)
            self._add_proposal(session, article, change.field, change.proposed, change.source)
        return ChangeSet(articles={change.article_id}, settings=True)

    # -- editing -------------------------------------------------------------------------

    def metadata(self, article_id: int) -> ArticleMetadata:
        with self.db.reading() as session:
            return _metadata_of(self._get(session, article_id))

    def update_metadata(
        self,
        article_id: int,
        record: ArticleRecord,
        reading_status: ReadingStatus,
        edited_fields: Sequence[str],
        citekey: str | None = None,
    ) -> ChangeSet:
        """Set the whole record; `citekey` given (an undo) is restored when still free."""
        with self.db.transaction() as session:
            article = self._get(session, article_id)
            apply_record(article, record)
            article.reading_status = ReadingStatus(reading_status).value
            article.edited_fields = sorted(set(edited_fields))
            session.flush()
            if citekey and not self._key_taken(session, citekey, article_id):
                article.citekey = citekey
            assign_key(session, article)
            key = article.citekey
        return ChangeSet(articles={article_id}, message=f"{key}: reference edited")

    @staticmethod
    def _key_taken(session: Session, key: str, article_id: int) -> bool:
        query = select(Article.id).where(Article.citekey == key, Article.id != article_id)
        return session.scalar(query) is not None

    # -- coverage and export -------------------------------------------------------------

    def coverage(self) -> Coverage:
        with self.db.reading() as session:
            counts = dict(
                session.execute(
                    select(Article.reading_status, func.count()).group_by(Article.reading_status)
                ).all()
            )
        return Coverage(
            total=sum(counts.values()),
            read=counts.get(ReadingStatus.READ.value, 0),
            unavailable=counts.get(ReadingStatus.UNAVAILABLE.value, 0),
        )

    def coverage_line(self) -> str:
        """'18 of 31 articles read, 4 unavailable' for the library window."""
        return self.coverage().line()

    def keyed_records(self) -> list[tuple[str, ArticleRecord]]:
        with self.db.reading() as session:
            articles = session.scalars(
                select(Article).options(selectinload(Article.authors)).order_by(Article.citekey)
            )
            return [(a.citekey, record_of(a)) for a in articles]

    def export_text(self, fmt: str) -> str:
        exporter = EXPORTERS.get(fmt)
        if exporter is None:
            raise InvalidInput(
                f"Unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}."
            )
        return exporter(self.keyed_records())

    def export_to(self, path: Path, fmt: str) -> int:
        """Write the references to `path` atomically; returns how many were written."""
        text = self.export_text(fmt)
        write_text_atomically(Path(path), text)
        return len(self.keyed_records())


def with_authors(record: ArticleRecord, authors: Sequence[Author]) -> ArticleRecord:
    return replace(record, authors=list(authors))
