"""Printed page labels on generated articles of each kind and on real corpus PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poemsreader.core.model import PageLabelSource
from poemsreader.pdf.document import inspect_pdf
from poemsreader.pdf.outline import describe_document
from poemsreader.pdf.page_labels import read_page_labels
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article


def facts_of(tmp_path: Path, spec: ArticleSpec):
    return inspect_pdf(make_article(tmp_path / "a.pdf", spec))


def test_page_labels_that_agree_with_the_header(tmp_path: Path) -> None:
    spec = ArticleSpec(
        first_page=72, page_labels=[{"startpage": 0, "style": "D", "firstpagenum": 72}]
    )
    facts = facts_of(tmp_path, spec)
    assert facts.printed_labels == ["72", "73", "74", "75"]
    assert facts.label_source == PageLabelSource.PAGE_LABELS
    assert facts.label_note == ""


def test_page_labels_without_printed_numbers(tmp_path: Path) -> None:
    spec = ArticleSpec(
        header_numbers=False, page_labels=[{"startpage": 0, "style": "D", "firstpagenum": 1349}]
    )
    facts = facts_of(tmp_path, spec)
    assert facts.printed_labels == ["1349", "1350", "1351", "1352"]
    assert facts.label_source == PageLabelSource.PAGE_LABELS


def test_header_numbers_odd_and_even_placed_differently(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, ArticleSpec(first_page=207, page_count=5))
    assert facts.printed_labels == ["207", "208", "209", "210", "211"]
    assert facts.label_source == PageLabelSource.PRINTED


def test_footer_numbers(tmp_path: Path) -> None:
    spec = ArticleSpec(first_page=1396, header_numbers=False, footer_numbers=True)
    facts = facts_of(tmp_path, spec)
    assert facts.printed_labels == ["1396", "1397", "1398", "1399"]
    assert facts.label_source == PageLabelSource.PRINTED


def test_printed_numbers_win_over_disagreeing_labels(tmp_path: Path) -> None:
    spec = ArticleSpec(
        first_page=932, page_labels=[{"startpage": 0, "style": "D", "firstpagenum": 1}]
    )
    facts = facts_of(tmp_path, spec)
    assert facts.printed_labels == ["932", "933", "934", "935"]
    assert facts.label_source == PageLabelSource.PRINTED
    assert "disagree" in facts.label_note and "1–4" in facts.label_note


def test_nothing_printed_falls_back_to_pdf_page_numbers(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, ArticleSpec(header_numbers=False))
    assert facts.printed_labels == ["1", "2", "3", "4"]
    assert facts.label_source == PageLabelSource.PDF_INDEX


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "source", "first", "last", "note"),
    [
        ("metabolites-2014-4-932.pdf", PageLabelSource.PRINTED, "932", "945", "disagree"),
        ("clinsci-2014-126-305.pdf", PageLabelSource.PRINTED, "305", "S4", "S1–S4"),
        ("critcare-2015-provisional.pdf", PageLabelSource.PDF_INDEX, "1", "16", "repeat '1'"),
        ("trials-2014-15-511.pdf", PageLabelSource.PRINTED, "1", "9", "start at '0'"),
        ("bmccancer-2012-12-560-canprevent.pdf", PageLabelSource.PRINTED, "1", "9", "start at '0'"),
        ("pain-2014-155-2461-cipn-review.pdf", PageLabelSource.PAGE_LABELS, "2461", "2470", ""),
        ("openmed-2016-11-264.pdf", PageLabelSource.PAGE_LABELS, "264", "269", ""),
        ("peerjcs-2017-vespa.pdf", PageLabelSource.PDF_INDEX, "1", "16", ""),
    ],
)
def test_corpus_articles(
    name: str, source: PageLabelSource, first: str, last: str, note: str
) -> None:
    facts = inspect_pdf(corpus_path("articles", name))
    assert facts.label_source == source
    assert (facts.printed_labels[0], facts.printed_labels[-1]) == (first, last)
    assert len(set(facts.printed_labels)) == facts.page_count
    assert note in facts.label_note


@pytest.mark.corpus
def test_clinsci_article_pages_are_printed_pages() -> None:
    facts = inspect_pdf(corpus_path("articles", "clinsci-2014-126-305.pdf"))
    assert facts.printed_labels[:9] == [str(n) for n in range(305, 314)]


ORACLE_PAGES = 12
label_rules = st.lists(
    st.fixed_dictionaries(
        {
            "startpage": st.integers(1, ORACLE_PAGES - 1),
            "style": st.sampled_from(["D", "r", "R", "a", "A", ""]),
            "prefix": st.text(alphabet="ABCS-x ", max_size=3),
            "firstpagenum": st.integers(1, 3000),
        }
    ),
    max_size=4,
    unique_by=lambda rule: rule["startpage"],
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["D", "r", "A"]), st.integers(1, 800), label_rules)
def test_page_labels_read_once_are_pymupdfs_page_by_page(
    style: str, first: int, later: list[dict]
) -> None:
    """The number tree read once gives each page the label PyMuPDF's per-page lookup does."""
    doc = pymupdf.open()
    for _ in range(ORACLE_PAGES):
        doc.new_page()
    rules = [{"startpage": 0, "style": style, "prefix": "", "firstpagenum": first}, *later]
    doc.set_page_labels(rules)
    try:
        assert read_page_labels(doc) == [doc[i].get_label() for i in range(ORACLE_PAGES)]
    finally:
        doc.close()


def test_the_viewer_and_the_library_read_the_same_page_labels(tmp_path: Path) -> None:
    spec = ArticleSpec(
        header_numbers=False,
        page_labels=[
            {"startpage": 0, "style": "r", "firstpagenum": 1},
            {"startpage": 2, "style": "D", "firstpagenum": 1349},
        ],
    )
    path = make_article(tmp_path / "a.pdf", spec)
    facts = inspect_pdf(path)
    assert facts.page_labels == ["i", "ii", "1349", "1350"]
    assert describe_document(path).labels == facts.page_labels
    assert facts.printed_labels == facts.page_labels
