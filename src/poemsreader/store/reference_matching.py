"""Which article of the library an imported record describes.

By DOI, then PMID, then a close title with the same year, never pairing two
records whose DOIs or PMIDs differ. The library's articles are indexed once per
import (one query), so a file of a thousand records stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from poemsreader.core.model import ArticleRecord
from poemsreader.store.schema import Article

TITLE_MATCH_SCORE = 90.0


def normalised_title(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def ids_conflict(article: Article, record: ArticleRecord) -> bool:
    """Both have a DOI (or a PMID) and they differ: two different articles."""
    doi_differs = (
        bool(article.doi and record.doi) and article.doi.casefold() != record.doi.casefold()
    )
    pmid_differs = bool(article.pmid and record.pmid) and article.pmid != record.pmid
    return doi_differs or pmid_differs


class ArticleIndex:
    """The library's articles by DOI, PMID and year, for one import."""

    def __init__(self, session: Session) -> None:
        self._by_doi: dict[str, Article] = {}
        self._by_pmid: dict[str, Article] = {}
        self._by_year: dict[int, list[tuple[str, Article]]] = defaultdict(list)
        self.keys: set[str] = set()  # citation keys taken, kept current by the importer
        query = select(Article).options(selectinload(Article.authors))
        for article in session.scalars(query):
            self.add(article)
            self.keys.add(article.citekey)

    def add(self, article: Article) -> None:
        """Index `article` (again, after an import changed its ids or title)."""
        if article.doi:
            self._by_doi.setdefault(article.doi.casefold(), article)
        if article.pmid:
            self._by_pmid.setdefault(article.pmid, article)
        if article.year is not None:
            entries = self._by_year[article.year]
            entries[:] = [(t, a) for t, a in entries if a is not article]
            entries.append((normalised_title(article.title), article))

    def match(self, record: ArticleRecord) -> Article | None:
        if record.doi and record.doi.casefold() in self._by_doi:
            return self._by_doi[record.doi.casefold()]
        if record.pmid and record.pmid in self._by_pmid:
            return self._by_pmid[record.pmid]
        return self._match_title(record)

    def _match_title(self, record: ArticleRecord) -> Article | None:
        title = normalised_title(record.title)
        if not title or record.year is None:
            return None
        best, best_score = None, TITLE_MATCH_SCORE
        for candidate_title, article in self._by_year.get(record.year, []):
            if ids_conflict(article, record):
                continue
            score = fuzz.ratio(title, candidate_title, score_cutoff=best_score)
            if score >= best_score:
                best, best_score = article, score
        return best
