"""Full references: the house style of the example digest, or a CSL style.

House style (the reviewer's own, as in the digest written by hand):
`Humeniuk MS, Gertz MA. 'Outcomes of … radiation.' Blood 122 (4 July 2013) 68-73.`
followed by the DOI as a link. CSL styles (Vancouver, AMA, IEEE, APA, or a `.csl`
file) are formatted by citeproc-py's HTML formatter, so their italics survive as
`Run`s; a parsed style is cached, since parsing is the slow part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from poemsreader.bib.records import iso_date
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord
from poemsreader.core.page_ranges import expand_page_range
from poemsreader.digest.model import ArticleEntry, Reference, Run
from poemsreader.digest.rich import doi_url, linkify, plain, runs_from_html, squeeze

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle  # imported when a style is first needed

CSL_DIR = Path(__file__).with_name("csl")
CSL_FILES = {
    "vancouver": "vancouver-nlm.csl",
    "ama": "american-medical-association.csl",
    "ieee": "ieee.csl",
    "apa": "apa.csl",
}
CSL_NS = "{http://purl.org/net/xbiblio/csl}"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def house_date(published: str, year: int | None) -> str:
    """'2013-07-04' or '2013 Jul 4' -> '4 July 2013'; '2013-03' -> 'Mar 2013'; else the year
    (or the text as written when it holds no date we can read, like 'Winter 2013')."""
    text = published.strip()
    match = _ISO_DATE.match(iso_date(text)) if text else None
    if not match:
        return text or (str(year) if year else "")
    y, m, d = match.groups()
    if m is None or not 1 <= int(m) <= 12:
        return y if _ISO_DATE.match(text) else text
    month = MONTHS[int(m) - 1]
    return f"{int(d)} {month} {y}" if d else f"{month} {y}"


def house_authors(record: ArticleRecord) -> str:
    names = [" ".join(f"{a.family} {a.initials()}".split()) for a in record.authors]
    return ", ".join(n for n in names if n)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".?!" else text + "."


def house_pages(pages: str) -> str:
    """One spelling of a page range, in full: '68–73', '68 - 73' -> '68-73'; '6913-7' ->
    '6913-6917'."""
    return expand_page_range(re.sub(r"\s*[-‐‑‒–—]\s*", "-", " ".join(pages.split())))


def house_runs(record: ArticleRecord) -> list[Run]:
    """The house reference, then the DOI as a link."""
    runs = [Run(house_reference(record))]
    if record.doi.strip():
        link = doi_url(record.doi)
        runs += [Run(" "), Run(link, link=link)]
    elif record.url.strip().lower().startswith(("https://", "http://")):
        runs += [Run(" "), Run(record.url.strip(), link=record.url.strip())]
    return [r for r in runs if r.text]


def reference_anchor(key: str) -> str:
    """'Li 2013a' -> 'ref-li-2013a': an HTML id a citation links to."""
    return "ref-" + (re.sub(r"[\W_]+", "-", key.casefold()).strip("-") or "x")


def house_reference(record: ArticleRecord) -> str:
    """One reference in the house style (see the module docstring)."""
    parts = []
    authors = house_authors(record)
    if authors:
        parts.append(_sentence(authors))
    if record.title.strip():
        parts.append(f"'{_sentence(record.title)}'")
    when = house_date(record.published, record.year)
    source = " ".join(record.journal.split())
    if record.volume:
        source = f"{source} {record.volume}".strip()
        if when:
            source += f" ({when})"
    elif when:
        source = f"{source} {when}".strip()
    if record.pages:
        source = f"{source} {house_pages(record.pages)}".strip()
    if source:
        parts.append(_sentence(source))
    return " ".join(parts)


def csl_item(item_id: str, record: ArticleRecord) -> dict:
    """The CSL-JSON form of a record (what citeproc-py reads)."""
    item: dict = {"id": item_id, "type": "article-journal", "title": record.title}
    item["author"] = [{"family": a.family, "given": a.given} for a in record.authors]
    for name, value in (
        ("container-title", record.journal),
        ("volume", record.volume),
        ("issue", record.issue),
        ("page", expand_page_range(record.pages)),
        ("DOI", record.doi),
        ("PMID", record.pmid),
        ("URL", record.url if record.url.lower().startswith(("https://", "http://")) else ""),
    ):
        if value:
            item[name] = value
    match = _ISO_DATE.match(record.published.strip())
    parts = [int(p) for p in match.groups() if p] if match else []
    if not parts and record.year:
        parts = [record.year]
    if parts:
        item["issued"] = {"date-parts": [parts]}
    return item


def independent_style_file(path: Path) -> Path:
    """A dependent style only names its parent (`independent-parent`): use the parent."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    for link in root.iter(f"{CSL_NS}link"):
        if link.get("rel") == "independent-parent":
            name = link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
            return independent_style_file(path.with_name(f"{name}.csl"))
    return path


@lru_cache(maxsize=4)
def load_style(style: str) -> CitationStylesStyle:
    """The parsed CSL style (cached: parsing dominates small bibliographies)."""
    from citeproc import CitationStylesStyle

    path = style_path(style)
    try:
        return CitationStylesStyle(str(independent_style_file(path)), validate=False)
    except Exception as error:  # citeproc raises bare errors for a file that is not CSL
        raise InvalidInput(f"{path.name}: not a CSL style ({error}).") from error


def style_path(style: str) -> Path:
    """A built-in style's file, or a `.csl` file the reviewer names."""
    if style in CSL_FILES:
        return CSL_DIR / CSL_FILES[style]
    if style.lower().endswith(".csl") and Path(style).is_file():
        return Path(style)
    names = ", ".join(("house", *CSL_FILES))
    raise InvalidInput(f"Unknown reference style {style!r}; use {names} or a .csl file.")


_NUMBER_PREFIX = re.compile(r"^\s*\[?\d+[.\]]\s*")
# citeproc-py drops the locale's date delimiter in NLM dates ("2013Mar"): put it back.
_GLUED_DATE = re.compile(r"\b(\d{4})([A-Z][a-z]{2,3})(\d{1,2})?(?=[;:.,\s]|$)")


def _unglue_date(text: str) -> str:
    """'2013Jul4;' -> '2013 Jul 4;'."""
    return _GLUED_DATE.sub(lambda m: " ".join(p for p in m.groups() if p), text)


def year_suffixes(articles: Sequence[ArticleEntry]) -> dict[str, str]:
    """'a', 'b'… for articles with the same authors and year, in key order.

    citeproc-py does not disambiguate by itself; author-date styles print the
    `year-suffix` variable when an item carries it.
    """
    groups: dict[tuple, list[ArticleEntry]] = {}
    for entry in articles:
        names = tuple((a.family.casefold(), a.initials()) for a in entry.record.authors)
        groups.setdefault((names, entry.record.year), []).append(entry)
    suffixes: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            for n, entry in enumerate(sorted(group, key=lambda e: (e.key.casefold(), e.key))):
                suffixes[entry.key] = chr(ord("a") + n) if n < 26 else str(n + 1)
    return suffixes


CSL_CHUNK = 100  # citeproc-py's bibliography cost grows faster than linearly


def _csl_chunk(items: list[dict], style: str) -> dict[str, list[Run]]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(
        load_style(style), CiteProcJSON(items), formatter.html
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries: dict[str, list[Run]] = {}
    for item, rendered in zip(bibliography.items, bibliography.bibliography(), strict=True):
        runs = squeeze(runs_from_html(str(rendered)))
        entries[item.key] = linkify(squeeze(_without_number(runs, style)))
    return entries


def _without_number(runs: list[Run], style: str) -> list[Run]:
    """The list's own '1.' or '[1]' dropped (the digest numbers it); NLM dates unglued."""
    out = []
    for index, run in enumerate(runs):
        text = _NUMBER_PREFIX.sub("", run.text) if index == 0 else run.text
        if style == "vancouver":
            text = _unglue_date(text)
        out.append(Run(text, run.italic, run.bold, run.superscript, run.link))
    return out


def csl_entries(
    articles: Sequence[ArticleEntry], style: str, ids: dict[str, str], suffixes: dict[str, str]
) -> dict[str, list[Run]]:
    """Each article's entry (rich), by key. Items go through citeproc-py in chunks:
    the order and numbering it gives are not used, and the year suffixes are
    computed over all articles first, so chunking changes no text."""
    items = []
    for entry in articles:
        item = csl_item(ids[entry.key], entry.record)
        if entry.key in suffixes:
            item["year-suffix"] = suffixes[entry.key]
        items.append(item)
    runs: dict[str, list[Run]] = {}
    for start in range(0, len(items), CSL_CHUNK):
        runs.update(_csl_chunk(items[start : start + CSL_CHUNK], style))
    return {entry.key: runs.get(ids[entry.key].lower(), []) for entry in articles}


def csl_references(articles: Sequence[ArticleEntry], style: str) -> list[Reference]:
    """Each reference formatted by citeproc-py, in the order given, unnumbered."""
    from poemsreader.digest.citing import StyledCiting

    return StyledCiting(articles, style).references()


def format_references(articles: Sequence[ArticleEntry], style: str = "house") -> list[Reference]:
    """The references of `articles`, in the order given (the digest sorts by key)."""
    if style == "house":
        return [
            Reference(a.key, plain(runs), tuple(runs), a.key, reference_anchor(a.key))
            for a in articles
            for runs in [house_runs(a.record)]
        ]
    if not articles:
        load_style(style)  # still reject an unknown style
        return []
    return csl_references(articles, style)
