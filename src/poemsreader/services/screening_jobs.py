"""Screening work for the window's child process (see ui/background_job)."""

from __future__ import annotations

from pathlib import Path

from poemsreader.services.library import Library
from poemsreader.storage.screening import ScreeningImportReport


def import_search(root: Path, path: Path) -> ScreeningImportReport:
    """Add the search export at `path` to the screening list of the library at `root`."""
    with Library(root) as library:
        return library.screening.import_file(path)
