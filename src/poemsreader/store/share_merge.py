"""Applying a validated annotation file to the library, inside the caller's transaction."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.core.model import utc_now
from poemsreader.share.convert import SharedFinding, annotation_of, content_hash, shared_of
from poemsreader.share.format import Annotation, ShareFile, Tombstone, uuid_of
from poemsreader.share.merge import Action, Decision, Version, decide
from poemsreader.store.schema import Article, Conflict, Finding, SyncBase
from poemsreader.store.schema import Tombstone as TombstoneRow
from poemsreader.store.share_articles import (
    LocalPdf,
    add_reference,
    local_pdf,
    match_article,
    place_anchors,
)
from poemsreader.store.share_rows import (
    ShareNames,
    findings_query,
    preload_names,
    shared_of_row,
    write_shared,
)

if TYPE_CHECKING:
    from poemsreader.store.findings import FindingService
    from poemsreader.store.sharing import ImportReport


def resolved_hashes(payload: dict[str, Any]) -> list[str]:
    """The versions a resolved conflict saw (both sides), as merge bases."""
    hashes = [payload.get("hash", ""), *payload.get("seen", [])]
    return [h for h in hashes if isinstance(h, str) and len(h) == 64]


def conflict_payload(shared: SharedFinding, side: str, source: str) -> dict[str, Any]:
    """What a Conflict row keeps of the version that lost: all of it."""
    annotation = annotation_of(shared)
    return {
        "annotation": annotation.model_dump(mode="json", by_alias=True, exclude_none=True),
        "article": shared.article_uuid,
        "hash": content_hash(shared),
        "side": side,  # "theirs": the version from the file; "mine": the one we had
        "source": source,
        "resolved": None,
    }


class Merger:
    """One import: articles first, then each finding and each tombstone."""

    def __init__(
        self,
        session: Session,
        report: ImportReport,
        findings: FindingService,
        *,
        create_articles: bool,
        root: Path | None = None,
    ) -> None:
        self.session = session
        self.root = root  # the library folder, where our PDFs are
        self.report = report
        self.findings = findings
        self.create_articles = create_articles
        self.articles: dict[str, Article] = {}
        self.absent: dict[str, str] = {}  # article uuid -> title, of articles not held here
        self.pdfs: dict[int, LocalPdf | None] = {}
        preload_names(session)
        self.names = ShareNames(session)
        self.rows = {f.uuid: f for f in session.scalars(findings_query())}
        self.tombs = {t.uuid: t for t in session.scalars(select(TombstoneRow))}
        self.bases = {b.uuid: b for b in session.scalars(select(SyncBase))}
        self.conflict_rows: dict[str, list[Conflict]] = {}
        for conflict in session.scalars(select(Conflict)):
            self.conflict_rows.setdefault(conflict.finding_uuid, []).append(conflict)

    def apply(self, document: ShareFile) -> None:
        for reviewer in document.reviewers:
            self.names.reviewer(uuid_of(reviewer.id), reviewer.name, reviewer.colour)
        self._articles(document)
        for annotation in document.findings:
            self._finding(annotation)
        for tombstone in document.tombstones:
            self._tombstone(tombstone)
        for pdf in self.pdfs.values():
            if pdf is not None:
                pdf.close()

    # -- articles ---------------------------------------------------------------------------

    def _articles(self, document: ShareFile) -> None:
        for shared in document.articles:
            article = match_article(self.session, shared)
            if article is not None:
                self.report.articles_matched += 1
            elif self.create_articles:
                article = add_reference(self.session, shared)
                self.report.articles_added += 1
            else:  # each of its annotations is reported as not applicable (see _finding)
                csl = shared.csl
                self.absent[uuid_of(shared.id)] = csl.title or csl.DOI or csl.URL or shared.id
                continue
            self.articles[uuid_of(shared.id)] = article

    def _pdf(self, article: Article) -> LocalPdf | None:
        if article.id not in self.pdfs:
            self.pdfs[article.id] = local_pdf(self.session, article, self.root)
        return self.pdfs[article.id]

    # -- findings ---------------------------------------------------------------------------

    def _local(self, uuid: str) -> tuple[Finding | None, TombstoneRow | None]:
        return self.rows.get(uuid), self.tombs.get(uuid)

    def _local_version(self, row: Finding | None, tomb: TombstoneRow | None) -> Version | None:
        if row is not None:
            digest = content_hash(shared_of_row(self.session, row))
            if row.deleted is not None:
                return Version(digest, row.deleted, deleted=True)
            return Version(digest, row.modified)
        if tomb is not None:
            return Version("", tomb.deleted, deleted=True)
        return None

    def _bases(self, uuid: str, parents: list[str]) -> set[str]:
        bases = set(parents)
        base = self.bases.get(uuid)
        if base is not None:
            bases.add(base.content_hash)
        for row in self._conflicts(uuid):
            if row.theirs.get("resolved"):
                bases.update(resolved_hashes(row.theirs))
        return bases

    def _conflicts(self, uuid: str) -> list[Conflict]:
        return self.conflict_rows.get(uuid, [])

    def _finding(self, annotation: Annotation) -> None:
        shared = shared_of(annotation)
        article = self.articles.get(shared.article_uuid)
        if article is None:
            if shared.article_uuid in self.absent:
                quote = " ".join(shared.record.quote.split())
                excerpt = f" ({quote[:60]}…)" if len(quote) > 60 else f" ({quote})" if quote else ""
                self.report.not_applicable.append(
                    f"{self.absent[shared.article_uuid]}{excerpt}: no such PDF in the library"
                )
            return
        uuid = shared.record.uuid
        self.report.finding_uuids.add(uuid)
        remote_hash = content_hash(shared)
        remote = Version(remote_hash, shared.record.modified)
        row, tomb = self._local(uuid)
        local = self._local_version(row, tomb)
        parents = list(annotation.poemsreader.parents)
        decision = decide(local, remote, self._bases(uuid, parents))
        settled_by = parents
        if not decision.conflict and decision.action in (Action.TAKE_REMOTE, Action.SAME):
            settled_by = [*parents, remote_hash]  # their version is ours now
        self._settle_conflicts(uuid, settled_by)
        if decision.conflict:
            self._record_conflict(decision, uuid, row, shared)
        self._act(decision, row, tomb, shared, article)
        if not decision.conflict:
            self._set_base(uuid, remote_hash, shared.record.modified)

    def _act(
        self,
        decision: Decision,
        row: Finding | None,
        tomb: TombstoneRow | None,
        shared: SharedFinding,
        article: Article,
    ) -> None:
        action = decision.action
        if action == Action.TAKE_REMOTE:
            self._take(row, tomb, shared, article)
        elif action == Action.SAME:
            assert row is not None
            if shared.record.modified > row.modified:
                row.modified = shared.record.modified
            self.report.unchanged += 1
        else:
            self.report.unchanged += 1

    def _take(
        self,
        row: Finding | None,
        tomb: TombstoneRow | None,
        shared: SharedFinding,
        article: Article,
    ) -> None:
        anchors, orphan = place_anchors(shared.record.anchors, self._pdf(article))
        shared.record.anchors = anchors
        if row is None:
            self.report.added += 1
        else:
            self.report.updated += 1
        if tomb is not None:
            self.session.delete(tomb)
            del self.tombs[tomb.uuid]
        row = write_shared(self.session, self.findings, row, shared, article, orphan, self.names)
        self.rows[row.uuid] = row
        self.report.orphans += int(orphan)

    def _record_conflict(
        self, decision: Decision, uuid: str, row: Finding | None, remote: SharedFinding
    ) -> None:
        if decision.loser_is_local:
            if row is None:  # the local side is a bare tombstone: nothing to keep
                return
            loser, side = shared_of_row(self.session, row), "mine"
        else:
            loser, side = remote, "theirs"
        payload = conflict_payload(loser, side, self.report.source)
        if any(c.theirs.get("hash") == payload["hash"] for c in self._conflicts(uuid)):
            return
        self._add_conflict(uuid, payload)

    def _add_conflict(self, uuid: str, payload: dict[str, Any]) -> None:
        row = Conflict(finding_uuid=uuid, theirs=payload, source=self.report.source)
        self.session.add(row)
        self.conflict_rows.setdefault(uuid, []).append(row)
        self.report.conflicts += 1

    def _settle_conflicts(self, uuid: str, parents: list[str]) -> None:
        """A collaborator who lists our losing version as a parent has resolved it."""
        for row in self._conflicts(uuid):
            if not row.theirs.get("resolved") and row.theirs.get("hash") in parents:
                row.theirs = {**row.theirs, "resolved": utc_now().isoformat()}

    def _set_base(self, uuid: str, digest: str, modified: object) -> None:
        if not digest:
            return
        base = self.bases.get(uuid)
        if base is None:
            base = SyncBase(uuid=uuid, content_hash=digest, modified=modified)
            self.session.add(base)
            self.bases[uuid] = base
        else:
            base.content_hash, base.modified = digest, modified

    # -- tombstones -------------------------------------------------------------------------

    def _tombstone(self, tombstone: Tombstone) -> None:
        uuid = uuid_of(tombstone.id)
        row, tomb = self._local(uuid)
        local = self._local_version(row, tomb)
        remote = Version(tombstone.hash, tombstone.deleted, deleted=True)
        decision = decide(local, remote, self._bases(uuid, []))
        if decision.conflict and row is not None and decision.loser_is_local:
            self._record_conflict(decision, uuid, row, shared_of_row(self.session, row))
        elif decision.conflict and row is not None:
            self._record_deletion_conflict(uuid, tombstone)
        if decision.action == Action.DELETE_LOCAL and row is not None:
            row.deleted = tombstone.deleted
            self.report.deleted += 1
        elif decision.action == Action.REMEMBER_TOMBSTONE and tomb is None:
            creator = uuid_of(tombstone.creator) if tombstone.creator else None
            self.session.add(
                TombstoneRow(uuid=uuid, deleted=tombstone.deleted, reviewer_id=creator)
            )
        if not decision.conflict and tombstone.hash:
            self._set_base(uuid, tombstone.hash, tombstone.deleted)

    def _record_deletion_conflict(self, uuid: str, tombstone: Tombstone) -> None:
        """They deleted a finding we edited later: ours stays, their deletion is on record."""
        payload = {
            "deleted": tombstone.deleted.isoformat(),
            "hash": f"deleted:{tombstone.deleted.isoformat()}",
            "side": "theirs",
            "source": self.report.source,
            "resolved": None,
        }
        if any(c.theirs.get("hash") == payload["hash"] for c in self._conflicts(uuid)):
            return
        self._add_conflict(uuid, payload)
