"""The evidence table and the article × topic matrix (`library.evidence`).

Fields are defined once per library; each value is stored typed (JSON) per
article and field. The matrix is read in three queries (articles, topics,
finding-topic links), so 200 articles × 40 topics stays well under 100 ms.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select

from poemsreader.atomic_files import write_bytes_atomically
from poemsreader.core.changes import ChangeSet
from poemsreader.core.citations import Citation
from poemsreader.core.errors import InvalidInput, NotFound
from poemsreader.core.evidence import (
    FieldDef,
    FieldKind,
    Matrix,
    Value,
    build_matrix,
    overlapping,
    parse_value,
    shown,
)
from poemsreader.digest.model import Bullet, Section
from poemsreader.digest.tables import Table, render_tables
from poemsreader.storage.database import Database
from poemsreader.storage.schema import (
    Article,
    EvidenceField,
    EvidenceValue,
    Finding,
    FindingTopic,
)
from poemsreader.storage.topics import depth_first, topic_tree

OVERLAP_HEADER = "possible overlap"


def _definition(row: EvidenceField) -> FieldDef:
    return FieldDef(row.id, row.name, FieldKind(row.kind), tuple(row.choices), row.population)


class EvidenceService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- fields -------------------------------------------------------------------------

    def fields(self) -> list[FieldDef]:
        with self.db.reading() as session:
            query = select(EvidenceField).order_by(EvidenceField.position, EvidenceField.id)
            return [_definition(row) for row in session.scalars(query)]

    def field_named(self, name: str) -> FieldDef:
        for definition in self.fields():
            if definition.name.casefold() == name.strip().casefold():
                return definition
        raise NotFound(f"No evidence field {name!r}.")

    def add_field(
        self, name: str, kind: FieldKind, choices: tuple[str, ...] = (), population: bool = False
    ) -> tuple[int, ChangeSet]:
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("An evidence field needs a name.")
        if kind == FieldKind.CHOICE and not choices:
            raise InvalidInput(f"{name}: a choice field needs its choices.")
        with self.db.transaction() as session:
            taken = session.scalar(
                select(EvidenceField.id).where(func.lower(EvidenceField.name) == name.lower())
            )
            if taken is not None:
                raise InvalidInput(f"There is an evidence field {name!r} already.")
            position = session.scalar(select(func.count()).select_from(EvidenceField)) or 0
            row = EvidenceField(
                name=name,
                kind=kind.value,
                choices=[c.strip() for c in choices if c.strip()],
                position=position,
                population=population,
            )
            session.add(row)
            session.flush()
            field_id = row.id
        return field_id, ChangeSet(settings=True, message=f"Evidence field {name} added")

    def remove_field(self, field_id: int) -> ChangeSet:
        with self.db.transaction() as session:
            row = session.get(EvidenceField, field_id)
            if row is None:
                raise NotFound(f"No evidence field with id {field_id}.")
            session.execute(delete(EvidenceValue).where(EvidenceValue.field_id == field_id))
            session.delete(row)
        return ChangeSet(settings=True, message="Evidence field removed")

    # -- values -------------------------------------------------------------------------

    def parse(self, field_id: int, text: str) -> Value:
        definition = next((f for f in self.fields() if f.id == field_id), None)
        if definition is None:
            raise NotFound(f"No evidence field with id {field_id}.")
        return parse_value(definition, text)

    def value(self, article_id: int, field_id: int) -> Value:
        with self.db.reading() as session:
            row = session.get(EvidenceValue, (article_id, field_id))
            return row.value if row is not None else None

    def values(self) -> dict[tuple[int, int], Value]:
        with self.db.reading() as session:
            rows = session.execute(
                select(EvidenceValue.article_id, EvidenceValue.field_id, EvidenceValue.value)
            )
            return {(a, f): v for a, f, v in rows if v is not None}

    def set_value(self, article_id: int, field_id: int, value: Value) -> ChangeSet:
        with self.db.transaction() as session:
            if session.get(Article, article_id) is None:
                raise NotFound(f"No article with id {article_id}.")
            if session.get(EvidenceField, field_id) is None:
                raise NotFound(f"No evidence field with id {field_id}.")
            row = session.get(EvidenceValue, (article_id, field_id))
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(EvidenceValue(article_id=article_id, field_id=field_id, value=value))
            else:
                row.value = value
        return ChangeSet(articles={article_id}, message="Evidence table edited")

    # -- tables -------------------------------------------------------------------------

    def _articles(self) -> list[tuple[int, str]]:
        with self.db.reading() as session:
            return [
                (i, k)
                for i, k in session.execute(
                    select(Article.id, Article.citekey).order_by(Article.citekey)
                )
            ]

    def articles(self) -> list[tuple[int, str]]:
        """(id, citation key) of every article, in the tables' row order."""
        return self._articles()

    def overlaps(self) -> dict[int, list[str]]:
        return overlapping(self.fields(), self.values())

    def table(self) -> Table:
        """One row per article: its key, each field's value, and any shared population."""
        fields, values = self.fields(), self.values()
        flagged = overlapping(fields, values)
        table = Table("Evidence", ["Article", *(f.name for f in fields), OVERLAP_HEADER])
        for article_id, key in self._articles():
            cells: list[Value] = [values.get((article_id, f.id)) for f in fields]
            table.rows.append([key, *cells, "; ".join(flagged.get(article_id, []))])
        return table

    def matrix(self) -> Matrix:
        with self.db.reading() as session:
            topics = [(node.id, node.path) for node, _d in depth_first(topic_tree(session))]
            links = session.execute(
                select(Finding.article_id, FindingTopic.topic_id, Finding.uuid)
                .join(FindingTopic, FindingTopic.finding_id == Finding.id)
                .where(Finding.deleted.is_(None))
                .order_by(FindingTopic.position, Finding.uuid)
            ).all()
        return build_matrix(self._articles(), topics, links)

    @staticmethod
    def matrix_table(matrix: Matrix) -> Table:
        table = Table("Findings per topic", ["Article", *(path for _i, path in matrix.topics)])
        for (_id, key), counts in zip(matrix.articles, matrix.rows(), strict=True):
            table.rows.append([key, *counts])
        return table

    def digest_section(self, keys: set[str]) -> Section | None:
        """The evidence table as a digest section: one bullet per article of `keys` with values."""
        fields, values = self.fields(), self.values()
        flagged = overlapping(fields, values)
        section = Section("Evidence table", 1)
        for article_id, key in self._articles():
            parts = [
                f"{f.name}: {shown(values[(article_id, f.id)])}"
                for f in fields
                if (article_id, f.id) in values
            ]
            if key not in keys or not parts:
                continue
            if flagged.get(article_id):
                parts.append(
                    "possibly the same patients as another article ("
                    + "; ".join(flagged[article_id])
                    + ")"
                )
            citation = Citation(key).render()
            section.bullets.append(Bullet("; ".join(parts) + ".", citation, (key,), ()))
        return section if section.bullets else None

    def export(self, path: Path, fmt: str, what: str = "matrix") -> Table:
        """Write the matrix (`matrix`) or the evidence table (`evidence`) to `path`."""
        table = self.matrix_table(self.matrix()) if what == "matrix" else self.table()
        write_bytes_atomically(Path(path), render_tables([table], fmt))
        return table
