"""The team library's rows as the share import reads them: one validated document.

A row from the server is trusted no more than a mailed annotation file: it goes through
the same validation, so a hostile or damaged row is refused with the file's message.
"""

from __future__ import annotations

import json
from typing import Any

from poemsreader.core.model import utc_now
from poemsreader.share.convert import content_hash, shared_of
from poemsreader.share.format import Annotation, ShareFile, timestamp, uuid_of
from poemsreader.share.validate import load_share_file
from poemsreader.storage.team.server import ServerRow
from poemsreader.storage.team.state import DELETED, json_hash


def uuid_or_none(value: object) -> str | None:
    return uuid_of(value) if isinstance(value, str) and value else None


def topic_entry(data: Any) -> Any:
    """A pulled topic as a share file lists it (its key is recomputed here, never read);
    anything else is left for the validation to refuse."""
    if not isinstance(data, dict):
        return data
    entry = {k: data[k] for k in ("id", "name", "parent") if data.get(k)}
    if "position" in data:  # a row from a client that syncs the order
        entry["position"] = data["position"]
    return entry


def merge_entry(data: Any) -> Any:
    """A pulled topic tombstone naming the topic it was merged into, as a file lists it."""
    if not isinstance(data, dict):
        return data
    return {k: data[k] for k in ("id", "into") if k in data}


def row_hash(row: ServerRow) -> str:
    if row.deleted:
        return DELETED
    if row.kind == "finding":
        return content_hash(shared_of(Annotation.model_validate_json(json.dumps(row.data))))
    return json_hash(row.data)


def share_document(
    reviewers: list[dict[str, Any]],
    articles: list[dict[str, Any]],
    findings: list[dict[str, Any]],
    tombstones: list[dict[str, Any]],
    topics: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], []),
) -> ShareFile:
    """Validated exactly as an annotation file is: a hostile server row is refused."""
    data = {
        "topics": [topic_entry(t) for t in topics[0]],
        "merged_topics": [merge_entry(m) for m in topics[1]],
        "poemsreader_annotations": 1,
        "generator": {"name": "poemsreader", "version": ""},
        "exported": timestamp(utc_now()),
        "reviewers": reviewers,
        "articles": articles,
        "findings": findings,
        "tombstones": tombstones,
    }
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return load_share_file(raw, "The team library's data")
