"""Keeping the merge base of a finding before this library's first unshared edit.

Two copies of one library (a folder copied to a colleague's machine) never
exchanged a file, yet both hold the same versions. Recording, at the first edit
of a finding that has no merge base, the version before the edit gives both copies
the same base: a later exchange then merges their edits field by field instead of
calling every one-sided edit a conflict.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from poemsreader.store.schema import Finding, SyncBase


def remember_base(session: Session, finding: Finding) -> None:
    """Before an edit: the finding's current version becomes its base if it has none."""
    if finding.deleted is not None or session.get(SyncBase, finding.uuid) is not None:
        return
    from poemsreader.share.convert import content_hash  # the share layer reads rows via
    from poemsreader.share.fields import field_values  # share_rows, which needs findings
    from poemsreader.store.share_rows import shared_of_row

    shared = shared_of_row(session, finding)
    session.add(
        SyncBase(
            uuid=finding.uuid,
            content_hash=content_hash(shared),
            modified=finding.modified,
            fields=field_values(shared),
        )
    )
