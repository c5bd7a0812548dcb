from __future__ import annotations

from poemsreader.core.citations import Citation, merge_citations, page_span
from poemsreader.core.citekeys import unique_key


def test_page_spellings_are_one() -> None:
    assert Citation("Humeniuk 2013", ("72",)).render() == "(Humeniuk 2013 p.72)"
    assert Citation("Humeniuk 2013", ("72", "73")).render() == "(Humeniuk 2013 pp.72–73)"
    assert Citation("Humeniuk 2013").render() == "(Humeniuk 2013)"
    assert page_span(["72", "72"]) == "p.72"


def test_merged_citations_keep_order_and_drop_repeats() -> None:
    cites = [Citation("Royer 2013"), Citation("Zagouri 2014"), Citation("Royer 2013")]
    assert merge_citations(cites) == "(Royer 2013; Zagouri 2014)"


def test_unique_key_suffixes() -> None:
    assert unique_key("Li 2013", set()) == "Li 2013"
    assert unique_key("Li 2013", {"Li 2013"}) == "Li 2013a"
    assert unique_key("Li 2013", {"Li 2013", "Li 2013a"}) == "Li 2013b"
    taken = {"Li 2013"} | {f"Li 2013{c}" for c in "abcdefghijklmnopqrstuvwxyz"}
    assert unique_key("Li 2013", taken) == "Li 2013aa"


def test_unique_key_never_runs_out() -> None:
    """Past 'zz' (703 articles with one base key) the suffixes go on: 'aaa'…"""
    taken: set[str] = set()
    for _ in range(703):
        taken.add(unique_key("Li 2013", taken))
    assert "Li 2013zz" in taken
    assert unique_key("Li 2013", taken) == "Li 2013aaa"
