"""Title, authors and year guessed from real articles' metadata and printed first page."""

from __future__ import annotations

import pymupdf
import pytest

from poemsreader.pdf.author_names import authors_from_metadata, split_names
from poemsreader.pdf.extract_metadata import guess_record, is_junk_title
from tests.conftest import corpus_path

# file, start of the printed title, first author (family, given), author count, year
CORPUS_CASES = [
    (
        "bmc-2011-healthcare-quality-rotated.pdf",  # metadata title "6489122611071476 1..10"
        "Understanding the barriers to setting up a healthcare quality improvement process",
        ("Agyeman-Duah", "Josephine Nana Afrakoma"),
        5,
        2014,
    ),
    (
        "plosone-2014-0115884.pdf",  # metadata title "pone.0115884 1..14"
        "A Novel Reproductive Mode in Frogs: A New Species of Fanged Frog",
        ("Iskandar", "Djoko T."),
        3,
        2014,
    ),
    (
        "openmed-2016-11-264.pdf",  # metadata title "OPENMED-D-16-00049.indd"; authors above
        "Correlation between CTLA-4 gene rs221775A>G single nucleotide polymorphism",
        ("Haibing", "Xiao"),
        7,
        2016,
    ),
    (
        "bmjopen-2016-012335-goactive.pdf",  # metadata title "untitled"; six-line title
        "Feasibility study and pilot cluster-randomised controlled trial of the GoActive",
        ("Corder", "Kirsten"),
        4,
        2016,
    ),
    (
        "clinsci-2014-126-305.pdf",  # no metadata; family names in capitals
        "Fragment-based design for the development of N-domain-selective",
        ("Douglas", "Ross G."),
        8,
        2014,
    ),
    (
        "pain-2014-155-2461-cipn-review.pdf",  # affiliation letters after each name
        "Incidence, prevalence, and predictors of chemotherapy-induced peripheral neuropathy",
        ("Seretny", "Marta"),
        8,
        2014,
    ),
    (
        "jmir-2012-14-e1963-handhygiene.pdf",  # degrees after names; metadata date 2017
        "Evaluation of a Web-Based Intervention to Promote Hand Hygiene",
        ("Yardley", "Lucy"),
        4,
        2011,
    ),
    (
        "critcare-2015-provisional.pdf",  # cover page with e-mail addresses
        "Diminished adrenal sensitivity to endogenous and exogenous adrenocorticotropic",
        ("de Jong", "Margriet FC"),
        4,
        2015,
    ),
    (
        "intpsychogeriatr-2014-26-147.pdf",  # metadata title "ipg1300180a"; © 2013, vol. 2014
        "Stressful life events are not associated with the development of dementia",
        ("Sundström", "Anna"),
        4,
        2014,
    ),
    (
        "rehabresprac-2010-hindawi.pdf",  # a "Research Article" label in the title's size
        "Patient Experiences of Structured Heart Failure Programmes",
        ("Tully", "Nuala E."),
        4,
        2010,
    ),
    (
        "bctt-2016-8-109.pdf",  # one author per line
        "Is radiation-induced ovarian ablation in breast cancer an obsolete procedure?",
        ("Tunio", "Mutahir A"),
        3,
        2016,
    ),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "title", "first", "count", "year"), CORPUS_CASES)
def test_record_from_corpus_first_page(
    name: str, title: str, first: tuple[str, str], count: int, year: int
) -> None:
    path = corpus_path("articles", name)
    with pymupdf.open(path) as doc:
        record = guess_record(doc, path.stem)
    assert record.title.startswith(title)
    authors = [(a.family, a.given) for a in record.authors]
    assert first in authors[:2]
    assert len(authors) == count
    assert record.year == year


@pytest.mark.corpus
def test_metadata_title_wins_when_printed_too() -> None:
    path = corpus_path("articles", "trials-2014-15-511.pdf")
    with pymupdf.open(path) as doc:
        record = guess_record(doc, path.stem)
    assert record.title == (
        "A core outcome set for clinical trials on non-specific low back pain: "
        "study protocol for the development of a core domain set"
    )


@pytest.mark.parametrize(
    "title",
    [
        "6489122611071476 1..10",
        "pone.0115884 1..14",
        "Microsoft Word - x.doc",
        "OPENMED-D-16-00049.indd",
        "untitled",
        "ipg1300180a",
        "BCTT-94617-is-radiation-induced-ovarian-ablation-in-breast-cancer-an-ob",
        "",
    ],
)
def test_junk_titles_are_rejected(title: str) -> None:
    assert is_junk_title(title)


def test_real_titles_are_kept() -> None:
    assert not is_junk_title("Efficacy of lenalidomide in POEMS syndrome")
    assert is_junk_title("royer-2013", file_stem="royer-2013")


def test_names_lose_markers_and_degrees() -> None:
    assert split_names("Lucy Yardley1, PhD; Sascha Miller1, MSc") == [
        "Lucy Yardley",
        "Sascha Miller",
    ]
    assert split_names("Anna Sundström,1 Michael Rönnlund,2 and Lars-Göran Nilsson4") == [
        "Anna Sundström",
        "Michael Rönnlund",
        "Lars-Göran Nilsson",
    ]


def test_metadata_authors() -> None:
    assert authors_from_metadata("Unknown") == []
    [author] = authors_from_metadata("Nuala E. Tully {et al.}")
    assert (author.family, author.given) == ("Tully", "Nuala E.")


def test_generated_pdf_without_printed_authors_uses_metadata(article_pdf) -> None:
    with pymupdf.open(article_pdf) as doc:
        record = guess_record(doc, article_pdf.stem)
    assert record.title == "Efficacy of lenalidomide in POEMS syndrome"
    assert [a.family for a in record.authors] == ["Royer", "Merlusca"]
    assert record.year == 2013


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "journal"),
    [
        ("bmccancer-2012-12-560-canprevent.pdf", "BMC Cancer"),  # "Hawkes et al. BMC Cancer 2012"
        ("clinsci-2014-126-305.pdf", "Clinical Science"),  # "Clinical Science (2014) 126"
        ("jmir-2012-14-e1963-handhygiene.pdf", "J Med Internet Res"),  # "… 2011 | vol. 13"
        ("ymj-2016-57-1260-sepsis.pdf", "Yonsei Med J"),  # "Yonsei Med J 2016 Sep;57(5)"
        # the name on the line above "Volume 2010, Article ID 157939"
        ("rehabresprac-2010-hindawi.pdf", "Rehabilitation Research and Practice"),
    ],
)
def test_journal_from_the_running_head(name: str, journal: str) -> None:
    path = corpus_path("articles", name)
    with pymupdf.open(path) as doc:
        assert guess_record(doc, path.stem).journal == journal
