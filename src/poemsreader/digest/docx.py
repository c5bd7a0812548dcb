"""The digest as a Word document with Word's own styles (python-docx).

Title, Heading 1/2/3, List Bullet and Quote are the built-in styles, so the
document opens cleanly in Word and LibreOffice and its outline and lists work
there. Characters XML cannot hold are dropped.

Paragraphs are written as WordprocessingML through `_Writer` rather than
`Document.add_paragraph`: python-docx looks the style up by name and searches
the body for the section properties on every call, which made a 10,000-finding
digest take minutes (quadratic); this is linear.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from poemsreader.digest.cleaning import xml_safe
from poemsreader.digest.model import Bullet, Digest

MAX_HEADING = 9
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W = {name: qn(f"w:{name}") for name in ("p", "pPr", "pStyle", "val", "r", "rPr", "b", "i", "t")}
W.update(br=qn("w:br"), spacing=qn("w:spacing"), after=qn("w:after"))
SPACE_AFTER_TWIPS = "120"  # 6 pt between references


class _Writer:
    """Appends styled paragraphs (WordprocessingML) at the end of the body."""

    def __init__(self, document: Document) -> None:
        self.document = document
        body = document.element.body
        self.end = body.sectPr  # new paragraphs go just before the section properties
        self.body = body
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, style: str = "", space_after: bool = False) -> etree._Element:
        element = etree.Element(W["p"])
        if style or space_after:
            properties = etree.SubElement(element, W["pPr"])
            if style:
                etree.SubElement(properties, W["pStyle"]).set(W["val"], self.style_id(style))
            if space_after:
                etree.SubElement(properties, W["spacing"]).set(W["after"], SPACE_AFTER_TWIPS)
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        return element

    @staticmethod
    def run(
        paragraph: etree._Element, text: str, *, bold: bool = False, italic: bool = False
    ) -> etree._Element:
        run = etree.SubElement(paragraph, W["r"])
        if bold or italic:
            properties = etree.SubElement(run, W["rPr"])
            if bold:
                etree.SubElement(properties, W["b"])
            if italic:
                etree.SubElement(properties, W["i"])
        if text:
            node = etree.SubElement(run, W["t"])
            node.text = xml_safe(text)
            node.set(XML_SPACE, "preserve")
        return run

    def text(self, text: str, style: str = "") -> etree._Element:
        paragraph = self.paragraph(style)
        self.run(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int) -> etree._Element:
        return self.text(text, "Title" if level == 0 else f"Heading {level}")


def _bullet(writer: _Writer, bullet: Bullet) -> None:
    writer.text(f"{bullet.text} {bullet.citation}", "List Bullet")
    for quote in bullet.quotes:
        writer.text(quote, "Quote")
    for comment in bullet.comments:
        note = writer.paragraph()
        writer.run(note, "Comment: ", bold=True)
        writer.run(note, comment, italic=True)


def build_docx(digest: Digest) -> Document:
    document = new_document()
    writer = _Writer(document)
    document.core_properties.title = xml_safe(digest.title)[:255]
    writer.heading(digest.title or "Digest", 0)
    if digest.date:
        writer.run(writer.paragraph(), digest.date, italic=True)
    for paragraph in digest.introduction:
        writer.text(paragraph)
    for section in digest.sections:
        writer.heading(section.title, min(section.level, MAX_HEADING))
        for bullet in section.bullets:
            _bullet(writer, bullet)
    if digest.references:
        writer.heading(digest.references_title, 1)
        for reference in digest.references:
            paragraph = writer.paragraph(space_after=True)
            writer.run(paragraph, reference.key, bold=True)
            etree.SubElement(writer.run(paragraph, ""), W["br"])
            writer.run(paragraph, reference.text)
    return document


def render_docx(digest: Digest) -> bytes:
    buffer = io.BytesIO()
    build_docx(digest).save(buffer)
    return buffer.getvalue()
