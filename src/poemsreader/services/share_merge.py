"""Applying a validated annotation file to the library, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poemsreader.core.model import utc_now
from poemsreader.services.share_articles import (
    LocalPdf,
    add_reference,
    local_pdf,
    match_article,
    place_anchors,
)
from poemsreader.services.share_topics import TopicMerger
from poemsreader.share.convert import SharedFinding, annotation_of, content_hash, shared_of
from poemsreader.share.fields import (
    Fields,
    agrees,
    field_values,
    fields_of_base,
    merge_fields,
    with_fields,
)
from poemsreader.share.format import Annotation, MergeBase, ShareFile, Tombstone, uuid_of
from poemsreader.share.merge import Action, Decision, Version, brought_back, decide, newer
from poemsreader.storage.exchange_rows import (
    add_tombstone,
    drop_tombstone,
    record_conflict,
)
from poemsreader.storage.reviewers import my_reviewer
from poemsreader.storage.schema import Article, Conflict, Finding, SyncBase
from poemsreader.storage.schema import Tombstone as TombstoneRow
from poemsreader.storage.share_rows import (
    ShareNames,
    add_new_shared,
    merge_rows,
    preload_names,
    shared_of_row,
    write_shared,
)

if TYPE_CHECKING:
    from poemsreader.services.sharing import ImportReport
    from poemsreader.storage.database import Session
    from poemsreader.storage.findings import FindingService


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


def version_key(version: Version) -> str:
    """One version of one finding as it arrived: its content and when it was made."""
    return f"{version.hash}@{version.time.isoformat()}"


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
        adopt_topics: frozenset[str] | None = None,
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
        self.new = findings.batch(session, self.names)  # findings new here, written together
        # The local state of the findings the documents name, read as each document
        # arrives: a merge costs what it brings, not what the library holds.
        self.loaded: set[str] = set()
        self.rows: dict[str, Finding] = {}
        self.tombs: dict[str, TombstoneRow] = {}
        self.bases: dict[str, SyncBase] = {}
        self.conflict_rows: dict[str, list[Conflict]] = {}
        me = my_reviewer(session)
        self.my_name = me.name if me else ""
        self.sender_name = ""
        self.topics = TopicMerger(session, report.notes, adopt_topics)

    def apply(self, document: ShareFile) -> None:
        self.sender_name = document.sender.name if document.sender else ""
        self.topics.apply(document.topics, document.merged_topics)
        for reviewer in document.reviewers:
            self.names.reviewer(uuid_of(reviewer.id), reviewer.name, reviewer.colour)
        self._articles(document)
        self._load(
            {uuid_of(a.id) for a in document.findings}
            | {uuid_of(t.id) for t in document.tombstones}
        )
        for annotation in document.findings:
            self._finding(annotation)
        for tombstone in document.tombstones:
            self._tombstone(tombstone)
        self.new.write()
        for pdf in self.pdfs.values():
            if pdf is not None:
                pdf.close()

    def _load(self, uuids: set[str]) -> None:
        """Read the local state of the findings not read yet."""
        missing = uuids - self.loaded
        if not missing:
            return
        state = merge_rows(self.session, missing)
        self.rows.update((f.uuid, f) for f in state.rows)
        self.tombs.update((t.uuid, t) for t in state.tombs)
        self.bases.update((b.uuid, b) for b in state.bases)
        for conflict in state.conflicts:
            self.conflict_rows.setdefault(conflict.finding_uuid, []).append(conflict)
        self.loaded |= missing

    # -- articles ---------------------------------------------------------------------------

    def _articles(self, document: ShareFile) -> None:
        for shared in document.articles:
            # A W3C annotation names the page it was made on; a collaborator's URL is a hint.
            article = match_article(self.session, shared, url_names_it=not self.create_articles)
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
        if uuid in self.new or uuid in self.new.bases:  # met again (a file listing it twice)
            self.new.write()
            self.loaded.discard(uuid)
            self._load({uuid})
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
        self.topics.localise(shared)
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
        if (
            local is not None
            and self._is_base(uuid, remote_hash)
            and not self._conflicts(uuid)
            and not brought_back(local, remote)
        ):
            # Their version is the base we hold and nothing waits to be settled: it brings
            # nothing new, and ours (placed on our copy of the PDF, perhaps edited since)
            # stands. Nothing is written.
            self.report.unchanged += 1
            return
        parents = list(annotation.poemsreader.parents)
        known = self._bases(uuid, parents)
        known |= self._unchanged_by_fields(row, local, shared, annotation.poemsreader.base)
        if self._both_edited(local, remote, known):
            assert row is not None and local is not None
            self._settle_conflicts(uuid, parents, version_key(remote))
            self._merge_fields(row, local, shared, remote, annotation.poemsreader.base, article)
            return
        decision = decide(local, remote, known)
        settled_by = parents
        if not decision.conflict and decision.action in (Action.TAKE_REMOTE, Action.SAME):
            settled_by = [*parents, remote_hash]  # their version is ours now
        self._settle_conflicts(uuid, settled_by, version_key(remote))
        if decision.conflict:
            self._record_conflict(decision, uuid, row, shared, version_key(remote))
        self._act(decision, row, tomb, shared, article)
        self._set_base(uuid, remote_hash, shared.record.modified, field_values(shared))

    def _unchanged_by_fields(
        self,
        row: Finding | None,
        local: Version | None,
        remote: SharedFinding | None,
        file_base: MergeBase | None,
    ) -> set[str]:
        """The side whose fields equal a state both saw is unchanged, even if its hash differs
        (a topic renamed since only changes paths). Both sides equal to a base: left to the
        hashes, so both libraries decide alike."""
        if row is None or local is None:
            return set()
        bases = self._base_fields(row.uuid, file_base)
        if not bases:
            return set()
        remote_same = remote is not None and agrees(field_values(remote), bases)
        if local.deleted:  # our edit is the deletion: only theirs can be unchanged
            return {content_hash(remote)} if remote_same and remote is not None else set()
        local_same = agrees(field_values(shared_of_row(self.session, row)), bases)
        if local_same and not remote_same:
            return {local.hash}
        if remote_same and not local_same and remote is not None:
            return {content_hash(remote)}
        return set()

    def _is_base(self, uuid: str, digest: str) -> bool:
        base = self.bases.get(uuid)
        return base is not None and base.content_hash == digest

    @staticmethod
    def _both_edited(local: Version | None, remote: Version, known: set[str]) -> bool:
        """Two live versions, neither of them known to the other side: merge field by field."""
        return (
            local is not None
            and not local.deleted
            and local.hash != remote.hash
            and local.hash not in known
            and remote.hash not in known
        )

    def _merge_fields(
        self,
        row: Finding,
        local: Version,
        shared: SharedFinding,
        remote: Version,
        file_base: MergeBase | None,
        article: Article,
    ) -> None:
        """Each field changed on one side only takes that side's value; a field both
        changed differently keeps the newer value and becomes a conflict to resolve."""
        uuid = row.uuid
        mine = shared_of_row(self.session, row)
        local_wins = newer(local, remote)
        bases = self._base_fields(uuid, file_base)
        merge = merge_fields(bases, field_values(mine), field_values(shared), local_wins)
        if merge.conflicts:
            self._record_field_conflict(uuid, mine, shared, merge.conflicts, local_wins, remote)
        modified = max(local.time, remote.time)
        if merge.take_remote:
            merged = with_fields(mine, {name: shared for name in merge.take_remote}, modified)
            self._write(row, merged, article, place="quote" in merge.take_remote)
        else:
            if modified > row.modified:
                row.modified = modified
            self.report.unchanged += 1
        self._set_base(uuid, remote.hash, remote.time, field_values(shared))

    def _base_fields(self, uuid: str, file_base: MergeBase | None) -> list[Fields]:
        """The states both sides saw: ours (the version last received, or the one before our
        first unshared edit) and the sender's (the version they last received)."""
        bases = []
        own = self.bases.get(uuid)
        if own is not None and own.fields:
            bases.append(own.fields)
        if file_base is not None:
            fields = fields_of_base(file_base)
            fields["topics"] = [[self.topics.local_key(k), p] for k, p in fields["topics"]]
            bases.append(fields)
        return bases

    def _write(self, row: Finding, merged: SharedFinding, article: Article, *, place: bool) -> None:
        if place:
            anchors, orphan = place_anchors(merged.record.anchors, self._pdf(article))
            merged.record.anchors = anchors
        else:
            orphan = row.orphan
        write_shared(self.session, self.findings, row, merged, article, orphan, self.names)
        self.report.updated += 1

    def _record_field_conflict(
        self,
        uuid: str,
        mine: SharedFinding,
        theirs: SharedFinding,
        names: tuple[str, ...],
        local_wins: bool,
        remote: Version,
    ) -> None:
        """One row per finding: both values of each field both sides changed, and who made
        each; the older version is kept whole (its hash settles the row elsewhere)."""
        mine_fields, their_fields = field_values(mine), field_values(theirs)
        loser, side = (theirs, "theirs") if local_wins else (mine, "mine")
        payload = conflict_payload(loser, side, self.report.source)
        payload["fields"] = {n: {"mine": mine_fields[n], "theirs": their_fields[n]} for n in names}
        payload["mine_by"] = self.my_name or "this library"
        payload["theirs_by"] = self.sender_name or theirs.record.reviewer_name or "the sender"
        payload["against"] = version_key(remote)
        for row in self._conflicts(uuid):
            if not row.theirs.get("resolved") and row.theirs.get("fields") == payload["fields"]:
                return
        self._add_conflict(uuid, payload)

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
        elif action == Action.NOTHING and decision.conflict and row is not None and row.deleted:
            self._last_state(row, shared, article)
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
        self.report.orphans += int(orphan)
        if row is None and tomb is None:
            stored = add_new_shared(self.new, self.names, shared, article, orphan)
            self.report.stored_hashes[stored.record.uuid] = content_hash(stored)
            self.report.added += 1
            return
        if row is None:
            self.report.added += 1
        else:
            self.report.updated += 1
        if tomb is not None:
            drop_tombstone(self.session, tomb)
            del self.tombs[tomb.uuid]
        row = write_shared(self.session, self.findings, row, shared, article, orphan, self.names)
        self.rows[row.uuid] = row

    def _last_state(self, row: Finding, shared: SharedFinding, article: Article) -> None:
        """Our deletion wins over their later-made edit: the finding stays deleted with their
        content as its last state, which is what their side keeps when our deletion reaches
        it (our own last version is in the conflict row)."""
        deleted = row.deleted
        if content_hash(shared_of_row(self.session, row)) != content_hash(shared):
            write_shared(self.session, self.findings, row, shared, article, row.orphan, self.names)
        row.deleted = deleted
        self.report.unchanged += 1

    def _record_conflict(
        self,
        decision: Decision,
        uuid: str,
        row: Finding | None,
        remote: SharedFinding,
        against: str = "",
    ) -> None:
        if decision.loser_is_local:
            if row is None:  # the local side is a bare tombstone: nothing to keep
                return
            loser, side = shared_of_row(self.session, row), "mine"
        else:
            loser, side = remote, "theirs"
        payload = conflict_payload(loser, side, self.report.source)
        payload["against"] = against
        if any(c.theirs.get("hash") == payload["hash"] for c in self._conflicts(uuid)):
            return
        self._add_conflict(uuid, payload)

    def _add_conflict(self, uuid: str, payload: dict[str, Any]) -> None:
        row = record_conflict(self.session, uuid, payload, self.report.source)
        self.conflict_rows.setdefault(uuid, []).append(row)
        self.report.conflicts += 1

    def _settle_conflicts(self, uuid: str, parents: list[str], remote_key: str) -> None:
        """A collaborator who lists our losing version as a parent has resolved it (the
        version the conflict was found against, arriving again, settles nothing)."""
        for row in self._conflicts(uuid):
            payload = row.theirs
            if payload.get("resolved") or payload.get("against") == remote_key:
                continue
            if payload.get("hash") in parents:
                row.theirs = {**payload, "resolved": utc_now().isoformat()}

    def _set_base(self, uuid: str, digest: str, modified: datetime, fields: Fields | None) -> None:
        """The version just received is the state both sides saw (rows change only when
        it differs: importing a file again writes nothing)."""
        if not digest:
            return
        base = self.bases.get(uuid)
        if base is None:
            base = self.new.add_base(uuid, digest, modified, fields)  # with the new findings
            self.bases[uuid] = base
        elif (base.content_hash, base.modified, base.fields) != (digest, modified, fields):
            base.content_hash, base.modified, base.fields = digest, modified, fields

    # -- tombstones -------------------------------------------------------------------------

    def _tombstone(self, tombstone: Tombstone) -> None:
        uuid = uuid_of(tombstone.id)
        row, tomb = self._local(uuid)
        local = self._local_version(row, tomb)
        remote = Version(tombstone.hash, tombstone.deleted, deleted=True)
        known = self._bases(uuid, list(tombstone.parents))
        known |= self._unchanged_by_fields(row, local, None, tombstone.base)
        decision = decide(local, remote, known)
        if decision.conflict and row is not None and decision.loser_is_local:
            self._record_conflict(decision, uuid, row, shared_of_row(self.session, row))
        elif decision.conflict and row is not None:
            self._record_deletion_conflict(uuid, tombstone)
        if decision.action == Action.DELETE_LOCAL and row is not None:
            row.deleted = tombstone.deleted
            self.report.deleted += 1
        elif decision.action == Action.REMEMBER_TOMBSTONE and tomb is None:
            creator = uuid_of(tombstone.creator) if tombstone.creator else None
            tomb = add_tombstone(self.session, uuid, tombstone.deleted, creator)
            self.tombs[uuid] = tomb
        if not decision.conflict and tombstone.hash:
            self._set_base(uuid, tombstone.hash, tombstone.deleted, None)

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
