"""The annotation file: one JSON document a reviewer sends to collaborators.

Findings are W3C Web Annotations (https://www.w3.org/TR/annotation-model/), articles
are CSL-JSON items, and what those standards lack (topics with their order, status,
quads, comment, colour) sits in a versioned `poemsreader` extension object. The
file never carries a path from the sender's machine.

Every string is length-capped and every list size-capped, so a hostile file is
refused quickly instead of being parsed into memory for minutes. `docs/annotation-file.md`
describes the format for people writing one by hand.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

FORMAT_VERSION = 1
VERSION_KEY = "poemsreader_annotations"
W3C_CONTEXT: Final = "http://www.w3.org/ns/anno.jsonld"
EXTENSION_NS = "https://poemsreader.org/ns/annotations/1"
PAGE_FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3778"

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_FINDINGS = 20_000
MAX_ARTICLES = 10_000
MAX_TOMBSTONES = 200_000
MAX_REVIEWERS = 1_000
MAX_TOPICS = 10_000
MAX_ANCHORS = 50
MAX_QUADS = 2_000
MAX_BODIES = 200
MAX_PAGES = 5_000
MAX_AUTHORS = 2_000
MAX_SHORT = 500  # names, ids, colours, keys
MAX_CONTEXT = 2_000  # prefix / suffix
MAX_TEXT = 100_000  # statements, quotes, comments, abstracts

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
URN_UUID = re.compile(rf"^urn:uuid:({_UUID})$")
HEX_COLOUR = r"^(#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?)?$"


def _no_control(value: str) -> str:
    """Control characters (NUL, escape…) never reach the library: they are dropped."""
    return _CONTROL.sub("", value)


def _in_utc_range(value: datetime) -> datetime:
    """A time that has a UTC spelling (0001-01-01T00:00:00+14:00 has none): refused otherwise."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the date is out of range (before year 1 or after 9999 in UTC)") from None
    return value


def _topic_path(value: str) -> str:
    """A topic path names at least one topic ('/' or ' / ' names none)."""
    if not any(part.strip() for part in value.split("/")):
        raise ValueError("a topic path needs a name (Treatment/Radiation)")
    return value


Short = Annotated[str, StringConstraints(max_length=MAX_SHORT), AfterValidator(_no_control)]
Time = Annotated[AwareDatetime, AfterValidator(_in_utc_range)]
TopicPath = Annotated[Short, AfterValidator(_topic_path)]
Context = Annotated[str, StringConstraints(max_length=MAX_CONTEXT), AfterValidator(_no_control)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_no_control)]
UrnUuid = Annotated[str, StringConstraints(pattern=URN_UUID.pattern, max_length=45)]
Colour = Annotated[str, StringConstraints(pattern=HEX_COLOUR)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
HexId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{0,128}$")]
Status = Literal["new", "reinforces", "contradicts", "open question"]


def uuid_of(urn: str) -> str:
    """'urn:uuid:ABC…' -> 'abc…' (the bare, lower-case uuid)."""
    match = URN_UUID.match(urn)
    if match is None:
        raise ValueError(f"not a urn:uuid: {urn[:60]!r}")
    return match.group(1).lower()


def urn(uuid: str) -> str:
    return f"urn:uuid:{uuid}"


class Strict(BaseModel):
    """Unknown keys are ignored (a newer minor writer may add some); types are strict."""

    model_config = ConfigDict(extra="ignore", strict=True, populate_by_name=True)


# -- reviewers -------------------------------------------------------------------------


class Creator(Strict):
    id: UrnUuid
    type: Literal["Person"] = "Person"
    name: Short = ""


class Reviewer(Creator):
    colour: Colour = ""


# -- articles (CSL-JSON with fingerprints) -------------------------------------------------


class CslName(Strict):
    family: Short = ""
    given: Short = ""
    literal: Short = ""


class CslDate(Strict):
    # validation_alias and serialization_alias rather than alias: the same JSON key,
    # while the constructor (as type checkers read it) keeps the Python name.
    date_parts: list[Annotated[list[int], Field(max_length=3)]] = Field(
        default_factory=list,
        validation_alias="date-parts",
        serialization_alias="date-parts",
        max_length=2,
    )


class CslItem(Strict):
    """The CSL-JSON fields poemsreader reads and writes (others are ignored)."""

    id: Short
    type: Short = "article-journal"
    title: LongText = ""
    author: list[CslName] = Field(default_factory=list, max_length=MAX_AUTHORS)
    issued: CslDate | None = None
    container_title: LongText = Field(
        default="", validation_alias="container-title", serialization_alias="container-title"
    )
    volume: Short = ""
    issue: Short = ""
    page: Short = ""
    DOI: Short = ""
    PMID: Short = ""
    URL: LongText = ""
    abstract: LongText = ""


class DocumentFingerprint(Strict):
    """How a PDF of the article is recognised in another library (no file name, no path)."""

    sha256: Sha256
    pdf_id: Annotated[list[HexId], Field(max_length=2)] = Field(default_factory=list)
    page_count: Annotated[int, Field(ge=0, le=100_000)] = 0
    page_text_hashes: list[Sha256 | Literal[""]] = Field(default_factory=list, max_length=MAX_PAGES)


class SharedArticle(Strict):
    id: UrnUuid
    csl: CslItem
    documents: list[DocumentFingerprint] = Field(default_factory=list, max_length=50)


# -- findings as W3C Web Annotations ----------------------------------------------------------


class TextQuoteSelector(Strict):
    type: Literal["TextQuoteSelector"]
    exact: LongText
    prefix: Context = ""
    suffix: Context = ""


class TextPositionSelector(Strict):
    type: Literal["TextPositionSelector"]
    start: Annotated[int, Field(ge=0, le=10_000_000)]
    end: Annotated[int, Field(ge=0, le=10_000_000)]

    @model_validator(mode="after")
    def _ordered(self) -> TextPositionSelector:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class FragmentSelector(Strict):
    type: Literal["FragmentSelector"]
    value: Annotated[str, StringConstraints(pattern=r"^page=[1-9][0-9]{0,5}$")]
    conformsTo: Short = PAGE_FRAGMENT_SPEC

    @property
    def page_index(self) -> int:
        return int(self.value.removeprefix("page=")) - 1


Selector = Annotated[
    TextQuoteSelector | TextPositionSelector | FragmentSelector, Field(discriminator="type")
]

Number = Annotated[float, Field(ge=-1e6, le=1e6, strict=False)]


class AnchorExtension(Strict):
    """What a selector cannot say: where the highlight's rectangles were, on which file."""

    quads: list[Annotated[list[Number], Field(min_length=4, max_length=4)]] = Field(
        default_factory=list, max_length=MAX_QUADS
    )
    is_area: bool = False
    document_sha256: Sha256 | Literal[""] = ""


class Target(Strict):
    """One highlighted passage: the article (by its id in this file) and the selectors."""

    source: UrnUuid
    selector: list[Selector] = Field(default_factory=list, max_length=3)
    poemsreader: AnchorExtension = Field(default_factory=AnchorExtension)

    @model_validator(mode="after")
    def _one_of_each(self) -> Target:
        kinds = [s.type for s in self.selector]
        if len(kinds) != len(set(kinds)):
            raise ValueError("each selector type may appear only once")
        if self.selector and "TextQuoteSelector" not in kinds:
            raise ValueError("missing TextQuoteSelector (the quote is what re-anchors)")
        if self.selector and "FragmentSelector" not in kinds:
            raise ValueError("missing FragmentSelector (page=N)")
        return self

    def find(self, kind: type[Any]) -> Any:
        return next((s for s in self.selector if isinstance(s, kind)), None)


class TextualBody(Strict):
    type: Literal["TextualBody"]
    purpose: Literal["describing", "commenting", "tagging"]
    value: LongText
    format: Literal["text/plain"] = "text/plain"


class TopicPlacement(Strict):
    """A topic the finding is filed under; `position` orders findings within the topic.
    `id` (one of the file's `topics`) keeps the placement when the topic is renamed or moved;
    files without it are read by `path`."""

    path: TopicPath
    position: Annotated[float, Field(ge=-1e12, le=1e12, strict=False)] = 0.0
    id: UrnUuid | None = None


def _topic_name(value: str) -> str:
    if not value.strip():
        raise ValueError("a topic needs a name")
    if "/" in value:
        raise ValueError("a topic name cannot contain '/' (it separates topics in a path)")
    return value


TopicName = Annotated[Short, AfterValidator(_topic_name)]


class TopicMerge(Strict):
    """A topic the sender merged into another: its findings and sub-topics moved there."""

    id: UrnUuid
    into: UrnUuid
    aka: list[UrnUuid] = Field(default_factory=list, max_length=50)  # its ids elsewhere


class TopicState(Strict):
    name: TopicName
    parent: UrnUuid | None = None


class SharedTopic(Strict):
    """One topic of the sender's tree, by a stable id: a rename or a move made on one side
    reaches the other. `base` is the state the sender last received (the merge base)."""

    id: UrnUuid
    name: TopicName
    parent: UrnUuid | None = None
    position: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    base: TopicState | None = None
    # Ids other libraries gave the same topic (it was created on both sides under one path).
    aka: list[UrnUuid] = Field(default_factory=list, max_length=50)


class BasePassage(Strict):
    """A highlighted passage's text in a merge base (where it lies is not compared)."""

    quote: LongText = ""
    prefix: Context = ""
    suffix: Context = ""
    is_area: bool = False


class MergeBase(Strict):
    """The version of the finding the sender last received (the state both sides saw):
    what the receiver's three-way merge compares each field against."""

    hash: Sha256
    modified: Time
    statement: LongText = ""
    quote: LongText = ""
    passages: list[BasePassage] = Field(default_factory=list, max_length=MAX_ANCHORS)
    comment: LongText = ""
    topics: list[TopicPlacement] = Field(default_factory=list, max_length=MAX_BODIES)
    tags: list[Short] = Field(default_factory=list, max_length=MAX_BODIES)
    status: Status = "new"
    colour: Colour = ""


class FindingExtension(Strict):
    status: Status = "new"
    comment: LongText = ""
    colour: Colour = ""
    quote: LongText = ""
    topics: list[TopicPlacement] = Field(default_factory=list, max_length=MAX_BODIES)
    # Content hashes of earlier versions the sender knows the receiver may hold (the
    # merge bases); lets the receiver tell "they edited my version" from "we both edited".
    parents: list[Sha256] = Field(default_factory=list, max_length=20)
    base: MergeBase | None = None


class Annotation(Strict):
    """A finding. `body`: one describing TextualBody (the statement) plus one tagging
    body per topic path and per tag; `target`: the article, or its passages."""

    context: Literal["http://www.w3.org/ns/anno.jsonld"] = Field(
        default=W3C_CONTEXT, alias="@context"
    )
    id: UrnUuid
    type: Literal["Annotation"]
    motivation: Literal["commenting", "highlighting", "describing", "tagging"] = "commenting"
    creator: Creator
    created: Time
    modified: Time
    body: list[TextualBody] = Field(default_factory=list, max_length=MAX_BODIES)
    target: list[Target] = Field(min_length=1, max_length=MAX_ANCHORS)
    poemsreader: FindingExtension = Field(default_factory=FindingExtension)

    @model_validator(mode="after")
    def _one_statement(self) -> Annotation:
        statements = [b for b in self.body if b.purpose != "tagging"]
        if len(statements) > 1:
            raise ValueError("more than one statement body (purpose describing/commenting)")
        sources = {t.source for t in self.target}
        if len(sources) > 1:
            raise ValueError("all targets must name the same article")
        return self

    @property
    def statement(self) -> str:
        return next((b.value for b in self.body if b.purpose != "tagging"), "")

    @property
    def tagging_values(self) -> list[str]:
        return [b.value for b in self.body if b.purpose == "tagging"]


class Tombstone(Strict):
    """A finding deleted by `creator` at `deleted`: the deletion travels, the content does not."""

    id: UrnUuid
    deleted: Time
    creator: UrnUuid | None = None
    hash: Sha256 | Literal[""] = ""  # content hash of the version deleted, when known
    # The versions the sender knows the receiver may hold (as for a finding).
    parents: list[Sha256] = Field(default_factory=list, max_length=20)
    base: MergeBase | None = None


class Generator(Strict):
    name: Short = "poemsreader"
    version: Short = ""


class ShareFile(Strict):
    poemsreader_annotations: Literal[1]
    generator: Generator = Field(default_factory=Generator)
    exported: Time
    sender: Creator | None = None
    reviewers: list[Reviewer] = Field(default_factory=list, max_length=MAX_REVIEWERS)
    articles: list[SharedArticle] = Field(default_factory=list, max_length=MAX_ARTICLES)
    topics: list[SharedTopic] = Field(default_factory=list, max_length=MAX_TOPICS)
    merged_topics: list[TopicMerge] = Field(default_factory=list, max_length=MAX_TOPICS)
    findings: list[Annotation] = Field(default_factory=list, max_length=MAX_FINDINGS)
    tombstones: list[Tombstone] = Field(default_factory=list, max_length=MAX_TOMBSTONES)

    @model_validator(mode="after")
    def _references_resolve(self) -> ShareFile:
        ids = (
            ("findings", [f.id for f in self.findings]),
            ("tombstones", [t.id for t in self.tombstones]),
        )
        for name, entries in ids:
            seen: dict[str, int] = {}
            for index, entry_id in enumerate(entries):
                first = seen.setdefault(entry_id.lower(), index)
                if first != index:
                    raise ValueError(f"{name}[{index}].id: the same id as {name}[{first}]")
        known = {a.id.lower() for a in self.articles}
        for index, finding in enumerate(self.findings):
            source = finding.target[0].source.lower()
            if source not in known:
                raise ValueError(
                    f"findings[{index}].target: {source} is not one of the file's articles"
                )
        return self


def timestamp(value: datetime) -> str:
    """UTC ISO 8601 with microseconds and a Z, the one spelling the file uses."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
