"""References read from every corpus article, against the table read from them by eye."""

from __future__ import annotations

import dataclasses

import pytest

from poemsreader.core.model import ArticleRecord
from poemsreader.pdf.document import inspect_pdf
from tests.conftest import CORPUS, corpus_path
from tests.pdf.metadata_truth import GOALS, SCORED_FIELDS, Truth, load_truth, wrong_fields


@pytest.fixture(scope="module")
def read() -> list[tuple[Truth, ArticleRecord]]:
    """Each article of the table with the record `add` reads from its PDF."""
    pairs = []
    for truth in load_truth():
        facts = inspect_pdf(corpus_path("articles", truth.file))
        pairs.append((truth, dataclasses.replace(facts.guessed, doi=facts.doi)))
    return pairs


@pytest.mark.corpus
def test_the_table_covers_every_corpus_article() -> None:
    folder = corpus_path("articles")
    assert {t.file for t in load_truth()} == {p.name for p in folder.glob("*.pdf")}, CORPUS


@pytest.mark.corpus
@pytest.mark.parametrize("field", SCORED_FIELDS)
def test_share_of_each_field_read_right(
    field: str, read: list[tuple[Truth, ArticleRecord]]
) -> None:
    misses = {
        truth.file: wrong_fields(truth, record)[field]
        for truth, record in read
        if field in wrong_fields(truth, record)
    }
    share = 1 - len(misses) / len(read)
    assert share >= GOALS[field], f"{field}: {share:.0%} right; wrong (expected, read): {misses}"


@pytest.mark.corpus
def test_no_doi_is_cut_short_or_from_the_reference_list(
    read: list[tuple[Truth, ArticleRecord]],
) -> None:
    for truth, record in read:
        assert record.doi in ("", truth.fields["doi"]), truth.file
