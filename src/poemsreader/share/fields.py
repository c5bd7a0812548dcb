"""A finding as the fields a three-way merge compares, and back.

The merge works field by field (statement, quote, comment, topics, tags, status,
colour): a field one side changed since the base and the other did not takes the
changed value; a field both changed to different values is a conflict. The quote
field carries the highlighted passages' texts with it (they are one edit).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from poemsreader.core.model import Anchor, FindingStatus
from poemsreader.share.convert import SharedFinding
from poemsreader.share.format import BasePassage, MergeBase, TopicPlacement, urn, uuid_of

FIELDS = ("statement", "quote", "comment", "topics", "tags", "status", "colour")
Fields = dict[str, Any]


def passages_of(anchors: list[Anchor]) -> list[list[Any]]:
    return [[a.quote, a.prefix, a.suffix, a.is_area] for a in anchors]


def field_values(shared: SharedFinding) -> Fields:
    """The merge's view of a finding: plain JSON values, equal when the content is equal."""
    record = shared.record
    return {
        "statement": record.statement,
        "quote": [record.quote, passages_of(record.anchors)],
        "comment": record.comment,
        "topics": [
            [shared.topic_ids.get(p, p), float(shared.positions.get(p, 0.0))] for p in record.topics
        ],
        "tags": sorted(record.tags),
        "status": FindingStatus(record.status).value,
        "colour": record.colour.lower(),
    }


def with_fields(
    target: SharedFinding, chosen: dict[str, SharedFinding], modified: datetime
) -> SharedFinding:
    """`target` with each field named in `chosen` taken from the finding given for it."""
    result = copy.deepcopy(target)
    record = result.record
    for name, source in chosen.items():
        other = source.record
        if name == "quote":
            record.quote, record.anchors = other.quote, copy.deepcopy(other.anchors)
        elif name == "topics":
            record.topics = list(other.topics)
            result.positions = {p: source.positions.get(p, 0.0) for p in other.topics}
        elif name == "tags":
            record.tags = list(other.tags)
        else:
            setattr(record, name, getattr(other, name))
    record.modified = modified
    return result


@dataclass(frozen=True)
class FieldMerge:
    """Which side each field comes from, and the fields both sides changed differently."""

    take_remote: tuple[str, ...]
    conflicts: tuple[str, ...]


def _compared(name: str, value: Any) -> Any:
    """What the merge compares: for topics the topics themselves, not the finding's places
    in their digests (a reorder, or a merge of topics renumbering them, is no edit)."""
    if name == "topics" and isinstance(value, list):
        return [item[0] for item in value if isinstance(item, list) and item]
    return value


def agrees(fields: Fields, bases: list[Fields]) -> bool:
    """Does a version hold the content of one of the bases (places in digests aside)?"""
    mine = {name: _compared(name, fields.get(name)) for name in FIELDS}
    return any(mine == {n: _compared(n, base.get(n)) for n in FIELDS} for base in bases)


def merge_fields(
    bases: list[Fields], local: Fields, remote: Fields, local_wins: bool
) -> FieldMerge:
    """Three-way, per field, against every state both sides are known to have seen (the
    version we last received, the one they last received from us). A side whose value is
    one of those did not change the field; without any base only equal fields agree. A
    field both changed differently keeps the newer side's value (`local_wins`); places in
    the digest that alone differ follow the newer side too, without a conflict."""
    take: list[str] = []
    conflicts: list[str] = []
    for name in FIELDS:
        mine, theirs = local.get(name), remote.get(name)
        if mine == theirs:
            continue
        mine, theirs = _compared(name, mine), _compared(name, theirs)
        seen = [_compared(name, base[name]) for base in bases if name in base]
        mine_seen, theirs_seen = mine in seen, theirs in seen
        if mine == theirs or (mine_seen and theirs_seen):
            if not local_wins:
                take.append(name)
            continue
        if theirs_seen:
            continue
        if not mine_seen:  # neither value was seen by the other side: both edited it
            conflicts.append(name)
            if local_wins:
                continue
        take.append(name)
    return FieldMerge(tuple(take), tuple(conflicts))


def shown(name: str, value: Any) -> str:
    """A field's value as one line for the conflicts list and the CLI."""
    if name == "quote":
        return str(value[0]) if isinstance(value, list) and value else str(value)
    if name == "topics":
        return ", ".join(str(p[0]) for p in value) if isinstance(value, list) else str(value)
    if name == "tags":
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


def fields_of_base(base: MergeBase) -> Fields:
    """A merge base from the file, in `field_values` form."""
    passages = [[p.quote, p.prefix, p.suffix, p.is_area] for p in base.passages]
    return {
        "statement": base.statement,
        "quote": [base.quote, passages],
        "comment": base.comment,
        "topics": [[uuid_of(t.id) if t.id else t.path, float(t.position)] for t in base.topics],
        "tags": sorted(base.tags),
        "status": base.status,
        "colour": base.colour.lower(),
    }


def base_of_fields(
    digest: str, modified: datetime, fields: Fields, paths: dict[str, str]
) -> MergeBase | None:
    """`field_values` as a merge base for the file (None when they do not fit its model);
    `paths` names each topic uuid (a topic deleted since is left out)."""
    try:
        quote, passages = fields["quote"]
        return MergeBase(
            hash=digest,
            modified=modified,
            statement=fields["statement"],
            quote=quote,
            passages=[
                BasePassage(quote=q, prefix=p, suffix=s, is_area=a) for q, p, s, a in passages
            ],
            comment=fields["comment"],
            topics=[_placement(key, pos, paths) for key, pos in fields["topics"]],
            tags=list(fields["tags"]),
            status=fields["status"],
            colour=fields["colour"],
        )
    except (KeyError, TypeError, ValueError):
        return None


def _placement(key: str, position: float, paths: dict[str, str]) -> TopicPlacement:
    if key in paths:
        return TopicPlacement(path=paths[key], position=position, id=urn(key))
    return TopicPlacement(path=key, position=position)
