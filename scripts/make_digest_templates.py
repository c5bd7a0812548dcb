"""Write the digest's document templates into resources/digest/ (run after changing a style).

    python scripts/make_digest_templates.py

digest-template.docx: python-docx's blank document with our styles — quotes and
comments indented under their bullet, a Hyperlink character style, A4 pages — and
no document properties of its own. digest-template.odt: the same styles for
OpenDocument (headings 1–6 with outline levels, a bullet list, quotations, links).
The digest fills in the page size, properties and content at export.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor, Twips
from odf import style as st
from odf import text as tx
from odf.opendocument import OpenDocumentText

OUT = Path(__file__).resolve().parents[1] / "resources" / "digest"
BULLET_TEXT_TWIPS = 360  # where the text of a "List Bullet" item starts (its numbering)
HEADING_SIZES = {1: "15pt", 2: "13pt", 3: "12pt", 4: "11pt", 5: "11pt", 6: "11pt"}


def docx_template(path: Path) -> None:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    styles = document.styles
    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Twips(2 * BULLET_TEXT_TWIPS)
    quote.paragraph_format.right_indent = Twips(BULLET_TEXT_TWIPS)
    quote.paragraph_format.space_after = Pt(4)
    comment = styles.add_style("Finding Comment", WD_STYLE_TYPE.PARAGRAPH)
    comment.base_style = styles["Normal"]
    comment.paragraph_format.left_indent = Twips(2 * BULLET_TEXT_TWIPS)
    comment.font.size = Pt(10)
    reference = styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = styles["Normal"]
    reference.paragraph_format.left_indent = Twips(BULLET_TEXT_TWIPS)
    reference.paragraph_format.first_line_indent = Twips(-BULLET_TEXT_TWIPS)
    reference.paragraph_format.space_after = Pt(6)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(25))
    properties = document.core_properties
    for name in ("title", "author", "comments", "keywords", "subject", "last_modified_by"):
        setattr(properties, name, "")
    properties.created = properties.modified = dt.datetime(2026, 1, 1)
    properties.revision = 1
    document.save(str(path))
    _replace_member(path, "docProps/app.xml", APP_XML)


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>poemsreader</Application></Properties>"
)


def _replace_member(path: Path, name: str, text: str) -> None:
    """python-docx keeps its template's app.xml ("Microsoft Macintosh Word", stale counts)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, text.encode("utf-8") if info.filename == name else data)


def _paragraph_style(
    name: str, display: str, parent: str = "", paragraph: dict | None = None, **text: str
) -> st.Style:
    style = st.Style(name=name, displayname=display, family="paragraph")
    if parent:
        style.setAttribute("parentstylename", parent)
    spacing = {"marginbottom": "0.12cm", "margintop": "0.12cm", **(paragraph or {})}
    style.addElement(st.ParagraphProperties(**spacing))
    if text:
        style.addElement(st.TextProperties(**text))
    return style


def _text_style(name: str, display: str, **text: str) -> st.Style:
    style = st.Style(name=name, displayname=display, family="text")
    style.addElement(st.TextProperties(**text))
    return style


def odt_template(path: Path) -> None:
    doc = OpenDocumentText()
    styles = doc.styles
    styles.addElement(_paragraph_style("Standard", "Default Paragraph Style"))
    styles.addElement(_paragraph_style("Text_20_body", "Text Body", "Standard"))
    styles.addElement(
        _paragraph_style("Title", "Title", "Standard", fontsize="20pt", fontweight="bold")
    )
    for level, size in HEADING_SIZES.items():
        heading = _paragraph_style(
            f"Heading_20_{level}",
            f"Heading {level}",
            "Standard",
            {"keepwithnext": "always"},
            fontsize=size,
            fontweight="bold",
        )
        heading.setAttribute("defaultoutlinelevel", str(level))
        styles.addElement(heading)
    styles.addElement(_paragraph_style("List_20_Bullet", "List Bullet", "Standard"))
    indented = {"marginleft": "0.5cm", "marginright": "0.5cm"}
    styles.addElement(
        _paragraph_style("Quotations", "Quotations", "Standard", indented, fontstyle="italic")
    )
    hanging = {"marginleft": "0.6cm", "textindent": "-0.6cm"}
    styles.addElement(_paragraph_style("Reference", "Reference", "Standard", hanging))
    styles.addElement(
        _paragraph_style("Reference_20_Key", "Reference Key", "Standard", fontweight="bold")
    )
    styles.addElement(_text_style("Strong", "Strong Emphasis", fontweight="bold"))
    styles.addElement(_text_style("Emphasis", "Emphasis", fontstyle="italic"))
    styles.addElement(_text_style("Superscript", "Superscript", textposition="super 58%"))
    styles.addElement(
        _text_style(
            "Internet_20_link", "Internet Link", color="#0563c1", textunderlinestyle="solid"
        )
    )
    list_style = tx.ListStyle(name="Bullet_20_list", displayname="Bullet list")
    for level in range(1, 11):
        bullet = tx.ListLevelStyleBullet(level=level, bulletchar="•")
        bullet.addElement(
            st.ListLevelProperties(
                spacebefore=f"{0.4 + 0.5 * (level - 1):.1f}cm", minlabelwidth="0.5cm"
            )
        )
        list_style.addElement(bullet)
    styles.addElement(list_style)
    layout = st.PageLayout(name="Digest_20_page")
    layout.addElement(
        st.PageLayoutProperties(
            pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
            margintop="2.5cm", marginbottom="2.5cm", marginleft="2.5cm", marginright="2.5cm",
        )
    )  # fmt: skip
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(st.MasterPage(name="Standard", pagelayoutname=layout))
    doc.save(str(path))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    docx_template(OUT / "digest-template.docx")
    odt_template(OUT / "digest-template.odt")
    print(f"wrote {OUT}/digest-template.docx and .odt")
