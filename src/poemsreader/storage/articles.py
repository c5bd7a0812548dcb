"""Articles and their PDF files: adding, listing, keys, full-text search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from poemsreader.atomic_files import copy_atomically
from poemsreader.core.changes import ChangeSet
from poemsreader.core.citekeys import base_key, unique_key
from poemsreader.core.errors import NotFound
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.core.printed_pages import label_at
from poemsreader.paths import LibraryPaths
from poemsreader.pdf.document import PdfFacts
from poemsreader.storage.article_identity import key_owned_by_another
from poemsreader.storage.article_listing import articles_with_finding_counts, full_listing
from poemsreader.storage.awaited_pdfs import article_awaiting, forget_files
from poemsreader.storage.database import Database
from poemsreader.storage.printed_pages import article_labels
from poemsreader.storage.schema import (
    RECORD_FIELDS,
    Article,
    ArticleAuthor,
    Document,
    PageText,
)


@dataclass(frozen=True)
class ArticleRow:
    """One line of the library table."""

    id: int
    key: str
    authors: str
    year: int | None
    title: str
    journal: str
    reading_status: str
    findings: int
    has_pdf: bool


@dataclass(frozen=True)
class AddResult:
    article_id: int
    key: str
    created: bool  # False: the same file was already in the library
    message: str
    attached: bool = False  # the PDF joined an article that was waiting for it


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    key: str
    page_index: int
    snippet: str
    page_label: str = ""  # the page as printed in the journal, when known


def record_of(article: Article) -> ArticleRecord:
    return ArticleRecord(
        authors=[Author(a.family, a.given) for a in article.authors],
        **{name: getattr(article, name) for name in RECORD_FIELDS},
    )


def apply_record(article: Article, record: ArticleRecord) -> None:
    for name in RECORD_FIELDS:
        setattr(article, name, getattr(record, name))
    article.authors = [
        ArticleAuthor(position=i, family=a.family, given=a.given)
        for i, a in enumerate(record.authors)
    ]


def taken_keys(session: Session, exclude_id: int | None = None) -> set[str]:
    query = select(Article.citekey)
    if exclude_id is not None:
        query = query.where(Article.id != exclude_id)
    return set(session.scalars(query))


def assign_key(session: Session, article: Article) -> None:
    """Give `article` its key, unless findings already cite the one it has."""
    if article.key_locked and article.citekey:
        return
    base = base_key(record_of(article))
    current = article.citekey or ""
    suffix = current[len(base) :]
    if current.startswith(base) and (suffix == "" or (suffix.isalpha() and suffix.islower())):
        return
    article.citekey = unique_key(base, taken_keys(session, article.id))


def adopt_key(session: Session, article: Article, wanted: str) -> None:
    """`wanted` becomes the article's key, locked (findings elsewhere cite it), unless it
    is blank, the article's own key is locked already, or another article has it: then the
    article gets a key of our own (`assign_key`)."""
    if (
        not article.key_locked
        and wanted.strip()
        and not key_owned_by_another(session, wanted, article.id)
    ):
        article.citekey = wanted
        article.key_locked = True
    else:
        assign_key(session, article)


def add_article_awaiting_pdf(
    session: Session, uuid: str, record: ArticleRecord, wanted_key: str
) -> Article:
    """A new article known by its reference alone ("unavailable" until its PDF comes),
    keyed by `adopt_key`, and written (it has its id)."""
    article = Article(uuid=uuid, citekey="", reading_status=ReadingStatus.UNAVAILABLE.value)
    apply_record(article, record)
    session.add(article)
    adopt_key(session, article, wanted_key)
    session.flush()
    return article


def write_record(session: Session, article: Article, record: ArticleRecord) -> None:
    """The article's reference becomes `record`, written now (later queries see it)."""
    apply_record(article, record)
    session.flush()


def record_from_facts(facts: PdfFacts) -> ArticleRecord:
    """The record guessed from the PDF (metadata and first page) plus its DOI and PMID."""
    guessed = facts.guessed
    return ArticleRecord(
        title=guessed.title,
        authors=list(guessed.authors),
        year=guessed.year,
        journal=guessed.journal,
        volume=guessed.volume,
        issue=guessed.issue,
        pages=guessed.pages,
        doi=facts.doi,
        pmid=facts.pmid,
    )


def took_pdf(session: Session, article: Article) -> None:
    """An article waiting for its PDF ("unavailable") has it now: "to read"."""
    if article.reading_status == ReadingStatus.UNAVAILABLE.value:
        article.reading_status = ReadingStatus.TO_READ.value
    forget_files(session, article)


def get_article(session: Session, article_id: int) -> Article:
    """The article row, or NotFound."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id}.")
    return article


class ArticleService:
    def __init__(self, db: Database, paths: LibraryPaths) -> None:
        self.db = db
        self.paths = paths

    # -- adding -------------------------------------------------------------------------

    def add_pdf(
        self, facts: PdfFacts, record: ArticleRecord | None = None, *, link: bool = False
    ) -> AddResult:
        """Add one inspected PDF as a new article (or recognise it is already here, or
        give it to the article without a PDF that was waiting for it: `awaited_pdfs`).

        The file is copied into the library folder first (to a temporary name, then
        renamed), so a crash never leaves a database row pointing at half a file.
        """
        record = record or record_from_facts(facts)
        with self.db.transaction() as session:
            existing = session.scalar(select(Document).where(Document.sha256 == facts.sha256))
            if existing is not None:
                key = existing.article.citekey
                return AddResult(existing.article_id, key, False, f"{key}: already in the library")
            waiting = article_awaiting(session, facts, record)
            stored_path = str(facts.path.resolve()) if link else self._copy_in(facts)
            try:
                article = waiting or self._new_article(session, record)
                self.attach_document(session, article, facts, stored_path, link)
                session.flush()
            except BaseException:
                if not link:
                    (self.paths.root / stored_path).unlink(missing_ok=True)
                raise
            if waiting is None:
                return AddResult(article.id, article.citekey, True, f"{article.citekey}: added")
            took_pdf(session, article)
            message = f"{article.citekey}: PDF attached to the article already in the library"
            return AddResult(article.id, article.citekey, False, message, attached=True)

    @staticmethod
    def _new_article(session: Session, record: ArticleRecord) -> Article:
        article = Article(reading_status=ReadingStatus.TO_READ.value, citekey="")
        apply_record(article, record)
        session.add(article)
        assign_key(session, article)
        return article

    def _copy_in(self, facts: PdfFacts) -> str:
        """Copy the PDF into pdfs/ under its hash; returns the path relative to the root."""
        relative = Path("pdfs") / f"{facts.sha256[:16]}.pdf"
        target = self.paths.root / relative
        if not target.exists():
            self.paths.pdf_dir.mkdir(parents=True, exist_ok=True)
            copy_atomically(facts.path, target)
        return str(relative)

    @staticmethod
    def attach_document(
        session: Session, article: Article, facts: PdfFacts, stored_path: str, link: bool
    ) -> Document:
        """A document row for the PDF `facts` describe, with the text of each page."""
        document = ArticleService._document(facts, stored_path, link)
        article.documents.append(document)
        session.flush()
        session.add_all(
            PageText(document_id=document.id, page_index=i, text=t)
            for i, t in enumerate(facts.page_texts)
        )
        return document

    @staticmethod
    def _document(facts: PdfFacts, stored_path: str, link: bool) -> Document:
        return Document(
            path=stored_path,
            linked=link,
            sha256=facts.sha256,
            pdf_id0=facts.pdf_id0,
            pdf_id1=facts.pdf_id1,
            page_count=facts.page_count,
            page_labels=facts.page_labels,
            printed_labels=facts.printed_labels,
            label_source=facts.label_source,
            label_note=facts.label_note,
            page_text_hashes=facts.page_text_hashes,
            has_text=facts.has_text,
        )

    def find_by_sha256(self, sha256: str) -> int | None:
        with self.db.reading() as session:
            return session.scalar(select(Document.article_id).where(Document.sha256 == sha256))

    # -- reading ------------------------------------------------------------------------

    def rows(self) -> list[ArticleRow]:
        with self.db.reading() as session:
            return [self._row(a, n) for a, n in articles_with_finding_counts(session)]

    def full_listing(self) -> list[dict[str, Any]]:
        """Every article with its whole reference, PDFs and page-label source (JSON-ready)."""
        with self.db.reading() as session:
            return full_listing(session)

    @staticmethod
    def _row(article: Article, findings: int) -> ArticleRow:
        return ArticleRow(
            id=article.id,
            key=article.citekey,
            authors=", ".join(a.family for a in article.authors),
            year=article.year,
            title=article.title,
            journal=article.journal,
            reading_status=article.reading_status,
            findings=findings,
            has_pdf=bool(article.documents),
        )

    def record(self, article_id: int) -> ArticleRecord:
        with self.db.reading() as session:
            return record_of(self._get(session, article_id))

    def key(self, article_id: int) -> str:
        with self.db.reading() as session:
            return self._get(session, article_id).citekey

    def id_for_key(self, key: str) -> int:
        with self.db.reading() as session:
            found = session.scalar(select(Article.id).where(Article.citekey == key))
            if found is None:
                raise NotFound(f"No article with the key {key!r}.")
            return found

    def pdf_path(self, article_id: int) -> Path | None:
        """The article's first PDF on disk, or None (no PDF attached)."""
        with self.db.reading() as session:
            article = self._get(session, article_id)
            if not article.documents:
                return None
            return self.paths.root / article.documents[0].path

    def reading_position(self, article_id: int) -> tuple[int, float]:
        """Where the reviewer left the article: (page index, how far down it, 0..1)."""
        with self.db.reading() as session:
            article = self._get(session, article_id)
            return article.last_page_index, article.last_offset

    def keep_reading_position(self, article_id: int, page_index: int, offset: float) -> None:
        """Remember the reading position; not an edit (no undo step, `modified` kept)."""
        with self.db.transaction() as session:
            self._get(session, article_id)
            session.execute(
                update(Article)
                .where(Article.id == article_id)
                .values(
                    last_page_index=max(0, page_index),
                    last_offset=min(1.0, max(0.0, offset)),
                    modified=Article.modified,
                )
            )

    _get = staticmethod(get_article)

    # -- editing ------------------------------------------------------------------------

    def set_reading_statuses(self, statuses: dict[int, ReadingStatus]) -> ChangeSet:
        """Set several articles' reading status in one transaction."""
        with self.db.transaction() as session:
            for article_id, status in statuses.items():
                self._get(session, article_id).reading_status = status.value
        names = {s.value for s in statuses.values()}
        message = f"Marked {len(statuses)} article(s) as {names.pop()}" if len(names) == 1 else ""
        return ChangeSet(articles=set(statuses), message=message)

    def set_reading_status(self, article_id: int, status: ReadingStatus) -> ChangeSet:
        with self.db.transaction() as session:
            self._get(session, article_id).reading_status = status.value
        return ChangeSet(articles={article_id}, message=f"Marked as {status.value}")

    # -- full-text search ---------------------------------------------------------------

    def search_text(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Articles whose text contains every word of `query` (FTS5, terms quoted)."""
        # FTS5 reads a NUL as the end of the query ("unterminated string"): drop them.
        terms = [t.replace('"', '""') for t in query.replace("\x00", " ").split()]
        if not terms:
            return []
        match = " AND ".join(f'"{t}"' for t in terms)
        sql = text(
            "SELECT d.article_id, a.citekey, p.page_index, "
            "snippet(page_text_fts, 0, '[', ']', '…', 12) "
            "FROM page_text_fts JOIN page_text p ON p.id = page_text_fts.rowid "
            "JOIN document d ON d.id = p.document_id JOIN article a ON a.id = d.article_id "
            "WHERE page_text_fts MATCH :match ORDER BY rank LIMIT :limit"
        )
        with self.db.reading() as session:
            rows = session.execute(sql, {"match": match, "limit": limit}).all()
            labels = {
                article_id: article_labels(self._get(session, article_id)).labels
                for article_id in {row[0] for row in rows}
            }
        return [
            SearchHit(*row, page_label=label_at(labels[row[0]], row[2]))  # type: ignore[misc]
            for row in rows
        ]
