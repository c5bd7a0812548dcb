"""The rows `pdf import` reads and writes.

`services/pdf_import.py` decides which article a PDF is a copy of and which
finding each annotation becomes; here are the library's documents it compares
the copy with, and one transaction (`FindingImport`) in which an article's
annotations are looked up, added and updated as findings — all or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.core.errors import NotFound
from poemsreader.core.model import FindingRecord
from poemsreader.storage.database import Database
from poemsreader.storage.findings import FindingService
from poemsreader.storage.schema import Article, Document, Finding


@dataclass(frozen=True)
class StoredCopy:
    """A PDF the library holds, as a copy of it is recognised."""

    article_id: int
    sha256: str
    page_text_hashes: list[str]


@dataclass(frozen=True)
class StoredFinding:
    """What deciding on an annotation needs of the finding that may already hold it."""

    uuid: str
    article_id: int
    modified: datetime
    deleted: bool
    pages: frozenset[int]  # the PDF pages of its passages


def _copy(document: Document) -> StoredCopy:
    return StoredCopy(document.article_id, document.sha256, list(document.page_text_hashes))


class StoredCopies:
    """The library's PDFs, looked up the ways a copy of one is recognised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def with_sha256(self, sha256: str) -> StoredCopy | None:
        with self.db.reading() as session:
            found = session.scalar(select(Document).where(Document.sha256 == sha256))
            return _copy(found) if found is not None else None

    def with_pdf_id(self, pdf_id0: str) -> list[StoredCopy]:
        """The PDFs whose trailer /ID starts with `pdf_id0` (other versions of one file)."""
        with self.db.reading() as session:
            query = select(Document).where(Document.pdf_id0 == pdf_id0)
            return [_copy(document) for document in session.scalars(query)]

    def first_of_doi(self, doi: str) -> StoredCopy | None:
        """The first PDF of the article with this DOI (case aside)."""
        with self.db.reading() as session:
            article = session.scalar(select(Article).where(func.lower(Article.doi) == doi.lower()))
            if article is None or not article.documents:
                return None
            return _copy(article.documents[0])

    def all(self) -> Iterator[StoredCopy]:
        with self.db.reading() as session:
            query = select(Document.article_id, Document.sha256, Document.page_text_hashes)
            rows = session.execute(query).all()
        for article_id, sha256, hashes in rows:
            yield StoredCopy(article_id, sha256, list(hashes))


class FindingImport:
    """Findings taken into one article inside one transaction."""

    def __init__(self, session: Session, findings: FindingService, article: Article) -> None:
        self._session = session
        self._findings = findings
        self.article_id = article.id
        self.article_uuid = article.uuid
        self.article_key = article.citekey

    def _row(self, uuid: str) -> Finding | None:
        return self._session.scalar(select(Finding).where(Finding.uuid == uuid))

    def stored(self, uuid: str) -> StoredFinding | None:
        """The finding with this uuid, in any article (added in this transaction too)."""
        row = self._row(uuid)
        if row is None:
            return None
        pages = frozenset(anchor.page_index for anchor in row.anchors)
        return StoredFinding(row.uuid, row.article_id, row.modified, row.deleted is not None, pages)

    def add(self, record: FindingRecord) -> None:
        self._findings.create_in(self._session, self.article_id, record)

    def update(self, record: FindingRecord) -> None:
        """Overwrite the finding `record.uuid` names with it."""
        row = self._row(record.uuid)
        if row is None:
            raise NotFound(f"No finding {record.uuid}.")
        self._findings.update_in(self._session, row, record)


@contextmanager
def finding_import(
    db: Database, findings: FindingService, article_id: int
) -> Iterator[FindingImport]:
    """One transaction taking findings into the article; nothing is kept if it fails."""
    with db.transaction() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"No article with id {article_id}.")
        yield FindingImport(session, findings, article)
