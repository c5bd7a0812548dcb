"""The rows a library check reads, and the one change it makes (flagging orphans).

`services/integrity.py` decides what is wrong (a file missing on disk, an
anchor beyond its PDF's last page); this module only reads and writes rows,
and runs SQLite's own integrity checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from poemsreader.storage.database import Database
from poemsreader.storage.schema import Article, Document, Finding, FindingAnchor


@dataclass(frozen=True)
class StoredDocument:
    document_id: int
    article_id: int
    key: str
    path: str  # as stored: relative to the library folder, or absolute when linked
    sha256: str


@dataclass(frozen=True)
class AnchorPlace:
    finding_id: int
    page_index: int
    document_sha256: str
    article_id: int
    key: str


@dataclass(frozen=True)
class AnchorPlaces:
    """Every live finding's anchors, with the page count of the PDFs they may point into."""

    anchors: list[AnchorPlace]  # by article key, finding, then passage
    pages_by_sha256: dict[str, int]
    pages_of_first_pdf: dict[int, int]  # article id -> page count of its first document


class LibraryChecks:
    def __init__(self, db: Database) -> None:
        self.db = db

    def documents(self) -> list[StoredDocument]:
        """Every document with its article's key, by key."""
        with self.db.reading() as session:
            rows = session.execute(
                select(Document, Article.citekey).join(Article).order_by(Article.citekey)
            ).all()
            return [StoredDocument(d.id, d.article_id, key, d.path, d.sha256) for d, key in rows]

    def document_paths(self) -> list[str]:
        """The stored path of every document (copied-in and linked)."""
        with self.db.reading() as session:
            return list(session.scalars(select(Document.path)))

    def anchor_places(self) -> AnchorPlaces:
        with self.db.reading() as session:
            documents = session.execute(
                select(Document.article_id, Document.sha256, Document.page_count)
            ).all()
            rows = session.execute(
                select(
                    FindingAnchor.finding_id,
                    FindingAnchor.page_index,
                    FindingAnchor.document_sha256,
                    Finding.article_id,
                    Article.citekey,
                )
                .join(Finding, FindingAnchor.finding_id == Finding.id)
                .join(Article, Finding.article_id == Article.id)
                .where(Finding.deleted.is_(None))
                .order_by(Article.citekey, FindingAnchor.finding_id, FindingAnchor.seq)
            ).all()
        first: dict[int, int] = {}
        for article_id, _, count in documents:
            first.setdefault(article_id, count)
        return AnchorPlaces(
            [AnchorPlace(*row) for row in rows],
            {sha: count for _, sha, count in documents},
            first,
        )

    def flag_orphans(self, finding_ids: list[int]) -> None:
        """Mark the findings as needing placing by hand."""

        def flag(session: Session) -> None:
            session.execute(
                update(Finding)
                .where(Finding.id.in_(finding_ids))
                .values(orphan=True, placement="orphan")
            )

        self.db.write(flag)

    def orphan_findings(self) -> list[tuple[int, str, str]]:
        """(finding id, article key, quote) of each live finding flagged orphan."""
        with self.db.reading() as session:
            rows = session.execute(
                select(Finding.id, Article.citekey, Finding.quote)
                .join(Article, Finding.article_id == Article.id)
                .where(Finding.orphan.is_(True), Finding.deleted.is_(None))
                .order_by(Finding.id)
            )
            return [(row[0], row[1], row[2]) for row in rows]

    def database_checks(self) -> tuple[list[str], list[str]]:
        """SQLite's integrity check and its broken foreign keys, one line each."""
        with self.db.reading() as session:
            conn = session.connection()
            integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            foreign = [
                f"{table} row {rowid} -> {parent}"
                for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check")
            ]
        return integrity, foreign

    def quick_check(self) -> bool:
        with self.db.reading() as session:
            return session.connection().execute(text("PRAGMA quick_check")).scalar() == "ok"
