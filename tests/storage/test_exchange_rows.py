"""What the library remembers of its exchanges: conflicts in their orders, merge bases,
tombstones, each written and read back; and a finding row removed outright (the copy a
reopened conflict drops)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from poemsreader.storage.exchange_rows import (
    add_tombstone,
    all_conflicts,
    all_tombstones,
    conflict_with_id,
    conflicts_oldest_first,
    drop_tombstone,
    merge_bases,
    record_conflict,
)
from poemsreader.storage.finding_names import FindingNames
from poemsreader.storage.findings import finding_with_uuid, remove_finding_row
from poemsreader.storage.schema import Conflict, SyncBase, Tombstone
from tests.share.builders import add_reference, put_finding

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _conflicts(library: Library, minutes: list[int]) -> list[int]:
    """Conflict rows made `minutes` after noon, written in this order; their ids."""
    with library.db.transaction() as session:
        rows = [
            Conflict(finding_uuid=f"f{i}", theirs={}, created=NOON + timedelta(minutes=m))
            for i, m in enumerate(minutes)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_conflicts_come_as_written_or_oldest_first(library: Library) -> None:
    ids = _conflicts(library, [30, 10, 20, 10])
    with library.db.reading() as session:
        assert [c.id for c in all_conflicts(session)] == ids
        oldest = [c.id for c in conflicts_oldest_first(session)]
        assert oldest == [ids[1], ids[3], ids[2], ids[0]]  # same time: written first
        found = conflict_with_id(session, ids[2])
        assert found is not None and found.finding_uuid == "f2"
        assert conflict_with_id(session, max(ids) + 1) is None


def test_merge_bases_by_finding_and_tombstones(library: Library) -> None:
    with library.db.transaction() as session:
        session.add(SyncBase(uuid="f1", content_hash="a" * 64, modified=NOON))
        session.add(SyncBase(uuid="f2", content_hash="b" * 64, modified=NOON))
        session.add(Tombstone(uuid="gone", deleted=NOON, reviewer_id=None))
    with library.db.reading() as session:
        bases = merge_bases(session)
        assert {uuid: base.content_hash for uuid, base in bases.items()} == {
            "f1": "a" * 64,
            "f2": "b" * 64,
        }
        assert [(t.uuid, t.deleted) for t in all_tombstones(session)] == [("gone", NOON)]


def test_a_removed_finding_leaves_no_row_and_no_tombstone(library: Library) -> None:
    article = add_reference(library, "Royer 2013")
    put_finding(library, FindingRecord(uuid="copy", statement="theirs, kept both"), article)
    with library.db.transaction() as session:
        assert finding_with_uuid(session, "copy") is not None
        remove_finding_row(session, "copy")
        remove_finding_row(session, "never made")  # nothing to remove: nothing happens
    with library.db.reading() as session:
        assert finding_with_uuid(session, "copy") is None
        assert all_tombstones(session) == []


def test_conflicts_bases_and_tombstones_written_are_read_back(library: Library) -> None:
    payload = {"hash": "c" * 64, "side": "theirs", "resolved": None}
    with library.db.transaction() as session:
        row = record_conflict(session, "f1", payload, "colleague.poems.json")
        batch = library.findings.batch(session, FindingNames(session))
        batch.add_base("f1", "a" * 64, NOON, {"statement": "ours"})
        batch.add_base("f2", "b" * 64, NOON, None)
        batch.write()
        add_tombstone(session, "gone", NOON, "reviewer-1")
        back = add_tombstone(session, "back", NOON, None)
        session.flush()
        assert row.id is not None
        drop_tombstone(session, back)  # a version after its deletion arrived
    with library.db.reading() as session:
        [conflict] = all_conflicts(session)
        assert (conflict.finding_uuid, conflict.theirs) == ("f1", payload)
        assert conflict.source == "colleague.poems.json"
        bases = merge_bases(session)
        assert (bases["f1"].content_hash, bases["f1"].fields) == ("a" * 64, {"statement": "ours"})
        assert (bases["f2"].content_hash, bases["f2"].fields) == ("b" * 64, None)
        assert [(t.uuid, t.reviewer_id) for t in all_tombstones(session)] == [
            ("gone", "reviewer-1")
        ]
