"""Syncing a local library with its team library: pull, merge, push, check.

The local library stays the working copy. A pull applies the rows changed since the
cursor in one local transaction, and the cursor advances in that same transaction, so
it moves only once the local commit is done. A push sends each object changed here,
based on the server version last seen; whatever the server refuses (someone changed it
since) is pulled, merged and sent again. After each sync, per-kind counts and a hash of
(uuid, version) on both sides are compared; a mismatch re-pulls the objects that differ.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import utc_now
from poemsreader.services.library import Library
from poemsreader.services.team.local_objects import (
    LocalObject,
    changed_document,
    finding_removals,
    is_pending,
    local_objects,
    placement_digest,
    resolved_since,
    sent_as_brought_back,
    topic_deletions,
    unresolved_conflicts,
)
from poemsreader.services.team.merge_step import merge_pulled
from poemsreader.services.team.pulled_rows import row_hash, share_document, uuid_or_none
from poemsreader.services.team.review_objects import REVIEW_KINDS, PullContext
from poemsreader.services.team.review_step import apply_pulled, pull_context, team_objects
from poemsreader.share.convert import content_hash
from poemsreader.share.format import ShareFile, uuid_of
from poemsreader.storage.lock import one_process_at_a_time
from poemsreader.storage.reviewers import my_reviewer
from poemsreader.storage.share_rows import preload_names, shared_of_row
from poemsreader.storage.sync_rows import findings_with_uuids
from poemsreader.storage.team import server

if TYPE_CHECKING:
    from poemsreader.storage.team.server import Engine  # the engine type, named by storage
from poemsreader.storage.team.server import Change, ServerRow, connected
from poemsreader.storage.team.state import (
    DELETED,
    Synced,
    TeamLink,
    forget_synced,
    has_synced,
    object_key,
    read_link,
    read_objects,
    save_synced,
    split_key,
    synced_versions,
    synced_versions_of,
    unsee_synced,
    write_link,
)
from poemsreader.storage.team.topic_rows import (
    drop_deleted_topics,
    parents_first,
    remember_synced_topics,
)

CHUNK = 2000  # findings per share document handed to the merge
ATTEMPTS = 6


@dataclass
class SyncReport:
    name: str
    pushed: int = 0
    pulled: int = 0
    merged: int = 0
    conflicts: int = 0
    retries: int = 0
    refused: int = 0  # changes this member has no right to send: kept here, not sent
    clashing: int = 0  # topics not sent: another topic of that name is on the server
    check: str = ""
    findings: set[str] = field(default_factory=set)  # uuids of the findings a pull merged
    screening: set[int] = field(default_factory=set)  # screening records a pull changed
    articles: set[int] = field(default_factory=set)  # articles whose evidence it changed
    articles_added: int = 0  # references a pull added to this library

    def summary(self) -> str:
        text = (
            f"Team library {self.name}: pushed {self.pushed}, pulled {self.pulled}, "
            f"merged {self.merged}, {self.conflicts} new conflict(s)"
        )
        if self.refused:
            text += f", {self.refused} not sent (no right to change them)"
        if self.clashing:
            text += (
                f", {self.clashing} topic(s) not sent (the team library has another topic "
                "of that name there: rename or merge it)"
            )
        if self.retries:
            text += f", {self.retries} retry(ies)"
        return text + (f"; check {self.check}." if self.check else ".")

    def changes(self) -> ChangeSet:
        """What the pull changed here, for every view; pulled topics and references
        have no finer report, so any pull re-reads the topic tree, and added
        references the whole library."""
        return ChangeSet(
            articles=set(self.articles),
            findings=set(self.findings),
            screening=set(self.screening),
            topics=self.pulled > 0,
            everything=self.articles_added > 0,
            message=self.summary(),
        )


@dataclass
class TeamStatus:
    linked: bool
    name: str = ""
    url: str = ""
    to_send: int = 0  # not_sent included
    not_sent: int = 0  # refused by the server for want of the right: kept here
    conflicts: int = 0
    last_sync: str = ""
    server_version: int | None = None
    cursor: int = 0
    online: bool | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # The last sync's sanity check: result, per-kind counts and (kind, uuid, version) hash.
    check: dict[str, Any] = field(default_factory=dict)

    def state(self) -> str:
        if not self.linked:
            return "not linked"
        if self.online is False:
            return "offline"
        if self.conflicts:
            return f"{self.conflicts} conflict(s)"
        if self.to_send:
            return f"{self.to_send} to send"
        behind = self.server_version is not None and self.server_version > self.cursor
        return "changes to pull" if behind else "up to date"


class Pending(NamedTuple):
    """What a push would send, and what it was worked out from."""

    objects: dict[str, LocalObject]  # changed here since last synced, by object key
    me: str  # this library's reviewer id (the author of what is sent)
    placement: str  # the placement digest read
    listed: set[str]  # the link's list of objects still to send, as read
    synced: dict[str, Synced]  # the sync state read

    def changes(self) -> list[Change]:
        """Each object as the push sends it, based on the server version last seen."""
        return [
            Change(
                item.kind,
                item.uuid,
                self.synced[key].version if key in self.synced else 0,
                item.deleted,
                item.data,
            )
            for key, item in self.objects.items()
        ]


class TeamSync:
    def __init__(self, library: Library) -> None:
        self.library = library

    # -- linking -------------------------------------------------------------------------------

    def link(self, url: str, name: str, *, create: bool) -> TeamLink:
        name = name.strip()
        if not name:
            raise InvalidInput("The team library needs a name.")
        with self.library.db.reading() as session:
            current = read_link(session)
        if current is not None and (current.url, current.name) != (url, name):
            raise InvalidInput(
                f"This library is already linked to the team library {current.name!r}."
            )
        find = server.create_library if create else server.find_library
        library_id = find(url, name)
        link = current or TeamLink(url=server.check_address(url), name=name, library_id=library_id)
        with self.library.db.transaction() as session:
            write_link(session, link)
        return link

    def is_linked(self) -> bool:
        with self.library.db.reading() as session:
            return read_link(session) is not None

    def current_link(self) -> TeamLink:
        with self.library.db.reading() as session:
            link = read_link(session)
        if link is None:
            raise InvalidInput("This library is not linked to a team library: run team link.")
        return link

    # -- sync ----------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        with one_process_at_a_time(self.library.paths.team_lock_file):
            return self._sync()

    def _sync(self) -> SyncReport:
        link = self.current_link()  # read under the lock: where the last exchange ended
        report = SyncReport(link.name)
        with connected(link.url) as engine:
            self._pull(engine, link, report)
            for attempt in range(ATTEMPTS):
                rejected = self._push(engine, link, report)
                if not rejected:
                    break
                report.retries += 1
                time.sleep(min(0.05 * 2**attempt, 1.0))
                self._pull(engine, link, report)
            self._pull(engine, link, report)  # whatever others sent meanwhile
            report.check = self._check(engine, link, report)
        return report

    def pull(self) -> SyncReport:
        """Only what other members sent: the rows after the cursor, merged here (what a
        notice asks for; pushing and the check wait for the next sync). Waits for a sync
        or pull of this library running in another process, then pulls what it left."""
        with one_process_at_a_time(self.library.paths.team_lock_file):
            link = self.current_link()
            report = SyncReport(link.name)
            with connected(link.url) as engine:
                self._pull(engine, link, report)
        return report

    def _pending(self) -> Pending:
        """Objects changed here since they were last synced, and what the push needs
        with them."""
        with self.library.db.reading() as session:
            synced = read_objects(session)
            link = read_link(session)
            placement = placement_digest(session)
            unsent = set(link.unsent) if link is not None else set()
            if link is not None and link.push_mark and link.placement == placement:
                mark = datetime.fromisoformat(link.push_mark)
                document = changed_document(
                    session, mark, unsent, synced, every_article=link.first_push
                )
            else:
                document = None
        if document is None:
            document = self.library.sharing.build()
        objects = local_objects(document)
        with self.library.db.reading() as session:
            objects.update(topic_deletions(session, objects, synced))
            resolved = resolved_since(session)
            mine = my_reviewer(session)
            me = mine.id if mine is not None else ""
            objects.update(finding_removals(session, synced, me))
            objects.update(team_objects(session, synced, objects))
        pending = {
            key: sent_as_brought_back(item, synced.get(key))
            for key, item in objects.items()
            if is_pending(key, item, synced.get(key), resolved)
        }
        return Pending(pending, me, placement, unsent, synced)

    def _push(self, engine: Engine, link: TeamLink, report: SyncReport) -> int:
        mark = utc_now()
        report.clashing = 0  # as the last push found it
        found = self._pending()
        pending, placement, listed = found.objects, found.placement, found.listed
        if not pending:
            self._set_mark(mark, [], placement, listed, [])
            return 0
        result = server.push(engine, link.library_id, found.changes(), found.me)
        if result.accepted:
            now = utc_now().isoformat()
            with self.library.db.transaction() as session:
                save_synced(
                    session,
                    {
                        key: Synced(result.version, pending[key].hash, now, _content(pending[key]))
                        for change in result.accepted
                        for key in [object_key(change.kind, change.uuid)]
                    },
                )
                remember_synced_topics(
                    session,
                    {
                        c.uuid: (
                            c.data["name"],
                            uuid_or_none(c.data.get("parent")),
                            int(c.data.get("position", 0)),
                        )
                        for c in result.accepted
                        if c.kind == "topic" and not c.deleted
                    },
                )
                current = read_link(session) or link
                if current.cursor == result.previous:  # nobody wrote in between: all ours
                    current.cursor = link.cursor = result.version
                    write_link(session, current)
        held_back = result.rejected + result.refused + result.clashing
        self._set_mark(
            mark,
            [object_key(c.kind, c.uuid) for c in held_back],
            placement,
            listed,
            [object_key(c.kind, c.uuid) for c in result.refused],
        )
        report.pushed += len(result.accepted)
        report.refused = len(result.refused)
        report.clashing = len(result.clashing)
        return len(result.rejected) + len(result.clashing)

    def _set_mark(
        self,
        mark: datetime,
        unsent: list[str],
        placement: str,
        listed: set[str],
        refused: list[str],
    ) -> None:
        """After a push: changes from `mark` on are the next push's candidates, with what
        the server did not take (`unsent`; `refused` of them for want of the right) and
        what a pull listed since `listed` was read."""
        with self.library.db.transaction() as session:
            current = read_link(session)
            if current is not None:
                later = [k for k in current.unsent if k not in listed and k not in unsent]
                current.push_mark, current.unsent = mark.isoformat(), unsent + later
                current.refused = refused
                current.placement = placement
                current.first_push = False
                write_link(session, current)

    def _pull(self, engine: Engine, link: TeamLink, report: SyncReport) -> None:
        started = utc_now()
        top, rows = server.pull(engine, link.library_id, link.cursor)
        self._apply(engine, link, rows, top, report, started)

    def _apply(
        self,
        engine: Engine,
        link: TeamLink,
        rows: list[ServerRow],
        top: int,
        report: SyncReport,
        started: datetime,
    ) -> None:
        with self.library.db.reading() as session:
            first = not has_synced(session)
            known = synced_versions_of(session, [(r.kind, r.uuid) for r in rows])
        fresh = [r for r in rows if known.get((r.kind, r.uuid)) != r.version]
        if not fresh:  # nothing new: only the cursor moves
            with self.library.db.transaction() as session:
                self._advance(session, link, top, started, first)
            return
        documents = self._documents(engine, link, fresh)
        with self.library.db.transaction() as session:
            objects = read_objects(session)
            before = self._local_hashes(session, fresh)
            placed = placement_digest(session)
            added: dict[str, str] = {}
            if documents:
                merged = merge_pulled(
                    session,
                    self.library.findings,
                    documents,
                    f"team library {link.name}",
                    self.library.root,
                    synced_topics=frozenset(
                        split_key(k)[1] for k in objects if split_key(k)[0] == "topic"
                    ),
                )
                drop_deleted_topics(
                    session, [r.uuid for r in fresh if r.kind == "topic" and r.deleted]
                )
                report.merged += merged.added + merged.updated + merged.deleted
                report.conflicts += merged.conflicts
                report.findings |= merged.finding_uuids
                report.articles_added += merged.articles_added
                added = merged.stored_hashes  # the findings it added, as stored
                session.flush()
            review = apply_pulled(session, fresh, objects, self._context(session, engine, link))
            report.merged += review.merged
            report.conflicts += review.conflicts
            report.screening |= review.screening
            report.articles |= review.articles
            session.flush()
            after = {object_key("finding", u): digest for u, digest in added.items()}
            after |= self._local_hashes(session, fresh, known=added.keys())
            now = utc_now().isoformat()
            moved = {}
            to_send = []  # changed here before the pull: synced at the server's version
            for row in fresh:
                key = object_key(row.kind, row.uuid)
                digest = _synced_hash(row, objects.get(key), before.get(key), after.get(key))
                content = row.data if row.kind in REVIEW_KINDS and not row.deleted else None
                moved[key] = objects[key] = Synced(row.version, digest, now, content)
                if after.get(key) not in (None, digest):
                    to_send.append(key)
            save_synced(session, moved)
            self._advance(session, link, top, started, first, to_send, placed)
        report.pulled += len(fresh)

    @staticmethod
    def _advance(
        session: Any,
        link: TeamLink,
        top: int,
        started: datetime,
        first: bool,
        to_send: Sequence[str] = (),
        placed: str | None = None,
    ) -> None:
        """The end of a pull: the cursor moves to `top`; objects changed here before the
        pull are listed as still to send; after the first pull the next push looks only
        at what changed since it began; `placed` is the placement digest before a merge
        (when it was current, the placement the merge made is synced)."""
        current = read_link(session) or link
        current.unsent += [k for k in to_send if k not in current.unsent]
        if not current.push_mark and first:
            current.push_mark, current.first_push = started.isoformat(), True
            current.placement = placement_digest(session)
        elif placed is not None and current.placement == placed:
            current.placement = placement_digest(session)
        current.cursor = max(current.cursor, top)
        current.last_sync = utc_now().isoformat()
        write_link(session, current)
        link.cursor = current.cursor

    @staticmethod
    def _context(session: Any, engine: Engine, link: TeamLink) -> PullContext:
        def fetch(uuid: str) -> dict[str, Any] | None:
            rows = server.rows_by_key(engine, link.library_id, [("article", uuid)])
            return rows[0].data if rows and not rows[0].deleted else None

        return pull_context(session, f"team library {link.name}", fetch)

    @staticmethod
    def _local_hashes(
        session: Any, rows: list[ServerRow], known: Collection[str] = ()
    ) -> dict[str, str]:
        """The content hash of each pulled finding as this library holds it (`known`:
        those whose hash is known already, not read)."""
        wanted = {r.uuid for r in rows if r.kind == "finding"}.difference(known)
        if not wanted:
            return {}
        preload_names(session)
        hashes = {}
        for finding in findings_with_uuids(session, wanted):
            digest = (
                DELETED
                if finding.deleted is not None
                else content_hash(shared_of_row(session, finding))
            )
            hashes[object_key("finding", finding.uuid)] = digest
        return hashes

    def _documents(self, engine: Engine, link: TeamLink, rows: list[ServerRow]) -> list[ShareFile]:
        reviewers = [r.data for r in rows if r.kind == "reviewer" and not r.deleted]
        articles = {r.uuid: r.data for r in rows if r.kind == "article" and not r.deleted}
        findings = [r for r in rows if r.kind == "finding" and not r.deleted]
        tombstones = [r.data for r in rows if r.kind == "finding" and r.deleted]
        topics = parents_first([r.data for r in rows if r.kind == "topic" and not r.deleted])
        merges = [
            r.data
            for r in rows
            if r.kind == "topic" and r.deleted and isinstance(r.data, dict) and r.data.get("into")
        ]
        needed = {uuid_of(f.data["target"][0]["source"]) for f in findings} - set(articles)
        if needed:
            extra = server.rows_by_key(engine, link.library_id, [("article", u) for u in needed])
            articles.update({r.uuid: r.data for r in extra})
        documents = []
        for start in range(0, max(len(findings), 1), CHUNK):
            chunk = findings[start : start + CHUNK]
            sources = {uuid_of(f.data["target"][0]["source"]) for f in chunk}
            first = start == 0
            documents.append(
                share_document(
                    reviewers if first else [],
                    [a for u, a in articles.items() if u in sources or first],
                    [f.data for f in chunk],
                    tombstones if first else [],
                    (topics, merges) if first else ([], []),
                )
            )
        return documents

    # -- sanity check --------------------------------------------------------------------------

    def _check(self, engine: Engine, link: TeamLink, report: SyncReport) -> str:
        for _ in range(ATTEMPTS):
            top, theirs = server.versions_at(engine, link.library_id)
            with self.library.db.reading() as session:
                mine = synced_versions(session)
            if server.versions_digest(theirs) == server.versions_digest(mine):
                return self._checked(link, theirs, "passed")
            if top <= link.cursor:
                break
            self._pull(engine, link, report)  # someone pushed since the last pull
        differing = [key for key, version in theirs.items() if mine.get(key) != version]
        stale = [key for key in mine if key not in theirs]
        if stale:
            with self.library.db.transaction() as session:
                forget_synced(session, [object_key(kind, uuid) for kind, uuid in stale])
        rows = server.rows_by_key(engine, link.library_id, differing)
        if rows:
            with self.library.db.transaction() as session:
                # forget the version so the row is applied again (the content merged
                # against stays: it is the merge base of screening and evidence)
                keys = [object_key(row.kind, row.uuid) for row in rows]
                forget_synced(session, [k for k in keys if split_key(k)[0] not in REVIEW_KINDS])
                unsee_synced(session, [k for k in keys if split_key(k)[0] in REVIEW_KINDS])
            self._apply(engine, link, rows, link.cursor, report, utc_now())
        with self.library.db.reading() as session:
            mine = synced_versions(session)
        ok = server.versions_digest(theirs) == server.versions_digest(mine)
        return self._checked(link, theirs, f"repaired {len(rows) + len(stale)}" if ok else "failed")

    def _checked(self, link: TeamLink, theirs: dict[tuple[str, str], int], result: str) -> str:
        counts, digest = server.versions_digest(theirs)
        with self.library.db.transaction() as session:
            current = read_link(session) or link
            current.last_check = json.dumps(
                {"result": result, "counts": counts, "hash": digest, "when": utc_now().isoformat()}
            )
            write_link(session, current)
        return result

    # -- status --------------------------------------------------------------------------

    def status(self, *, online: bool = True) -> TeamStatus:
        with self.library.db.reading() as session:
            link = read_link(session)
            conflicts = unresolved_conflicts(session)
            objects = synced_versions(session)
        if link is None:
            return TeamStatus(linked=False, conflicts=conflicts)
        pending = self._pending().objects
        status = TeamStatus(
            linked=True,
            name=link.name,
            url=link.url,
            to_send=len(pending),
            not_sent=len(set(link.refused) & set(pending)),
            conflicts=conflicts,
            last_sync=link.last_sync,
            cursor=link.cursor,
            check=json.loads(link.last_check) if link.last_check else {},
        )
        counts: dict[str, int] = {}
        for kind, _uuid in objects:
            counts[kind] = counts.get(kind, 0) + 1
        status.counts = counts
        if online:
            try:
                with connected(link.url) as engine:
                    top, _ = server.pull(engine, link.library_id, 1 << 62)
                status.server_version, status.online = top, True
            except server.TeamOffline:
                status.online = False
        return status


def address_problem(url: str) -> str:
    """Why `url` cannot be a team library's address (one sentence, no password), or ""."""
    try:
        server.check_address(url)
    except InvalidInput as problem:
        return str(problem)
    return ""


def _synced_hash(row: ServerRow, was: Synced | None, before: str | None, after: str | None) -> str:
    """The content a pulled row counts as synced at: the server's, when this library had
    changed the object before the pull (the change is still to send), else what the
    merge left here. The server's hash (a validation) is made only when needed."""
    if was is None:
        pending_before = before is not None and before != row_hash(row)
    else:
        pending_before = before is not None and before != was.hash
    if pending_before or after is None:
        return row_hash(row)
    return after


def _content(item: LocalObject) -> dict[str, Any] | None:
    return item.data if item.kind in REVIEW_KINDS else None


# -- for a child process of the window (top-level, picklable) ----------------------------------


def sync_library(root: str) -> SyncReport:
    with Library(Path(root)) as library:
        return TeamSync(library).sync()


class Follower:
    """The window's warm child (see child_call.serve): one open library for the whole
    session, so pulling what a notice announces costs the pull alone, not starting
    Python, importing and opening the library each time."""

    def __init__(self, root: str) -> None:
        self.library = Library(Path(root))
        self.team = TeamSync(self.library)

    def pull(self) -> SyncReport:
        return self.team.pull()

    def sync(self) -> SyncReport:
        return self.team.sync()

    def status(self) -> TeamStatus:
        return self.team.status()

    def close(self) -> None:
        self.library.close()


def link_library(root: str, url: str, name: str) -> str:
    with Library(Path(root)) as library:
        link = TeamSync(library).link(url, name, create=False)
    return f"Linked the team library {link.name!r}."
