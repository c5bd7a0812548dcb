"""Exporting the example digest's library to every format and reading it back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document as open_docx
from odf import text as odf_text
from odf.opendocument import load as load_odt
from sqlalchemy import select

from poemsreader.digest.export import render, write_digest
from poemsreader.digest.model import DigestFilter, DigestOptions
from poemsreader.storage.schema import Article, Finding, FindingTag, Reviewer, Tag
from tests.digest.mirror import (
    EXPECTED_CITATIONS,
    EXPECTED_REFERENCES,
    FINDINGS,
    LENALIDOMIDE,
    TOPIC_ORDER,
    Mirror,
    add_finding,
)
from tests.digest.readback import read_docx, read_html, read_markdown, read_odt

READERS = {
    "md": lambda data: read_markdown(data.decode("utf-8")),
    "html": lambda data: read_html(data.decode("utf-8")),
    "docx": read_docx,
    "odt": read_odt,
}


def export(mirror: Mirror, fmt: str, **options: object) -> bytes:
    digest = mirror.library.digest.build(options=DigestOptions(**options))  # type: ignore[arg-type]
    return render(digest, fmt)


@pytest.mark.parametrize("fmt", list(READERS))
def test_mirror_exports_sections_citations_and_references(mirror: Mirror, fmt: str) -> None:
    headings, bullets, refs = READERS[fmt](export(mirror, fmt, links=True))
    assert headings == [*TOPIC_ORDER, "References"]
    for topic, citations in EXPECTED_CITATIONS.items():
        assert len(bullets[topic]) == len(citations), topic
        for bullet, citation in zip(bullets[topic], citations, strict=True):
            assert bullet.endswith(f" {citation}"), (bullet, citation)
    statements = [s for s, *_ in FINDINGS["Imaging"]]
    assert [b.rsplit(" (", 1)[0] for b in bullets["Imaging"]] == statements
    assert refs == sorted(EXPECTED_REFERENCES.items())  # every key once, Li 2013 ≠ Li 2013a


def test_docx_uses_words_own_styles(mirror: Mirror) -> None:
    document = open_docx(io.BytesIO(export(mirror, "docx", quotes=True)))
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles[0] == "Title"
    assert styles.count("Heading 1") == len(TOPIC_ORDER) + 1
    assert styles.count("List Bullet") == sum(len(c) for c in EXPECTED_CITATIONS.values())
    assert styles.count("Quote") == 1  # the FDG-PET passage
    assert document.core_properties.title == "2013 articles about POEMS syndrome"


def test_odt_headings_have_outline_levels_and_styles(mirror: Mirror) -> None:
    document = load_odt(io.BytesIO(export(mirror, "odt")))
    headings = document.text.getElementsByType(odf_text.H)
    assert {h.getAttribute("outlinelevel") for h in headings} == {"1"}
    assert {h.getAttribute("stylename") for h in headings} == {"Heading_20_1"}
    names = {s.getAttribute("name") for s in document.styles.childNodes}
    assert {"Heading_20_1", "List_20_Bullet", "Bullet_20_list", "Title"} <= names
    lists = document.text.getElementsByType(odf_text.List)
    assert len(lists) == len(TOPIC_ORDER)


def test_html_is_self_contained_and_printable(mirror: Mirror) -> None:
    html = export(mirror, "html", links=True).decode()
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "@media print" in html
    for external in ("<link", "<script", "src=", "@import", "http://", "https://"):
        assert external not in html
    assert "<title>2013 articles about POEMS syndrome</title>" in html


def test_links_lead_back_to_the_passage(mirror: Mirror) -> None:
    digest = mirror.library.digest.build(options=DigestOptions(links=True))
    [imaging] = [s for s in digest.sections if s.title == "Imaging"]
    fdg = imaging.bullets[0]
    article = mirror.library.digest.data().articles[mirror.keys["Humeniuk 2013"]]
    assert fdg.link == (
        f"poemsreader://open?article={article.uuid}&page=4&finding={fdg.finding_uuids[0]}"
    )
    markdown = render(digest, "md").decode()
    assert f"(Humeniuk 2013 p.72) [open in poemsreader](<{fdg.link}>)" in markdown
    html = render(digest, "html").decode()
    assert f'href="{fdg.link.replace("&", "&amp;")}"' in html
    plain = mirror.library.digest.build()
    assert "poemsreader://" not in render(plain, "md").decode()


def test_merged_bullet_holds_both_findings(mirror: Mirror) -> None:
    digest = mirror.library.digest.build()
    [treatment] = [s for s in digest.sections if s.title == "Treatment"]
    [merged] = [b for b in treatment.bullets if b.text == LENALIDOMIDE]
    assert merged.citation == "(Royer 2013; Zagouri 2014)"
    assert merged.keys == ("Royer 2013", "Zagouri 2014")


def test_title_date_and_introduction(mirror: Mirror) -> None:
    markdown = export(mirror, "md").decode()
    assert markdown.startswith("# 2013 articles about POEMS syndrome\n\n24 January 2014\n\n")
    assert "\n\nFull references are at the end of this page.\n\n" in markdown


def test_filters_by_topic_status_and_article(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    digest = library.digest.build(DigestFilter(topics=("imaging", "VEGF")))
    assert [s.title for s in digest.sections] == ["Imaging", "VEGF"]
    assert [r.key for r in digest.references] == ["Humeniuk 2013", "Keyzner 2013", "Royer 2013"]
    add_finding(
        library, fresh_mirror.keys["Kang 2013"], "An open question.", ["Cytogenetics"],
        status="open question",
    )  # fmt: skip
    digest = library.digest.build(DigestFilter(statuses=("open question",)))
    assert [(s.title, [b.text for b in s.bullets]) for s in digest.sections] == [
        ("Cytogenetics", ["An open question."])
    ]
    digest = library.digest.build(DigestFilter(articles=("Li 2013a",)))
    assert [s.title for s in digest.sections] == ["Symptoms"]
    assert [r.key for r in digest.references] == ["Li 2013a"]


def test_sub_topics_nest_and_unfiled_findings_come_last(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    imaging = library.topics.id_for_path("Imaging")
    library.topics.create("PET", imaging)
    add_finding(library, fresh_mirror.keys["Guo 2013"], "Sub-topic finding.", ["PET"])
    add_finding(library, fresh_mirror.keys["Guo 2013"], "Filed nowhere.", [])
    digest = library.digest.build()
    titles = [(s.title, s.level) for s in digest.sections]
    assert titles[3:5] == [("Imaging", 1), ("PET", 2)]
    assert titles[-1] == ("Other findings", 1)
    _headings, bullets, _refs = read_markdown(render(digest, "md").decode())
    assert "### PET" in render(digest, "md").decode()
    assert bullets["Other findings"] == ["Filed nowhere. (Guo 2013)"]
    digest = library.digest.build(DigestFilter(topics=("Imaging",)))
    assert [s.title for s in digest.sections] == ["Imaging", "PET"]


def test_quotes_and_comments_are_options(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    add_finding(
        library, fresh_mirror.keys["Kang 2013"], "Commented.", ["Cytogenetics"],
        quote="Quoted words.", comment="Private note.",
    )  # fmt: skip
    plain = render(library.digest.build(), "md").decode()
    assert "Private note" not in plain and "Quoted words" not in plain
    full = library.digest.build(options=DigestOptions(quotes=True, comments=True))
    markdown = render(full, "md").decode()
    assert "  > Quoted words.\n" in markdown and "*Comment:* Private note." in markdown
    html = render(full, "html").decode()
    assert '<blockquote dir="auto">Quoted words.</blockquote>' in html
    assert "Private note." in html


def test_by_article_and_all_references(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    digest = library.digest.build(options=DigestOptions(by_article=True))
    assert [s.title.rsplit(" (", 1)[1] for s in digest.sections] == [
        f"{key})" for key in sorted(EXPECTED_REFERENCES)
    ]
    [royer] = [s for s in digest.sections if s.title.endswith("(Royer 2013)")]
    assert royer.title.startswith("Efficacy of lenalidomide in POEMS syndrome: a retrospective")
    assert "".join(r.text for r in royer.subtitle) == EXPECTED_REFERENCES["Royer 2013"]
    assert [b.citation for b in royer.bullets] == [  # page order; the whole article first
        "(Royer 2013)", "(Royer 2013 p.209)", "(Royer 2013 p.209)", "(Royer 2013 p.211)",
    ]  # fmt: skip
    only_imaging = DigestFilter(topics=("Imaging",))
    refs = library.digest.build(only_imaging, DigestOptions(all_references=True)).references
    assert [r.key for r in refs] == sorted(EXPECTED_REFERENCES)


@pytest.mark.parametrize("style", ["vancouver", "apa"])
def test_csl_styles_format_every_reference(mirror: Mirror, style: str) -> None:
    digest = mirror.library.digest.build(options=DigestOptions(style=style))
    refs = {r.key: r.text for r in digest.references}
    if style == "vancouver":  # in order of first citation
        assert list(refs)[:3] == ["Li 2013", "Humeniuk 2013", "Royer 2013"]
        assert [r.label for r in digest.references][:3] == ["1.", "2.", "3."]
    else:
        assert list(refs) == sorted(EXPECTED_REFERENCES)
    assert "New advances in the diagnosis" in refs["Li 2013"]
    assert "Pulmonary hypertension" in refs["Li 2013a"]
    if style == "vancouver":
        assert refs["Humeniuk 2013"].startswith("Humeniuk MS, Gertz MA,")
        assert "2013 Jul" in refs["Humeniuk 2013"]
    else:
        assert refs["Humeniuk 2013"].startswith("Humeniuk, M. S., Gertz, M. A.,")
        assert "(2013). Outcomes of patients" in refs["Humeniuk 2013"]


def test_write_digest_is_all_or_nothing(mirror: Mirror, tmp_path: Path) -> None:
    digest = mirror.library.digest.build()
    target = tmp_path / "digest.md"
    target.write_text("previous")
    with pytest.raises(Exception, match="Unknown digest format"):
        write_digest(digest, "pdf", target)
    assert target.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [target]
    write_digest(digest, "md", target)
    assert target.read_text().startswith("# 2013 articles")


def test_the_reviewers_first_page_wins(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    with library.db.transaction() as session:
        session.get(Article, fresh_mirror.keys["Keyzner 2013"]).first_page_override = "1400"
    digest = library.digest.build(DigestFilter(topics=("VEGF",)))
    assert [b.citation for b in digest.sections[0].bullets] == [
        "(Royer 2013 p.209)",
        "(Keyzner 2013 p.1401)",
    ]


def test_filters_by_tag_reviewer_and_date(fresh_mirror: Mirror) -> None:
    library = fresh_mirror.library
    kang = fresh_mirror.keys["Kang 2013"]
    old = datetime(2012, 5, 1, tzinfo=UTC)
    with library.db.transaction() as session:
        session.add(Reviewer(id="r-ann", name="Ann"))
    tagged = add_finding(library, kang, "Tagged by Ann.", ["Cytogenetics"], reviewer_id="r-ann")
    add_finding(library, kang, "Written long ago.", ["Cytogenetics"], created=old)
    with library.db.transaction() as session:
        finding = session.scalar(select(Finding).where(Finding.uuid == tagged))
        finding.tag_links = [FindingTag(tag=Tag(name="follow-up"))]

    def statements(flt: DigestFilter) -> list[str]:
        return [b.text for s in library.digest.build(flt).sections for b in s.bullets]

    assert statements(DigestFilter(tags=("Follow-up",))) == ["Tagged by Ann."]
    assert statements(DigestFilter(reviewers=("ann",))) == ["Tagged by Ann."]
    assert statements(DigestFilter(reviewers=("r-ann",))) == ["Tagged by Ann."]
    assert statements(DigestFilter(until=date(2012, 12, 31))) == ["Written long ago."]
    assert "Written long ago." not in statements(DigestFilter(since=date(2013, 1, 1)))
