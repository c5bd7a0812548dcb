"""Reviewers: the library's own reviewer ("me") and the collaborators seen in imports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import InvalidInput
from poemsreader.storage.database import Database
from poemsreader.storage.schema import Reviewer

COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#e0a000"


@dataclass(frozen=True)
class ReviewerInfo:
    id: str
    name: str
    colour: str
    is_me: bool


def _info(row: Reviewer) -> ReviewerInfo:
    return ReviewerInfo(row.id, row.name, row.colour, bool(row.is_me))


class ReviewerService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def me(self) -> ReviewerInfo | None:
        """The reviewer who owns this library, or None before one is set."""
        with self.db.reading() as session:
            row = session.scalar(select(Reviewer).where(Reviewer.is_me.is_(True)))
            return _info(row) if row else None

    def all(self) -> list[ReviewerInfo]:
        with self.db.reading() as session:
            rows = session.scalars(select(Reviewer).order_by(Reviewer.name))
            return [_info(r) for r in rows]

    def set_me(self, name: str, colour: str = DEFAULT_COLOUR) -> ChangeSet:
        """Name and colour of the library's own reviewer (created on first use)."""
        name = " ".join(name.split())
        problems = []
        if not name:
            problems.append("The reviewer needs a name.")
        if not COLOUR_PATTERN.match(colour):
            problems.append(f"The colour {colour!r} is not of the form #rrggbb.")
        if problems:
            raise InvalidInput(" ".join(problems), problems)
        with self.db.transaction() as session:
            row = session.scalar(select(Reviewer).where(Reviewer.is_me.is_(True)))
            if row is None:
                row = Reviewer(is_me=True)
                session.add(row)
            row.name, row.colour = name, colour.lower()
        return ChangeSet(settings=True, message=f"Reviewer set to {name}")
