"""Auditing a library after the crash harness: nothing reported lost, nothing half-applied."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.services.library import Library
from poemsreader.share.format import uuid_of
from poemsreader.storage.backup import KEEP, MANUAL, backup_time, list_backups
from poemsreader.storage.schema import (
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


def audit(library_dir: Path, journal: Journal, report: CrashReport, shared: Path) -> None:
    files = SharedFiles.read(shared)
    with Library(library_dir) as library:
        integrity, foreign = library.integrity.database_checks()
        if integrity != ["ok"]:
            report.corrupt += [f"integrity_check: {m}" for m in integrity]
        report.corrupt += [f"foreign_key_check: {m}" for m in foreign]
        report.stray_files = len(library.integrity.stray_files(min_age_s=0))
        library.integrity.remove_stray_files(min_age_s=0)
        with library.db.reading() as session:
            _audit_articles(library, session, report, files.article_uuids)
            _audit_findings(session, report)
            _audit_reported(session, journal, report)
            _audit_shared(session, journal, report, files)
        _audit_backups(journal, report)


@dataclass
class SharedFiles:
    """What the collaborator's annotation files hold, by file name."""

    findings: dict[str, set[str]] = field(default_factory=dict)  # every finding uuid
    new: dict[str, set[str]] = field(default_factory=dict)  # the ones no earlier file had
    article_uuids: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, folder: Path) -> SharedFiles:
        files = cls()
        seen: set[str] = set()
        for path in sorted(folder.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            uuids = {uuid_of(f["id"]) for f in document["findings"]}
            files.findings[path.name] = uuids
            files.new[path.name] = uuids - seen
            seen |= uuids
            files.article_uuids |= {uuid_of(a["id"]) for a in document["articles"]}
        return files


def _audit_articles(
    library: Library, session: Session, report: CrashReport, shared_articles: set[str]
) -> None:
    for article in session.scalars(select(Article)):
        # references without a PDF: imported from BibTeX, or a collaborator's article
        imported = article.doi.startswith(IMPORTED_DOI) or article.uuid in shared_articles
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


def _audit_shared(
    session: Session, journal: Journal, report: CrashReport, files: SharedFiles
) -> None:
    """A merge is applied whole or not at all; a merge reported done is all there."""
    present = set(session.scalars(select(Finding.uuid)))
    for name in journal.shares_begun:
        new = files.new[name]
        if 0 < len(new & present) < len(new):
            report.corrupt.append(f"merge of {name} half-applied: {len(new & present)}/{len(new)}")
    for kind, fields in journal.done:
        if kind == "share" and not files.findings[fields["file"]] <= present:
            missing = len(files.findings[fields["file"]] - present)
            report.lost.append(f"{missing} findings merged from {fields['file']} are missing")


def _audit_backups(journal: Journal, report: CrashReport) -> None:
    """Every reported backup is whole, or was pruned because KEEP newer ones exist.

    A process killed after its backup's rename but before it printed DONE leaves
    a backup the journal never heard of; it still counts towards the newest
    KEEP, so the journal alone cannot say which reported backups must remain.
    """
    made = [Path(f["path"]) for kind, f in journal.done if kind == "backup"]
    kept = [b.made for b in list_backups(made[0].parent) if b.reason == MANUAL] if made else []
    for path in made:
        if not path.exists():
            stamp = backup_time(path.name)
            if stamp is None or sum(other > stamp for other in kept) < KEEP:
                report.lost.append(f"backup {path.name} is missing")
            continue
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
        if verdict != "ok":
            report.corrupt.append(f"backup {path.name}: {verdict}")
