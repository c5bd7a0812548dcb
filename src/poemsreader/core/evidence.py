"""The evidence table and the article × topic matrix (pure).

The reviewer defines the table's fields once per library, each with a type:
a value typed into a cell is checked and stored as that type (an integer for
"patients n", one of the listed choices for "design"). Articles that share the
value of a *population* field (centre, cohort) may report the same patients
and are flagged. The matrix counts each article's findings under each topic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.errors import InvalidInput

if TYPE_CHECKING:
    from poemsreader.core.ports import LibraryPort

Value = str | int | float | None


class FieldKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class FieldDef:
    id: int
    name: str
    kind: FieldKind = FieldKind.TEXT
    choices: tuple[str, ...] = ()
    population: bool = False


def parse_value(definition: FieldDef, text: str) -> Value:
    """The typed value of `text` for the field; '' clears it; InvalidInput names the problem."""
    text = " ".join(text.split())
    if not text:
        return None
    kind = definition.kind
    try:
        if kind == FieldKind.INTEGER:
            return int(text.replace(",", "").replace(" ", ""))
        if kind == FieldKind.NUMBER:
            return float(text.replace(",", "."))
        if kind == FieldKind.DATE:
            return date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise InvalidInput(f"{definition.name}: {text!r} is not {_a(kind)}.") from error
    if kind == FieldKind.CHOICE:
        for choice in definition.choices:
            if choice.casefold() == text.casefold():
                return choice
        listed = ", ".join(definition.choices)
        raise InvalidInput(f"{definition.name}: {text!r} is not one of {listed}.")
    return text


def _a(kind: FieldKind) -> str:
    return {"integer": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)"}[
        kind.value
    ]


def shown(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def population_key(value: Value) -> str:
    """Centre names compared without case, punctuation or spacing differences."""
    return " ".join(re.sub(r"[^\w\s]", " ", shown(value).casefold()).split())


def overlapping(
    fields: Sequence[FieldDef], values: Mapping[tuple[int, int], Value]
) -> dict[int, list[str]]:
    """{article id: ['centre = Mayo Clinic', …]} for articles sharing a population value."""
    flagged: dict[int, list[str]] = defaultdict(list)
    for definition in (f for f in fields if f.population):
        groups: dict[str, list[tuple[int, Value]]] = defaultdict(list)
        for (article_id, field_id), value in values.items():
            if field_id == definition.id and population_key(value):
                groups[population_key(value)].append((article_id, value))
        for members in groups.values():
            if len(members) > 1:
                for article_id, value in members:
                    flagged[article_id].append(f"{definition.name} = {shown(value)}")
    return dict(flagged)


@dataclass
class Matrix:
    """Finding counts per article (rows) and topic (columns), with the findings of each cell."""

    articles: list[tuple[int, str]]  # (id, citation key), in row order
    topics: list[tuple[int, str]]  # (id, topic path), in column order
    cells: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def count(self, article_id: int, topic_id: int) -> int:
        return len(self.cells.get((article_id, topic_id), ()))

    def findings(self, article_id: int, topic_id: int) -> list[str]:
        return list(self.cells.get((article_id, topic_id), ()))

    def rows(self) -> list[list[int]]:
        return [[self.count(a, t) for t, _p in self.topics] for a, _k in self.articles]


def build_matrix(
    articles: Sequence[tuple[int, str]],
    topics: Sequence[tuple[int, str]],
    links: Iterable[tuple[int, int, str]],
) -> Matrix:
    """`links`: (article id, topic id, finding uuid) for every finding filed under a topic."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for article_id, topic_id, uuid in links:
        cells[(article_id, topic_id)].append(uuid)
    return Matrix(list(articles), list(topics), dict(cells))


class SetEvidenceValue(CommandBase):
    """An article's value of one evidence field (undoable; typing into a cell is one step)."""

    def __init__(self, article_id: int, field_id: int, value: Value) -> None:
        self.article_id, self.field_id, self.value = article_id, field_id, value
        self.text = "Edit evidence table"
        self.before: Value = None
        self._read = False

    def apply(self, library: LibraryPort) -> ChangeSet:
        if not self._read:
            self.before = library.evidence.value(self.article_id, self.field_id)
            self._read = True
        return library.evidence.set_value(self.article_id, self.field_id, self.value)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.evidence.set_value(self.article_id, self.field_id, self.before)


class AddEvidenceField(CommandBase):
    """A new column of the evidence table (undo removes it and its values)."""

    def __init__(
        self,
        name: str,
        kind: FieldKind,
        choices: Sequence[str] = (),
        population: bool = False,
    ) -> None:
        self.name, self.kind, self.choices, self.population = name, kind, tuple(choices), population
        self.text = f"Add evidence field {name}"
        self.field_id: int | None = None

    def apply(self, library: LibraryPort) -> ChangeSet:
        self.field_id, changes = library.evidence.add_field(
            self.name, self.kind, self.choices, self.population
        )
        return changes

    def revert(self, library: LibraryPort) -> ChangeSet:
        assert self.field_id is not None
        return library.evidence.remove_field(self.field_id)
