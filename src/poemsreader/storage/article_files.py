"""An article's PDF files: attach one, replace it, relink one that moved.

A moved or renamed PDF is recognised by the SHA-256 of its bytes, so relinking
never attaches a different file by mistake.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ReadingStatus
from poemsreader.paths import LibraryPaths
from poemsreader.pdf.document import PdfFacts, sha256_of
from poemsreader.storage.article_merge import AbsorbedArticle, absorb_article, restore_article
from poemsreader.storage.articles import ArticleService, get_article, took_pdf
from poemsreader.storage.database import Database
from poemsreader.storage.pdf_files import document_file, point_document_at
from poemsreader.storage.schema import Document


class ArticleFiles:
    def __init__(self, db: Database, paths: LibraryPaths, articles: ArticleService) -> None:
        self.db = db
        self.paths = paths
        self._articles = articles

    _get = staticmethod(get_article)

    def document_paths(self, article_id: int) -> list[Path]:
        with self.db.reading() as session:
            return [self._resolve(d) for d in self._get(session, article_id).documents]

    def _resolve(self, document: Document) -> Path:
        return document_file(self.paths.root, document.path)

    def attach_pdf(
        self, article_id: int, facts: PdfFacts, *, link: bool = False, replace: bool = False
    ) -> ChangeSet:
        """Give the article this PDF (`replace`: instead of the ones it has).

        An article waiting for its PDF ("unavailable") becomes "to read". A PDF that
        is already another article's makes that article one with this one
        (`attach_pdf_absorbing`).
        """
        return self.attach_pdf_absorbing(article_id, facts, link=link, replace=replace)[0]

    def attach_pdf_absorbing(
        self, article_id: int, facts: PdfFacts, *, link: bool = False, replace: bool = False
    ) -> tuple[ChangeSet, AbsorbedArticle | None]:
        """attach_pdf, and the article it absorbed, if any (what an undo restores).

        The reviewer says this PDF is this article's: the article that holds it is
        the same paper added twice, so its PDFs and findings move here and it goes.
        """
        with self.db.transaction() as session:
            article = self._get(session, article_id)
            owner = session.scalar(select(Document).where(Document.sha256 == facts.sha256))
            if owner is not None and owner.article_id != article_id:
                absorbed = absorb_article(session, owner.article, article)
                took_pdf(session, article)
                changes = ChangeSet(
                    articles={article_id, absorbed.article_id},
                    findings=set(absorbed.findings),
                    message=f"{article.citekey}: PDF attached; {absorbed.citekey} merged into it",
                )
                return changes, absorbed
            if owner is not None:
                return ChangeSet(message=f"{article.citekey}: this PDF is already attached"), None
            stored = str(facts.path.resolve()) if link else self._articles._copy_in(facts)
            if replace:
                article.documents.clear()
                session.flush()
            ArticleService.attach_document(session, article, facts, stored, link)
            took_pdf(session, article)
            key = article.citekey
        verb = "replaced" if replace else "attached"
        return ChangeSet(articles={article_id}, message=f"{key}: PDF {verb}"), None

    def restore_absorbed(
        self, absorbed: AbsorbedArticle, article_id: int, reading_status: ReadingStatus | None
    ) -> ChangeSet:
        """Undo an absorbing attach: the absorbed article again, with its PDFs and findings."""
        with self.db.transaction() as session:
            restored = restore_article(session, absorbed)
            if reading_status is not None:
                self._get(session, article_id).reading_status = ReadingStatus(reading_status).value
            restored_id = restored.id
        return ChangeSet(
            articles={article_id, restored_id},
            findings=set(absorbed.findings),
            message=f"{absorbed.citekey} separated again",
        )

    def detach_pdf(
        self, article_id: int, sha256: str, reading_status: ReadingStatus | None = None
    ) -> ChangeSet:
        """Remove one PDF from the article (the undo of attaching it); the copy in the
        library folder stays, so attaching it again is instant."""
        with self.db.transaction() as session:
            article = self._get(session, article_id)
            for document in [d for d in article.documents if d.sha256 == sha256]:
                article.documents.remove(document)
            if reading_status is not None:
                article.reading_status = ReadingStatus(reading_status).value
            key = article.citekey
        return ChangeSet(articles={article_id}, message=f"{key}: PDF removed")

    def relink_pdf(self, article_id: int, path: Path) -> ChangeSet:
        """Find the article's PDF again at `path`, if it is the same file (same hash).

        A copied-in PDF is copied back into the library; a linked one now points at `path`.
        """
        path = Path(path)
        sha = sha256_of(path)
        with self.db.reading() as session:
            article = self._get(session, article_id)
            document = next((d for d in article.documents if d.sha256 == sha), None)
            key = article.citekey
            if document is None:
                raise InvalidInput(
                    f"{path.name} is not the PDF of {key} (its content differs); "
                    "attach it as a replacement instead."
                )
            document_id = document.id
        point_document_at(self.db, self.paths.root, document_id, path)
        return ChangeSet(articles={article_id}, message=f"{key}: PDF found at {path}")
