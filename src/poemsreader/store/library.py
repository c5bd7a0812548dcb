"""The library: one folder, one database, and the services every front end uses.

This is the composition root below the UI: the window, the CLI and the tests
all open a `Library` and call its services; none of them touches SQL.
"""

from __future__ import annotations

import os
from pathlib import Path

from poemsreader.paths import LibraryPaths, resolve_library_dir
from poemsreader.store.articles import ArticleService
from poemsreader.store.backup import BackupService
from poemsreader.store.database import Database
from poemsreader.store.digest_source import DigestService
from poemsreader.store.evidence import EvidenceService
from poemsreader.store.findings import FindingService
from poemsreader.store.integrity import IntegrityService
from poemsreader.store.quote_drift import QuoteDriftService
from poemsreader.store.references import ReferenceService
from poemsreader.store.reviewers import ReviewerService
from poemsreader.store.screening import ScreeningService
from poemsreader.store.sharing import ShareService
from poemsreader.store.topics import TopicService


class Library:
    def __init__(self, root: Path) -> None:
        self.paths = LibraryPaths(root)
        self.paths.ensure()
        self.db = Database(self.paths.database, self.paths.backup_dir)
        self.articles = ArticleService(self.db, self.paths)
        self.findings = FindingService(self.db)
        self.backups = BackupService.at_open(self.db, self.paths.backup_dir)
        self.integrity = IntegrityService(self.db, self.paths)
        self.references = ReferenceService(self.db, self.paths, self.articles)
        self.topics = TopicService(self.db)
        self.digest = DigestService(self.db)
        self.sharing = ShareService(self.db, self.paths.root, self.findings)
        self.reviewers = ReviewerService(self.db)
        self.screening = ScreeningService(self.db)
        self.quote_drift = QuoteDriftService(self.db, self.paths)
        self.evidence = EvidenceService(self.db)

    @classmethod
    def open(cls, explicit: str | os.PathLike[str] | None = None) -> Library:
        return cls(resolve_library_dir(explicit))

    @property
    def root(self) -> Path:
        return self.paths.root

    def data_version(self) -> int:
        """A number that changes when anyone commits to the library (see Database)."""
        return self.db.data_version()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
