"""The one place a pulled server row meets the local library: the share import's merge.

`merge_pulled` hands the server's rows, as share-file documents, to `share_merge.Merger`:
the three-way merge against the last synced content (`SyncBase`), which turns an edit
made on both sides into a Conflict row named after the team library. When the merge
learns to merge field by field, the team library merges field by field too.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from poemsreader.share.format import ShareFile
from poemsreader.store.findings import FindingService
from poemsreader.store.share_merge import Merger
from poemsreader.store.sharing import ImportReport


def merge_pulled(
    session: Session,
    findings: FindingService,
    documents: list[ShareFile],
    source: str,
    root: Path,
) -> ImportReport:
    """Apply the documents inside the caller's transaction; what it did, as an import."""
    report = ImportReport(source=source)
    merger = Merger(session, report, findings, create_articles=True, root=root)
    for document in documents:
        merger.apply(document)
    return report
