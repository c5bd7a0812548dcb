"""The demo library: built headlessly, every article, reference, topic and finding in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from poemsreader.cli import main
from poemsreader.core.demo_content import DEMO_ARTICLES
from poemsreader.core.errors import InvalidInput
from poemsreader.core.text import normalise
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.storage.schema import Finding, FindingAnchor, FindingTopic, Topic
from poemsreader.storage.topics import STARTER_TOPICS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library(tmp_path_factory.mktemp("demo") / "library")
    build_demo_library(library)
    yield library
    library.close()


def test_every_article_has_its_reference_and_pdf(demo: Library) -> None:
    rows = {row.key: row for row in demo.articles.rows()}
    assert set(rows) == {
        "Humeniuk 2013",
        "Royer 2013",
        "Li 2013",
        "Keyzner 2013",
        "Yamada 2013",
        "Kang 2013",
    }
    assert all(row.has_pdf for row in rows.values())
    record = demo.articles.record(rows["Humeniuk 2013"].id)
    assert (record.journal, record.volume, record.pages, record.year) == (
        "Blood",
        "122",
        "68-73",
        2013,
    )
    assert [a.family for a in record.authors][:2] == ["Humeniuk", "Gertz"]
    assert rows["Kang 2013"].reading_status == "to read"
    assert rows["Kang 2013"].findings == 0


def test_the_pdfs_carry_printed_page_numbers(demo: Library) -> None:
    article_id = demo.articles.id_for_key("Humeniuk 2013")
    path = demo.articles.pdf_path(article_id)
    assert path is not None and path.is_relative_to(demo.root)
    with pymupdf.open(path) as doc:
        assert doc.page_count == 6
        assert [doc[i].get_label() for i in range(6)] == ["68", "69", "70", "71", "72", "73"]
        assert doc[4].get_text().startswith("72\n")  # the running header's number


def test_findings_are_anchored_on_their_printed_page(demo: Library) -> None:
    expected = sum(len(a.findings) for a in DEMO_ARTICLES)
    with demo.db.reading() as session:
        findings = session.scalars(select(Finding)).all()
        assert len(findings) == expected
        fdg = session.scalar(select(Finding).where(Finding.quote.contains("do not take up FDG")))
        assert fdg is not None
        anchor = session.scalar(select(FindingAnchor).where(FindingAnchor.finding_id == fdg.id))
        assert anchor is not None
        assert anchor.page_index == 4  # printed page 72
        assert len(anchor.prefix) >= 32 and len(anchor.suffix) >= 32
        assert anchor.quads and all(len(q) == 4 for q in anchor.quads)
        assert fdg.article.citekey == "Humeniuk 2013" and fdg.article.key_locked


def test_every_quote_sits_where_its_anchor_says(demo: Library) -> None:
    with demo.db.reading() as session:
        for anchor in session.scalars(select(FindingAnchor)):
            path = demo.articles.pdf_path(anchor.finding.article_id)
            with pymupdf.open(path) as doc:
                text = normalise(doc[anchor.page_index].get_text())
            assert text[anchor.start : anchor.end] == anchor.quote


def test_topics_are_filed_in_order(demo: Library) -> None:
    with demo.db.reading() as session:
        names = session.scalars(select(Topic.name).order_by(Topic.position)).all()
        assert tuple(names) == STARTER_TOPICS
        treatment = session.scalar(select(Topic).where(Topic.name == "Treatment"))
        links = session.scalars(
            select(FindingTopic)
            .where(FindingTopic.topic_id == treatment.id)
            .order_by(FindingTopic.position)
        ).all()
        assert len(links) == 5
        assert links[0].finding.article.citekey == "Humeniuk 2013"


def test_the_demo_reviewer_is_me(demo: Library) -> None:
    me = demo.reviewers.me()
    assert me is not None and me.name == "Demo reviewer"


def test_a_library_with_articles_is_refused(demo: Library) -> None:
    with pytest.raises(InvalidInput, match="already has articles"):
        build_demo_library(demo)


def test_cli_builds_then_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    assert main(["demo", "--library", str(folder)]) == 0
    assert "6 articles" in capsys.readouterr().out
    assert main(["--library", str(folder), "demo"]) == 1
    assert "already has articles" in capsys.readouterr().err
