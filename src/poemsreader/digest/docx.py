"""The digest as a Word document, built on our template (resources/digest/).

Title, Heading 1…9, List Bullet and Quote are Word's own styles, so the document
opens cleanly in Word and LibreOffice and its outline and lists work there; the
template indents quotes and comments under their bullet and adds a Hyperlink
character style. References keep their style's emphasis as runs, DOIs and URLs
are real hyperlinks, citations never break across lines (no-break spaces), and
the document properties say what the file is: title, the reviewer as author,
today's date, the language. Pages are A4 or Letter as the locale (or a setting) says.

Paragraphs are written as WordprocessingML through `_Writer` rather than
`Document.add_paragraph`: python-docx looks the style up by name and searches
the body for the section properties on every call, which made a 10,000-finding
digest take minutes (quadratic); this is linear.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document as open_document
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from poemsreader.digest.cleaning import xml_safe
from poemsreader.digest.locale_defaults import PAGE_SIZES
from poemsreader.digest.model import Bullet, Digest, Reference, Run
from poemsreader.digest.templates_path import template_file

MAX_HEADING = 9
NBSP = "\u00a0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NAMES = ("p", "pPr", "pStyle", "val", "r", "rPr", "rStyle", "b", "i", "t", "vertAlign")
W = {name: qn(f"w:{name}") for name in _NAMES}
W.update(br=qn("w:br"), hyperlink=qn("w:hyperlink"), lang=qn("w:lang"), rid=qn("r:id"))


class _Writer:
    """Appends styled paragraphs (WordprocessingML) at the end of the body."""

    def __init__(self, document: Document) -> None:
        self.document = document
        body = document.element.body
        self.end = body.sectPr  # new paragraphs go just before the section properties
        self.body = body
        self.style_ids: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, style: str = "") -> etree._Element:
        element = etree.Element(W["p"])
        if style:
            properties = etree.SubElement(element, W["pPr"])
            etree.SubElement(properties, W["pStyle"]).set(W["val"], self.style_id(style))
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        return element

    def run(self, parent: etree._Element, text: str, run: Run | None = None) -> etree._Element:
        element = etree.SubElement(parent, W["r"])
        marks = run or Run("")
        if marks.link or marks.bold or marks.italic or marks.superscript:
            properties = etree.SubElement(element, W["rPr"])
            if marks.link:
                etree.SubElement(properties, W["rStyle"]).set(W["val"], self.style_id("Hyperlink"))
            if marks.bold:
                etree.SubElement(properties, W["b"])
            if marks.italic:
                etree.SubElement(properties, W["i"])
            if marks.superscript:
                etree.SubElement(properties, W["vertAlign"]).set(W["val"], "superscript")
        if text:
            node = etree.SubElement(element, W["t"])
            node.text = xml_safe(text)
            node.set(XML_SPACE, "preserve")
        return element

    def rich(self, paragraph: etree._Element, runs: tuple[Run, ...] | list[Run]) -> None:
        """Runs in order; neighbouring runs with one link share one w:hyperlink."""
        link: etree._Element | None = None
        target = ""
        for run in runs:
            if run.link and run.link != target:
                link, target = self.hyperlink(paragraph, run.link), run.link
            elif not run.link:
                link, target = None, ""
            self.run(link if link is not None else paragraph, run.text, run)

    def hyperlink(self, paragraph: etree._Element, url: str) -> etree._Element:
        if url not in self.links:
            self.links[url] = self.document.part.relate_to(
                url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            )
        link = etree.SubElement(paragraph, W["hyperlink"])
        link.set(W["rid"], self.links[url])
        return link

    def text(self, text: str, style: str = "") -> etree._Element:
        paragraph = self.paragraph(style)
        self.run(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int) -> etree._Element:
        return self.text(text, "Title" if level == 0 else f"Heading {level}")


def citation_runs(bullet: Bullet) -> list[Run]:
    """The citation with no-break spaces, linked to the passage when there is a link."""
    if not bullet.pieces:
        return [Run(bullet.citation.replace(" ", NBSP), link=bullet.web_link)]
    return [
        Run(p.text.replace(" ", NBSP), superscript=p.superscript, link=bullet.web_link)
        for p in bullet.pieces
    ]


def _bullet(writer: _Writer, bullet: Bullet) -> None:
    item = writer.paragraph("List Bullet")
    writer.run(item, f"{bullet.text}{bullet.joiner}")
    writer.rich(item, citation_runs(bullet))
    for quote in bullet.quotes:
        writer.text(quote, "Quote")
    for comment in bullet.comments:
        note = writer.paragraph("Finding Comment")
        writer.run(note, "Comment: ", Run("", bold=True))
        writer.run(note, comment, Run("", italic=True))


def _reference(writer: _Writer, reference: Reference, numbered: bool) -> None:
    paragraph = writer.paragraph("Reference")
    if numbered:
        writer.run(paragraph, f"{reference.label}\t")
    elif reference.label:
        writer.run(paragraph, reference.label, Run("", bold=True))
        etree.SubElement(writer.run(paragraph, ""), W["br"])
    writer.rich(paragraph, reference.rich())


def _page_and_language(document: Document, digest: Digest) -> None:
    size = PAGE_SIZES[digest.paper]
    for section in document.sections:
        section.page_width, section.page_height = Mm(size.width_mm), Mm(size.height_mm)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = (
        None if defaults is None else defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    )
    if run_properties is None:
        return
    language = run_properties.find(W["lang"])
    if language is None:
        language = etree.SubElement(run_properties, W["lang"])
    language.set(W["val"], digest.language)


def _properties(document: Document, digest: Digest) -> None:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.title = xml_safe(digest.title)[:255]
    properties.author = properties.last_modified_by = xml_safe(digest.author)[:255]
    properties.language = digest.language
    properties.subject = "Digest of findings"
    properties.comments = ""
    properties.created = properties.modified = now
    properties.revision = 1


def build_docx(digest: Digest) -> Document:
    document = open_document(str(template_file("digest-template.docx")))
    _page_and_language(document, digest)
    _properties(document, digest)
    writer = _Writer(document)
    writer.heading(digest.title or "Digest", 0)
    if digest.date:
        writer.run(writer.paragraph(), digest.date, Run("", italic=True))
    for paragraph in digest.introduction:
        writer.text(paragraph)
    for section in digest.sections:
        writer.heading(section.title, min(section.level, MAX_HEADING))
        if section.subtitle:
            writer.rich(writer.paragraph(), section.subtitle)
        for bullet in section.bullets:
            _bullet(writer, bullet)
    if digest.references:
        writer.heading(digest.references_title, 1)
        for reference in digest.references:
            _reference(writer, reference, digest.numbered)
    return document


def render_docx(digest: Digest) -> bytes:
    buffer = io.BytesIO()
    build_docx(digest).save(buffer)
    return buffer.getvalue()
