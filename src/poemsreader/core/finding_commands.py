"""Undoable edits of findings (apply / revert / merge), through `library.findings`.

Typing into one field of one finding merges into one undo step, as a text
editor does; every other command is a step of its own.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command, CommandBase
from poemsreader.core.model import Anchor, FindingRecord, Placing
from poemsreader.core.ports import LibraryPort

EDIT_MERGE_ID = 4101  # any non-negative constant shared by every EditFinding


class CreateFinding(CommandBase):
    """Make a finding; undo removes it, redo brings back the same uuid and content."""

    def __init__(self, article_id: int, record: FindingRecord, text: str = "Make finding") -> None:
        self.article_id = article_id
        self.record = copy.deepcopy(record)
        self.text = text

    @property
    def uuid(self) -> str:
        return self.record.uuid

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.findings.create_record(self.article_id, self.record)

    def revert(self, library: LibraryPort) -> ChangeSet:
        # Keep what was stored (reviewer, dates) so redo re-creates exactly that.
        self.record = library.findings.get(self.record.uuid).record()
        return library.findings.purge(self.record.uuid)


class EditFinding(CommandBase):
    """Set one field (statement, quote, status, comment, colour, tags) of one finding.

    Saves of one burst of typing (the same `burst` number) merge into one undo step;
    the editor starts a new burst after each pause, so undo takes back a burst at a time.
    """

    def __init__(self, uuid: str, field: str, value: Any, text: str = "", burst: int = 0) -> None:
        self.uuid = uuid
        self.field = field
        self.burst = burst
        self.new = value
        self.old: Any = None
        self._captured = False
        self.text = text or f"Edit {field}"

    def apply(self, library: LibraryPort) -> ChangeSet:
        if not self._captured:
            self.old = getattr(library.findings.get(self.uuid), self.field)
            self._captured = True
        return library.findings.edit(self.uuid, **{self.field: self.new})

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.edit(self.uuid, **{self.field: self.old})

    def merge_id(self) -> int:
        return EDIT_MERGE_ID if self.field in ("statement", "quote", "comment") else -1

    def merge(self, other: Command) -> bool:
        if not isinstance(other, EditFinding):
            return False
        if (other.uuid, other.field, other.burst) != (self.uuid, self.field, self.burst):
            return False
        self.new = other.new
        return True


class RecolourFinding(EditFinding):
    def __init__(self, uuid: str, colour: str) -> None:
        super().__init__(uuid, "colour", colour, text="Recolour finding")


class SetTopics(CommandBase):
    """File a finding under an ordered list of topic paths."""

    def __init__(self, uuid: str, paths: Sequence[str]) -> None:
        self.uuid = uuid
        self.new = list(paths)
        self.old: list[str] | None = None
        self.text = "Change topics"

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self.old is None:
            self.old = list(library.findings.get(self.uuid).topics)
        return library.findings.set_topics(self.uuid, self.new)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.set_topics(self.uuid, self.old or [])


class DeleteFinding(CommandBase):
    def __init__(self, uuid: str) -> None:
        self.uuid = uuid
        self.text = "Delete finding"

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.findings.delete(self.uuid)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.restore(self.uuid)


class RestoreFinding(CommandBase):
    def __init__(self, uuid: str) -> None:
        self.uuid = uuid
        self.text = "Restore finding"

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.findings.restore(self.uuid)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.delete(self.uuid)


class PlaceFinding(CommandBase):
    """Put a finding on the passages the reviewer selected ("Place Here": an orphan
    placed by hand); undo puts back where, and how, it stood before."""

    def __init__(self, uuid: str, anchors: Sequence[Anchor]) -> None:
        self.uuid = uuid
        self.new = copy.deepcopy(list(anchors))
        self.old: list[Anchor] | None = None
        self.old_placement = Placing.POSITION.value
        self.text = "Place finding here"

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self.old is None:
            info = library.findings.get(self.uuid)
            self.old, self.old_placement = list(info.anchors), info.placement
        return library.findings.place(self.uuid, self.new, Placing.BY_HAND)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.place(self.uuid, self.old or [], self.old_placement)


class SetFirstPage(CommandBase):
    """The reviewer's correction of an article's page numbers ("the first page is 207")."""

    def __init__(self, article_id: int, first_page: str) -> None:
        self.article_id = article_id
        self.new = first_page
        self.old: str | None = None
        self.text = f"Set first page to {first_page}" if first_page else "Use detected pages"

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self.old is None:
            self.old = library.findings.first_page_override(self.article_id)
        return library.findings.set_first_page(self.article_id, self.new)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.findings.set_first_page(self.article_id, self.old or "")
