"""Filing a finding under topics: the one place that writes `finding_topic` links.

A link carries two orders: `rank`, the topic's place among the finding's topics,
and `position`, the finding's place in the topic's digest. The findings service
(setting a finding's topics), the topic service (dragging a finding to another
topic) and sharing (a collaborator's finding with its places) all go through
`link_topics`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import Finding, FindingTopic, Topic


def last_position(session: Session, topic_id: int) -> float | None:
    """The position of the last finding filed under the topic (None: it has none)."""
    return session.scalar(
        select(func.max(FindingTopic.position)).where(FindingTopic.topic_id == topic_id)
    )


def link_topics(
    session: Session,
    finding: Finding,
    topics: Sequence[Topic],
    positions: Mapping[int, float] | None = None,
) -> None:
    """Make `topics` the finding's topics, in this order (a repeated topic counts once).

    A link kept from before keeps its place in the topic's digest, and its rank
    wherever the new order allows (an undo snapshot of the topics not touched
    stays valid); a new link goes last in its topic. `positions` (by topic id),
    when given, sets every link's place in its topic instead: an imported finding
    keeps the places its sender gave it.
    """
    old_links = {link.topic_id: link for link in finding.topic_links}
    links: list[FindingTopic] = []
    rank = -1
    for topic in topics:
        if any(link.topic_id == topic.id for link in links):
            continue
        link = old_links.get(topic.id)
        if link is None:
            link = FindingTopic(topic=topic, topic_id=topic.id)
            if positions is None:
                link.position = (last_position(session, topic.id) or 0.0) + 1.0
            rank += 1
        else:
            rank = max(rank + 1, link.rank)
        link.rank = rank
        if positions is not None:
            link.position = positions.get(topic.id, 0.0)
        links.append(link)
    finding.topic_links = links
