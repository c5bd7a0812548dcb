"""Writing findings straight into a library, for tests that need stored findings.

Written against the schema so the storage tests do not depend on the findings
service; each call is one transaction, like one reviewer action.
"""

from __future__ import annotations

from sqlalchemy import select

from poemsreader.services.library import Library
from poemsreader.storage.schema import Document, Finding, FindingAnchor, FindingTopic
from poemsreader.storage.topics import ensure_path


def add_finding(
    library: Library,
    article_id: int,
    statement: str,
    *,
    page_index: int = 0,
    anchors: int = 1,
    topics: tuple[str, ...] = ("Treatment",),
    quote: str = "a quoted passage",
) -> int:
    def write(session: object) -> int:
        sha = session.scalar(  # type: ignore[attr-defined]
            select(Document.sha256).where(Document.article_id == article_id)
        )
        finding = Finding(article_id=article_id, statement=statement, quote=quote)
        for seq in range(anchors):
            finding.anchors.append(
                FindingAnchor(
                    seq=seq,
                    page_index=page_index + seq,
                    quads=[[72.0, 100.0 + 12 * seq, 300.0, 111.0 + 12 * seq]],
                    quote=f"{quote} {seq}",
                    document_sha256=sha or "",
                )
            )
        for rank, path in enumerate(topics):
            topic = ensure_path(session, path)  # type: ignore[arg-type]
            finding.topic_links.append(FindingTopic(topic_id=topic.id, rank=rank, position=0.0))
        session.add(finding)  # type: ignore[attr-defined]
        session.flush()  # type: ignore[attr-defined]
        return finding.id

    return library.db.write(write)


def finding_statement(library: Library, finding_id: int) -> str:
    with library.db.reading() as session:
        finding = session.get(Finding, finding_id)
        assert finding is not None
        return finding.statement
