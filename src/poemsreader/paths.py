"""Where a library lives on disk: one module owns every path decision.

The library folder holds the database, the copied PDFs and the backups. It is
chosen by `--library DIR`, else `$POEMSREADER_LIBRARY`, else the platform's
user data folder (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from poemsreader import APP_NAME

LIBRARY_ENV = "POEMSREADER_LIBRARY"


def default_library_dir() -> Path:
    """The platform's per-user data folder for poemsreader."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`explicit` wins, then the environment variable, then the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_library_dir()


@dataclass(frozen=True)
class LibraryPaths:
    """Every file and folder inside one library folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "library.sqlite"

    @property
    def pdf_dir(self) -> Path:
        return self.root / "pdfs"

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    @property
    def lock_file(self) -> Path:
        return self.root / "library.lock"

    @property
    def team_lock_file(self) -> Path:
        """Held by the process exchanging rows with the team library (storage.lock)."""
        return self.root / "team.lock"

    def ensure(self) -> None:
        for folder in (self.root, self.pdf_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)


def first_page_hint_file() -> Path:
    """Where the reader keeps the size of its first page for the next start (a cache)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "first-page.json"
