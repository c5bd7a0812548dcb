"""The rows a team sync reads and writes besides findings: screening records, evidence
fields and values, the conflicts a team pull recorded, and articles by uuid."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import (
    Article,
    Conflict,
    EvidenceField,
    EvidenceValue,
    Reviewer,
    ScreeningImport,
    ScreeningRecord,
)


def screening_records(session: Session) -> list[ScreeningRecord]:
    return list(session.scalars(select(ScreeningRecord).order_by(ScreeningRecord.id)))


def team_import(session: Session, source: str) -> ScreeningImport:
    """The screening import that records arriving from the team library belong to."""
    batch = session.scalar(select(ScreeningImport).where(ScreeningImport.source == source))
    if batch is None:
        batch = ScreeningImport(source=source, identified=0, duplicates=0)
        session.add(batch)
        session.flush()
    return batch


def add_screening_record(
    session: Session, import_id: int, identity: list[str], parts: dict[str, Any]
) -> ScreeningRecord:
    """A record received from the team library, undecided, flushed so it has its id;
    `parts` are its reference's columns (title, doi, record...)."""
    record = ScreeningRecord(
        import_id=import_id,
        identity=identity,
        decision="",
        reason="",
        made_article=False,
        **parts,
    )
    session.add(record)
    session.flush()
    return record


def evidence_fields(session: Session) -> list[EvidenceField]:
    return list(session.scalars(select(EvidenceField).order_by(EvidenceField.position)))


def add_evidence_field(session: Session, name: str, position: int) -> EvidenceField:
    """A column of the evidence table received from the team library (its kind, choices
    and population flag are set by the caller)."""
    definition = EvidenceField(name=name, position=position)
    session.add(definition)
    return definition


def evidence_values(session: Session) -> list[tuple[Article, int, Any]]:
    """(article, field id, value) of every value set."""
    rows = session.execute(
        select(Article, EvidenceValue.field_id, EvidenceValue.value).join(
            EvidenceValue, EvidenceValue.article_id == Article.id
        )
    )
    return [(article, field_id, value) for article, field_id, value in rows if value is not None]


def set_evidence_value(session: Session, article_id: int, field_id: int, value: Any) -> None:
    row = session.get(EvidenceValue, (article_id, field_id))
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(EvidenceValue(article_id=article_id, field_id=field_id, value=value))
    else:
        row.value = value


def article_by_uuid(session: Session, uuid: str) -> Article | None:
    return session.scalar(select(Article).where(Article.uuid == uuid))


def article_by_id(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def article_uuids(session: Session) -> dict[int, str]:
    return {i: u for i, u in session.execute(select(Article.id, Article.uuid))}


def articles_by_uuid(session: Session, uuids: set[str]) -> dict[str, Article]:
    chosen = sorted(uuids)
    found: dict[str, Article] = {}
    for start in range(0, len(chosen), 500):
        rows = session.scalars(select(Article).where(Article.uuid.in_(chosen[start : start + 500])))
        found.update({a.uuid: a for a in rows})
    return found


def conflicts(session: Session) -> list[Conflict]:
    return list(session.scalars(select(Conflict).order_by(Conflict.id)))


def me(session: Session) -> Reviewer | None:
    return session.scalar(select(Reviewer).where(Reviewer.is_me.is_(True)))


def reviewer_names(session: Session) -> dict[str, str]:
    return {r.id: r.name for r in session.scalars(select(Reviewer))}
