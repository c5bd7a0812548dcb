"""Rich text for references and citations: citeproc's HTML output as runs, with links.

citeproc-py's HTML formatter marks emphasis (`<i>`, `<b>`, `<sup>`); `runs_from_html`
reads that into `Run`s, which every renderer maps to its own markup (Markdown
emphasis, HTML tags, DOCX runs, ODT spans). `linkify` turns the DOIs and URLs in
the text into real hyperlinks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

from poemsreader.digest.model import Run

DOI_RESOLVER = "https://doi.org/"
_URL = r"https?://[^\s<>\"]*[^\s<>\".,;:)\]]"
_DOI = r"\b10\.\d{4,9}/[^\s<>\"]*[^\s<>\".,;:)\]]"
_LINKABLE = re.compile(f"(?P<url>{_URL})|(?P<doi>{_DOI})")


def doi_url(doi: str) -> str:
    """`10.1182/blood-2013` -> `https://doi.org/10.1182/blood-2013` (escaped for a URL)."""
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :].strip()
    return DOI_RESOLVER + quote(doi, safe="/:;()._-")


_FLAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "sup": "superscript"}


class _RunReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.link = ""
        self.runs: list[Run] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if href.lower().startswith(("https://", "http://")) else ""

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        if tag == "a":
            self.link = ""

    def handle_data(self, data: str) -> None:
        flags = {_FLAGS[t]: True for t in self.open if t in _FLAGS}
        self.runs.append(Run(data, link=self.link, **flags))


def merge(runs: list[Run]) -> list[Run]:
    """Neighbouring runs with the same marks joined; empty runs dropped."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and _same_marks(merged[-1], run):
            last = merged.pop()
            run = Run(last.text + run.text, run.italic, run.bold, run.superscript, run.link)
        merged.append(run)
    return merged


def _same_marks(a: Run, b: Run) -> bool:
    return (a.italic, a.bold, a.superscript, a.link) == (b.italic, b.bold, b.superscript, b.link)


def runs_from_html(html: str) -> list[Run]:
    reader = _RunReader()
    reader.feed(html)
    reader.close()
    return merge(reader.runs)


def squeeze(runs: list[Run]) -> list[Run]:
    """Whitespace collapsed across runs, the ends stripped (as `" ".join(text.split())`)."""
    out: list[Run] = []
    previous_space = True
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            previous_space = text.endswith(" ")
            out.append(Run(text, run.italic, run.bold, run.superscript, run.link))
    if out and out[-1].text.endswith(" "):
        last = out.pop()
        trimmed = last.text.rstrip(" ")
        if trimmed:
            out.append(Run(trimmed, last.italic, last.bold, last.superscript, last.link))
    return merge(out)


def linkify(runs: list[Run]) -> list[Run]:
    """Every URL and DOI in the text becomes a link (runs already linked stay as they are)."""
    out: list[Run] = []
    for run in runs:
        if run.link:
            out.append(run)
            continue
        position = 0
        for match in _LINKABLE.finditer(run.text):
            out.append(_with_text(run, run.text[position : match.start()]))
            target = match["url"] or doi_url(match["doi"])
            linked = Run(match.group(), run.italic, run.bold, run.superscript, target)
            out.append(linked)
            position = match.end()
        out.append(_with_text(run, run.text[position:]))
    return merge(out)


def _with_text(run: Run, text: str) -> Run:
    return Run(text, run.italic, run.bold, run.superscript, run.link)


def plain(runs: list[Run] | tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)
