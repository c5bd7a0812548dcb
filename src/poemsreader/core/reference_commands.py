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
from poemsreader.core.ports import LibraryPort


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

    def apply(self, library: LibraryPort) -> ChangeSet:
        service = library.references
        if self._before is None:
            self._before = service.metadata(self.article_id)
        before = self._before
        edited = sorted(set(before.edited_fields) | changed_fields(before.record, self.record))
        return service.update_metadata(self.article_id, self.record, self.reading_status, edited)

    def revert(self, library: LibraryPort) -> ChangeSet:
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

    def apply(self, library: LibraryPort) -> ChangeSet:
        return library.references.resolve_proposal(self.change, self.accept)

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.references.restore_proposal(self.change)


class ImportReferences(CommandBase):
    """Import parsed references; undo removes the articles it created and puts the
    enriched ones back as they were (proposals included)."""

    def __init__(self, parsed: Any, source: str) -> None:
        self.parsed = parsed
        self.source = source
        self.text = f"Import references from {source}"
        self.report: Any = None

    def apply(self, library: LibraryPort) -> ChangeSet:
        self.report = library.references.import_parsed(self.parsed, self.source)
        return self.report.changes()

    def revert(self, library: LibraryPort) -> ChangeSet:
        return library.references.undo_import(self.report)


class AttachPdf(CommandBase):
    """Attach an inspected PDF to an article; undo detaches it again."""

    def __init__(self, article_id: int, facts: Any, link: bool = False) -> None:
        self.article_id = article_id
        self.facts = facts
        self.link = link
        self.text = f"Attach {facts.path.name}"
        self._status_before: ReadingStatus | None = None
        self._absorbed: Any = None  # the article that held the PDF, merged into this one

    def apply(self, library: LibraryPort) -> ChangeSet:
        if self._status_before is None:
            self._status_before = library.references.metadata(self.article_id).reading_status
        changes, self._absorbed = library.references.attach_pdf_absorbing(
            self.article_id, self.facts, link=self.link
        )
        return changes

    def revert(self, library: LibraryPort) -> ChangeSet:
        if self._absorbed is not None:
            return library.references.restore_absorbed(
                self._absorbed, self.article_id, self._status_before
            )
        return library.references.detach_pdf(
            self.article_id, self.facts.sha256, self._status_before
        )
