"""New findings written together store exactly what writing each one through the ORM does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from poemsreader.core.model import Anchor, FindingRecord, FindingStatus, Quad
from poemsreader.services.library import Library
from poemsreader.share.convert import SharedFinding, content_hash
from poemsreader.storage.schema import (
    Article,
    Finding,
    FindingAnchor,
    FindingTag,
    FindingTopic,
    Tag,
    Topic,
)
from poemsreader.storage.share_rows import ShareNames, add_new_shared, shared_of_row, write_shared
from tests.share.builders import add_reference, add_reviewer

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ANN = "aaaaaaaa-0000-4000-8000-000000000001"
SAM = "cccccccc-0000-4000-8000-000000000003"  # a reviewer this library has never met


def _record(n: int, topics: list[str], tags: list[str], anchors: int) -> FindingRecord:
    return FindingRecord(
        uuid=f"00000000-0000-4000-8000-{n:012d}",
        statement=f"Statement {n}.",
        quote=f"quote {n}",
        topics=topics,
        tags=tags,
        status=FindingStatus.CONTRADICTS if n % 2 else FindingStatus.NEW,
        comment=f"comment {n}" if n % 3 else "",
        colour="#ffcc00" if n % 2 else "",
        reviewer_id=SAM if n % 4 == 0 else ANN,
        reviewer_name="Sam" if n % 4 == 0 else "Ann",
        created=T0 + timedelta(minutes=n),
        modified=T0 + timedelta(minutes=n, seconds=30),
        anchors=[
            Anchor(
                page_index=k,
                quote=f"passage {n}.{k}",
                prefix="before ",
                suffix=" after",
                start=10 * k if k else None,
                end=10 * k + 5 if k else None,
                quads=[Quad(1.0, 2.0, 3.5, 4.25)],
                document_sha256="ab" * 32,
                is_area=k == 2,
                placement="exact" if k else "position",
            )
            for k in range(anchors)
        ],
    )


def _stored(root: Path) -> dict[str, Any]:
    """Every row a finding owns, with the database's own ids replaced by names."""
    with Library(root) as library, library.db.reading() as session:
        uuid_of = dict(session.execute(select(Finding.id, Finding.uuid)).all())
        topic = dict(session.execute(select(Topic.id, Topic.name)).all())
        tag = dict(session.execute(select(Tag.id, Tag.name)).all())
        skip = {"id", "finding_id", "topic_id", "tag_id", "article_id"}

        def plain(row: Any) -> dict[str, Any]:
            return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}

        return {
            "findings": sorted(
                (
                    plain(f) | {"article": f.article.citekey}
                    for f in session.scalars(select(Finding))
                ),
                key=lambda f: f["uuid"],
            ),
            "anchors": sorted(
                ((uuid_of[a.finding_id], plain(a)) for a in session.scalars(select(FindingAnchor))),
                key=lambda pair: (pair[0], pair[1]["seq"]),
            ),
            "topics": sorted(
                (uuid_of[t.finding_id], topic[t.topic_id], t.rank, t.position)
                for t in session.scalars(select(FindingTopic))
            ),
            "tags": sorted(
                (uuid_of[t.finding_id], tag[t.tag_id]) for t in session.scalars(select(FindingTag))
            ),
            "key_locked": session.scalar(select(Article.key_locked)),
            "topic_names": sorted(topic.values()),
            "tag_names": sorted(tag.values()),
        }


def _write(root: Path, records: list[SharedFinding], batched: bool) -> None:
    with Library(root) as library:
        add_reviewer(library, ANN, "Ann")
        add_reference(library, "Humeniuk 2013", uuid="dddddddd-0000-4000-8000-000000000004")
        with library.db.transaction() as session:
            article = session.scalar(select(Article))
            names = ShareNames(session)
            batch = library.findings.batch(session, names)
            stored = {}
            for shared in records:
                if batched:
                    stored[shared.record.uuid] = add_new_shared(
                        batch, names, shared, article, orphan=shared.record.uuid[-1] == "3"
                    )
                else:
                    write_shared(
                        session,
                        library.findings,
                        None,
                        shared,
                        article,
                        orphan=shared.record.uuid[-1] == "3",
                        names=names,
                    )
            batch.write()
            for row in session.scalars(select(Finding)):  # as read back, hash for hash
                if batched:
                    assert content_hash(stored[row.uuid]) == content_hash(
                        shared_of_row(session, row)
                    )


PATHS = ["Neuropathy", "Neuropathy/Treatment", "Skin", " ", "Ärzte/ärzte"]


@settings(max_examples=5, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(PATHS), max_size=4),
            st.lists(st.sampled_from(["tag a", " tag a ", "b", ""]), max_size=3),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_batch_stores_what_writing_each_finding_stores(
    tmp_path_factory: Any, shapes: list[tuple[list[str], list[str], int]]
) -> None:
    records = [
        SharedFinding(
            _record(n, topics, tags, anchors),
            "dddddddd-0000-4000-8000-000000000004",
            {p: float(n * 10 + k) for k, p in enumerate(topics)},
        )
        for n, (topics, tags, anchors) in enumerate(shapes)
    ]
    one, many = tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("many")
    _write(one, records, batched=False)
    _write(many, records, batched=True)
    assert _stored(many) == _stored(one)


def test_a_batch_of_nothing_writes_nothing(tmp_path: Path) -> None:
    _write(tmp_path, [], batched=True)
    assert _stored(tmp_path)["findings"] == []
