"""One test per family of citation style: the digest cites and lists as citeproc does.

A small digest (three articles, four findings, one bullet citing two articles)
goes through `build_digest`; citeproc-py is then driven by hand with the same
CSL-JSON items and the same citations in reading order, and its plain output is
what the digest must show: in the text after each bullet, and in the list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.digest.assemble import build_digest
from poemsreader.digest.citing import split_on_tokens
from poemsreader.digest.export import render
from poemsreader.digest.model import (
    ArticleEntry,
    DigestData,
    DigestOptions,
    FindingEntry,
    TopicGroup,
)
from poemsreader.digest.references import CSL_DIR, independent_style_file

NOTE_STYLE = Path(__file__).with_name("styles") / "short-note.csl"
ROYER = [{"family": "Royer", "given": "B"}, {"family": "Merlusca", "given": "L"}]
HUMENIUK = [
    {"family": "Humeniuk", "given": "MS"},
    {"family": "Gertz", "given": "MA"},
    {"family": "Lacy", "given": "MQ"},
]
ITEMS = {  # key -> CSL-JSON, as a reference manager would export it
    "Royer 2013": {
        "type": "article-journal",
        "title": "Efficacy of lenalidomide in POEMS",
        "author": ROYER,
        "container-title": "American journal of hematology",
        "volume": "88",
        "page": "207-212",
        "issued": {"date-parts": [[2013, 3]]},
    },
    "Humeniuk 2013": {
        "type": "article-journal",
        "title": "Outcomes of patients treated with radiation",
        "author": HUMENIUK,
        "container-title": "Blood",
        "volume": "122",
        "page": "68-73",
        "DOI": "10.1182/blood-2013-03-487025",
        "issued": {"date-parts": [[2013, 7, 4]]},
    },
    "Zagouri 2014": {
        "type": "article-journal",
        "title": "Lenalidomide in POEMS: a pooled analysis",
        "author": [{"family": "Zagouri", "given": "F"}],
        "container-title": "Leukemia and lymphoma",
        "issued": {"date-parts": [[2013, 12, 3]]},
    },
}
# (statement, key, printed page): the reading order of the digest
FINDINGS = [
    ("Radiation is a good option.", "Humeniuk 2013", "72"),
    ("Lenalidomide works.", "Royer 2013", "209"),
    ("Lenalidomide works.", "Zagouri 2014", ""),
    ("PET misses sclerotic lesions.", "Humeniuk 2013", "70"),
]
FAMILIES = {"author-date": "apa", "numeric": "vancouver", "note": str(NOTE_STYLE)}


def _record(item: dict) -> ArticleRecord:
    parts = item["issued"]["date-parts"][0]
    return ArticleRecord(
        title=item["title"],
        authors=[Author(a["family"], a["given"]) for a in item["author"]],
        year=parts[0],
        journal=item["container-title"],
        volume=item.get("volume", ""),
        pages=item.get("page", ""),
        published="-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)),
        doi=item.get("DOI", ""),
    )


def _data() -> DigestData:
    articles = {
        n: ArticleEntry(n, key, f"uuid-{n}", _record(item)) for n, (key, item) in
        enumerate(ITEMS.items())
    }  # fmt: skip
    ids = {a.key: n for n, a in articles.items()}
    findings = [
        FindingEntry(f"f{n}", ids[key], statement, pages=(page,) if page else (), page_index=1)
        for n, (statement, key, page) in enumerate(FINDINGS)
    ]
    group = TopicGroup(1, "Treatment", "Treatment", 0, findings)
    return DigestData("Digest", "", "", [group], articles)


def _citeproc(style_file: str) -> tuple[list[str], list[str], list[str]]:
    """What citeproc itself says: each bullet's citation, the list, and its key order."""
    path = independent_style_file(Path(style_file))
    items = [{"id": key.replace(" ", "_"), **item} for key, item in ITEMS.items()]
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(path), validate=False), CiteProcJSON(items), formatter.plain
    )

    def item(key: str, page: str) -> CitationItem:
        extra = {"locator": Locator("page", page)} if page else {}
        return CitationItem(key.replace(" ", "_"), **extra)

    bullets = [  # consecutive findings with one statement make one bullet
        Citation([item("Humeniuk 2013", "72")]),
        Citation([item("Royer 2013", "209"), item("Zagouri 2014", "")]),
        Citation([item("Humeniuk 2013", "70")]),
    ]
    for citation in bullets:
        bibliography.register(citation)
    cites = [str(bibliography.cite(c, lambda _item: None)) for c in bullets]
    listed = [re.sub(r"^\s*\[?\d+[.\]]\s*", "", str(e)) for e in bibliography.bibliography()]
    keys = [i.key for i in bibliography.items]
    return cites, [" ".join(t.split()) for t in listed], keys


@pytest.mark.parametrize("family", list(FAMILIES))
def test_in_text_and_list_as_citeproc_gives_them(family: str) -> None:
    style = FAMILIES[family]
    style_file = {"apa": str(CSL_DIR / "apa.csl"), "vancouver": str(CSL_DIR / "vancouver-nlm.csl")}
    style_file = style_file.get(style, style)
    digest = build_digest(_data(), DigestOptions(style=style))
    [section] = digest.sections
    cites, listed, keys = _citeproc(style_file)
    assert [b.citation for b in section.bullets] == cites
    by_key = {r.key: r.text for r in digest.references}
    expected = dict(zip([k.replace("_", " ").title() for k in keys], listed, strict=True))
    for key, text in expected.items():
        shown = re.sub(r"(\d{4}) ([A-Z][a-z]{2,3})", r"\1\2", by_key[key])  # NLM date unglued
        shown = re.sub(r"\b([A-Z][a-z]{2,3}) (\d{1,2})\b", r"\1\2", shown)
        assert shown.replace(" ", "") == text.replace(" ", ""), (key, by_key[key], text)
    if family == "numeric":
        assert cites == ["(1)", "(2,3)", "(1)"]
        assert [(r.label, r.key) for r in digest.references] == [
            ("1.", "Humeniuk 2013"), ("2.", "Royer 2013"), ("3.", "Zagouri 2014"),
        ]  # fmt: skip
    else:
        assert [r.key for r in digest.references] == sorted(ITEMS)
    markdown = render(digest, "md").decode()
    for cite in cites:
        assert cite.replace("[", "\\[").replace("]", "\\]").replace("&", "\\&") in markdown


def test_numeric_styles_cite_by_number() -> None:
    shown = {}
    for style in ("vancouver", "ama", "ieee"):
        digest = build_digest(_data(), DigestOptions(style=style))
        shown[style] = [b.citation for b in digest.sections[0].bullets]
        assert digest.numbered
        joiners = {b.joiner for b in digest.sections[0].bullets}
        assert joiners == ({""} if style == "ama" else {" "})  # a superscript follows directly
        if style == "ama":
            html = render(digest, "html").decode()
            assert (
                'works.<span class="citation"><sup><a href="#ref-royer-2013">2(p209)</a></sup>'
                in html
            )
    assert shown["ama"] == ["1(p72)", "2(p209),3", "1(p70)"]  # superscript in the documents
    assert shown["ieee"] == ["[1, p. 72]", "[2, p. 209], [3]", "[1, p. 70]"]


@pytest.mark.parametrize(
    ("text", "tokens", "linked"),
    [
        ("(1,2)", ["1", "2"], ["1", "2"]),
        ("[2, p. 209], [3]", ["2", "3"], ["2, p. 209", "3"]),
        ("2(p209),3", ["2", "3"], ["2(p209)", "3"]),
        ("(Royer et al., 2013; Zagouri, 2013)", ["Royer", "Zagouri"],
         ["Royer et al., 2013", "Zagouri, 2013"]),
    ],
)  # fmt: skip
def test_a_citation_of_several_articles_links_each_part(
    text: str, tokens: list[str], linked: list[str]
) -> None:
    pieces = split_on_tokens(text, [(t, f"key {t}") for t in tokens])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.key) for p in pieces if p.key] == [
        (part, f"key {t}") for part, t in zip(linked, tokens, strict=True)
    ]
