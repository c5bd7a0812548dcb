"""Untrusted text in every field: the HTML escapes it, the Markdown stays well-formed,
DOCX and ODT drop what XML cannot hold."""

from __future__ import annotations

import html
import io
import re

import pytest
from docx import Document as open_docx
from odf import teletype
from odf.opendocument import load as load_odt

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.digest.assemble import build_digest
from poemsreader.digest.cleaning import markdown_inline
from poemsreader.digest.export import render
from poemsreader.digest.model import (
    ArticleEntry,
    DigestData,
    DigestOptions,
    FindingEntry,
    TopicGroup,
)

HOSTILE = [
    "<script>alert('x')</script> & \"quoted\" 'single'",
    "*bold* _em_ [link](http://evil) <b>tag</b> # not a heading | pipe ~strike~ `code` \\ !",
    "# Heading at start",
    "- not a list item",
    "1. not an ordered item",
    "> not a quote",
    "&amp; &copy; &#65; stay literal",
    "NUL\x00 and BEL\x07 vanish",
    "עברית RTL text مع العربية",
    "line one\n\n- line two\n    indented code",
]
HUGE = "x" * 1_000_000


def hostile_data() -> DigestData:
    record = ArticleRecord(
        title="<i>Title</i> & *stars*\x00",
        authors=[Author("O'Brien <Sr>", "A"), Author("*Star*", "B")],
        year=2013,
        journal="J & <J>",
        volume="1",
        pages="1-2",
        published="2013-03",
    )
    article = ArticleEntry(1, "O'Brien <Sr> 2013", "uuid-1", record)
    findings = [
        FindingEntry(f"f{n}", 1, text, quote=text, comment=text, page_index=0, pages=("7",))
        for n, text in enumerate([*HOSTILE, HUGE])
    ]
    group = TopicGroup(1, "<Topic> & *name* #", "<Topic> & *name* #", 0, findings)
    return DigestData(
        title="<script>t()</script> & *Title*",
        date="1 <May> 2014",
        introduction="Intro with <b>html</b> & [link](x)\n\nSecond | paragraph\x00",
        groups=[group],
        articles={1: article},
    )


def visible(text: str) -> str:
    """What the reader should see: controls gone, whitespace collapsed."""
    return " ".join(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).split())


OPTIONS = DigestOptions(quotes=True, comments=True, links=True)


def test_html_escapes_everything() -> None:
    output = render(build_digest(hostile_data(), OPTIONS), "html").decode()
    assert "<script>" not in output and "<b>" not in output and "<i>" not in output
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;" in output
    assert "&amp;amp; &amp;copy;" in output
    assert "\x00" not in output and "\x07" not in output
    assert "עברית RTL text مع العربية" in output and 'dir="auto"' in output
    assert HUGE in output
    body = re.sub(r"<style>.*?</style>", "", output, flags=re.S)
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", body))
    assert tags <= {
        "html", "head", "meta", "title", "body", "header", "h1", "p", "section", "h2", "ul",
        "li", "span", "a", "blockquote", "strong", "dl", "dt", "dd",
    }  # fmt: skip


def test_markdown_escapes_each_control_character() -> None:
    assert markdown_inline("*a* _b_ [c] <d> #e |f| \\g `h` ~i~ &j !k") == (
        r"\*a\* \_b\_ \[c\] \<d\> \#e \|f\| \\g \`h\` \~i\~ \&j \!k"
    )
    assert markdown_inline("- item") == r"\- item"
    assert markdown_inline("+ item") == r"\+ item"
    assert markdown_inline("12. item") == r"12\. item"
    assert markdown_inline("3) item") == r"3\) item"
    assert markdown_inline("=== ") == r"\==="
    assert markdown_inline("a\n\n- b\x00") == r"a - b"


def test_markdown_stays_well_formed_commonmark() -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="no CommonMark parser installed")
    source = render(build_digest(hostile_data(), OPTIONS), "md").decode()
    assert "\x00" not in source
    parsed = markdown_it.MarkdownIt("commonmark").render(source)
    # Structure: exactly the headings and the list we wrote, nothing injected.
    assert re.findall(r"<(h\d)>", parsed) == ["h1", "h2", "h2"]
    assert parsed.count("<ul>") == 1 and "<ol" not in parsed and "<code>" not in parsed
    assert "<script>" not in parsed and "<b>" not in parsed and "<strike" not in parsed
    assert parsed.count("<em>") == parsed.count("<em>Comment:</em>") == len(HOSTILE) + 1
    items = re.findall(r"<li>\s*(?:<p>)?(.*?)(?=</p>|\n|</li>)", parsed, flags=re.S)
    expected_texts = [visible(t) for t in [*HOSTILE, HUGE]]
    assert len(items) == len(expected_texts)
    for item, text in zip(items, expected_texts, strict=True):
        shown = re.sub(r' <a href="poemsreader:[^>]*>open in poemsreader</a>$', "", item)
        shown = re.sub(r"<a href=[^>]*>(.*?)</a>", r"\1", shown)
        assert html.unescape(shown) == f"{text} (O'Brien <Sr> 2013 p.7)"


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_formats_drop_what_xml_cannot_hold(fmt: str) -> None:
    data = render(build_digest(hostile_data(), OPTIONS), fmt)
    if fmt == "docx":
        texts = [p.text for p in open_docx(io.BytesIO(data)).paragraphs]
    else:
        document = load_odt(io.BytesIO(data))
        texts = [teletype.extractText(p) for p in document.text.childNodes]
    joined = "\n".join(texts)
    assert "NUL and BEL vanish" in joined
    assert "<script>alert('x')</script>" in joined and "עברית RTL text" in joined
    assert HUGE in joined
