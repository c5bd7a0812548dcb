"""Reviewers: the library's own reviewer ("me") and the collaborators seen in imports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def my_reviewer(session: Session) -> Reviewer | None:
    """The row of the reviewer who owns this library, or None before one is set."""
    return session.scalar(select(Reviewer).where(Reviewer.is_me.is_(True)))


def reviewers_by_name(session: Session) -> list[Reviewer]:
    return list(session.scalars(select(Reviewer).order_by(Reviewer.name)))


def reviewer_with_id(session: Session, reviewer_id: str) -> Reviewer | None:
    return session.get(Reviewer, reviewer_id)


class ReviewerService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def me(self) -> ReviewerInfo | None:
        """The reviewer who owns this library, or None before one is set."""
        with self.db.reading() as session:
            row = my_reviewer(session)
            return _info(row) if row else None

    def all(self) -> list[ReviewerInfo]:
        with self.db.reading() as session:
            return [_info(r) for r in reviewers_by_name(session)]

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
            row = my_reviewer(session)
            if row is None:
                row = Reviewer(is_me=True)
                session.add(row)
            row.name, row.colour = name, colour.lower()
        return ChangeSet(settings=True, message=f"Reviewer set to {name}")
