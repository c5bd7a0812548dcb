"""Sharing calls that open the library themselves, for the window's child processes.

Each is a top-level function of plain arguments, so a spawned process can run
it and send the report back; see ui/background_job.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from poemsreader.store.library import Library
from poemsreader.store.sharing import ExportReport, ImportReport


def import_share_file(root: Path, path: Path) -> ImportReport:
    """Merge the annotation file at `path` into the library at `root`."""
    with Library(root) as library:
        return library.sharing.import_file(path)


def export_share_file(root: Path, target: Path, since: datetime | None = None) -> ExportReport:
    """Write the library's annotations (changed since `since`) to `target`."""
    with Library(root) as library:
        return library.sharing.export(target, None, since)
