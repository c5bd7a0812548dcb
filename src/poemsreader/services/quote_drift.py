"""Checking every finding's quote against its page of the article's PDF (`library.quote_drift`).

The PDF is read as it is on disk now (a replaced or re-downloaded file shows
here, not in the stored page text). Findings without a text passage, and
articles whose PDF is missing (reported by the integrity check), are skipped.
A quote the reviewer chose to keep is not listed again until it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from poemsreader.core.anchors import joined_quote
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import NotFound, PoemsReaderError
from poemsreader.core.model import Anchor, utc_now
from poemsreader.core.quote_drift import DriftedQuote, closest_text, quote_holds
from poemsreader.paths import LibraryPaths
from poemsreader.pdf.page_texts import read_page_texts
from poemsreader.pdf.quote_search import QuoteFinder
from poemsreader.storage.anchor_rows import anchor_of, anchor_row
from poemsreader.storage.database import Database
from poemsreader.storage.pdf_files import document_file
from poemsreader.storage.schema import Article, Finding, Setting

KEPT_KEY = "quote-drift/kept"  # {finding uuid: the quote the reviewer kept}


@dataclass(frozen=True)
class _Target:
    uuid: str
    key: str
    quote: str
    anchors: list[Anchor]
    pdf: Path
    sha256: str


class QuoteDriftService:
    def __init__(self, db: Database, paths: LibraryPaths) -> None:
        self.db, self.paths = db, paths

    def _kept(self) -> dict[str, str]:
        with self.db.reading() as session:
            setting = session.get(Setting, KEPT_KEY)
            return dict(setting.value) if setting and isinstance(setting.value, dict) else {}

    def _targets(self) -> list[_Target]:
        query = (
            select(Finding)
            .where(Finding.deleted.is_(None))
            .options(
                selectinload(Finding.anchors),
                selectinload(Finding.article).selectinload(Article.documents),
            )
            .order_by(Finding.article_id, Finding.id)
        )
        targets = []
        with self.db.reading() as session:
            for finding in session.scalars(query):
                anchors = [anchor_of(a) for a in finding.anchors if not a.is_area]
                documents = finding.article.documents
                if not anchors or not documents:
                    continue
                path = document_file(self.paths.root, documents[0].path)
                quote = finding.quote.strip() or joined_quote(anchors)
                key = finding.article.citekey
                targets.append(
                    _Target(finding.uuid, key, quote, anchors, path, documents[0].sha256)
                )
        return targets

    def check(self) -> list[DriftedQuote]:
        """The findings whose quote is not on its page now, with the closest text found."""
        kept = self._kept()
        drifted: list[DriftedQuote] = []
        pages_of: dict[Path, list[str] | None] = {}
        for target in self._targets():
            if kept.get(target.uuid) == target.quote:
                continue
            if target.pdf not in pages_of:
                pages_of[target.pdf] = self._pages(target.pdf)
            pages = pages_of[target.pdf]
            if pages is None:
                continue
            if quote_holds(target.quote, pages, [a.page_index for a in target.anchors]):
                continue
            drifted.append(self._drifted(target, pages))
        return drifted

    @staticmethod
    def _pages(path: Path) -> list[str] | None:
        if not path.is_file():
            return None
        try:
            return read_page_texts(path)
        except PoemsReaderError:
            return None

    @staticmethod
    def _drifted(target: _Target, pages: list[str]) -> DriftedQuote:
        first = target.anchors[0]
        found = closest_text(target.quote, first, pages)
        quads: tuple = ()
        if found is not None:
            finder = QuoteFinder(target.pdf)
            try:
                quads = tuple(finder.quads(found.page_index, found.text))
            finally:
                finder.close()
        return DriftedQuote(
            target.uuid, target.key, first.page_index, target.quote, found, target.sha256, quads
        )

    # -- the reviewer's answer ----------------------------------------------------------

    def set_quote(self, uuid: str, quote: str, anchors: list[Anchor]) -> ChangeSet:
        """The finding's quote and passages (one transaction)."""
        with self.db.transaction() as session:
            finding = session.scalar(select(Finding).where(Finding.uuid == uuid))
            if finding is None:
                raise NotFound(f"No finding {uuid}.")
            finding.quote = quote
            finding.anchors = [anchor_row(a, i) for i, a in enumerate(anchors)]
            finding.orphan = False
            finding.modified = utc_now()
            article_id = finding.article_id
        return ChangeSet(articles={article_id}, findings={uuid}, message="Quote re-anchored")

    def keep(self, uuid: str, kept: bool) -> ChangeSet:
        """Keep (or stop keeping) the finding's quote as it is now."""
        with self.db.transaction() as session:
            finding = session.scalar(select(Finding).where(Finding.uuid == uuid))
            if finding is None:
                raise NotFound(f"No finding {uuid}.")
            setting = session.get(Setting, KEPT_KEY)
            values = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
            if kept:
                values[uuid] = finding.quote.strip() or joined_quote(
                    [anchor_of(a) for a in finding.anchors]
                )
            else:
                values.pop(uuid, None)
            if setting is None:
                session.add(Setting(key=KEPT_KEY, value=values))
            else:
                setting.value = values
        return ChangeSet(findings={uuid}, settings=True, message="Quote kept as it is")


def find_drifted_quotes(root: Path) -> list[DriftedQuote]:
    """`check()` for the window's child process (reading every PDF is PyMuPDF work)."""
    from poemsreader.services.library import Library

    with Library(root) as library:
        return library.quote_drift.check()
