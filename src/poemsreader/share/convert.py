"""Between the core's records and the annotation file's models (pure, both directions)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC

from poemsreader.bib.csljson import record_from_csl
from poemsreader.core.model import (
    Anchor,
    ArticleRecord,
    FindingRecord,
    FindingStatus,
    Quad,
)
from poemsreader.share.format import (
    PAGE_FRAGMENT_SPEC,
    AnchorExtension,
    Annotation,
    Creator,
    CslDate,
    CslItem,
    CslName,
    FindingExtension,
    FragmentSelector,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    TextualBody,
    TopicPlacement,
    urn,
    uuid_of,
)


@dataclass
class SharedFinding:
    """A finding as it travels: the record, its article's uuid, its place in each topic."""

    record: FindingRecord
    article_uuid: str
    positions: dict[str, float] = field(default_factory=dict)  # topic path -> position
    topic_ids: dict[str, str] = field(default_factory=dict)  # topic path -> topic uuid


# -- findings ---------------------------------------------------------------------------


def _target(article_uuid: str, anchor: Anchor) -> Target:
    selectors: list = [
        FragmentSelector(
            type="FragmentSelector",
            value=f"page={anchor.page_index + 1}",
            conformsTo=PAGE_FRAGMENT_SPEC,
        ),
        TextQuoteSelector(
            type="TextQuoteSelector", exact=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix
        ),
    ]
    if anchor.start is not None and anchor.end is not None:
        selectors.append(
            TextPositionSelector(type="TextPositionSelector", start=anchor.start, end=anchor.end)
        )
    extension = AnchorExtension(
        quads=[[q.x0, q.y0, q.x1, q.y1] for q in anchor.quads],
        is_area=anchor.is_area,
        document_sha256=anchor.document_sha256,
    )
    return Target(source=urn(article_uuid), selector=selectors, poemsreader=extension)


def annotation_of(shared: SharedFinding) -> Annotation:
    record = shared.record
    bodies = [TextualBody(type="TextualBody", purpose="describing", value=record.statement)]
    tagging = [*record.topics, *record.tags]
    bodies += [TextualBody(type="TextualBody", purpose="tagging", value=v) for v in tagging]
    targets = [_target(shared.article_uuid, a) for a in record.anchors]
    if not targets:  # a finding about the article as a whole
        targets = [Target(source=urn(shared.article_uuid))]
    return Annotation(
        id=urn(record.uuid),
        type="Annotation",
        motivation="commenting",
        creator=Creator(id=urn(record.reviewer_id), name=record.reviewer_name),
        created=record.created,
        modified=record.modified,
        body=bodies,
        target=targets,
        poemsreader=FindingExtension(
            status=record.status.value,
            comment=record.comment,
            colour=record.colour,
            quote=record.quote,
            topics=[
                TopicPlacement(
                    path=p,
                    position=shared.positions.get(p, 0.0),
                    id=urn(shared.topic_ids[p]) if p in shared.topic_ids else None,
                )
                for p in record.topics
            ],
        ),
    )


def _anchor(target: Target) -> Anchor | None:
    quote = target.find(TextQuoteSelector)
    page = target.find(FragmentSelector)
    if quote is None or page is None:
        return None
    position = target.find(TextPositionSelector)
    ext = target.poemsreader
    return Anchor(
        page_index=page.page_index,
        quote=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        start=position.start if position else None,
        end=position.end if position else None,
        quads=[Quad(*q) for q in ext.quads],
        document_sha256=ext.document_sha256,
        is_area=ext.is_area,
    )


def shared_of(annotation: Annotation) -> SharedFinding:
    ext = annotation.poemsreader
    topics = _unique([t.path for t in ext.topics])
    tags = _unique([v for v in annotation.tagging_values if v not in topics])
    anchors = [a for a in (_anchor(t) for t in annotation.target) if a is not None]
    given = "quote" in ext.model_fields_set
    quote = ext.quote if given else " … ".join(a.quote for a in anchors)
    record = FindingRecord(
        uuid=uuid_of(annotation.id),
        statement=annotation.statement,
        quote=quote,
        topics=topics,
        tags=tags,
        status=FindingStatus(ext.status),
        comment=ext.comment,
        colour=ext.colour,
        reviewer_id=uuid_of(annotation.creator.id),
        reviewer_name=annotation.creator.name,
        created=annotation.created.astimezone(UTC),
        modified=annotation.modified.astimezone(UTC),
        anchors=anchors,
    )
    positions = {t.path: t.position for t in ext.topics}
    topic_ids = {t.path: uuid_of(t.id) for t in ext.topics if t.id}
    return SharedFinding(record, uuid_of(annotation.target[0].source), positions, topic_ids)


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value.strip():
            seen.setdefault(value, None)
    return list(seen)


# -- the content hash (what "changed since the last exchange" compares) ------------------------


def content_hash(shared: SharedFinding) -> str:
    """A hash of what the reviewer wrote and highlighted, not of where it lies in one PDF.

    Page index, offsets and quads are left out on purpose: re-anchoring the same
    passage in a collaborator's copy of the PDF is not an edit. So is the article's
    uuid: two libraries that added the same article on their own give it two.
    """
    record = shared.record
    payload = {
        "statement": record.statement,
        "quote": record.quote,
        "topics": [[p, shared.positions.get(p, 0.0)] for p in record.topics],
        "tags": sorted(record.tags),
        "status": record.status.value,
        "comment": record.comment,
        "colour": record.colour.lower(),
        "reviewer": record.reviewer_id,
        "created": record.created.astimezone(UTC).isoformat(),
        "anchors": [[a.quote, a.prefix, a.suffix, a.is_area] for a in record.anchors],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- articles as CSL-JSON -----------------------------------------------------------------------


def csl_of(key: str, record: ArticleRecord) -> CslItem:
    parts: list[int] = []
    if record.year is not None:
        parts = [record.year]
        published = record.published.split("-")
        if published[0] == str(record.year):
            parts += [int(p) for p in published[1:3] if p.isdigit()]
    return CslItem(
        id=key,
        type="article-journal",
        title=record.title,
        author=[CslName(family=a.family, given=a.given) for a in record.authors],
        issued=CslDate(date_parts=[parts]) if parts else None,
        container_title=record.journal,
        volume=record.volume,
        issue=record.issue,
        page=record.pages,
        DOI=record.doi,
        PMID=record.pmid,
        URL=record.url,
        abstract=record.abstract,
    )


def record_of_csl(item: CslItem) -> ArticleRecord:
    """The article record of a shared CSL item (the references' CSL-JSON reader)."""
    data = item.model_dump(by_alias=True, exclude_none=True)
    data["author"] = [_name_of(name) for name in data.get("author", [])]
    return record_from_csl(data)


def _name_of(name: dict[str, str]) -> dict[str, str]:
    """A CSL name whose `literal` counts only when it is all there is: writers of the format
    send `"literal": ""` beside `family` and `given`, and a reader taking the literal first
    would lose the author."""
    if name.get("family", "").strip() or name.get("given", "").strip():
        return {k: v for k, v in name.items() if k != "literal"}
    return name
