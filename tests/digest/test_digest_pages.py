"""The digest cites the same printed pages as the findings' own citations."""

from __future__ import annotations

from pathlib import Path

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.schema import Article
from tests.pdfgen import ArticleSpec, make_article
from tests.selections import anchor_for

SENTENCE = "Lenalidomide is effective at treating"


def digest_citations(library: Library) -> list[str]:
    return [b.citation for s in library.digest.build().sections for b in s.bullets]


def test_reference_range_arriving_later_relabels_digest_and_findings_alike(
    library: Library, tmp_path: Path
) -> None:
    path = make_article(tmp_path / "plain.pdf", ArticleSpec(header_numbers=False))
    article_id = library.articles.add_pdf(inspect_pdf(path)).article_id
    uuid, _ = library.findings.create(
        article_id, [anchor_for(path, 1, SENTENCE)], statement="Works.", topics=["Treatment"]
    )
    assert digest_citations(library) == [library.findings.citation(uuid)] == ["(Royer 2013 p.2)"]
    with library.db.transaction() as session:
        session.get(Article, article_id).pages = "68-71"
    assert digest_citations(library) == [library.findings.citation(uuid)] == ["(Royer 2013 p.69)"]


def test_reviewers_first_page_and_page_spans(
    library: Library, article_pdf: Path, tmp_path: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    anchors = [anchor_for(article_pdf, 2, SENTENCE), anchor_for(article_pdf, 1, SENTENCE)]
    uuid, _ = library.findings.create(article_id, anchors, statement="Spans.", topics=["VEGF"])
    assert digest_citations(library) == [library.findings.citation(uuid)]
    assert library.findings.citation(uuid) == "(Royer 2013 pp.208–209)"
    library.findings.set_first_page(article_id, "1349")
    assert digest_citations(library) == [library.findings.citation(uuid)]
    assert library.findings.citation(uuid) == "(Royer 2013 pp.1350–1351)"
