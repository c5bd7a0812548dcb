"""A conflict found by a team pull reaches the other reviewer too, and so does its resolution.

The merge finds a conflict on the side where both edits meet (the second to send). That
side records it as usual and also sends it as a team object of kind `conflict`: the
object it is about, the two reviewers, when, and the recorder's conflict row. The other
reviewer's library, on its next pull, records the same conflict seen from its side (mine
and theirs swapped), naming the team library, the recorder and the time. Whichever side
resolves it sends the resolution; the other marks its row resolved (the chosen values
travel as the object's own edit), so both end equal with nothing open. A third member's
library keeps no row: the conflict is not about its edits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from poemsreader.core.model import new_uuid, utc_now
from poemsreader.services.team.local_objects import LocalObject
from poemsreader.share.format import Annotation
from poemsreader.storage.exchange_rows import record_conflict
from poemsreader.storage.schema import Conflict
from poemsreader.storage.team import review_rows
from poemsreader.storage.team.server import ServerRow
from poemsreader.storage.team.state import json_hash

Session = Any  # the caller's SQLAlchemy session (only storage/ names its type)
CONFLICT_KINDS = ("finding", "screening", "evidence_field", "evidence")
LOCAL_ONLY = ("resolved", "choice", "seen", "team")  # what each side keeps for itself


def attach(payload: dict[str, Any], kind: str, uuid: str, recorder: str, other: str) -> None:
    """Make a conflict payload a team conflict, to be sent on the next push."""
    data = {
        "object": {"kind": kind, "uuid": uuid},
        "between": [recorder, other],
        "when": utc_now().isoformat(),
        "conflict": {k: v for k, v in payload.items() if k not in LOCAL_ONLY},
    }
    payload["team"] = {"uuid": new_uuid(), "data": data}


def adopt_new(
    session: Session, source: str, authors: dict[str, str], names: dict[str, str], me: str
) -> None:
    """The finding conflicts this pull's merge just recorded become team conflicts, naming
    the reviewer whose version met ours (`authors`: finding uuid -> reviewer id)."""
    for row in review_rows.conflicts(session):
        payload = row.theirs
        if row.source != source or "team" in payload or payload.get("resolved"):
            continue
        other = authors.get(row.finding_uuid, "")
        payload = dict(payload)
        if names.get(other):
            payload["theirs_by"] = names[other]
        if not payload.get("mine_by"):
            payload["mine_by"] = names.get(me) or "this library"
        attach(payload, "finding", row.finding_uuid, me, other)
        row.theirs = payload


def conflict_objects(session: Session) -> dict[str, LocalObject]:
    """Each team conflict as the object sent: its shared part and how it stands here."""
    found = {}
    for row in review_rows.conflicts(session):
        team = row.theirs.get("team")
        if not isinstance(team, dict):
            continue
        data = {
            **team["data"],
            "resolved": row.theirs.get("resolved"),
            "choice": row.theirs.get("choice"),
        }
        uuid = str(team["uuid"])
        found[f"conflict:{uuid}"] = LocalObject("conflict", uuid, False, data, json_hash(data))
    return found


def mirrored(conflict: dict[str, Any]) -> dict[str, Any]:
    """The recorder's conflict seen from the other side: mine and theirs swapped."""
    seen = dict(conflict)
    seen["side"] = {"mine": "theirs", "theirs": "mine"}.get(str(conflict.get("side")), "theirs")
    seen["mine_by"], seen["theirs_by"] = conflict.get("theirs_by", ""), conflict.get("mine_by", "")
    fields = conflict.get("fields")
    if isinstance(fields, dict):
        seen["fields"] = {
            name: {"mine": pair.get("theirs"), "theirs": pair.get("mine")}
            for name, pair in fields.items()
            if isinstance(pair, dict)
        }
    return seen


def apply_conflict_rows(session: Session, rows: list[ServerRow], me: str, source: str) -> int:
    """Record the conflicts others found against our edits; settle the ones resolved
    elsewhere. Returns how many new conflicts this library now shows."""
    wanted = [r for r in rows if r.kind == "conflict" and not r.deleted]
    if not wanted:
        return 0
    held = {}
    for row in review_rows.conflicts(session):
        team = row.theirs.get("team")
        if isinstance(team, dict):
            held[str(team.get("uuid"))] = row
    fresh = {  # what this pull's own merge just found, not yet a team conflict
        row.finding_uuid: row
        for row in review_rows.conflicts(session)
        if row.source == source and "team" not in row.theirs and not row.theirs.get("resolved")
    }
    added = 0
    for server_row in wanted:
        data = server_row.data
        local = held.get(server_row.uuid)
        if local is not None:
            _settle(local, data)
        elif _is_about_me(data, me) and str(data["object"]["uuid"]) in fresh:
            # the same clash, met here too: one conflict, known to both sides by one id
            same = fresh.pop(str(data["object"]["uuid"]))
            shared = {k: v for k, v in data.items() if k not in ("resolved", "choice")}
            seen = mirrored(data["conflict"])
            people = {k: seen[k] for k in ("mine_by", "theirs_by") if seen.get(k)}
            team = {"uuid": server_row.uuid, "data": shared}
            same.theirs = {**same.theirs, **people, "team": team}
            _settle(same, data)
        elif _is_about_me(data, me):
            uuid = str(data["object"]["uuid"])
            row = record_conflict(session, uuid, _payload(server_row, source), source)
            row.created = _when(data)
            added += 0 if data.get("resolved") else 1
    return added


def _is_about_me(data: dict[str, Any], me: str) -> bool:
    between = data.get("between")
    return (
        isinstance(between, list)
        and len(between) == 2
        and bool(me)
        and between[1] == me
        and between[0] != me
        and isinstance(data.get("object"), dict)
        and isinstance(data["object"].get("uuid"), str)
        and _readable(data.get("conflict"))
    )


def _readable(conflict: Any) -> bool:
    """A conflict row as poemsreader sends it (the version it keeps validates as a share
    file's annotation); a broken or hostile one is left out."""
    if not isinstance(conflict, dict) or conflict.get("kind", "finding") not in CONFLICT_KINDS:
        return False
    fields = conflict.get("fields", {})
    if fields is not None and not (
        isinstance(fields, dict) and all(isinstance(p, dict) for p in fields.values())
    ):
        return False
    if "annotation" in conflict:
        try:
            Annotation.model_validate(conflict["annotation"], strict=False)
        except ValidationError:
            return False
    return True


def _payload(row: ServerRow, source: str) -> dict[str, Any]:
    data = row.data
    payload = mirrored(data["conflict"])
    payload["source"] = source
    payload["resolved"] = data.get("resolved")
    payload["choice"] = data.get("choice")
    shared = {k: v for k, v in data.items() if k not in ("resolved", "choice")}
    payload["team"] = {"uuid": row.uuid, "data": shared}
    return payload


def _settle(local: Conflict, data: dict[str, Any]) -> None:
    """A resolution made elsewhere is taken as it is (so both sides send the same)."""
    if not data.get("resolved"):
        return
    payload = local.theirs
    if (payload.get("resolved"), payload.get("choice")) != (data["resolved"], data.get("choice")):
        local.theirs = {**payload, "resolved": data["resolved"], "choice": data.get("choice")}


def _when(data: dict[str, Any]) -> datetime:
    try:
        when = datetime.fromisoformat(str(data.get("when")))
    except ValueError:
        return utc_now()
    return when if when.tzinfo is not None else utc_now()
