"""Every import test case of Zotero's RIS, BibTeX, MEDLINE, Web of Science and CSL-JSON
translators, read by our parsers: the same references, or a stated reason why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bib.zotero_conformance import SUITES, check_case, load_cases
from tests.conftest import CORPUS, corpus_path

FOLDER = CORPUS / "bib" / "zotero-translators"
COUNT = "count"

# (suite, case number): (fields allowed to differ, why we deliberately differ).
EXPLAINED: dict[tuple[str, int], tuple[set[str], str]] = {
    ("RIS", 3): (
        {"title", "journal_abbrev", "issue"},
        "Zotero's table of every RIS type against every tag: for a few types a tag takes a "
        "type-specific meaning (a case's title from its abbreviated name, a grant's status "
        "as its issue); we read each tag with its common meaning.",
    ),
    ("RIS", 5): (
        {COUNT, "title", "authors", "journal", "journal_abbrev", "volume", "issue", "pages"},
        "the same table for EndNote's RIS: type-specific meanings of A1, T2, J2, VL and IS; "
        "and one record more is kept (the items after it are compared one place off).",
    ),
    ("BibTeX", 8): (
        {"authors"},
        "BibTeX's own name rule: a lower-case word starts the family name ('American "
        "Rights at Work' -> family 'at Work'), as BibTeX styles print it; a corporate "
        "author is written in braces to be kept whole.",
    ),
    ("BibTeX", 18): (
        {"authors"},
        "BibTeX's name rule again ('Corporation for Digital Scholarship').",
    ),
    ("BibTeX", 10): (
        {"title"},
        "`\\\\{}` is a LaTeX line break followed by an empty group; Zotero reads it as '{'.",
    ),
    ("BibTeX", 19): (
        {"title", "authors"},
        "the file doubles its backslashes (`Swe{\\\\i}g`): TeX reads `\\\\` as a line break, "
        "Zotero keeps a backslash in the name; and Zotero turns the letters TEL into '℡'.",
    ),
    ("BibTeX", 22): (
        {"authors"},
        "`D\\textquotesingle aspremont`: a control word swallows the space after it, so the "
        "name is D'aspremont, not Zotero's \"D' aspremont\".",
    ),
    ("MEDLINE", 8): (
        {COUNT},
        "an ERIC book record with a TI title: we keep it; Zotero's book item has no title, "
        "so it is not compared.",
    ),
    ("MEDLINE", 9): (
        {"pages"},
        "a publisher item identifier (S1080-6032(22)00139-9 [pii]) is not a page; only an "
        "article number such as '1042 [pii]' stands for the pages.",
    ),
    ("Web of Science", 4): (
        {"doi"},
        "the DI of a book chapter is its DOI; Zotero's bookSection drops it.",
    ),
}


def _cases() -> list[tuple[str, int]]:
    if not FOLDER.is_dir():
        return [(suite, 0) for suite in SUITES]
    return [
        (suite, number)
        for suite in SUITES
        for number in range(1, len(load_cases(FOLDER, suite)) + 1)
    ]


def _field_of(difference: str) -> str:
    if difference.startswith("item "):
        return difference.split()[2].rstrip(":")
    return COUNT


@pytest.mark.parametrize(("suite", "number"), _cases())
def test_zotero_case_agrees_or_differs_for_a_stated_reason(suite: str, number: int) -> None:
    folder = corpus_path("bib", "zotero-translators")
    case = load_cases(Path(folder), suite)[number - 1]
    result = check_case(suite, number, case)
    allowed, reason = EXPLAINED.get((suite, number), (set(), ""))
    unexplained = [d for d in result.differences if _field_of(d) not in allowed]
    assert unexplained == [], f"{suite} case {number}: {unexplained}"
    if (suite, number) in EXPLAINED:
        assert result.differences, f"{suite} case {number} now agrees: drop its reason ({reason})"
