"""Export a library, import it into an empty one: every finding comes back equal."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from poemsreader.services.library import Library
from tests.share.builders import add_reference, add_reviewer, comparable, findings, put_finding
from tests.share.strategies import NAME
from tests.share.strategies import findings as finding_strategy

REVIEWERS = [(str(uuid.UUID(int=i + 1)), f"Reviewer {i}") for i in range(3)]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    derandomize=True,
)
@given(
    data=st.lists(finding_strategy(REVIEWERS), min_size=1, max_size=6),
    articles=st.integers(1, 3),
    key=NAME,
)
def test_every_finding_comes_back_equal(data: list, articles: int, key: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Library(root / "a") as source, Library(root / "b") as target:
            for reviewer_id, name in REVIEWERS:
                add_reviewer(source, reviewer_id, name, me=reviewer_id == REVIEWERS[0][0])
            article_ids = [add_reference(source, f"{key} {i}") for i in range(articles)]
            for index, (record, positions) in enumerate(data):
                put_finding(source, record, article_ids[index % articles], positions)
            source.sharing.export(root / "out.json")
            report = target.sharing.import_file(root / "out.json")
            before, after = findings(source), findings(target)
            assert report.added == len(before)
            assert {u: comparable(f) for u, f in after.items()} == {
                u: comparable(f) for u, f in before.items()
            }
