"""Two names of one journal agree; two journals do not."""

from __future__ import annotations

import pytest

from poemsreader.storage.reference_matching import journals_agree


@pytest.mark.parametrize(
    ("printed", "catalogued"),
    [
        ("Breast Cancer: Targets and Therapy", "Breast cancer (Dove Medical Press)"),
        ("Breast Cancer: Targets and Therapy", "Breast Cancer (Dove Med Press)"),
        ("Open Med.", "Open medicine (Warsaw, Poland)"),
        ("American Journal of Hematology", "Am J Hematol"),
    ],
)
def test_one_journal_under_two_names(printed: str, catalogued: str) -> None:
    assert journals_agree(printed, catalogued)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Blood", "Lancet"), ("Breast Cancer Research", "Breast Journal"), ("Trials", "BMJ Open")],
)
def test_two_journals(a: str, b: str) -> None:
    assert not journals_agree(a, b)
