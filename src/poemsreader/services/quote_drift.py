"""Checking every finding's quote against its page of the article's PDF (`library.quote_drift`).

The PDF is read as it is on disk now (a replaced or re-downloaded file shows
here, not in the stored page text). Findings without a text passage, and
articles whose PDF is missing (reported by the integrity check), are skipped.
A quote the reviewer chose to keep is not listed again until it changes.
"""

from __future__ import annotations

from pathlib import Path

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.model import Anchor
from poemsreader.core.quote_drift import DriftedQuote, closest_text, quote_holds
from poemsreader.paths import LibraryPaths
from poemsreader.pdf.page_texts import read_page_texts
from poemsreader.pdf.quote_search import QuoteFinder
from poemsreader.storage.database import Database
from poemsreader.storage.finding_quotes import FindingQuotes, QuotedFinding


class QuoteDriftService:
    def __init__(self, db: Database, paths: LibraryPaths) -> None:
        self.db, self.paths = db, paths
        self.quotes = FindingQuotes(db, paths.root)

    def check(self) -> list[DriftedQuote]:
        """The findings whose quote is not on its page now, with the closest text found."""
        kept = self.quotes.kept()
        drifted: list[DriftedQuote] = []
        pages_of: dict[Path, list[str] | None] = {}
        for target in self.quotes.quoted_findings():
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
    def _drifted(target: QuotedFinding, pages: list[str]) -> DriftedQuote:
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
        return self.quotes.set_quote(uuid, quote, anchors)

    def keep(self, uuid: str, kept: bool) -> ChangeSet:
        """Keep (or stop keeping) the finding's quote as it is now."""
        return self.quotes.keep(uuid, kept)


def find_drifted_quotes(root: Path) -> list[DriftedQuote]:
    """`check()` for the window's child process (reading every PDF is PyMuPDF work)."""
    from poemsreader.services.library import Library

    with Library(root) as library:
        return library.quote_drift.check()
