"""The digest as plain data: what the store loads, the options, what renderers draw.

`DigestData` is what `services/digest_source.py` reads from the library (findings
grouped by topic in the reviewer's order). `assemble.build_digest` turns it and
`DigestOptions` into a `Digest`: sections of bullets, each ending in its
citation, then the references. Renderers only ever see a `Digest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from poemsreader.core.citations import Citation
from poemsreader.core.model import ArticleRecord

FORMATS = ("md", "html", "docx", "odt")
STYLES = ("house", "vancouver", "ama", "ieee", "apa")
STYLE_LABELS = {
    "house": "House style",
    "vancouver": "Vancouver (NLM)",
    "ama": "AMA 11th edition",
    "ieee": "IEEE",
    "apa": "APA 7th edition",
}
PAPER_SIZES = ("a4", "letter")
UNFILED = "Other findings"


@dataclass(frozen=True)
class ArticleEntry:
    """An article as the digest needs it: its key and its reference."""

    id: int
    key: str
    uuid: str
    record: ArticleRecord


@dataclass(frozen=True)
class FindingEntry:
    """One finding, with the printed pages of its passage already resolved."""

    uuid: str
    article_id: int
    statement: str
    quote: str = ""
    comment: str = ""
    status: str = "new"
    tags: tuple[str, ...] = ()
    reviewer: str = ""
    page_index: int | None = None  # first anchored page (PDF index), None: whole article
    pages: tuple[str, ...] = ()  # printed labels of the pages its anchors cover
    orphan: bool = False  # not found in this library's copy: its pages are a collaborator's


@dataclass
class TopicGroup:
    """The findings of one topic, in the reviewer's order; `depth` 0 = a root topic."""

    topic_id: int | None  # None: findings filed under no topic
    name: str
    path: str
    depth: int
    findings: list[FindingEntry] = field(default_factory=list)


@dataclass
class DigestData:
    title: str
    date: str
    introduction: str
    groups: list[TopicGroup]
    articles: dict[int, ArticleEntry]  # every article of the library, by id
    author: str = ""  # the reviewer's name: the documents' author


@dataclass(frozen=True)
class DigestFilter:
    """Which findings go into the digest (empty = no restriction)."""

    articles: tuple[str, ...] = ()  # citation keys
    topics: tuple[str, ...] = ()  # topic paths; a topic brings its sub-topics
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()  # reviewer ids or names
    since: date | None = None  # created on or after
    until: date | None = None  # created on or before


@dataclass(frozen=True)
class DigestOptions:
    quotes: bool = False  # the quoted passage under each bullet
    comments: bool = False  # the reviewer's private comments (off by default)
    by_article: bool = False  # one section per article instead of per topic
    all_references: bool = False  # also list articles no finding cites
    style: str = "house"  # house | vancouver | apa
    links: bool = False  # also a poemsreader:// link to each passage (HTML, Markdown)
    title: str = ""  # overrides the library's digest title
    paper: str = ""  # a4 | letter; "" = the locale's
    language: str = ""  # BCP 47 tag ("en-GB"); "" = the locale's


@dataclass(frozen=True)
class Run:
    """A stretch of rich text: what citeproc's HTML output and links map to."""

    text: str
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    link: str = ""  # an https:// URL (a DOI resolver or the article's URL)


@dataclass(frozen=True)
class CitationPiece:
    """Part of an in-text citation; `key` names the reference it points to ("" = punctuation)."""

    text: str
    key: str = ""
    superscript: bool = False


@dataclass
class Bullet:
    text: str
    citation: str  # "(Humeniuk 2013 p.72)" or "(Royer 2013; Zagouri 2014)"
    keys: tuple[str, ...]
    finding_uuids: tuple[str, ...]
    link: str = ""  # poemsreader://open?… of the first finding (with --links)
    web_link: str = ""  # the passage for a colleague without the app: URL#page=N or the DOI
    pieces: list[CitationPiece] = field(default_factory=list)  # the citation, linkable
    cited: list[Citation] = field(default_factory=list)  # what the citation is made from
    anchors: tuple[str, ...] = ()  # an id per finding (finding-<uuid>)

    @property
    def joiner(self) -> str:
        """What goes between statement and citation: a space, none before a superscript (AMA)."""
        superscript = bool(self.pieces) and all(p.superscript for p in self.pieces)
        return "" if superscript or not self.citation else " "

    quotes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    level: int  # 1 for a root topic (or an article), 2 for a sub-topic…
    bullets: list[Bullet] = field(default_factory=list)
    subtitle: list[Run] = field(default_factory=list)  # by article: the title and citation


@dataclass(frozen=True)
class Reference:
    key: str
    text: str
    runs: tuple[Run, ...] = ()  # the same text, with emphasis and links
    label: str = ""  # shown before it: the key (house style), "1." (numeric), "" (APA)
    anchor: str = ""  # the id citations link to

    def rich(self) -> tuple[Run, ...]:
        return self.runs or (Run(self.text),)


@dataclass
class Digest:
    title: str
    date: str
    introduction: list[str]  # paragraphs
    sections: list[Section]
    references: list[Reference]
    references_title: str = "References"
    author: str = ""
    language: str = "en-US"
    paper: str = "a4"
    numbered: bool = False  # the references are numbered in order of first citation

    @property
    def bullet_count(self) -> int:
        return sum(len(s.bullets) for s in self.sections)

    @property
    def finding_count(self) -> int:
        """Distinct findings: one filed under two topics counts once."""
        return len({u for s in self.sections for b in s.bullets for u in b.finding_uuids})
