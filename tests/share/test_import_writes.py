"""An imported finding is written by the findings service: read back through it as sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from poemsreader.services.library import Library
from poemsreader.storage.schema import Article, FindingTopic, Topic
from tests.share.test_hostile import valid_file

UUID = "22222222-1234-4234-8234-123456789abc"


def imported(tmp_path: Path, **changes: object) -> Library:
    library = Library(tmp_path / "lib")
    library.sharing.import_bytes(json.dumps(valid_file(**changes)).encode(), "alice.json")
    return library


def places(library: Library) -> dict[str, float]:
    with library.db.reading() as session:
        rows = session.execute(select(Topic.name, FindingTopic.position).join(FindingTopic))
        return dict(rows.all())


def test_imported_finding_keeps_sender_places_and_locks_the_key(tmp_path: Path) -> None:
    topics = [{"path": "Treatment", "position": 7.5}, {"path": "Imaging/CT", "position": 2}]
    body = [
        {"type": "TextualBody", "purpose": "describing", "value": "A statement"},
        {"type": "TextualBody", "purpose": "tagging", "value": "follow-up"},
    ]
    with imported(tmp_path, body=body, poemsreader={"topics": topics}) as library:
        info = library.findings.get(UUID)
        assert info.topics == ["Treatment", "Imaging/CT"] and info.tags == ["follow-up"]
        assert info.reviewer_name == "Alice"
        assert info.created == info.modified == datetime(2026, 3, 1, 10, tzinfo=UTC)
        assert places(library) == {"Treatment": 7.5, "CT": 2.0}
        with library.db.reading() as session:
            assert session.scalar(select(Article.key_locked))  # cited: the key never drifts


def test_one_topic_spelt_two_ways_is_filed_once(tmp_path: Path) -> None:
    topics = [{"path": "Imaging/CT", "position": 3}, {"path": "Imaging / CT", "position": 9}]
    with imported(tmp_path, poemsreader={"topics": topics}) as library:
        assert library.findings.get(UUID).topics == ["Imaging/CT"]
        assert places(library) == {"CT": 3.0}
