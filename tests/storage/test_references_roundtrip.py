"""Export → import into an empty library gives back the same records and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poemsreader.bib.detect import parse_text
from poemsreader.bib.export import EXPORTERS, bibtex_key
from poemsreader.core.citekeys import base_key, unique_key
from poemsreader.core.model import ArticleRecord, Author
from poemsreader.services.library import Library
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
_PUNCT = st.sampled_from(
    ["", ".", ",", ":", "?", "%", "&", "(x)", "'", "/", "#", "_", "^", "~", "$", "^{2}"]
)
_PHRASE = st.lists(st.tuples(_WORD, _PUNCT).map("".join), min_size=1, max_size=8).map(" ".join)
_NAME = st.lists(_WORD.filter(lambda w: w[0].isalpha()), min_size=1, max_size=2).map(" ".join)
_PERSON = st.builds(Author, _NAME, _NAME)
# An organisation whose name holds a comma: no format may split it into family and given.
_ORGANISATION = st.builds(Author, st.tuples(_NAME, _NAME).map(", ".join), st.just(""))
_NUMBER = st.integers(min_value=1, max_value=9999).map(str)


@st.composite
def records(draw: st.DrawFn) -> ArticleRecord:
    year = draw(st.integers(min_value=1000, max_value=2030))  # medieval sources too
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=28))
    published = draw(
        st.sampled_from([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
    )
    first = draw(st.integers(min_value=1, max_value=2000))
    pages = draw(st.sampled_from([f"{first}", f"{first}-{first + 7}", f"e{first}"]))
    return ArticleRecord(
        title=draw(_PHRASE),
        authors=draw(st.lists(st.one_of(_PERSON, _ORGANISATION), min_size=1, max_size=4)),
        year=year,
        journal=draw(_PHRASE),
        journal_abbrev=draw(st.one_of(st.just(""), _NAME)),
        volume=draw(_NUMBER),
        issue=draw(st.one_of(st.just(""), _NUMBER)),
        pages=pages,
        published=published,
        doi=f"10.{draw(_NUMBER)}/{draw(_WORD)}",
        pmid=draw(st.one_of(st.just(""), _NUMBER)),
    )


def keyed(records: list[ArticleRecord]) -> list[tuple[str, ArticleRecord]]:
    """Keys as the library gives them (Li 2013, Li 2013a…), without a database."""
    taken: set[str] = set()
    pairs = []
    for record in records:
        key = unique_key(base_key(record), taken)
        taken.add(key)
        pairs.append((key, record))
    return pairs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=4, unique_by=lambda r: r.doi))
def test_generated_records_survive_every_format(generated: list[ArticleRecord]) -> None:
    original = keyed(generated)
    for fmt in FORMATS:
        parsed = parse_text(EXPORTERS[fmt](original))
        assert parsed.problems == [], fmt
        assert parsed.records == generated, fmt
        if fmt != "ris":  # RIS has an ID tag but readers rarely keep it
            assert [e.source_key for e in parsed.entries] == [
                bibtex_key(k) if fmt == "bib" else k for k, _ in original
            ], fmt
