"""Sharing findings with collaborators: export an annotation file, import theirs.

Import reads and validates the WHOLE file before touching the library, then
applies it in one transaction. Findings keep their uuid and their author; the
merge rules are `share.merge.decide`; a finding changed on both sides becomes a
Conflict row the reviewer resolves (keep mine / keep theirs / keep both).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from poemsreader import __version__
from poemsreader.atomic_files import write_bytes_atomically
from poemsreader.core.errors import NotFound
from poemsreader.core.model import Placing, Quad, utc_now
from poemsreader.pdf.annotation_write import HighlightSpec, write_annotated_copy
from poemsreader.services.share_articles import (
    LocalPdf,
    PlacedPassage,
    complete_matched_references,
    local_pdf,
)
from poemsreader.services.share_conflicts import ConflictService
from poemsreader.services.share_merge import Merger, resolved_hashes
from poemsreader.services.share_topics import merged_topics, shared_topics, topic_paths
from poemsreader.share.convert import annotation_of, content_hash, csl_of, shared_of
from poemsreader.share.fields import base_of_fields
from poemsreader.share.format import (
    Annotation,
    Creator,
    DocumentFingerprint,
    Generator,
    MergeBase,
    SharedArticle,
    ShareFile,
    Tombstone,
    urn,
)
from poemsreader.share.format import Reviewer as SharedReviewer
from poemsreader.share.reading import read_annotations
from poemsreader.storage.article_identity import (
    article_for_key,
    articles_by_key,
    keys_of_articles_with_pdf,
)
from poemsreader.storage.articles import record_of
from poemsreader.storage.database import Database
from poemsreader.storage.exchange_rows import all_conflicts, all_tombstones, merge_bases
from poemsreader.storage.findings import FindingService, finding_with_uuid
from poemsreader.storage.reviewers import my_reviewer, reviewer_with_id, reviewers_by_name
from poemsreader.storage.schema import Article, Conflict, Document, Finding, SyncBase
from poemsreader.storage.share_rows import (
    findings_to_share,
    merge_rows,
    preload_names,
    shared_of_row,
)

if TYPE_CHECKING:
    from poemsreader.storage.database import Session


@dataclass
class ImportReport:
    """What an import did, for the status bar and the CLI."""

    source: str
    articles_matched: int = 0
    articles_added: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0
    orphans: int = 0
    not_applicable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # topics that could not follow the sender
    finding_uuids: set[str] = field(default_factory=set)
    # The content hash of each finding it added, as stored (known without reading it back).
    stored_hashes: dict[str, str] = field(default_factory=dict)
    # Passages found again in our copy of an article: exactly, fuzzily (their pages), not at all.
    placed_exact: int = 0
    placed_fuzzy: list[str] = field(default_factory=list)
    placed_orphan: int = 0

    def count_placements(self, placed: list[PlacedPassage]) -> None:
        for passage in placed:
            if passage.kind == Placing.EXACT:
                self.placed_exact += 1
            elif passage.kind == Placing.FUZZY:
                self.placed_fuzzy.append(passage.page_label)
            elif passage.kind == Placing.ORPHAN:
                self.placed_orphan += 1

    def placements(self) -> str:
        """'passages found in our copy: 5 exactly, 2 fuzzily (p.3, p.7), 1 not found'."""
        if not (self.placed_exact or self.placed_fuzzy or self.placed_orphan):
            return ""
        fuzzy = f"{len(self.placed_fuzzy)} fuzzily"
        if self.placed_fuzzy:
            fuzzy += " (" + ", ".join(f"p.{label}" for label in self.placed_fuzzy) + ")"
        return (
            f"passages found again in our copy: {self.placed_exact} exactly, {fuzzy}, "
            f"{self.placed_orphan} not found"
        )

    def summary(self) -> str:
        parts = [
            f"{self.added} new",
            f"{self.updated} updated",
            f"{self.deleted} deleted",
            f"{self.unchanged} unchanged",
        ]
        text = f"{self.source}: " + ", ".join(parts) + " finding(s)"
        if self.conflicts:
            text += f"; {self.conflicts} conflict(s) to resolve"
        if self.orphans:
            text += f"; {self.orphans} could not be placed in the PDF (orphans to place by hand)"
        if self.articles_added:
            text += f"; {self.articles_added} article(s) added as references without a PDF"
        if self.not_applicable:
            text += f"; {len(self.not_applicable)} annotation(s) not applicable to any PDF here"
        if self.placements():
            text += f"; {self.placements()}"
        if self.notes:
            text += f"; {len(self.notes)} topic change(s) not applied ({self.notes[0]})"
        return text + "."


@dataclass(frozen=True)
class ExportReport:
    path: Path
    articles: int
    findings: int
    tombstones: int

    def summary(self) -> str:
        return (
            f"{self.path.name}: {self.findings} finding(s) on {self.articles} article(s), "
            f"{self.tombstones} deletion(s)."
        )


def write_atomically(target: Path, data: bytes) -> None:
    """The file, in a folder made when missing; never half written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(target, data)


HEX_ID = re.compile(r"^[0-9a-f]{1,128}$")


def _pdf_id(document: Document) -> list[str]:
    """Both /ID halves as hex, or nothing (an /ID stored as a literal string is left out)."""
    halves = [document.pdf_id0, document.pdf_id1]
    return halves if all(HEX_ID.match(h or "") for h in halves) else []


def _fingerprints(article: Article) -> list[DocumentFingerprint]:
    return [
        DocumentFingerprint(
            sha256=d.sha256,
            pdf_id=_pdf_id(d),
            page_count=d.page_count,
            page_text_hashes=list(d.page_text_hashes),
        )
        for d in article.documents
    ]


def known_parents(session: Session, only: Collection[str] | None = None) -> dict[str, list[str]]:
    """For each finding uuid (of those in `only`, when given), the versions collaborators
    are known to hold (merge bases): the last exchanged one and the versions seen in
    resolved conflicts."""
    bases: Iterable[SyncBase]
    conflicts: Iterable[Conflict]
    if only is None:
        bases, conflicts = merge_bases(session).values(), all_conflicts(session)
    else:
        state = merge_rows(session, only, findings=False)
        bases, conflicts = state.bases, state.conflicts
    parents: dict[str, list[str]] = {}
    for base in bases:
        parents.setdefault(base.uuid, []).append(base.content_hash)
    for row in conflicts:
        known = parents.setdefault(row.finding_uuid, [])
        if row.theirs.get("resolved"):
            known += [h for h in resolved_hashes(row.theirs) if h not in known]
    return {uuid: hashes[-20:] for uuid, hashes in parents.items()}


@dataclass(frozen=True)
class ExportContext:
    """What every exported finding may carry of the merge: read once per export."""

    parents: dict[str, list[str]]  # finding uuid -> versions collaborators hold
    paths: dict[str, str]  # topic uuid -> path
    bases: dict[str, SyncBase]  # finding uuid -> merge base

    def parents_of(self, uuid: str, current: str) -> list[str]:
        """A version is never its own parent."""
        return [h for h in self.parents.get(uuid, []) if h != current]

    def base_of(self, uuid: str) -> MergeBase | None:
        base = self.bases.get(uuid)
        if base is None or not base.fields:
            return None
        return base_of_fields(base.content_hash, base.modified, base.fields, self.paths)


def highlight_specs(session: Session, row: Finding, pdf: LocalPdf | None) -> list[HighlightSpec]:
    reviewer = reviewer_with_id(session, row.reviewer_id) if row.reviewer_id else None
    specs = []
    for anchor in row.anchors:
        if pdf is not None and anchor.document_sha256 not in ("", pdf.sha256):
            continue  # placed on another file: its position means nothing here
        occurrence = 0
        if pdf is not None and anchor.start is not None and anchor.page_index < len(pdf.pages):
            occurrence = pdf.pages[anchor.page_index][: anchor.start].count(anchor.quote)
        specs.append(
            HighlightSpec(
                finding_uuid=row.uuid,
                page_index=anchor.page_index,
                quote=anchor.quote,
                statement=row.statement,
                author=reviewer.name if reviewer else "",
                colour=row.colour or (reviewer.colour if reviewer else ""),
                quads=[Quad(*q) for q in anchor.quads],
                occurrence=occurrence,
                created=row.created,
                modified=row.modified,
            )
        )
    return specs


class ShareService:
    def __init__(self, db: Database, root: Path, findings: FindingService) -> None:
        self.db = db
        self.root = root
        self.findings = findings
        self.conflicts = ConflictService(db, findings)

    # -- export -------------------------------------------------------------------------

    def export(
        self, target: Path, article_keys: list[str] | None = None, since: datetime | None = None
    ) -> ExportReport:
        document = self.build(article_keys, since)
        write_atomically(target, self.dump(document))
        return ExportReport(
            target, len(document.articles), len(document.findings), len(document.tombstones)
        )

    @staticmethod
    def dump(document: ShareFile) -> bytes:
        text = document.model_dump_json(by_alias=True, indent=1, exclude_none=True)
        return text.encode("utf-8")

    def build(
        self, article_keys: list[str] | None = None, since: datetime | None = None
    ) -> ShareFile:
        with self.db.reading() as session:
            articles = self._articles(session, article_keys)
            preload_names(session)
            parents = known_parents(session)
            chosen = {a.id for a in articles}
            rows = [r for r in findings_to_share(session) if r.article_id in chosen]
            rows.sort(key=lambda r: (r.article.citekey, r.created, r.uuid))
            with_findings = {r.article_id for r in rows}
            context = ExportContext(parents, topic_paths(session), merge_bases(session))
            findings, tombstones = self._entries(session, rows, since, context)
            if not article_keys:
                tombstones += [
                    Tombstone(
                        id=urn(t.uuid),
                        deleted=t.deleted,
                        creator=urn(t.reviewer_id) if t.reviewer_id else None,
                    )
                    for t in all_tombstones(session)
                    if since is None or t.deleted >= since
                ]
            shared_articles = [
                SharedArticle(
                    id=urn(a.uuid), csl=csl_of(a.citekey, record_of(a)), documents=_fingerprints(a)
                )
                for a in articles
                if article_keys or a.id in with_findings
            ]
            return ShareFile(
                poemsreader_annotations=1,
                generator=Generator(name="poemsreader", version=__version__),
                exported=utc_now(),
                sender=self._me(session),
                reviewers=self._reviewers(session),
                articles=shared_articles,
                topics=shared_topics(session),
                merged_topics=merged_topics(session),
                findings=findings,
                tombstones=tombstones,
            )

    def _entries(
        self,
        session: Session,
        rows: list[Finding],
        since: datetime | None,
        context: ExportContext,
    ) -> tuple[list[Annotation], list[Tombstone]]:
        findings, tombstones = [], []
        for row in rows:
            changed = row.deleted or row.modified
            if since is not None and changed < since:
                continue
            if row.deleted is not None:
                tombstones.append(self._tombstone_of_finding(session, row, context))
            else:
                findings.append(self._annotation(session, row, context))
        return findings, tombstones

    @staticmethod
    def _articles(session: Session, keys: list[str] | None) -> list[Article]:
        if not keys:
            return articles_by_key(session)
        return [article_for_key(session, key) for key in keys]

    @staticmethod
    def _annotation(session: Session, row: Finding, context: ExportContext) -> Annotation:
        shared = shared_of_row(session, row)
        annotation = annotation_of(shared)
        current = content_hash(shared)  # a version is never its own parent
        annotation.poemsreader.parents = context.parents_of(row.uuid, current)
        annotation.poemsreader.base = context.base_of(row.uuid)
        return annotation

    @staticmethod
    def _tombstone_of_finding(session: Session, row: Finding, context: ExportContext) -> Tombstone:
        """The deletion, with the versions we know the receiver saw (what it compares its
        own version with: unchanged there, the deletion applies without a question)."""
        assert row.deleted is not None
        digest = content_hash(shared_of_row(session, row))
        return Tombstone(
            id=urn(row.uuid),
            deleted=row.deleted,
            creator=urn(row.reviewer_id) if row.reviewer_id else None,
            hash=digest,
            parents=context.parents_of(row.uuid, digest),
            base=context.base_of(row.uuid),
        )

    @staticmethod
    def _me(session: Session) -> Creator | None:
        me = my_reviewer(session)
        return Creator(id=urn(me.id), name=me.name) if me else None

    @staticmethod
    def _reviewers(session: Session) -> list[SharedReviewer]:
        return [
            SharedReviewer(id=urn(r.id), name=r.name, colour=r.colour)
            for r in reviewers_by_name(session)
        ]

    # -- import -------------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportReport:
        raw = path.read_bytes()
        return self.import_bytes(raw, path.name)

    def import_bytes(self, raw: bytes, name: str = "The file") -> ImportReport:
        """Validate everything first (InvalidShareFile, nothing written), then apply."""
        parsed = read_annotations(raw, name)
        report = ImportReport(source=name, not_applicable=list(parsed.not_applicable))
        with self.db.transaction() as session:
            complete_matched_references(session, parsed.document.articles)
            merger = Merger(
                session, report, self.findings, create_articles=parsed.native, root=self.root
            )
            merger.apply(parsed.document)
            for pdf in merger.pdfs.values():
                if pdf is not None:
                    report.count_placements(pdf.placed)
        return report

    # -- annotated PDF ------------------------------------------------------------------------

    def export_pdf(self, key: str, target: Path) -> int:
        """A copy of the article's PDF with a highlight per finding; returns how many."""
        source, specs = self.pdf_export_plan(key)
        return write_annotated_copy(source, target, specs)

    def pdf_keys(self) -> list[str]:
        """Keys of the articles that have a PDF (what `export_pdf` can annotate)."""
        with self.db.reading() as session:
            return keys_of_articles_with_pdf(session)

    def pdf_export_plan(self, key: str) -> tuple[Path, list[HighlightSpec]]:
        """The PDF to copy and the highlights to add (cheap; the writing is the slow part,
        which the window runs in a worker process with `write_annotated_copy`)."""
        with self.db.reading() as session:
            article = article_for_key(session, key)
            if not article.documents:
                raise NotFound(f"{key} has no PDF in the library to annotate.")
            source = self.root / article.documents[0].path
            pdf = local_pdf(session, article)
            specs = [
                spec
                for row in article.findings
                if row.deleted is None and not row.orphan
                for spec in highlight_specs(session, row, pdf)
            ]
        return source, specs

    # -- reading ------------------------------------------------------------------------------

    def finding_hash(self, uuid: str) -> str:
        with self.db.reading() as session:
            row = finding_with_uuid(session, uuid)
            if row is None:
                raise NotFound(f"No finding {uuid}.")
            return content_hash(shared_of_row(session, row))


__all__ = ["ExportReport", "ImportReport", "ShareService", "shared_of"]
