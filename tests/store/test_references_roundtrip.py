"""Export → import into an empty library gives back the same records and keys."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poemsreader.bib.detect import parse_text
from poemsreader.bib.export import EXPORTERS
from poemsreader.core.model import ArticleRecord, Author
from poemsreader.store.library import Library
from tests.conftest import corpus_path

FORMATS = sorted(EXPORTERS)
SOURCES = [
    "pubmed-medline-10records.nbib",
    "pubmed-nbib-single.nbib",
    "jabref-complex.bib",
    "bbt-csl-deterministic-ordering.csl.json",
    "ris-scopus.ris",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_real_records_survive_a_round_trip(tmp_path: Path, fmt: str) -> None:
    with Library(tmp_path / "a") as first:
        for name in SOURCES:
            first.references.import_file(corpus_path("bib", name))
        exported = tmp_path / f"refs.{fmt}"
        count = first.references.export_to(exported, fmt)
        original = first.references.keyed_records()
    assert count == len(original) > 40
    with Library(tmp_path / "b") as second:
        report = second.references.import_file(exported)
        assert report.problems == []
        assert second.references.keyed_records() == original


# Generated records: text as reviewers type it (letters with diacritics, digits,
# common punctuation), whitespace already collapsed as every importer does.
_WORD = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüößøçłńĳ0123456789"
    ),
    min_size=1,
    max_size=10,
)
_PUNCT = st.sampled_from(["", ".", ",", ":", "?", "%", "&", "(x)", "'", "/", "#", "_"])
_PHRASE = st.lists(st.tuples(_WORD, _PUNCT).map("".join), min_size=1, max_size=8).map(" ".join)
_NAME = st.lists(_WORD.filter(lambda w: w[0].isalpha()), min_size=1, max_size=2).map(" ".join)
_NUMBER = st.integers(min_value=1, max_value=9999).map(str)


@st.composite
def records(draw: st.DrawFn) -> ArticleRecord:
    year = draw(st.integers(min_value=1950, max_value=2030))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=28))
    published = draw(
        st.sampled_from([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
    )
    first = draw(st.integers(min_value=1, max_value=2000))
    pages = draw(st.sampled_from([f"{first}", f"{first}-{first + 7}", f"e{first}"]))
    return ArticleRecord(
        title=draw(_PHRASE),
        authors=draw(st.lists(st.builds(Author, _NAME, _NAME), min_size=1, max_size=4)),
        year=year,
        journal=draw(_PHRASE),
        volume=draw(_NUMBER),
        issue=draw(st.one_of(st.just(""), _NUMBER)),
        pages=pages,
        published=published,
        doi=f"10.{draw(_NUMBER)}/{draw(_WORD)}",
        pmid=draw(st.one_of(st.just(""), _NUMBER)),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=4, unique_by=lambda r: r.doi))
def test_generated_records_survive_every_format(generated: list[ArticleRecord]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with Library(Path(folder) / "lib") as library:
            library.references.import_records(generated)
            original = library.references.keyed_records()
        for fmt in FORMATS:
            text = EXPORTERS[fmt](original)
            parsed = parse_text(text)
            assert parsed.problems == [], fmt
            assert [r for r in parsed.records] == [r for _, r in original], fmt
