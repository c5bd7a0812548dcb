"""Undoable edits of an article's bibliographic record and of proposed changes.

The commands talk to `library.references` only; the first apply remembers the
record as it was, so undo restores it exactly (citation key included, when it
is still free).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.model import ArticleRecord, ReadingStatus


def changed_fields(before: ArticleRecord, after: ArticleRecord) -> set[str]:
    return {
        f.name for f in fields(ArticleRecord) if getattr(before, f.name) != getattr(after, f.name)
    }


class EditArticleRecord(CommandBase):
    """Set an article's record and reading status; changed fields are marked as
    edited by hand so a later import proposes rather than overwrites."""

    def __init__(
        self,
        article_id: int,
        record: ArticleRecord,
        reading_status: ReadingStatus,
        text: str = "Edit reference",
    ) -> None:
        self.article_id = article_id
        self.record = record
        self.reading_status = reading_status
        self.text = text
        self._before: Any = None

    def apply(self, library: Any) -> ChangeSet:
        service = library.references
        if self._before is None:
            self._before = service.metadata(self.article_id)
        before = self._before
        edited = set(before.edited_fields) | changed_fields(before.record, self.record)
        return service.update_metadata(self.article_id, self.record, self.reading_status, edited)

    def revert(self, library: Any) -> ChangeSet:
        before = self._before
        return library.references.update_metadata(
            self.article_id,
            before.record,
            before.reading_status,
            before.edited_fields,
            citekey=before.citekey,
        )


class ResolveProposal(CommandBase):
    """Accept or reject one proposed change from an import."""

    def __init__(self, change: Any, accept: bool) -> None:
        self.change = change
        self.accept = accept
        self.text = f"{'Accept' if accept else 'Reject'} proposed {change.field}"

    def apply(self, library: Any) -> ChangeSet:
        return library.references.resolve_proposal(self.change, self.accept)

    def revert(self, library: Any) -> ChangeSet:
        return library.references.restore_proposal(self.change)
