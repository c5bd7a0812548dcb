"""A selection and its quote skip page furniture and text nobody can see, across a
column break and a page break; a hyphen at a line end follows the one hyphen rule."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.render import extract_page_text
from poemsreader.pdf.render_geometry import PageGeometry
from poemsreader.ui.reader.pdf_view_selection import TextSelection, copied_text, passages
from tests.pdfgen import ArticleSpec, make_article

LEFT = "Radiation therapy gave durable responses in patients with few bone lesions. " * 9
RIGHT = "Lenalidomide with dexamethasone improved the neuropathy scores of most patients. " * 9


def furnished_article(path: Path) -> Path:
    """Two pages of two columns with a running head and page number (pdfgen), plus a
    licence footer, a sideways margin stamp, and text that is never drawn."""
    spec = ArticleSpec(page_count=2, pages=[[LEFT, RIGHT], [RIGHT, LEFT]], footer_numbers=True)
    plain = make_article(path.with_name("plain.pdf"), spec)
    with pymupdf.open(plain) as doc:
        for page in doc:
            height = page.rect.height
            page.insert_text((56, height - 22), "This work is licensed under CC BY 4.0", fontsize=7)
            page.insert_text(
                (20, 500), "Downloaded from journals.example.org", fontsize=7, rotate=90
            )
            page.insert_text((56, height - 60), "Powered by TCPDF", fontsize=9, render_mode=3)
            page.insert_text((300, 300), "hidden white words", fontsize=9, color=(1, 1, 1))
        doc.save(path)
    return path


def _texts(path: Path) -> tuple[dict, list[PageGeometry]]:
    with pymupdf.open(path) as doc:
        texts = {page.number: extract_page_text(page) for page in doc}
        geometries = [
            PageGeometry(
                page.rect.width, page.rect.height, 0, (1, 0, 0, 1, 0, 0), (1, 0, 0, 1, 0, 0)
            )
            for page in doc
        ]
    return texts, geometries


def _word(texts: dict, page: int, text: str, last: bool = False) -> tuple[int, int]:
    words = texts[page].words
    found = [i for i, w in enumerate(words) if w.text == text]
    return page, found[-1] if last else found[0]


def test_text_nobody_can_see_is_not_a_word(tmp_path: Path) -> None:
    texts, _ = _texts(furnished_article(tmp_path / "a.pdf"))
    words = {w.text for w in texts[0].words}
    assert "TCPDF" not in words and "hidden" not in words
    assert "Lenalidomide" in words


def test_a_selection_across_columns_and_pages_skips_the_furniture(tmp_path: Path) -> None:
    texts, geometries = _texts(furnished_article(tmp_path / "a.pdf"))
    # from the last words of page 1's left column to the first of page 2's right column
    selection = TextSelection(_word(texts, 0, "lesions.", last=True), _word(texts, 1, "Radiation"))
    chosen = passages(selection, texts, geometries)
    copied = copied_text(selection, texts)
    for text in [copied, *(p.text for p in chosen)]:
        for furniture in (
            "American journal",
            "licensed",
            "Downloaded",
            "TCPDF",
            "hidden",
            "207",
            "208",
        ):
            assert furniture not in text, (furniture, text)
    assert copied.startswith("lesions. Lenalidomide with dexamethasone")
    assert copied.endswith("most patients. Radiation")
    # the highlight's rectangles cover body lines only
    page_height = geometries[0].height
    for passage in chosen:
        assert all(q.y0 > 60 and q.y1 < page_height - 40 for q in passage.quads)


def test_a_compound_broken_at_its_hyphen_stays_whole(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    lines = ["Patients of the community-", "based cohort and the diag-"]
    lines += ["nosis of POEMS syndrome", "were followed up for years"]
    for number, line in enumerate(lines):
        page.insert_text((72, 200 + 14 * number), line, fontsize=11)
    doc.save(tmp_path / "b.pdf")
    with pymupdf.open(tmp_path / "b.pdf") as reopened:
        text = extract_page_text(reopened[0])
    assert text.text_of(0, len(text.words)) == (
        "Patients of the community-based cohort and the diagnosis of POEMS syndrome "
        "were followed up for years"
    )


def test_a_highlight_over_invisible_text_quotes_only_what_is_drawn(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 200), "Radiation helped", fontsize=11)
    page.insert_text((170, 200), "Powered by TCPDF", fontsize=11, render_mode=3)
    page.insert_text((72, 214), "most patients.", fontsize=11)
    page.add_highlight_annot([pymupdf.Rect(60, 188, 400, 203), pymupdf.Rect(60, 204, 400, 217)])
    doc.save(tmp_path / "c.pdf")
    [annotation] = read_annotations(tmp_path / "c.pdf")
    assert annotation.anchor.quote == "Radiation helped most patients."
