"""Two reviewers edit, delete and add at the same time, then exchange files in any order:
both libraries end with the same findings, conflicts are surfaced, nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from poemsreader.core.model import FindingRecord, FindingStatus
from poemsreader.services.library import Library
from poemsreader.share.convert import SharedFinding, content_hash
from tests.share.builders import (
    add_reference,
    add_reviewer,
    anchor,
    comparable,
    conflicts,
    delete_finding,
    deleted_uuids,
    findings,
    put_finding,
)

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"
BOB = "bbbbbbbb-0000-4000-8000-000000000002"


def at(hour: int) -> datetime:
    return datetime(2026, 3, 1, hour, tzinfo=UTC)


def record(number: int, author: str = ALICE) -> FindingRecord:
    return FindingRecord(
        uuid=f"00000000-0000-4000-8000-{number:012d}",
        statement=f"Finding {number}",
        quote=f"quote {number}",
        topics=["Treatment"],
        reviewer_id=author,
        reviewer_name="Alice" if author == ALICE else "Bob",
        created=at(1),
        modified=at(1),
        anchors=[anchor(0, f"quote {number}", "before", "after", 10, 17)],
    )


def edited(original: FindingRecord, text: str, hour: int) -> FindingRecord:
    return replace(original, statement=text, modified=at(hour), status=FindingStatus.CONTRADICTS)


def exchange(sender: Library, receiver: Library, folder: Path, name: str) -> None:
    path = folder / f"{name}.json"
    sender.sharing.export(path)
    receiver.sharing.import_file(path)


def a_to_b_then_back(a: Library, b: Library, tmp: Path) -> None:
    exchange(a, b, tmp, "1")
    exchange(b, a, tmp, "2")


def b_to_a_then_back(a: Library, b: Library, tmp: Path) -> None:
    exchange(b, a, tmp, "1")
    exchange(a, b, tmp, "2")


def crossing_in_the_mail(a: Library, b: Library, tmp: Path) -> None:
    a.sharing.export(tmp / "from_a.json")
    b.sharing.export(tmp / "from_b.json")
    b.sharing.import_file(tmp / "from_a.json")
    a.sharing.import_file(tmp / "from_b.json")


def repeated_and_crossed(a: Library, b: Library, tmp: Path) -> None:
    crossing_in_the_mail(a, b, tmp)
    crossing_in_the_mail(a, b, tmp)
    a_to_b_then_back(a, b, tmp)


@pytest.fixture
def pair(tmp_path: Path):
    with Library(tmp_path / "a") as a, Library(tmp_path / "b") as b:
        add_reviewer(a, ALICE, "Alice")
        add_reviewer(b, BOB, "Bob")
        article = add_reference(a, "Royer 2013", doi="10.1002/ajh.23368")
        base = {n: record(n) for n in range(1, 7)}
        for item in base.values():
            put_finding(a, item, article)
        a_to_b_then_back(a, b, tmp_path)  # the first exchange: both hold version 1
        yield a, b, article, base


def concurrent_work(a: Library, b: Library, article: str, base: dict[int, FindingRecord]) -> list:
    versions = []

    def put(library: Library, item: FindingRecord) -> None:
        put_finding(library, item, article)
        versions.append(content_hash(SharedFinding(item, article, {})))

    put(a, edited(base[1], "Alice edits 1", 10))
    put(b, edited(base[2], "Bob edits 2", 11))
    put(a, edited(base[3], "Alice edits 3", 12))
    put(b, edited(base[3], "Bob edits 3", 13))  # both edit: Bob's is newer
    delete_finding(a, base[4].uuid, at(14))  # Alice deletes, Bob leaves it alone
    delete_finding(a, base[5].uuid, at(15))
    put(b, edited(base[5], "Bob edits 5 after Alice deleted it", 16))
    put(a, edited(base[6], "Alice edits 6", 17))
    delete_finding(b, base[6].uuid, at(18))  # Bob deletes it later
    put(a, record(7, ALICE))
    put(b, record(8, BOB))
    return versions


ORDERS: list[Callable[[Library, Library, Path], None]] = [
    a_to_b_then_back,
    b_to_a_then_back,
    crossing_in_the_mail,
    repeated_and_crossed,
]


@pytest.mark.parametrize("order", ORDERS, ids=lambda f: f.__name__)
def test_libraries_converge_and_nothing_is_lost(pair, order, tmp_path: Path) -> None:
    a, b, article, base = pair
    versions = concurrent_work(a, b, article, base)
    order(a, b, tmp_path)

    live_a, live_b = findings(a), findings(b)
    assert {u: comparable(f) for u, f in live_a.items()} == {
        u: comparable(f) for u, f in live_b.items()
    }
    assert deleted_uuids(a) == deleted_uuids(b)

    statements = {f.record.statement for f in live_a.values()}
    assert {"Alice edits 1", "Bob edits 2", "Bob edits 3", "Finding 7", "Finding 8"} <= statements
    assert "Bob edits 5 after Alice deleted it" in statements  # the later edit wins
    assert base[4].uuid not in live_a and base[6].uuid not in live_a  # deletions travelled
    assert {f.record.reviewer_name for f in live_a.values()} == {"Alice", "Bob"}
    assert live_b[record(8).uuid].record.reviewer_id == BOB

    surfaced = conflicts(a) + conflicts(b)
    in_conflict = {c["uuid"] for c in surfaced}
    assert {base[3].uuid, base[5].uuid, base[6].uuid} <= in_conflict
    assert base[1].uuid not in in_conflict and base[2].uuid not in in_conflict

    # nothing lost: every version written is live, in a conflict row, or in the trash
    kept = {content_hash(f) for f in live_a.values()} | {c.get("hash") for c in surfaced}
    kept |= trashed_hashes(a) | trashed_hashes(b)
    assert set(versions) <= kept


def trashed_hashes(library: Library) -> set[str]:
    from sqlalchemy import select

    from poemsreader.storage.schema import Finding
    from poemsreader.storage.share_rows import shared_of_row

    with library.db.reading() as session:
        rows = session.scalars(select(Finding).where(Finding.deleted.is_not(None)))
        return {content_hash(shared_of_row(session, row)) for row in rows}


def test_importing_the_same_file_twice_changes_nothing(pair, tmp_path: Path) -> None:
    a, b, article, base = pair
    concurrent_work(a, b, article, base)
    a.sharing.export(tmp_path / "a.json")
    b.sharing.import_file(tmp_path / "a.json")
    state = ({u: comparable(f) for u, f in findings(b).items()}, deleted_uuids(b), conflicts(b))
    again = b.sharing.import_file(tmp_path / "a.json")
    assert again.added == again.updated == again.deleted == again.conflicts == 0
    assert state == (
        {u: comparable(f) for u, f in findings(b).items()},
        deleted_uuids(b),
        conflicts(b),
    )


def open_conflicts(library: Library) -> list:
    return library.sharing.conflicts.open_conflicts()


@pytest.mark.parametrize("choice", ["mine", "theirs", "both"])
def test_a_resolution_travels_and_settles_the_other_side(pair, tmp_path: Path, choice: str) -> None:
    a, b, article, base = pair
    put_finding(a, edited(base[3], "Alice edits 3", 12), article)
    put_finding(b, edited(base[3], "Bob edits 3", 13), article)
    crossing_in_the_mail(a, b, tmp_path)
    assert len(open_conflicts(a)) == 1 and len(open_conflicts(b)) == 1

    (conflict,) = open_conflicts(a)
    a.sharing.conflicts.resolve(conflict.id, choice)
    a_to_b_then_back(a, b, tmp_path)

    live_a, live_b = findings(a), findings(b)
    assert {u: comparable(f) for u, f in live_a.items()} == {
        u: comparable(f) for u, f in live_b.items()
    }
    kept = {f.record.statement for f in live_a.values()}
    expected = {
        "mine": {"Alice edits 3"},
        "theirs": {"Bob edits 3"},
        "both": {"Alice edits 3", "Bob edits 3"},
    }[choice]
    assert expected <= kept and not ({"Alice edits 3", "Bob edits 3"} - expected) & kept
    assert open_conflicts(a) == [] and open_conflicts(b) == []
