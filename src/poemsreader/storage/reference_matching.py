"""Which article of the library an imported record describes.

The same paper, and only the same paper: the same DOI, or the same PMID, or
(when neither settles it) a close title in the same year with the same first
author. Two records that disagree on what both of them give — DOI, PMID,
authors, journal or first page — are two papers, however alike their titles
("Erratum", 2013, in Blood and in the Lancet). The library's articles are
indexed once per import (one query), so a file of a thousand records stays
linear.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.storage.schema import Article

TITLE_MATCH_SCORE = 90.0
_JOURNAL_FILLER = {"the", "of", "and", "in", "for", "on", "de", "la", "et"}


def folded(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def normalised_title(title: str) -> str:
    return folded(title)


def _name_words(author: Author) -> set[str]:
    return set(folded(f"{author.family} {author.given}").split())


def same_person(a: Author, b: Author) -> bool:
    """The family name of one is among the names of the other: 'Xiao, Haibing' and a
    PDF's 'Haibing, Xiao' are one person, 'Li, Jian' and 'Zhou, Daobin' are not."""
    family_a, family_b = folded(a.family), folded(b.family)
    if not family_a or not family_b:
        return False
    return family_a == family_b or family_a in _name_words(b) or family_b in _name_words(a)


def authors_conflict(a: list[Author], b: list[Author]) -> bool:
    """Both name authors and, position by position, someone differs."""
    return any(not same_person(x, y) for x, y in zip(a, b, strict=False))


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """'am j hematol' abbreviates 'american journal of hematology': each word starts a
    word of the full name, in order; skipped words are fillers, words after the end are
    qualifiers ('open med' and 'open medicine warsaw poland')."""
    position = 0
    for word in short:
        while position < len(full) and not full[position].startswith(word):
            if full[position] not in _JOURNAL_FILLER:
                return False
            position += 1
        if position == len(full):
            return False
        position += 1
    return True


def _main_title(journal: str) -> str:
    """The journal's name without its subtitle or a catalogue's qualifier: PubMed's
    'Breast cancer (Dove Medical Press)' and the printed 'Breast Cancer: Targets and
    Therapy' are both 'Breast cancer'."""
    return re.sub(r"\([^)]*\)", " ", journal).split(":")[0]


def journals_agree(a: str, b: str) -> bool:
    words_a, words_b = folded(a).split(), folded(b).split()
    if not words_a or not words_b:
        return True
    if _abbreviates(words_a, words_b) or _abbreviates(words_b, words_a):
        return True
    main_a, main_b = folded(_main_title(a)).split(), folded(_main_title(b)).split()
    return bool(main_a) and (_abbreviates(main_a, main_b) or _abbreviates(main_b, main_a))


def _journal_conflict(article: ArticleRecord, record: ArticleRecord) -> bool:
    names_a = [n for n in (article.journal, article.journal_abbrev) if n]
    names_b = [n for n in (record.journal, record.journal_abbrev) if n]
    if not names_a or not names_b:
        return False
    return not any(journals_agree(x, y) for x in names_a for y in names_b)


def _pages_conflict(article: ArticleRecord, record: ArticleRecord) -> bool:
    first_a, first_b = folded(article.first_page()), folded(record.first_page())
    return bool(first_a and first_b) and first_a != first_b


def dois_differ(a: str, b: str) -> bool:
    """Two DOIs name two papers, unless one is the other cut short at a separator, as a
    DOI read from a PDF is when a line break ends it ('10.1371/journal.pone' and
    '10.1371/journal.pone.0115884', '10.1136/bmjopen-2016-' and '…-2016-012335')."""
    a, b = a.strip().casefold(), b.strip().casefold()
    if not a or not b or a == b:
        return False
    short, long = sorted((a, b), key=len)
    cut_short = long.startswith(short) and (short[-1] in ".-/" or long[len(short)] in ".-/")
    return not cut_short


def records_conflict(article: ArticleRecord, record: ArticleRecord) -> bool:
    """Both give a DOI, a PMID, authors, a journal or a first page, and they differ."""
    doi_differs = dois_differ(article.doi, record.doi)
    pmid_differs = bool(article.pmid and record.pmid) and article.pmid != record.pmid
    return (
        doi_differs
        or pmid_differs
        or authors_conflict(article.authors, record.authors)
        or _journal_conflict(article, record)
        or _pages_conflict(article, record)
    )


def _summary(article: Article) -> ArticleRecord:
    """What matching compares, read from the row once."""
    return ArticleRecord(
        title=article.title,
        authors=[Author(a.family, a.given) for a in article.authors],
        year=article.year,
        journal=article.journal,
        pages=article.pages,
        doi=article.doi,
        pmid=article.pmid,
    )


class ArticleIndex:
    """The library's articles by DOI, PMID and year, for one import."""

    def __init__(self, session: Session) -> None:
        self._by_doi: dict[str, Article] = {}
        self._by_pmid: dict[str, Article] = {}
        # By year; articles whose PDF gave no year under None, compared with every record.
        self._by_year: dict[int | None, list[tuple[str, ArticleRecord, Article]]] = defaultdict(
            list
        )
        self._bucket_of: dict[int, int | None] = {}  # id(article) -> its year's bucket
        self.keys: set[str] = set()  # citation keys taken, kept current by the importer
        query = select(Article).options(selectinload(Article.authors))
        for article in session.scalars(query):
            self.add(article)
            self.keys.add(article.citekey)

    def add(self, article: Article, record: ArticleRecord | None = None) -> None:
        """Index `article` (again, after an import changed its ids or title); `record` is
        what the import gave it, when known, so its journal abbreviation counts too."""
        if article.doi:
            self._by_doi.setdefault(article.doi.casefold(), article)
        if article.pmid:
            self._by_pmid.setdefault(article.pmid, article)
        summary = _summary(article)
        if record is not None:
            summary.journal_abbrev = record.journal_abbrev
        if id(article) in self._bucket_of:
            entries = self._by_year[self._bucket_of[id(article)]]
            entries[:] = [e for e in entries if e[2] is not article]
        self._bucket_of[id(article)] = article.year
        self._by_year[article.year].append((normalised_title(article.title), summary, article))

    def match(self, record: ArticleRecord) -> Article | None:
        if record.doi and record.doi.casefold() in self._by_doi:
            return self._by_doi[record.doi.casefold()]
        if record.pmid and record.pmid in self._by_pmid:
            return self._by_pmid[record.pmid]
        return self._match_title(record)

    def _match_title(self, record: ArticleRecord) -> Article | None:
        """A close title, the same year and the same first author, nothing disagreeing.
        A record without authors (an erratum, an editorial) matches only the same title
        in the same journal, also without authors: re-importing a file adds nothing."""
        title = normalised_title(record.title)
        if not title or record.year is None:
            return None
        best, best_score = None, TITLE_MATCH_SCORE
        candidates = self._by_year.get(record.year, []) + self._by_year.get(None, [])
        for candidate_title, summary, article in candidates:
            if not _comparable(summary, record) or records_conflict(summary, record):
                continue
            if not record.authors and candidate_title != title:
                continue
            score = fuzz.ratio(title, candidate_title, score_cutoff=best_score)
            if score >= best_score:
                best, best_score = article, score
        return best


def _comparable(article: ArticleRecord, record: ArticleRecord) -> bool:
    """Enough in common to tell the same paper by its title: both name a first author, or
    neither does and both name the journal."""
    if article.authors and record.authors:
        return True
    if article.authors or record.authors:
        return False
    return bool(article.journal and record.journal)
