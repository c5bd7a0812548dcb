"""The one conversion between core anchors and `finding_anchor` rows."""

from __future__ import annotations

from typing import Any

from poemsreader.core.model import Anchor, Quad
from poemsreader.storage.schema import FindingAnchor


def anchor_of(row: Any) -> Anchor:
    """A core Anchor from a FindingAnchor row (or a Core select row with its columns)."""
    return Anchor(
        page_index=row.page_index,
        quote=row.quote,
        prefix=row.prefix,
        suffix=row.suffix,
        start=row.start,
        end=row.end,
        quads=[Quad(*q) for q in row.quads],
        document_sha256=row.document_sha256,
        is_area=row.is_area,
    )


def anchor_row(anchor: Anchor, seq: int) -> FindingAnchor:
    return FindingAnchor(
        seq=seq,
        page_index=anchor.page_index,
        quads=[[q.x0, q.y0, q.x1, q.y1] for q in anchor.quads],
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        document_sha256=anchor.document_sha256,
        is_area=anchor.is_area,
    )
