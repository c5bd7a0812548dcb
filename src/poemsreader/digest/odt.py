"""The digest as an OpenDocument text (odfpy), built on our template (resources/digest/).

Headings are `text:h` with their outline level (as deep as the topics go) and the
template's "Heading 1…6" styles; bullets are a `text:list` with a bullet list
style, quotes and comments inside their list item, so LibreOffice's navigator
and list tools see them. References keep their style's emphasis as spans, DOIs
and URLs are `text:a` links, citations hold no-break spaces. The metadata gives
the title, the reviewer as creator, today's date and the language; the page is
A4 or Letter as the locale (or a setting) says. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from odf import dc, meta
from odf import style as st
from odf import text as tx
from odf.opendocument import OpenDocumentText
from odf.opendocument import load as load_odt

from poemsreader.digest.cleaning import xml_safe
from poemsreader.digest.docx import NBSP
from poemsreader.digest.locale_defaults import PAGE_SIZES
from poemsreader.digest.model import Bullet, Digest, Reference, Run
from poemsreader.digest.templates_path import template_file

BULLET_LIST = "Bullet_20_list"
TEMPLATE_HEADINGS = 6  # the template styles Heading 1…6; deeper levels keep their outline level
MAX_OUTLINE = 10


def _span(run: Run) -> tx.Span | tx.A | str:
    text = xml_safe(run.text)
    style = "Strong" if run.bold else "Emphasis" if run.italic else ""
    style = "Superscript" if run.superscript else style
    node: object = tx.Span(stylename=style, text=text) if style else text
    if run.link:
        link = tx.A(href=run.link, type="simple", stylename="Internet_20_link")
        if isinstance(node, str):
            link.addText(node)
        else:
            link.addElement(node)
        return link
    return node


def rich_paragraph(style: str, runs: tuple[Run, ...] | list[Run], lead: str = "") -> tx.P:
    paragraph = tx.P(stylename=style)
    if lead:
        paragraph.addText(xml_safe(lead))
    for run in runs:
        node = _span(run)
        if isinstance(node, str):
            paragraph.addText(node)
        else:
            paragraph.addElement(node)
    return paragraph


def _citation_runs(bullet: Bullet) -> list[Run]:
    pieces = bullet.pieces or []
    if not pieces:
        return [Run(bullet.citation.replace(" ", NBSP), link=bullet.web_link)]
    return [
        Run(p.text.replace(" ", NBSP), superscript=p.superscript, link=bullet.web_link)
        for p in pieces
    ]


def _bullet_item(bullet: Bullet) -> tx.ListItem:
    item = tx.ListItem()
    lead = f"{bullet.text}{bullet.joiner}"
    item.addElement(rich_paragraph("List_20_Bullet", _citation_runs(bullet), lead))
    for quote in bullet.quotes:
        item.addElement(tx.P(stylename="Quotations", text=xml_safe(quote)))
    for comment in bullet.comments:
        note = tx.P(stylename="Text_20_body")
        note.addElement(tx.Span(stylename="Strong", text="Comment: "))
        note.addText(xml_safe(comment))
        item.addElement(note)
    return item


def _heading(title: str, level: int) -> tx.H:
    outline = max(1, min(level, MAX_OUTLINE))
    style = f"Heading_20_{min(outline, TEMPLATE_HEADINGS)}"
    return tx.H(outlinelevel=outline, stylename=style, text=xml_safe(title))


def _reference(reference: Reference, numbered: bool) -> list[tx.P]:
    if numbered:
        return [rich_paragraph("Reference", reference.rich(), f"{reference.label} ")]
    if reference.label:
        return [
            tx.P(stylename="Reference_20_Key", text=xml_safe(reference.label)),
            rich_paragraph("Text_20_body", reference.rich()),
        ]
    return [rich_paragraph("Reference", reference.rich())]


def _page_size(doc: OpenDocumentText, paper: str) -> None:
    size = PAGE_SIZES[paper]
    for layout in doc.automaticstyles.getElementsByType(st.PageLayout):
        for properties in layout.getElementsByType(st.PageLayoutProperties):
            properties.setAttribute("pagewidth", f"{size.width_mm / 10:g}cm")
            properties.setAttribute("pageheight", f"{size.height_mm / 10:g}cm")


def _metadata(doc: OpenDocumentText, digest: Digest) -> None:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    doc.meta.addElement(dc.Title(text=xml_safe(digest.title) or "Digest"))
    doc.meta.addElement(dc.Language(text=digest.language))
    doc.meta.addElement(dc.Subject(text="Digest of findings"))
    if digest.author:
        doc.meta.addElement(meta.InitialCreator(text=xml_safe(digest.author)))
        doc.meta.addElement(dc.Creator(text=xml_safe(digest.author)))
    doc.meta.addElement(meta.CreationDate(text=now))
    doc.meta.addElement(dc.Date(text=now))


def build_odt(digest: Digest) -> OpenDocumentText:
    doc = load_odt(str(template_file("digest-template.odt")))
    _page_size(doc, digest.paper)
    _metadata(doc, digest)
    body = doc.text
    body.addElement(tx.P(stylename="Title", text=xml_safe(digest.title) or "Digest"))
    if digest.date:
        body.addElement(tx.P(stylename="Text_20_body", text=xml_safe(digest.date)))
    for paragraph in digest.introduction:
        body.addElement(tx.P(stylename="Text_20_body", text=xml_safe(paragraph)))
    for section in digest.sections:
        body.addElement(_heading(section.title, section.level))
        if section.subtitle:
            body.addElement(rich_paragraph("Text_20_body", section.subtitle))
        if section.bullets:
            bullets = tx.List(stylename=BULLET_LIST)
            for bullet in section.bullets:
                bullets.addElement(_bullet_item(bullet))
            body.addElement(bullets)
    if digest.references:
        body.addElement(_heading(digest.references_title, 1))
        for reference in digest.references:
            for paragraph in _reference(reference, digest.numbered):
                body.addElement(paragraph)
    return doc


def render_odt(digest: Digest) -> bytes:
    buffer = io.BytesIO()
    build_odt(digest).write(buffer)
    return buffer.getvalue()
