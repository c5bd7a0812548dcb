"""Authors from /Author strings in the forms tools and people write them, and bylines."""

from __future__ import annotations

import pytest

from poemsreader.pdf.author_names import author_of, authors_from_metadata, split_names


def _pairs(author: str) -> list[tuple[str, str]]:
    return [(a.family, a.given) for a in authors_from_metadata(author)]


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        # MEDLINE style, family name first: not the key "MS n.d."
        ("Humeniuk MS, Gertz MA", [("Humeniuk", "M S"), ("Gertz", "M A")]),
        ("Humeniuk MS; Gertz MA", [("Humeniuk", "M S"), ("Gertz", "M A")]),
        ("Humeniuk M.S., Gertz M.A.", [("Humeniuk", "M S"), ("Gertz", "M A")]),
        ("HUMENIUK MS, GERTZ MA", [("Humeniuk", "M S"), ("Gertz", "M A")]),
        ("Kang WY", [("Kang", "W Y")]),
        ("Roussy J-F", [("Roussy", "J-F")]),
        ("van der Berg JA, de Jong MF", [("van der Berg", "J A"), ("de Jong", "M F")]),
        # given names first
        ("Martha S Humeniuk, Morie A Gertz", [("Humeniuk", "Martha S"), ("Gertz", "Morie A")]),
        (
            "Martha S. Humeniuk and Morie A. Gertz",
            [("Humeniuk", "Martha S."), ("Gertz", "Morie A.")],
        ),
        ("M. S. Humeniuk", [("Humeniuk", "M. S.")]),
        ("Mushabbab Al Asiri", [("Al Asiri", "Mushabbab")]),
        # family, given
        (
            "Humeniuk, Martha S.; Gertz, Morie A.",
            [("Humeniuk", "Martha S."), ("Gertz", "Morie A.")],
        ),
        ("Humeniuk, Martha S.", [("Humeniuk", "Martha S.")]),
        ("Humeniuk, M.S., Gertz, M.A.", [("Humeniuk", "M.S."), ("Gertz", "M.A.")]),
        # decorations
        ("Nuala E. Tully {et al.}", [("Tully", "Nuala E.")]),
        ("Humeniuk MS et al.", [("Humeniuk", "M S")]),
        ("Dr Jamie Brown PhD", [("Brown", "Jamie")]),
        ("Paul Little MD", [("Little", "Paul")]),
        ("Lucy Yardley, MD; Sascha Miller, MSc", [("Yardley", "Lucy"), ("Miller", "Sascha")]),
        ("Tunio", [("Tunio", "")]),
    ],
)
def test_metadata_author_forms(author: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(author) == expected


@pytest.mark.parametrize(
    "author",
    [
        "Unknown",
        "unknown",
        "Author",
        "Administrator",
        "admin",
        "Owner",
        "Microsoft Office User",
        "Windows User",
        "Cambridge Journals",
        "Elsevier",
        "Anonymous",
        "Unknown Author",
        "Corresponding Author",
        "Scanner Operator",
        "Office User",
        "jsmith",
        "DSI",
        "PC3",
        "SE:W:CAR:MP",
        "",
        "   ",
        "n/a",
    ],
)
def test_placeholders_are_not_authors(author: str) -> None:
    assert authors_from_metadata(author) == []


def test_a_role_word_before_a_family_name_is_no_placeholder() -> None:
    assert _pairs("Author3 Family1") == [("Family", "Author")]


def test_the_first_author_of_medline_style_gives_initials_as_written() -> None:
    [first, _] = authors_from_metadata("Humeniuk MS, Gertz MA")
    assert (first.family, first.initials()) == ("Humeniuk", "MS")


def test_byline_names_lose_markers_and_degrees() -> None:
    assert split_names("Lucy Yardley1, PhD; Sascha Miller1, MSc; Paul Little3, MD, FRCGP") == [
        "Lucy Yardley",
        "Sascha Miller",
        "Paul Little",
    ]


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("Esther M F van Sluijs", "van Sluijs", "Esther M F"),
        ("Ross G. DOUGLAS", "Douglas", "Ross G."),
        ("Xiao Haibing", "Haibing", "Xiao"),
        ("Humeniuk MS", "Humeniuk", "M S"),
        ("MS Humeniuk", "Humeniuk", "MS"),
    ],
)
def test_one_name_in_either_order(name: str, family: str, given: str) -> None:
    author = author_of(name)
    assert (author.family, author.given) == (family, given)
