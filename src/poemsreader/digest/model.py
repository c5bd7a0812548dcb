"""The digest as plain data: what the store loads, the options, what renderers draw.

`DigestData` is what `store/digest_source.py` reads from the library (findings
grouped by topic in the reviewer's order). `assemble.build_digest` turns it and
`DigestOptions` into a `Digest`: sections of bullets, each ending in its
citation, then the references. Renderers only ever see a `Digest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from poemsreader.core.model import ArticleRecord

FORMATS = ("md", "html", "docx", "odt")
STYLES = ("house", "vancouver", "apa")
STYLE_LABELS = {"house": "House style", "vancouver": "Vancouver (NLM)", "apa": "APA 7th edition"}
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
    links: bool = False  # each citation links back to its passage (HTML, Markdown)


@dataclass
class Bullet:
    text: str
    citation: str  # "(Humeniuk 2013 p.72)" or "(Royer 2013; Zagouri 2014)"
    keys: tuple[str, ...]
    finding_uuids: tuple[str, ...]
    link: str = ""  # poemsreader://open?… of the first finding
    quotes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    level: int  # 1 for a root topic (or an article), 2 for a sub-topic…
    bullets: list[Bullet] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    key: str
    text: str


@dataclass
class Digest:
    title: str
    date: str
    introduction: list[str]  # paragraphs
    sections: list[Section]
    references: list[Reference]
    references_title: str = "References"

    @property
    def bullet_count(self) -> int:
        return sum(len(s.bullets) for s in self.sections)
