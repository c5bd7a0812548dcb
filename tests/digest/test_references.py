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
        ("2013 Jul 4", 2013, "4 July 2013"),  # as MEDLINE writes it
        ("2013/07/04/", 2013, "4 July 2013"),  # as RIS writes it
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


def test_house_style_keeps_initials_as_written_and_links_the_doi() -> None:
    record = ArticleRecord(
        title="14q32 translocations",
        authors=[Author("Kang", "WY"), Author("Humeniuk", "MS"), Author("Shen", "Kai-Ni"),
                 Author("Li", "W.Y."), Author("Gertz", "Morie A")],
        journal="Blood", volume="122", published="2013-07-04", pages="68–73",
        doi="10.1182/blood-2013-03-487025",
    )  # fmt: skip
    [reference] = format_references([ArticleEntry(0, "Kang 2013", "u", record)])
    assert reference.text.startswith("Kang WY, Humeniuk MS, Shen KN, Li WY, Gertz MA. ")
    assert "Blood 122 (4 July 2013) 68-73. https://doi.org/10.1182/blood-2013-03-487025" in (
        reference.text
    )
    [link] = [run for run in reference.runs if run.link]
    assert link.link == link.text == "https://doi.org/10.1182/blood-2013-03-487025"
    assert reference.label == "Kang 2013" and reference.anchor == "ref-kang-2013"


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
