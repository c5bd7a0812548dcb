"""Hypothesis strategies for findings as a reviewer could write them."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from poemsreader.core.model import Anchor, FindingRecord, FindingStatus, Quad

# Any printable text, markup and paths included; control characters are dropped on
# import by design (documented), so they are not generated here.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t<>&\"'/\\"),
    max_size=40,
)
NAME = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)
TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
COORD = st.floats(min_value=-2000, max_value=2000, allow_nan=False, allow_infinity=False)
TOPIC = st.lists(NAME, min_size=1, max_size=3).map("/".join)


@st.composite
def anchors(draw: st.DrawFn) -> Anchor:
    start = draw(st.none() | st.integers(0, 5000))
    end = None if start is None else start + draw(st.integers(0, 500))
    return Anchor(
        page_index=draw(st.integers(0, 300)),
        quote=draw(TEXT),
        prefix=draw(TEXT),
        suffix=draw(TEXT),
        start=start,
        end=end,
        quads=[
            Quad(*draw(st.tuples(COORD, COORD, COORD, COORD)))
            for _ in range(draw(st.integers(0, 3)))
        ],
        document_sha256=draw(st.sampled_from(["", "ab" * 32])),
        is_area=draw(st.booleans()),
    )


@st.composite
def findings(
    draw: st.DrawFn, reviewers: list[tuple[str, str]]
) -> tuple[FindingRecord, dict[str, float]]:
    reviewer_id, reviewer_name = draw(st.sampled_from(reviewers))
    topics = draw(st.lists(TOPIC, max_size=3, unique=True))
    created = draw(TIMES)
    record = FindingRecord(
        statement=draw(TEXT),
        quote=draw(TEXT),
        topics=topics,
        tags=draw(st.lists(NAME, max_size=3, unique=True)),
        status=draw(st.sampled_from(list(FindingStatus))),
        comment=draw(TEXT),
        colour=draw(st.sampled_from(["", "#ff0000", "#12ab34cc"])),
        reviewer_id=reviewer_id,
        reviewer_name=reviewer_name,
        created=created,
        modified=draw(TIMES),
        anchors=draw(st.lists(anchors(), max_size=3)),
    )
    positions = {p: draw(st.floats(-1e6, 1e6, allow_nan=False)) for p in topics}
    return record, positions
