"""Auditing a library after the crash harness: nothing reported lost, nothing half-applied."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.store.library import Library
from poemsreader.store.schema import (
    Article,
    Document,
    Finding,
    FindingAnchor,
    FindingTopic,
    PageText,
)

if TYPE_CHECKING:
    from tests.crash.harness import CrashReport, Journal

IMPORTED_DOI = "10.9999/crash."
STATEMENT = re.compile(r"anchors=(\d+) topics=(\d+)$")


def audit(library_dir: Path, journal: Journal, report: CrashReport) -> None:
    with Library(library_dir) as library:
        integrity, foreign = library.integrity.database_checks()
        if integrity != ["ok"]:
            report.corrupt += [f"integrity_check: {m}" for m in integrity]
        report.corrupt += [f"foreign_key_check: {m}" for m in foreign]
        report.stray_files = len(library.integrity.stray_files(min_age_s=0))
        library.integrity.remove_stray_files(min_age_s=0)
        with library.db.reading() as session:
            _audit_articles(library, session, report)
            _audit_findings(session, report)
            _audit_reported(session, journal, report)
        _audit_backups(journal, report)


def _audit_articles(library: Library, session: Session, report: CrashReport) -> None:
    for article in session.scalars(select(Article)):
        imported = article.doi.startswith(IMPORTED_DOI)  # a reference without a PDF
        if not article.documents and not imported:
            report.corrupt.append(f"article {article.citekey} has no document")
        if not article.authors:
            report.corrupt.append(f"article {article.citekey} has no authors")
    pages = dict(
        session.execute(
            select(PageText.document_id, func.count()).group_by(PageText.document_id)
        ).all()
    )
    for document in session.scalars(select(Document)):
        if pages.get(document.id, 0) != document.page_count:
            report.corrupt.append(
                f"document {document.id}: {pages.get(document.id, 0)} page texts "
                f"for {document.page_count} pages"
            )
        if not (library.root / document.path).is_file():
            report.corrupt.append(f"document {document.id}: row without its file")
    fts = session.connection().exec_driver_sql(
        "SELECT count(*) FROM page_text_fts WHERE page_text_fts MATCH 'POEMS'"
    )
    if sum(pages.values()) and not fts.scalar():
        report.corrupt.append("the full-text index lost the page text")


def _audit_findings(session: Session, report: CrashReport) -> None:
    anchors = dict(
        session.execute(
            select(FindingAnchor.finding_id, func.count()).group_by(FindingAnchor.finding_id)
        ).all()
    )
    topics = dict(
        session.execute(
            select(FindingTopic.finding_id, func.count()).group_by(FindingTopic.finding_id)
        ).all()
    )
    for finding in session.scalars(select(Finding)):
        report.findings_checked += 1
        expected = STATEMENT.search(finding.statement)
        if expected is None:
            report.corrupt.append(f"finding {finding.id}: statement {finding.statement!r}")
            continue
        want = (int(expected.group(1)), int(expected.group(2)))
        have = (anchors.get(finding.id, 0), topics.get(finding.id, 0))
        if have != want:
            report.corrupt.append(
                f"finding {finding.id}: {have[0]} anchors/{have[1]} topics, wanted {want}"
            )


def _audit_reported(session: Session, journal: Journal, report: CrashReport) -> None:
    shas = set(session.scalars(select(Document.sha256)))
    statements = set(session.scalars(select(Finding.statement)))
    comments = dict(session.execute(select(Finding.uuid, Finding.comment)).all())
    statuses = dict(session.execute(select(Article.id, Article.reading_status)).all())
    dois = set(session.scalars(select(Article.doi)))
    for batch in journal.ref_batches:
        present = sum(doi in dois for doi in batch)
        if present not in (0, len(batch)):
            report.corrupt.append(f"reference import half-applied: {present}/{len(batch)}")
    for kind, fields in journal.done:
        if kind == "add" and fields["sha256"] not in shas:
            report.lost.append(f"added PDF {fields['sha256'][:12]} is missing")
        elif kind == "finding" and fields["statement"] not in statements:
            report.lost.append(f"finding {fields['statement']!r} is missing")
        elif kind == "refs" and not set(fields["dois"]) <= dois:
            report.lost.append(f"imported references {fields['dois']} are missing")
    for uuid, allowed in journal.comments.items():
        if comments.get(uuid) not in allowed:
            report.lost.append(f"finding {uuid}: comment {comments.get(uuid)!r}, not {allowed}")
    for article, allowed in journal.statuses.items():
        if statuses.get(article) not in allowed:
            report.lost.append(f"article {article}: status {statuses.get(article)!r}")


def _audit_backups(journal: Journal, report: CrashReport) -> None:
    made = [Path(f["path"]) for kind, f in journal.done if kind == "backup"]
    for path in made[-7:]:  # older ones are pruned by design
        if not path.exists():
            report.lost.append(f"backup {path.name} is missing")
            continue
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
        if verdict != "ok":
            report.corrupt.append(f"backup {path.name}: {verdict}")
