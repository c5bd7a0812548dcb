"""The one place a pulled server row meets the local library: the share import's merge.

`merge_pulled` hands the server's rows, as share-file documents, to `share_merge.Merger`:
the field-level three-way merge against the states both sides saw (this library's
`SyncBase` and the merge base each pushed finding carries). A field changed on one side
takes that side's value; a field both changed differently keeps the newer value and
becomes one Conflict row, named after the team library, in the library that met both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from poemsreader.services.share_merge import Merger
from poemsreader.services.sharing import ImportReport
from poemsreader.share.format import ShareFile
from poemsreader.storage.findings import FindingService

if TYPE_CHECKING:
    from poemsreader.storage.database import Session


def merge_pulled(
    session: Session,
    findings: FindingService,
    documents: list[ShareFile],
    source: str,
    root: Path,
    synced_topics: frozenset[str] = frozenset(),
) -> ImportReport:
    """Apply the documents inside the caller's transaction; what it did, as an import.
    The team library holds one topic per name: our topic meeting a pulled one of the
    same name takes its id (one in `synced_topics`, known there by its old id, is
    merged into it there too)."""
    report = ImportReport(source=source)
    merger = Merger(
        session,
        report,
        findings,
        create_articles=True,
        root=root,
        adopt_topics=synced_topics,
    )
    for document in documents:
        merger.apply(document)
    return report
