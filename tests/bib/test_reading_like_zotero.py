"""Reference files other tools write, read as Zotero reads them: one test per way a
reference used to be lost or misread."""

from __future__ import annotations

import pytest

from poemsreader.bib.detect import parse_text
from poemsreader.bib.export import EXPORTERS
from poemsreader.core.model import ArticleRecord, Author
from poemsreader.digest.references import house_reference

ZOTERO_RIS = """TY  - JOUR
TI  - POEMS syndrome: 2013 update on diagnosis, risk-stratification, and management
AU  - Dispenzieri, Angela
T2  - American Journal of Hematology
J2  - Am J Hematol
DA  - 2013/03
PY  - 2013
DO  - 10.1002/ajh.23444
DP  - DOI.org (Crossref)
VL  - 88
IS  - 2
SP  - 143
EP  - 153
ER  -
"""


def only(text: str) -> ArticleRecord:
    parsed = parse_text(text)
    assert len(parsed.records) == 1, parsed.problems
    return parsed.records[0]


def test_a_ris_file_with_a_database_provider_line_is_ris_not_medline() -> None:
    parsed = parse_text(ZOTERO_RIS)
    assert parsed.format == "RIS"
    record = parsed.records[0]
    assert (record.doi, record.volume, record.issue, record.pages) == (
        "10.1002/ajh.23444",
        "88",
        "2",
        "143-153",
    )
    assert record.journal == "American Journal of Hematology"
    assert record.authors == [Author("Dispenzieri", "Angela")] and record.year == 2013


def test_medline_is_still_medline() -> None:
    text = "PMID- 23349326\nTI  - POEMS syndrome.\nDP  - 2013 Mar\nFAU - Dispenzieri, Angela\n"
    assert parse_text(text).format == "PubMed MEDLINE"


MATHSCINET = r"""@article {MR3077863,
AUTHOR = {Eli{\'a}{\v{s}}, Marek and Matou{\v{s}}ek, Ji{\v{r}}{\'{\i}}},
TITLE = {Higher-order {E}rd{\H o}s-{S}zekeres theorems},
JOURNAL = {Adv. Math.},
FJOURNAL = {Advances in Mathematics},
VOLUME = {244},
YEAR = {2013},
PAGES = {1--15},
}
"""


def test_upper_case_bibtex_fields_keep_their_authors() -> None:
    record = only(MATHSCINET)
    assert record.authors == [Author("Eliáš", "Marek"), Author("Matoušek", "Jiří")]
    assert record.title == "Higher-order Erdős-Szekeres theorems"
    assert (record.journal, record.journal_abbrev) == ("Advances in Mathematics", "Adv. Math.")


def test_ris_with_one_space_before_the_dash_is_read() -> None:
    record = only("TY - JOUR\nTI - A title\nAU - Keyzner, A\nPY - 2013\nER -\n")
    assert (record.title, record.authors, record.year) == (
        "A title",
        [Author("Keyzner", "A")],
        2013,
    )


def test_ris_a1_then_au_keeps_every_author_in_order() -> None:
    record = only(
        "TY  - JOUR\nTI  - Mixed author tags\nA1  - Georgiev, Danko\nAU  - Bello, Leon\n"
        "AU  - Carmi, Avishy\nER  - \n"
    )
    assert [a.family for a in record.authors] == ["Georgiev", "Bello", "Carmi"]


def test_ris_full_journal_name_wins_over_its_abbreviation() -> None:
    record = only(
        "TY  - JOUR\nTI  - T\nJO  - Augment Altern Commun\nJF  - Augmentative and Alternative "
        "Communication\nER  - \n"
    )
    assert record.journal == "Augmentative and Alternative Communication"
    assert record.journal_abbrev == "Augment Altern Commun"


def test_ris_abbreviation_alone_stands_for_the_journal() -> None:
    record = only("TY  - JOUR\nTI  - T\nJO  - J.Neurosurg.\nER  - \n")
    assert (record.journal, record.journal_abbrev) == ("J.Neurosurg.", "J.Neurosurg.")


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("6913-7", "6913-6917"),
        ("475-82", "475-482"),
        ("1349-56", "1349-1356"),
        ("68-73", "68-73"),
        ("e0115884", "e0115884"),
        ("S12-5", "S12-S15"),
        ("1042", "1042"),
    ],
)
def test_medline_page_ranges_are_written_in_full(written: str, full: str) -> None:
    record = only(
        f"PMID- 1\nTI  - T\nDP  - 1993\nPG  - {written}\nTA  - Proc Natl Acad Sci U S A\n"
    )
    assert record.pages == full
    assert record.journal_abbrev == "Proc Natl Acad Sci U S A"


def test_the_digest_prints_a_stored_abbreviated_range_in_full() -> None:
    record = ArticleRecord(
        title="T",
        authors=[Author("Raaij", "MJ")],
        year=1993,
        journal="PNAS",
        volume="90",
        pages="6913-7",
    )
    assert "6913-6917" in house_reference(record)


def test_web_of_science_with_newer_tags_is_read() -> None:
    text = (
        "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Medvedeff, CA\n"
        "AF Medvedeff, Cassandra A. (medvedeff22@ufl.edu)\nHershey, Anne E.\n"
        "TI Importance of methane-derived carbon as a basal resource for two benthic\n"
        "   consumers in arctic lakes\nSO HYDROBIOLOGIA\nJI Hydrobiologia\nPY 2013\n"
        "VL 700\nIS 1\nPS 221-30\nZ9 3\nAE Some Assignee\nMC Human Medicine\n"
        "DI 10.1007/s10750-012-1232-8\nER\n\nEF\n"
    )
    parsed = parse_text(text)
    assert parsed.format == "Web of Science" and parsed.problems == []
    record = parsed.records[0]
    assert record.title.endswith("for two benthic consumers in arctic lakes")
    assert record.authors == [Author("Medvedeff", "Cassandra A."), Author("Hershey", "Anne E.")]
    assert (record.pages, record.doi, record.journal) == (
        "221-230",
        "10.1007/s10750-012-1232-8",
        "HYDROBIOLOGIA",
    )


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("Production of $\\Sigma^{0}$ Hyperon", "Production of Σ⁰ Hyperon"),
        ("Mitochondrial DNA$_{\\textrm{2}}$ sequences", "Mitochondrial DNA₂ sequences"),
        ("Actes du $4^{\\textrm{ème}}$ Congrès", "Actes du 4ème Congrès"),
        ("costs \\$5", "costs $5"),
    ],
)
def test_latex_becomes_unicode_in_every_bibtex_field(latex: str, text: str) -> None:
    record = only(
        f"@article{{k, title = {{{latex}}}, journal = {{{latex}}}, author = {{Smith, J}},"
        f" year = 2023}}\n"
    )
    assert (record.title, record.journal) == (text, text)


def test_latex_math_in_a_ris_title_becomes_unicode() -> None:
    record = only("TY  - JOUR\nTI  - Search of $\\Sigma^{0}$ hypernuclei\nER  - \n")
    assert record.title == "Search of Σ⁰ hypernuclei"


def test_a_missing_comma_does_not_run_the_title_into_the_next_field() -> None:
    parsed = parse_text(
        "@article{a,\ntitle = {Mendeley: escaped characters}\nfile = {:C:/x.pdf:pdf},\n"
        "author = {Li, Jian},\nyear = {2013}\n}\n"
    )
    record = parsed.records[0]
    assert record.title == "Mendeley: escaped characters"
    assert (record.authors, record.year) == ([Author("Li", "Jian")], 2013)


def test_string_concatenation_is_resolved() -> None:
    record = only(
        '@String(jnl = "Blood")\n@article{a, title = {T}, journal = jnl # " Advances",'
        " author = {Li, Jian}, year = 2013}\n"
    )
    assert record.journal == "Blood Advances"


ROUND_TRIP = ArticleRecord(
    title="x^2 and ~5% of $3 {sic}",
    authors=[Author("World Health Organization, Geneva", ""), Author("Li", "Jian")],
    year=1347,
    journal="Chronica",
    journal_abbrev="Chron",
    volume="2",
    pages="10-20",
    published="1347",
    doi="10.1000/x",
)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_round_trip_keeps_carets_organisations_and_early_years(fmt: str) -> None:
    text = EXPORTERS[fmt]([("WHO 1347", ROUND_TRIP)])
    assert parse_text(text).records == [ROUND_TRIP]
