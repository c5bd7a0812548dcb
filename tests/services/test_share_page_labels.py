"""A share import cites the pages the digest cites: the reviewer's corrected first page counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.services.share_articles import local_pdf
from poemsreader.storage.schema import Article
from tests.pdfgen import ArticleSpec, make_article


def test_our_copy_is_labelled_with_the_reviewers_first_page(tmp_path: Path) -> None:
    pdf = make_article(tmp_path / "a.pdf", ArticleSpec(header_numbers=False, page_count=3))
    with Library(tmp_path / "lib") as library:
        added = library.articles.add_pdf(inspect_pdf(pdf))
        library.findings.set_first_page(added.article_id, "412")
        with library.db.reading() as session:
            article = session.scalar(select(Article).where(Article.id == added.article_id))
            ours = local_pdf(session, article, library.root)
    assert ours is not None
    assert [ours.label(i) for i in range(3)] == ["412", "413", "414"]
