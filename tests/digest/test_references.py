from __future__ import annotations

import pytest

from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord, Author
from poemsreader.digest.model import ArticleEntry
from poemsreader.digest.references import (
    CSL_DIR,
    format_references,
    house_date,
    house_reference,
    independent_style_file,
)


@pytest.mark.parametrize(
    ("published", "year", "expected"),
    [
        ("2013-07-04", 2013, "4 July 2013"),
        ("2012-08-07", 2012, "7 Aug 2012"),
        ("2013-06", 2013, "June 2013"),
        ("2013-09", 2013, "Sep 2013"),
        ("2013", 2013, "2013"),
        ("", 2014, "2014"),
        ("Winter 2013", None, "Winter 2013"),
        ("2013-13", 2013, "2013"),
    ],
)
def test_house_dates(published: str, year: int | None, expected: str) -> None:
    assert house_date(published, year) == expected


def test_house_reference_edge_cases() -> None:
    record = ArticleRecord(title="Is it POEMS?", journal="Blood", year=2013)
    assert house_reference(record) == "'Is it POEMS?' Blood 2013."
    record = ArticleRecord(
        authors=[Author("Li", "Jian"), Author("Zhou", "Dao-Bin")], title="T", pages="1-2"
    )
    assert house_reference(record) == "Li J, Zhou DB. 'T.' 1-2."


def entry(key: str, title: str, authors: list[Author]) -> ArticleEntry:
    record = ArticleRecord(
        title=title, authors=authors, year=2013, journal="Blood", volume="1", pages="1-9"
    )
    return ArticleEntry(0, key, "uuid", record)


def test_apa_gives_year_suffixes_to_the_same_authors_and_year() -> None:
    li = [Author("Li", "Jian")]
    refs = format_references(
        [entry("Li 2013", "First", li), entry("Li 2013a", "Second", li),
         entry("Li 2013b", "Third", [Author("Li", "Jian"), Author("Zhou", "D")])],
        "apa",
    )  # fmt: skip
    assert [r.text.split(". ", 2)[1] for r in refs][:2] == ["(2013a)", "(2013b)"]
    assert "(2013)." in refs[2].text  # other authors: no suffix needed


def test_vancouver_is_a_dependent_style_resolved_to_its_parent() -> None:
    parent = independent_style_file(CSL_DIR / "vancouver-nlm.csl")
    assert parent.name == "nlm-citation-sequence.csl"
    for name in ("vancouver-nlm.csl", "nlm-citation-sequence.csl", "apa.csl"):
        assert "creativecommons.org/licenses/by-sa" in (CSL_DIR / name).read_text()


def test_chunked_csl_formatting_matches_one_pass() -> None:
    entries = [entry(f"A{n} 2013", f"Title {n}", [Author(f"A{n}", "B")]) for n in range(130)]
    refs = format_references(entries, "vancouver")
    assert [r.key for r in refs] == [e.key for e in entries]
    assert refs[129].text == format_references(entries[129:], "vancouver")[0].text


def test_unknown_style_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown reference style"):
        format_references([], "chicago")
