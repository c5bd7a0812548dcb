"""The digest as a Word document with Word's own styles (python-docx).

Title, Heading 1/2/3 and List Bullet are the built-in styles, so the document
opens cleanly in Word and LibreOffice and its outline and list work there.
Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.shared import Pt

from poemsreader.digest.cleaning import xml_safe
from poemsreader.digest.model import Bullet, Digest

MAX_HEADING = 9


def _bullet(document: Document, bullet: Bullet) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(xml_safe(bullet.text) + " ")
    paragraph.add_run(xml_safe(bullet.citation))
    for quote in bullet.quotes:
        document.add_paragraph(xml_safe(quote), style="Quote")
    for comment in bullet.comments:
        note = document.add_paragraph()
        note.add_run("Comment: ").bold = True
        note.add_run(xml_safe(comment)).italic = True


def build_docx(digest: Digest) -> Document:
    document = new_document()
    document.core_properties.title = xml_safe(digest.title)[:255]
    document.add_heading(xml_safe(digest.title) or "Digest", level=0)
    if digest.date:
        document.add_paragraph(xml_safe(digest.date)).runs[0].italic = True
    for paragraph in digest.introduction:
        document.add_paragraph(xml_safe(paragraph))
    for section in digest.sections:
        document.add_heading(xml_safe(section.title), level=min(section.level, MAX_HEADING))
        for bullet in section.bullets:
            _bullet(document, bullet)
    if digest.references:
        document.add_heading(xml_safe(digest.references_title), level=1)
        for reference in digest.references:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(6)
            paragraph.add_run(xml_safe(reference.key)).bold = True
            paragraph.add_run().add_break()
            paragraph.add_run(xml_safe(reference.text))
    return document


def render_docx(digest: Digest) -> bytes:
    buffer = io.BytesIO()
    build_docx(digest).save(buffer)
    return buffer.getvalue()
