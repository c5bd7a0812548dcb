"""In-text citations in the house style: `(Humeniuk 2013 p.72)`.

One spelling everywhere: `p.72` for one page, `pp.72–73` (en dash) for a span,
several citations of one bullet joined with `; ` in the order given, each key
once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EN_DASH = "–"


def page_span(labels: Sequence[str]) -> str:
    """`p.72` or `pp.72–73` from the printed labels a finding covers (in order)."""
    distinct = [label for i, label in enumerate(labels) if label and label not in labels[:i]]
    if not distinct:
        return ""
    if len(distinct) == 1:
        return f"p.{distinct[0]}"
    return f"pp.{distinct[0]}{EN_DASH}{distinct[-1]}"


ORPHAN_NOTE = " in a collaborator's copy, not found in ours"


@dataclass(frozen=True)
class Citation:
    key: str
    pages: tuple[str, ...] = ()
    # The passage was never found in this library's copy: its page is the collaborator's.
    orphan: bool = False

    def inner(self) -> str:
        span = page_span(self.pages)
        if span and self.orphan:
            span += ORPHAN_NOTE
        return f"{self.key} {span}" if span else self.key

    def render(self) -> str:
        return f"({self.inner()})"


def merge_citations(citations: Sequence[Citation]) -> str:
    """`(Royer 2013; Zagouri 2014)`: each distinct citation once, order kept."""
    seen: list[str] = []
    for citation in citations:
        text = citation.inner()
        if text not in seen:
            seen.append(text)
    return f"({'; '.join(seen)})" if seen else ""
