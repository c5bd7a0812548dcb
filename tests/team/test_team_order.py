"""The reviewer's order travels: sibling topics and the findings inside a topic appear in
the same order on every member's digest, whoever dragged them last."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from tests.share.builders import add_reference, put_finding
from tests.team.conftest import ANN, cli

pytestmark = pytest.mark.postgres

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ROOTS = [f"Root {n}" for n in range(7)]
SUBS = {"Root 0": ["Alpha", "Beta", "Gamma"], "Root 3": ["Delta", "Epsilon"]}


def _uuid(n: int) -> str:
    return f"cccccccc-0000-4000-8000-{n:012d}"


def _library_with_order(root: Path) -> dict[str, list[str]]:
    """Seven root topics (two with sub-topics) and findings in three topics. The
    findings under "Root 5" all share one position and are made in the reverse order
    of their uuids, so a tie broken by local row id shows up as a different order."""
    placed: dict[str, list[str]] = {}
    with Library(root) as library:
        for name in ROOTS:
            parent = library.topics.create(name)
            for sub in SUBS.get(name, []):
                library.topics.create(sub, parent)
        article = add_reference(library, "Humeniuk 2013", doi="10.1/humeniuk")
        plan = [("Root 0/Beta", 4, False), ("Root 3/Delta", 3, False), ("Root 5", 4, True)]
        n = 0
        for path, count, tied in plan:
            numbers = list(range(n + count - 1, n - 1, -1)) if tied else list(range(n, n + count))
            n += count
            for k, number in enumerate(numbers):
                record = FindingRecord(
                    uuid=_uuid(number),
                    statement=f"Finding {number:02d} under {path}.",
                    topics=[path],
                    reviewer_id=ANN,
                    created=T0 + timedelta(minutes=number),
                    modified=T0 + timedelta(minutes=number),
                )
                put_finding(library, record, article, {path: 0.0 if tied else float(k)})
                placed.setdefault(path, []).append(record.uuid)
    return placed


def _sync(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli(root, "team", "sync") == 0
    return capsys.readouterr().out.strip()


def _digests(root: Path, out: Path) -> tuple[bytes, bytes]:
    """The Markdown and HTML digests; the HTML's author metadata names whoever exported
    it (Ann or Ben), so that one line is left out of the comparison."""
    out.mkdir(exist_ok=True)
    assert cli(root, "digest", "-o", str(out / "digest.md")) == 0
    assert cli(root, "digest", "-o", str(out / "digest.html")) == 0
    html = (out / "digest.html").read_bytes()
    author = re.compile(rb'<meta name="author" content="(Ann|Ben)">')
    assert len(author.findall(html)) == 1
    return (out / "digest.md").read_bytes(), author.sub(b"", html)


def _topic_order(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Every topic path, depth first, in the reviewer's order."""
    capsys.readouterr()
    assert cli(root, "topics", "list", "--json") == 0
    return [row["path"] for row in json.loads(capsys.readouterr().out)]


def _move(root: Path, path: str, index: int) -> None:
    """Drag a topic to `index` among its siblings, as the topic tree does."""
    with Library(root) as library:
        topic = library.topics.node(library.topics.id_for_path(path))
        library.topics.move(topic.id, topic.parent_id, index)


def _place(root: Path, finding: str, path: str, index: int) -> None:
    """Drag a finding to `index` within its topic, as the digest view does."""
    with Library(root) as library:
        topic = library.topics.id_for_path(path)
        library.topics.place_finding(finding, topic, topic, index)


def _statements(digest: bytes, uuids: list[str]) -> list[int]:
    text = digest.decode()
    found = [(text.index(f"Finding {int(u[-12:]):02d} "), int(u[-12:])) for u in uuids]
    return [number for _at, number in sorted(found)]


def test_topic_and_finding_order_reach_the_other_side_and_digests_are_identical(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    placed = _library_with_order(a)
    # Ann reorders: roots, sub-topics, findings within topics
    _move(a, "Root 6", 0)
    _move(a, "Root 2", 14)
    _move(a, "Root 0/Gamma", 0)
    _move(a, "Root 3/Epsilon", 0)
    beta = placed["Root 0/Beta"]
    _place(a, beta[3], "Root 0/Beta", 0)
    _place(a, beta[0], "Root 0/Beta", 3)
    assert "check passed" in _sync(a, capsys)
    assert "check passed" in _sync(b, capsys)
    ann_order = _topic_order(a, capsys)
    assert ann_order.index("Root 6") < ann_order.index("Root 0") < ann_order.index("Root 2")
    assert _topic_order(b, capsys) == ann_order
    md_a, html_a = _digests(a, tmp_path / "a1")
    md_b, html_b = _digests(b, tmp_path / "b1")
    assert md_b == md_a
    assert html_b == html_a
    # the tie under "Root 5" is broken by uuid on both sides
    assert _statements(md_a, placed["Root 5"]) == sorted(int(u[-12:]) for u in placed["Root 5"])
    assert _statements(md_b, beta) == [int(beta[i][-12:]) for i in (3, 1, 2, 0)]

    # Ben reorders; Ann takes his order
    _move(b, "Root 4", 0)
    _move(b, "Root 0/Alpha", 2)
    delta = placed["Root 3/Delta"]
    _place(b, delta[2], "Root 3/Delta", 0)
    _place(b, placed["Root 5"][0], "Root 5", 0)
    assert "check passed" in _sync(b, capsys)
    assert "check passed" in _sync(a, capsys)
    ben_order = _topic_order(b, capsys)
    assert ben_order[0] == "Root 4" and ben_order != ann_order
    assert _topic_order(a, capsys) == ben_order
    md_a, html_a = _digests(a, tmp_path / "a2")
    md_b, html_b = _digests(b, tmp_path / "b2")
    assert md_a == md_b
    assert html_a == html_b
    assert _statements(md_a, delta)[0] == int(delta[2][-12:])
    # neither side keeps sending its own order back
    for root in (a, b, a):
        again = _sync(root, capsys)
        assert "pushed 0, pulled 0" in again, again


def test_the_same_topic_moved_on_both_sides_takes_the_later_sync_without_a_conflict(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Both members drag one topic to different places: the order of the member who
    syncs last is kept on both sides, and no conflict is recorded for an order."""
    a, b = pair
    _library_with_order(a)
    _sync(a, capsys)
    _sync(b, capsys)
    _move(a, "Root 1", 6)
    _move(b, "Root 1", 0)
    _sync(a, capsys)
    line = _sync(b, capsys)
    assert "0 new conflict(s)" in line, line
    line = _sync(a, capsys)
    assert "0 new conflict(s)" in line, line
    ben_order = _topic_order(b, capsys)
    assert _topic_order(a, capsys) == ben_order
    roots = [p for p in ben_order if "/" not in p and p.startswith("Root")]
    assert roots[0] == "Root 1"
    for root in (b, a):
        again = _sync(root, capsys)
        assert "pushed 0, pulled 0" in again, again
