"""The digest as an OpenDocument text (odfpy) with real heading and list styles.

Headings are `text:h` with an outline level and the standard "Heading 1…"
styles; bullets are a `text:list` with a bullet list style, so LibreOffice's
navigator and list tools see them. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io

from odf import style as st
from odf import text as tx
from odf.opendocument import OpenDocumentText

from poemsreader.digest.cleaning import xml_safe
from poemsreader.digest.model import Bullet, Digest

HEADING_SIZES = {0: "20pt", 1: "15pt", 2: "13pt", 3: "12pt"}
BULLET_LIST = "Bullet_20_list"


def _paragraph_style(name: str, display: str, **text_props: str) -> st.Style:
    style = st.Style(name=name, displayname=display, family="paragraph")
    style.addElement(st.ParagraphProperties(marginbottom="0.12cm", margintop="0.12cm"))
    if text_props:
        style.addElement(st.TextProperties(**text_props))
    return style


def _styles(doc: OpenDocumentText) -> None:
    styles = doc.styles
    styles.addElement(_paragraph_style("Standard", "Default Paragraph Style"))
    styles.addElement(_paragraph_style("Text_20_body", "Text Body"))
    styles.addElement(_paragraph_style("Title", "Title", fontsize="20pt", fontweight="bold"))
    for level in (1, 2, 3):
        heading = _paragraph_style(
            f"Heading_20_{level}",
            f"Heading {level}",
            fontsize=HEADING_SIZES[level],
            fontweight="bold",
        )
        heading.setAttribute("defaultoutlinelevel", str(level))
        styles.addElement(heading)
    styles.addElement(_paragraph_style("List_20_Bullet", "List Bullet"))
    styles.addElement(_paragraph_style("Quotations", "Quotations", fontstyle="italic"))
    styles.addElement(_paragraph_style("Reference_20_Key", "Reference Key", fontweight="bold"))
    bullets = st.Style(name="Strong", family="text")
    bullets.addElement(st.TextProperties(fontweight="bold"))
    styles.addElement(bullets)
    list_style = tx.ListStyle(name=BULLET_LIST, displayname="Bullet list")
    level_style = tx.ListLevelStyleBullet(level=1, bulletchar="•")
    level_style.addElement(st.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    list_style.addElement(level_style)
    styles.addElement(list_style)


def _bullet_item(bullet: Bullet) -> tx.ListItem:
    item = tx.ListItem()
    item.addElement(
        tx.P(
            stylename="List_20_Bullet", text=f"{xml_safe(bullet.text)} {xml_safe(bullet.citation)}"
        )
    )
    for quote in bullet.quotes:
        item.addElement(tx.P(stylename="Quotations", text=xml_safe(quote)))
    for comment in bullet.comments:
        note = tx.P(stylename="Text_20_body")
        note.addElement(tx.Span(stylename="Strong", text="Comment: "))
        note.addText(xml_safe(comment))
        item.addElement(note)
    return item


def build_odt(digest: Digest) -> OpenDocumentText:
    doc = OpenDocumentText()
    _styles(doc)
    body = doc.text
    body.addElement(tx.P(stylename="Title", text=xml_safe(digest.title) or "Digest"))
    if digest.date:
        body.addElement(tx.P(stylename="Text_20_body", text=xml_safe(digest.date)))
    for paragraph in digest.introduction:
        body.addElement(tx.P(stylename="Text_20_body", text=xml_safe(paragraph)))
    for section in digest.sections:
        level = min(section.level, 3)
        body.addElement(
            tx.H(outlinelevel=level, stylename=f"Heading_20_{level}", text=xml_safe(section.title))
        )
        if section.bullets:
            bullets = tx.List(stylename=BULLET_LIST)
            for bullet in section.bullets:
                bullets.addElement(_bullet_item(bullet))
            body.addElement(bullets)
    if digest.references:
        title = xml_safe(digest.references_title)
        body.addElement(tx.H(outlinelevel=1, stylename="Heading_20_1", text=title))
        for reference in digest.references:
            body.addElement(tx.P(stylename="Reference_20_Key", text=xml_safe(reference.key)))
            body.addElement(tx.P(stylename="Text_20_body", text=xml_safe(reference.text)))
    return doc


def render_odt(digest: Digest) -> bytes:
    buffer = io.BytesIO()
    build_odt(digest).write(buffer)
    return buffer.getvalue()
