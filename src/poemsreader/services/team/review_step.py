"""The sync's two steps for what is not a finding: which objects it sends, and merging
what a pull brought (after the findings' own merge)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from poemsreader.services.team import team_conflicts
from poemsreader.services.team.local_objects import LocalObject, _dump, shared_article
from poemsreader.services.team.review_objects import (
    PullContext,
    ReviewReport,
    Session,
    apply_review_rows,
    review_objects,
)
from poemsreader.storage.team import review_rows
from poemsreader.storage.team.server import ServerRow
from poemsreader.storage.team.state import Synced, json_hash, object_key


def team_objects(
    session: Session, synced: dict[str, Synced], found: dict[str, LocalObject]
) -> dict[str, LocalObject]:
    """The objects besides findings: screening, evidence, the articles evidence is about
    (when the findings did not bring them) and team conflicts."""
    objects = review_objects(session, synced)
    wanted = {
        str(o.data.get("article"))
        for o in objects.values()
        if o.kind == "evidence" and o.data["fields"].get("value") is not None
    }
    missing = {u for u in wanted if object_key("article", u) not in found}
    for article in review_rows.articles_by_uuid(session, missing).values():
        data = _dump(shared_article(session, article))
        objects[object_key("article", article.uuid)] = LocalObject(
            "article", article.uuid, False, data, json_hash(data)
        )
    objects.update(team_conflicts.conflict_objects(session))
    return objects


def apply_pulled(
    session: Session, rows: list[ServerRow], synced: dict[str, Synced], context: PullContext
) -> ReviewReport:
    """After the findings' merge: screening and evidence are merged, the conflicts others
    found against our edits recorded (one that this merge found too stays one), and the
    conflicts found here become team conflicts, sent on the next push."""
    report = apply_review_rows(session, rows, synced, context)
    session.flush()
    mirrored = team_conflicts.apply_conflict_rows(session, rows, context.my_id, context.source)
    authors = {r.uuid: r.author for r in rows if r.kind == "finding"}
    team_conflicts.adopt_new(session, context.source, authors, context.names, context.my_id)
    report.conflicts += mirrored
    return report


def pull_context(session: Session, source: str, fetch: Callable[[str], Any]) -> PullContext:
    me = review_rows.me(session)
    return PullContext(
        source=source,
        my_id=me.id if me is not None else "",
        my_name=me.name if me is not None else "",
        names=review_rows.reviewer_names(session),
        fetch_article=fetch,
    )
