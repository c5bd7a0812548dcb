"""Each export opened as its reader opens it: python-docx, odfpy, an HTML parser.

The mirror library gets what real references carry — DOIs, an article URL — and a
reviewer's name; then each format is checked for what a colleague sees: links
that work, italics where the style puts them, quotes indented under their
finding, citations that do not break, and properties that say what the file is.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm
from odf import dc, meta, teletype
from odf import style as odf_style
from odf import text as odf_text
from odf.opendocument import load as load_odt

from poemsreader.cli import main
from poemsreader.digest.export import render
from poemsreader.digest.model import DigestOptions
from poemsreader.storage.schema import Article
from tests.digest.mirror import Mirror, add_finding

HUMENIUK_DOI = "10.1182/blood-2013-03-487025"
ROYER_URL = "https://example.org/articles/royer-2013.pdf"
REVIEWER = "Ann Reviewer"
NBSP = "\u00a0"


@pytest.fixture
def linked(fresh_mirror: Mirror) -> Mirror:
    """The mirror with a DOI (Humeniuk), an article URL (Royer) and a named reviewer."""
    library = fresh_mirror.library
    with library.db.transaction() as session:
        session.get(Article, fresh_mirror.keys["Humeniuk 2013"]).doi = HUMENIUK_DOI
        session.get(Article, fresh_mirror.keys["Royer 2013"]).url = ROYER_URL
    library.reviewers.set_me(REVIEWER)
    return fresh_mirror


def export(mirror: Mirror, fmt: str, **options: object) -> bytes:
    digest = mirror.library.digest.build(options=DigestOptions(**options))  # type: ignore[arg-type]
    return render(digest, fmt)


# -- DOCX ---------------------------------------------------------------------------------


def _docx_links(document) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Text of each w:hyperlink -> its target."""
    rels = document.part.rels
    links = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        links[text] = rels[link.get(qn("r:id"))].target_ref
    return links


def test_docx_properties_page_and_quote_indentation(linked: Mirror) -> None:
    data = export(linked, "docx", quotes=True, comments=True, paper="a4", language="en-GB")
    document = open_docx(io.BytesIO(data))
    properties = document.core_properties
    assert properties.title == "2013 articles about POEMS syndrome"
    assert properties.author == REVIEWER
    assert properties.language == "en-GB"
    assert properties.created.date() == datetime.now(UTC).date()
    assert "python-docx" not in f"{properties.author}{properties.comments}{properties.subject}"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        application = package.read("docProps/app.xml").decode()
    assert "<Application>poemsreader</Application>" in application and "Word" not in application
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    styles = document.styles
    assert styles["Quote"].paragraph_format.left_indent > Mm(6)  # inside the bullet's text
    paragraphs = document.paragraphs
    quote_at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Quote")
    assert paragraphs[quote_at - 1].style.name == "List Bullet"  # under its own finding
    letter = open_docx(io.BytesIO(export(linked, "docx", paper="letter")))
    assert abs(letter.sections[0].page_width - Mm(215.9)) < Mm(0.1)


def test_docx_citations_do_not_break_and_links_work(linked: Mirror) -> None:
    document = open_docx(io.BytesIO(export(linked, "docx")))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(b.endswith(f"(Humeniuk{NBSP}2013{NBSP}p.72)") for b in bullets)
    assert all(" " not in b.rsplit(" (", 1)[1] for b in bullets)
    links = _docx_links(document)
    assert links[f"https://doi.org/{HUMENIUK_DOI}"] == f"https://doi.org/{HUMENIUK_DOI}"
    royer = [target for text, target in links.items() if text.startswith("(Royer")]
    assert set(royer) == {ROYER_URL, f"{ROYER_URL}#page=3", f"{ROYER_URL}#page=5"}
    link_style = document.styles["Hyperlink"]
    styled = [s.get(qn("w:val")) for s in document.element.body.iter(qn("w:rStyle"))]
    assert styled.count(link_style.style_id) >= len(links) and link_style.font.underline


def test_docx_apa_keeps_its_italics(linked: Mirror) -> None:
    document = open_docx(io.BytesIO(export(linked, "docx", style="apa")))
    at = next(i for i, p in enumerate(document.paragraphs) if p.text == "References")
    humeniuk = next(p for p in document.paragraphs[at:] if p.text.startswith("Humeniuk"))
    italic = [r.text for r in humeniuk.runs if r.italic]
    assert italic == ["Blood", "122"]
    assert humeniuk.text.endswith(f"https://doi.org/{HUMENIUK_DOI}")


# -- ODT ----------------------------------------------------------------------------------


def _meta(document, kind) -> list[str]:  # type: ignore[no-untyped-def]
    return [teletype.extractText(e) for e in document.meta.getElementsByType(kind)]


def test_odt_metadata_links_page_and_quotes(linked: Mirror) -> None:
    data = export(linked, "odt", quotes=True, style="apa", paper="letter", language="de-CH")
    document = load_odt(io.BytesIO(data))
    assert _meta(document, dc.Title) == ["2013 articles about POEMS syndrome"]
    assert _meta(document, dc.Language) == ["de-CH"]
    assert _meta(document, meta.InitialCreator) == [REVIEWER]
    assert _meta(document, meta.CreationDate)[0].startswith(datetime.now(UTC).date().isoformat())
    [layout] = document.automaticstyles.getElementsByType(odf_style.PageLayout)
    [page] = layout.getElementsByType(odf_style.PageLayoutProperties)
    assert (page.getAttribute("pagewidth"), page.getAttribute("pageheight")) == (
        "21.59cm",
        "27.94cm",
    )
    hrefs = {a.getAttribute("href") for a in document.text.getElementsByType(odf_text.A)}
    assert f"https://doi.org/{HUMENIUK_DOI}" in hrefs
    assert any(h.startswith(f"{ROYER_URL}#page=") for h in hrefs)
    # the quote sits inside its finding's list item, in an indented style
    [quote] = [p for p in document.text.getElementsByType(odf_text.P)
               if p.getAttribute("stylename") == "Quotations"]  # fmt: skip
    assert quote.parentNode.qname[1] == "list-item"
    quotations = next(s for s in document.styles.childNodes
                      if s.getAttribute("name") == "Quotations")  # fmt: skip
    margins = [p.getAttribute("marginleft") for p in
               quotations.getElementsByType(odf_style.ParagraphProperties)]  # fmt: skip
    assert "0.5cm" in margins
    # APA's italics: the journal is an Emphasis span
    spans = document.text.getElementsByType(odf_text.Span)
    assert "Blood" in {teletype.extractText(s) for s in spans
                       if s.getAttribute("stylename") == "Emphasis"}  # fmt: skip


def test_odt_topic_levels_deeper_than_three_keep_their_level(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    parent = library.topics.id_for_path("Imaging")
    for name in ("PET", "FDG", "Sclerotic", "Small"):
        parent = library.topics.create(name, parent)
    add_finding(library, fresh_mirror.keys["Guo 2013"], "Five levels deep.", ["Small"])
    document = load_odt(io.BytesIO(export(fresh_mirror, "odt")))
    levels = {teletype.extractText(h): h.getAttribute("outlinelevel")
              for h in document.text.getElementsByType(odf_text.H)}  # fmt: skip
    assert [levels[n] for n in ("Imaging", "PET", "FDG", "Sclerotic", "Small")] == [
        "1", "2", "3", "4", "5",
    ]  # fmt: skip
    docx = open_docx(io.BytesIO(export(fresh_mirror, "docx")))
    assert "Heading 5" in {p.style.name for p in docx.paragraphs if p.text == "Small"}


# -- HTML ---------------------------------------------------------------------------------


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.finding_items: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a":
            self.links.append((attributes.get("class") or "", attributes["href"]))
        if tag == "li" and attributes.get("id", "").startswith("finding-"):
            self.finding_items.append(attributes["id"])


def _parse(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("style", ["house", "vancouver", "apa"])
def test_html_ids_and_links(linked: Mirror, style: str) -> None:
    digest = linked.library.digest.build(options=DigestOptions(style=style))
    parsed = _parse(render(digest, "html").decode())
    assert len(parsed.ids) == len(set(parsed.ids))  # ids are unique
    uuids = {u for s in digest.sections for b in s.bullets for u in b.finding_uuids}
    assert {f"finding-{u}" for u in uuids} <= set(parsed.ids)  # every finding has an id
    assert len(parsed.finding_items) == digest.bullet_count
    references = [i for i in parsed.ids if i.startswith("ref-")]
    assert len(references) == len(digest.references)  # every reference has an id
    internal = [href[1:] for _cls, href in parsed.links if href.startswith("#")]
    assert set(internal) == set(references)  # each citation leads to its reference
    passages = [href for cls, href in parsed.links if cls == "passage"]
    assert f"https://doi.org/{HUMENIUK_DOI}" in passages
    assert f"{ROYER_URL}#page=3" in passages  # Royer p.209 is the PDF's third page
    assert not any(href.startswith("poemsreader:") for _cls, href in parsed.links)
    with_app = _parse(render(linked.library.digest.build(
        options=DigestOptions(style=style, links=True)), "html").decode())  # fmt: skip
    app = [href for cls, href in with_app.links if href.startswith("poemsreader://")]
    assert len(app) == digest.bullet_count  # the app link is an extra, one per finding


def test_html_numbered_list_and_apa_italics(linked: Mirror) -> None:
    html = export(linked, "html", style="vancouver").decode()
    parsed = _parse(html)
    items = [a for tag, a in parsed.tags if tag == "li" and a.get("id", "").startswith("ref-")]
    assert [a["value"] for a in items] == [str(n) for n in range(1, len(items) + 1)]
    apa = export(linked, "html", style="apa").decode()
    assert "<i>Blood</i>" in apa and "<i>122</i>" in apa


# -- Markdown -----------------------------------------------------------------------------


def test_markdown_emphasis_and_links(linked: Mirror) -> None:
    apa = export(linked, "md", style="apa").decode()
    doi = f"https://doi.org/{HUMENIUK_DOI}"
    assert "*Blood*, *122*" in apa
    assert f"[{doi}](<{doi}>)" in apa
    house = export(linked, "md").decode()
    assert f"Blood 122 (4 July 2013) 68-73. [{doi}](<{doi}>)" in house
    assert f"[(Royer 2013 p.209)](<{ROYER_URL}#page=3>)" in house


# -- counts and title ---------------------------------------------------------------------


def test_counts_count_findings_not_placements(
    fresh_mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = fresh_mirror.library
    add_finding(library, fresh_mirror.keys["Kang 2013"], "Filed twice.", ["VEGF", "Cytokines"])
    digest = library.digest.build()
    assert digest.bullet_count == 22 + 2  # shown under both topics
    assert digest.finding_count == 23 + 1  # but one finding
    root = str(library.root)
    library.close()
    out = tmp_path / "digest.md"
    assert main(["--library", root, "digest", "-o", str(out), "--title", "POEMS in 2013"]) == 0
    assert "24 findings in 8 sections, 12 references" in capsys.readouterr().out
    assert out.read_text().startswith("# POEMS in 2013\n")


def test_docx_and_odt_are_zip_packages_with_our_template(linked: Mirror) -> None:
    for fmt, member in (("docx", "word/styles.xml"), ("odt", "styles.xml")):
        with zipfile.ZipFile(io.BytesIO(export(linked, fmt))) as package:
            styles = package.read(member).decode()
        assert re.search(r"Finding Comment|Quotations", styles), fmt
