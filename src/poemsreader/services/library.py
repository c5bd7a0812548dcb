"""The library: one folder, one database, and the services every front end uses.

This is the composition root below the UI: the window, the CLI and the tests
all open a `Library` and call its services; none of them touches SQL.
"""

from __future__ import annotations

import os
from pathlib import Path

from poemsreader.paths import LibraryPaths, resolve_library_dir
from poemsreader.services.digest_source import DigestService
from poemsreader.services.integrity import IntegrityService
from poemsreader.services.quote_drift import QuoteDriftService
from poemsreader.services.sharing import ShareService
from poemsreader.storage.articles import ArticleService
from poemsreader.storage.backup import BackupService
from poemsreader.storage.database import Database
from poemsreader.storage.evidence import EvidenceService
from poemsreader.storage.findings import FindingService
from poemsreader.storage.references import ReferenceService
from poemsreader.storage.reviewers import ReviewerService
from poemsreader.storage.screening import ScreeningService
from poemsreader.storage.topics import TopicService


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
