"""Screening decisions and the evidence table as team library objects, and their merge.

Three kinds travel besides findings:

- `screening`: a record of the screening list once someone decided it, named by its
  first identity key (DOI, PMID or title), so two members who imported the same search
  hold the same object; its one merged field is the decision with its reason;
- `evidence_field`: a column of the evidence table, named by its casefolded name;
  its fields are its type, choices and population flag;
- `evidence`: one article's value of one field, named by both (so each value is its
  author's, as a finding is), with the one field `value`.

Each object's data is `{..., "fields": {...}}`: what names it (kept as first synced, so
both sides hold the same bytes) and the fields merged three ways against the content
last synced: a field changed on one side takes that side's value; a field both changed
differently takes the server's (the first sent) and becomes one conflict, naming the
team library and the other reviewer.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from poemsreader.core.evidence import FieldKind
from poemsreader.core.model import utc_now
from poemsreader.core.screening import Decision
from poemsreader.services.share_articles import add_reference, match_article
from poemsreader.services.team import team_conflicts
from poemsreader.services.team.local_objects import LocalObject
from poemsreader.share.format import SharedArticle
from poemsreader.storage.exchange_rows import record_conflict
from poemsreader.storage.schema import EvidenceField, ScreeningRecord
from poemsreader.storage.screening import ScreeningService
from poemsreader.storage.team import review_rows
from poemsreader.storage.team.server import ServerRow
from poemsreader.storage.team.state import Synced, json_hash, object_key

REVIEW_KINDS = ("evidence_field", "screening", "evidence")  # in the order they apply
NAMESPACE = uuid_module.UUID("5b0f3c1e-7d2a-4c61-9a0e-2f6c0b8d4e17")
RECORD_PARTS = (  # the scalars first, then the list and the full reference
    "title",
    "abstract",
    "journal",
    "year",
    "language",
    "doi",
    "pmid",
    "publication_types",
    "record",
)
BLANK: dict[str, dict[str, Any]] = {  # a field's value before anyone set it
    "screening": {"decision": ["", ""]},
    "evidence": {"value": None},
    "evidence_field": {},
}
Session = Any  # the caller's SQLAlchemy session (only storage/ names its type)


def _named(text: str) -> str:
    return str(uuid_module.uuid5(NAMESPACE, text))


def screening_uuid(record: ScreeningRecord) -> str | None:
    identity = list(record.identity or [])
    return _named("screening:" + identity[0]) if identity else None


def field_uuid(name: str) -> str:
    return _named("evidence-field:" + " ".join(name.split()).casefold())


def value_uuid(article_uuid: str, field_id: str) -> str:
    return _named(f"evidence:{article_uuid}:{field_id}")


# -- the local library as objects ---------------------------------------------------------


@dataclass
class Local:
    """The review rows of the library, by object key, with what each object is now."""

    objects: dict[str, LocalObject] = field(default_factory=dict)
    records: dict[str, ScreeningRecord] = field(default_factory=dict)
    fields: dict[str, EvidenceField] = field(default_factory=dict)
    by_identity: dict[str, ScreeningRecord] = field(default_factory=dict)


def _object(
    kind: str, uuid: str, names: dict[str, Any], fields: dict[str, Any], synced: Synced | None
) -> LocalObject:
    """What names the object comes from the content last synced, when there is one, so
    that only its fields can differ from the server's."""
    known = synced.content if synced is not None and synced.content else names
    data = {**{k: v for k, v in known.items() if k != "fields"}, "fields": fields}
    return LocalObject(kind, uuid, False, data, json_hash(data))


def read_local(session: Session, synced: dict[str, Synced]) -> Local:
    local = Local()
    _read_fields(session, synced, local)
    _read_screening(session, synced, local)
    _read_values(session, synced, local)
    return local


def _read_fields(session: Session, synced: dict[str, Synced], local: Local) -> None:
    for definition in review_rows.evidence_fields(session):
        uuid = field_uuid(definition.name)
        local.fields[uuid] = definition
        fields = {
            "kind": definition.kind,
            "choices": list(definition.choices),
            "population": definition.population,
        }
        key = object_key("evidence_field", uuid)
        names = {"name": definition.name}
        local.objects[key] = _object("evidence_field", uuid, names, fields, synced.get(key))


def _read_screening(session: Session, synced: dict[str, Synced], local: Local) -> None:
    article_uuids = review_rows.article_uuids(session)
    for record in review_rows.screening_records(session):
        for identity in record.identity or []:
            local.by_identity.setdefault(identity, record)
        uuid = screening_uuid(record)
        if uuid is None:
            continue  # no DOI, PMID or telling title: it cannot be named across libraries
        local.records[uuid] = record
        key = object_key("screening", uuid)
        if not record.decision and key not in synced:
            continue  # a record nobody screened yet stays local
        names: dict[str, Any] = {
            "identity": list(record.identity),
            "record": {part: getattr(record, part) for part in RECORD_PARTS},
            "article": article_uuids.get(record.article_id) if record.article_id else None,
        }
        fields = {"decision": [record.decision, record.reason]}
        local.objects[key] = _object("screening", uuid, names, fields, synced.get(key))


def _read_values(session: Session, synced: dict[str, Synced], local: Local) -> None:
    field_ids = {d.id: uuid for uuid, d in local.fields.items()}
    for article, field_id, value in review_rows.evidence_values(session):
        uuid = value_uuid(article.uuid, field_ids[field_id])
        key = object_key("evidence", uuid)
        names = {"article": article.uuid, "field": field_ids[field_id]}
        local.objects[key] = _object("evidence", uuid, names, {"value": value}, synced.get(key))
    for key, last in synced.items():  # values cleared here since they were synced
        if key.startswith("evidence:") and key not in local.objects and last.content:
            uuid = key.split(":", 1)[1]
            local.objects[key] = _object("evidence", uuid, {}, {"value": None}, last)


def review_objects(session: Session, synced: dict[str, Synced]) -> dict[str, LocalObject]:
    return read_local(session, synced).objects


# -- merging what a pull brings ------------------------------------------------------------


@dataclass
class PullContext:
    source: str  # "team library NAME"
    my_id: str
    my_name: str
    names: dict[str, str]  # reviewer id -> name
    fetch_article: Callable[[str], dict[str, Any] | None]  # a server article's data


@dataclass
class ReviewReport:
    merged: int = 0
    conflicts: int = 0
    screening: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)


def merge_fields(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """Three-way, field by field; a field both changed differently takes theirs (the
    server's, sent first) and is returned as a conflict (mine, theirs)."""
    merged: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    for name in sorted(set(mine) | set(theirs)):
        was, m, t = base.get(name), mine.get(name), theirs.get(name)
        if m == t or t == was:
            merged[name] = m
        elif m == was:
            merged[name] = t
        else:
            merged[name] = t
            conflicts[name] = (m, t)
    return merged, conflicts


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _scalar(value: Any) -> bool:
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def well_formed(row: ServerRow) -> bool:
    """A row of these kinds as poemsreader writes them; anything else (a hostile or broken
    server row) is left out, as a share file that fails validation is."""
    data = row.data
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return False
    fields = data["fields"]
    if row.kind == "screening":
        decision = fields.get("decision")
        return (
            _strings(data.get("identity"))
            and bool(data["identity"])
            and isinstance(data.get("record"), dict)
            and all(_scalar(data["record"].get(p)) for p in RECORD_PARTS[:-2])
            and _strings(data["record"].get("publication_types", []))
            and isinstance(data["record"].get("record", {}), dict)
            and _strings(decision)
            and len(decision) == 2
        )
    if row.kind == "evidence":
        return (
            isinstance(data.get("article"), str)
            and isinstance(data.get("field"), str)
            and _scalar(fields.get("value"))
        )
    return (
        isinstance(data.get("name"), str)
        and isinstance(fields.get("kind"), str)
        and _strings(fields.get("choices"))
        and isinstance(fields.get("population"), bool)
    )


def apply_review_rows(
    session: Session, rows: list[ServerRow], synced: dict[str, Synced], context: PullContext
) -> ReviewReport:
    """Merge the pulled screening and evidence objects into the library (inside the
    caller's transaction)."""
    report = ReviewReport()
    wanted = [r for r in rows if r.kind in REVIEW_KINDS and not r.deleted and well_formed(r)]
    for kind in sorted({r.kind for r in wanted}, key=REVIEW_KINDS.index):
        local = read_local(session, synced)
        for row in (r for r in wanted if r.kind == kind):
            _apply_row(session, row, local, synced, context, report)
        session.flush()
    return report


def _apply_row(
    session: Session,
    row: ServerRow,
    local: Local,
    synced: dict[str, Synced],
    context: PullContext,
    report: ReviewReport,
) -> None:
    key = object_key(row.kind, row.uuid)
    theirs = dict(row.data.get("fields") or {})
    mine_object = local.objects.get(key)
    if mine_object is None:
        mine = None if not _exists(row, local) else _current_fields(row, local)
    else:
        mine = dict(mine_object.data["fields"])
    if mine is None:
        if write_fields(session, row.kind, row.uuid, row.data, theirs, local, context, report):
            report.merged += 1
        return
    last = synced.get(key)
    base = dict(BLANK[row.kind])
    if last is not None and last.content:
        base = dict(last.content.get("fields") or {})
    merged, conflicts = merge_fields(base, mine, theirs)
    if merged != mine:
        write_fields(session, row.kind, row.uuid, row.data, merged, local, context, report)
        report.merged += 1
    if conflicts:
        _record_conflict(session, row, conflicts, local, context)
        report.conflicts += 1


def _exists(row: ServerRow, local: Local) -> bool:
    if row.kind == "screening":
        return _record_for(row.data, row.uuid, local) is not None
    if row.kind == "evidence_field":
        return row.uuid in local.fields
    return False


def _current_fields(row: ServerRow, local: Local) -> dict[str, Any]:
    if row.kind == "screening":
        record = _record_for(row.data, row.uuid, local)
        assert record is not None
        return {"decision": [record.decision, record.reason]}
    definition = local.fields[row.uuid]
    return {
        "kind": definition.kind,
        "choices": list(definition.choices),
        "population": definition.population,
    }


def _record_for(data: dict[str, Any], uuid: str, local: Local) -> ScreeningRecord | None:
    found = local.records.get(uuid)
    if found is not None:
        return found
    identities = [str(i) for i in data.get("identity") or []]
    for identity in identities:
        if identity in local.by_identity:
            found = local.by_identity[identity]
            # named as the other side names it from now on
            found.identity = [identities[0], *(k for k in found.identity if k != identities[0])]
            local.records[uuid] = found
            return found
    return None


def write_fields(
    session: Session,
    kind: str,
    uuid: str,
    data: dict[str, Any],
    fields: dict[str, Any],
    local: Local,
    context: PullContext | None,
    report: ReviewReport,
) -> bool:
    """Make the object's fields these values here; False when it cannot be placed (a
    value whose article or field is not known)."""
    if kind == "evidence_field":
        _write_field(session, uuid, data, fields, local)
        return True
    if kind == "screening":
        _write_screening(session, uuid, data, fields, local, context, report)
        return True
    return _write_value(session, data, fields, local, context, report)


def _write_field(
    session: Session, uuid: str, data: dict[str, Any], fields: dict[str, Any], local: Local
) -> None:
    kind = str(fields.get("kind") or "text")
    if kind not in {k.value for k in FieldKind}:
        kind = FieldKind.TEXT.value
    definition = local.fields.get(uuid)
    if definition is None:
        name = " ".join(str(data.get("name") or "").split()) or "Unnamed field"
        definition = review_rows.add_evidence_field(session, name, len(local.fields))
        local.fields[uuid] = definition
    definition.kind = kind
    definition.choices = list(fields.get("choices") or [])
    definition.population = bool(fields.get("population"))


def _write_screening(
    session: Session,
    uuid: str,
    data: dict[str, Any],
    fields: dict[str, Any],
    local: Local,
    context: PullContext | None,
    report: ReviewReport,
) -> None:
    record = _record_for(data, uuid, local)
    if record is None:
        if context is None:
            return
        batch = review_rows.team_import(session, context.source)
        batch.identified += 1
        parts = data.get("record") or {}
        record = review_rows.add_screening_record(
            session,
            batch.id,
            list(data.get("identity") or []),
            {part: parts[part] for part in RECORD_PARTS if part in parts},
        )
        local.records[uuid] = record
    chosen, reason = [str(part) for part in [*(fields.get("decision") or []), "", ""][:2]]
    decision = Decision(chosen) if chosen in {d.value for d in Decision} else Decision.UNDECIDED
    if decision != Decision.INCLUDE:
        changed = ScreeningService._drop_article(session, record)
    elif record.article_id is None:
        changed = ScreeningService._include(session, record)
        _adopt_article_uuid(session, record, data.get("article"))
    else:
        changed = None
    record.decision, record.reason = decision.value, reason if decision == Decision.EXCLUDE else ""
    record.decided = utc_now() if decision != Decision.UNDECIDED else None
    report.screening.add(record.id)
    if changed is not None:
        report.articles.add(changed)


def _adopt_article_uuid(session: Session, record: ScreeningRecord, wanted: Any) -> None:
    """An article the inclusion made here takes the uuid the other side's has, so the
    evidence about it names one article on both sides."""
    if not (record.made_article and isinstance(wanted, str)):
        return
    if review_rows.article_by_uuid(session, wanted) is None and record.article_id is not None:
        made = review_rows.article_by_id(session, record.article_id)
        if made is not None:
            made.uuid = wanted


def _write_value(
    session: Session,
    data: dict[str, Any],
    fields: dict[str, Any],
    local: Local,
    context: PullContext | None,
    report: ReviewReport,
) -> bool:
    definition = local.fields.get(str(data.get("field")))
    article_uuid = str(data.get("article"))
    article = review_rows.article_by_uuid(session, article_uuid)
    if article is None and context is not None:
        shared = context.fetch_article(article_uuid)
        if shared is not None:
            described = SharedArticle.model_validate(shared)
            article = match_article(session, described) or add_reference(session, described)
    if definition is None or article is None:
        return False
    review_rows.set_evidence_value(session, article.id, definition.id, fields.get("value"))
    report.articles.add(article.id)
    return True


def _label(row: ServerRow, local: Local) -> str:
    if row.kind == "screening":
        title = str((row.data.get("record") or {}).get("title") or "")
        return "Screening: " + (title[:70] + "…" if len(title) > 70 else title)
    if row.kind == "evidence_field":
        return f"Evidence field {row.data.get('name', '')}"
    definition = local.fields.get(str(row.data.get("field")))
    name = definition.name if definition is not None else "?"
    return f"Evidence: {name} of article {row.data.get('article', '')}"


def _record_conflict(
    session: Session,
    row: ServerRow,
    conflicts: dict[str, tuple[Any, Any]],
    local: Local,
    context: PullContext,
) -> None:
    payload = {
        "kind": row.kind,
        "label": _label(row, local),
        "object": row.data,
        "fields": {n: {"mine": m, "theirs": t} for n, (m, t) in conflicts.items()},
        "side": "mine",  # the value kept is the server's: ours is the one set aside
        "mine_by": context.my_name or "this library",
        "theirs_by": context.names.get(row.author) or "another reviewer",
        "source": context.source,
        "resolved": None,
    }
    team_conflicts.attach(payload, row.kind, row.uuid, context.my_id, row.author)
    record_conflict(session, row.uuid, payload, context.source)


# -- resolving a conflict on these kinds ---------------------------------------------------------


def resolve_fields(
    session: Session, kind: str, uuid: str, data: dict[str, Any], values: dict[str, Any]
) -> None:
    """Set the chosen values of a conflict's fields (an edit, sent on the next sync)."""
    local = read_local(session, {})
    current = local.objects.get(object_key(kind, uuid))
    fields = dict(current.data["fields"]) if current is not None else dict(BLANK[kind])
    fields.update(values)
    write_fields(session, kind, uuid, data, fields, local, None, ReviewReport())


def current_values(session: Session, kind: str, uuid: str, names: list[str]) -> dict[str, Any]:
    current = read_local(session, {}).objects.get(object_key(kind, uuid))
    fields = current.data["fields"] if current is not None else BLANK[kind]
    return {name: fields.get(name) for name in names}
