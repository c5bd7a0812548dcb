"""Reading an exported digest back with each format's own library: (headings, bullets, refs).

Each reader returns the section headings in order, the bullets of each section
and the references as (key, text) pairs, so one assertion checks every format.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from docx import Document as open_docx
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load as load_odt

Read = tuple[list[str], dict[str, list[str]], list[tuple[str, str]]]


def read_markdown(source: str) -> Read:
    headings, bullets, refs = [], {}, []
    lines = source.splitlines()
    in_refs = False
    for n, line in enumerate(lines):
        if line.startswith("## "):
            title = line[3:]
            in_refs = title == "References"
            headings.append(title)
            bullets[title] = []
        elif line.startswith("- "):
            text = re.sub(r" \[open in poemsreader\]\(<[^>]*>\)$", "", line[2:])
            text = re.sub(r"\[(\(.*\))\]\(<[^>]*>\)$", r"\1", text)
            bullets[headings[-1]].append(text.replace("\\", ""))
        elif in_refs and line.startswith("**") and line.endswith("**\\"):
            refs.append((line[2:-3], lines[n + 1].replace("\\", "")))
    return headings, bullets, refs


class _HtmlDigest(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.headings: list[str] = []
        self.bullets: dict[str, list[str]] = {}
        self.refs: list[list[str]] = []
        self.text = ""
        self.skipping = 0  # inside a passage link: not part of the bullet's text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)
        if tag == "a" and "passage" in (dict(attrs).get("class") or ""):
            self.skipping = len(self.stack)
        if tag in ("h2", "h3", "li", "dt", "dd"):
            self.text = ""

    def handle_endtag(self, tag: str) -> None:
        if self.skipping == len(self.stack):
            self.skipping = 0
        self.stack.pop()
        text = " ".join(self.text.split())
        if tag in ("h2", "h3"):
            self.headings.append(text)
            self.bullets[text] = []
        elif tag == "li":
            self.bullets[self.headings[-1]].append(text)
        elif tag == "dt":
            self.refs.append([text])
        elif tag == "dd":
            self.refs[-1].append(text)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if "blockquote" not in self.stack and "p" not in self.stack[-1:]:
            self.text += data


def read_html(source: str) -> Read:
    parser = _HtmlDigest()
    parser.feed(source)
    parser.close()
    return parser.headings, parser.bullets, [(k, t) for k, t in parser.refs]


def read_docx(data: bytes) -> Read:
    document = open_docx(io.BytesIO(data))
    headings, bullets, refs = [], {}, []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style in ("Heading 1", "Heading 2"):
            headings.append(paragraph.text)
            bullets[paragraph.text] = []
        elif style == "List Bullet":
            bullets[headings[-1]].append(paragraph.text.replace("\xa0", " "))
        elif headings and headings[-1] == "References" and "\n" in paragraph.text:
            key, text = paragraph.text.split("\n", 1)
            refs.append((key, text))
    return headings, bullets, refs


def read_odt(data: bytes) -> Read:
    document = load_odt(io.BytesIO(data))
    headings, bullets, refs = [], {}, []
    key = None
    for element in document.text.childNodes:
        name = element.qname[1]
        if name == "h":
            title = teletype.extractText(element)
            headings.append(title)
            bullets[title] = []
        elif name == "list":
            for item in element.getElementsByType(odf_text.ListItem):
                first = item.getElementsByType(odf_text.P)[0]
                bullets[headings[-1]].append(teletype.extractText(first).replace("\xa0", " "))
        elif name == "p" and headings and headings[-1] == "References":
            style = element.getAttribute("stylename")
            if style == "Reference_20_Key":
                key = teletype.extractText(element)
            elif key is not None:
                refs.append((key, teletype.extractText(element)))
                key = None
    return headings, bullets, refs
