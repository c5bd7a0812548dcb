"""Findings' quotes as the quote check reads and corrects them, and the quotes kept.

`services/quote_drift.py` compares each quote with the PDF on disk; here are
the rows it reads (every live finding with a text passage and its article's
first PDF), the re-anchoring it writes, and the quotes the reviewer chose to
keep as they are (a settings row: {finding uuid: the quote kept}).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from poemsreader.core.anchors import joined_quote
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import NotFound
from poemsreader.core.model import Anchor, utc_now
from poemsreader.storage.anchor_rows import anchor_of, anchor_row
from poemsreader.storage.database import Database
from poemsreader.storage.pdf_files import document_file
from poemsreader.storage.schema import Article, Finding, Setting

KEPT_KEY = "quote-drift/kept"  # {finding uuid: the quote the reviewer kept}


@dataclass(frozen=True)
class QuotedFinding:
    """A live finding with text passages, and the PDF its quote should be on."""

    uuid: str
    key: str  # the article's citation key
    quote: str  # its quote, or its passages' quotes joined when it has none of its own
    anchors: list[Anchor]  # its text passages (areas left out)
    pdf: Path  # the article's first PDF, where the library keeps it
    sha256: str


def _kept_values(setting: Setting | None) -> dict[str, Any]:
    return dict(setting.value) if setting and isinstance(setting.value, dict) else {}


def _finding(session: Session, uuid: str) -> Finding:
    finding = session.scalar(select(Finding).where(Finding.uuid == uuid))
    if finding is None:
        raise NotFound(f"No finding {uuid}.")
    return finding


class FindingQuotes:
    def __init__(self, db: Database, root: Path) -> None:
        self.db, self.root = db, root

    def kept(self) -> dict[str, str]:
        """{finding uuid: the quote the reviewer kept as it is}."""
        with self.db.reading() as session:
            return _kept_values(session.get(Setting, KEPT_KEY))

    def quoted_findings(self) -> list[QuotedFinding]:
        """Every live finding with a text passage on an article that has a PDF, by article."""
        query = (
            select(Finding)
            .where(Finding.deleted.is_(None))
            .options(
                selectinload(Finding.anchors),
                selectinload(Finding.article).selectinload(Article.documents),
            )
            .order_by(Finding.article_id, Finding.id)
        )
        found = []
        with self.db.reading() as session:
            for finding in session.scalars(query):
                anchors = [anchor_of(a) for a in finding.anchors if not a.is_area]
                documents = finding.article.documents
                if not anchors or not documents:
                    continue
                path = document_file(self.root, documents[0].path)
                quote = finding.quote.strip() or joined_quote(anchors)
                key = finding.article.citekey
                found.append(
                    QuotedFinding(finding.uuid, key, quote, anchors, path, documents[0].sha256)
                )
        return found

    def set_quote(self, uuid: str, quote: str, anchors: list[Anchor]) -> ChangeSet:
        """The finding's quote and passages (one transaction)."""
        with self.db.transaction() as session:
            finding = _finding(session, uuid)
            finding.quote = quote
            finding.anchors = [anchor_row(a, i) for i, a in enumerate(anchors)]
            finding.orphan = False
            finding.modified = utc_now()
            article_id = finding.article_id
        return ChangeSet(articles={article_id}, findings={uuid}, message="Quote re-anchored")

    def keep(self, uuid: str, kept: bool) -> ChangeSet:
        """Keep (or stop keeping) the finding's quote as it is now."""
        with self.db.transaction() as session:
            finding = _finding(session, uuid)
            setting = session.get(Setting, KEPT_KEY)
            values = _kept_values(setting)
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
