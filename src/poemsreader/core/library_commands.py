"""Undoable edits made from the library table."""

from __future__ import annotations

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.model import ReadingStatus
from poemsreader.core.ports import LibraryPort


class SetReadingStatus(CommandBase):
    """Mark articles as to read / reading / read / unavailable; undo restores each one's."""

    def __init__(self, previous: dict[int, ReadingStatus], status: ReadingStatus) -> None:
        self.previous = dict(previous)
        self.status = status
        count = len(previous)
        self.text = f"Mark {'as' if count == 1 else f'{count} articles as'} {status.value}"

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.articles.set_reading_statuses(dict.fromkeys(self.previous, self.status))

    def revert(self, library: LibraryPort) -> ChangeSet:
        changes = library.articles.set_reading_statuses(self.previous)
        changes.message = f"Undid: {self.text}"
        return changes
