"""Checking a library: the database itself, its PDF files, and its findings' anchors.

Nothing here changes a finding's text. A PDF deleted or moved outside the app
leaves its article and findings as they are; the document is reported "file
missing" (computed from the disk, not stored), and `relink` finds the file again
by its SHA-256 anywhere below a folder the reviewer points at.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from poemsreader.paths import LibraryPaths
from poemsreader.pdf.document import sha256_of
from poemsreader.storage.database import Database
from poemsreader.storage.library_checks import LibraryChecks
from poemsreader.storage.pdf_files import document_file, point_document_at

FILE_MISSING = "file missing"
# A copied-in PDF younger than this may belong to an add still being committed.
STRAY_MIN_AGE_S = 3600.0


@dataclass(frozen=True)
class MissingFile:
    document_id: int
    article_id: int
    key: str
    path: str
    sha256: str


@dataclass(frozen=True)
class OrphanAnchor:
    finding_id: int
    key: str
    page_index: int
    page_count: int


@dataclass(frozen=True)
class OrphanFinding:
    """A finding from a collaborator never found in our copy of its article."""

    finding_id: int
    key: str
    quote: str

    def line(self) -> str:
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."
        where = f"{self.key}: finding {self.finding_id}"
        return f"{where} needs placing by hand (orphan): \u201c{quote}\u201d"


@dataclass
class IntegrityReport:
    integrity: list[str] = field(default_factory=list)  # ["ok"] when sound
    foreign_keys: list[str] = field(default_factory=list)
    missing_files: list[MissingFile] = field(default_factory=list)
    orphan_anchors: list[OrphanAnchor] = field(default_factory=list)
    orphan_findings: list[OrphanFinding] = field(default_factory=list)  # flagged orphan
    stray_files: list[Path] = field(default_factory=list)  # in pdfs/ with no document row

    @property
    def database_ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys

    @property
    def clean(self) -> bool:
        return self.database_ok and not (
            self.missing_files or self.orphan_anchors or self.orphan_findings or self.stray_files
        )

    def lines(self) -> list[str]:
        """One sentence per problem, for the CLI and the window's report."""
        out = []
        if self.integrity != ["ok"]:
            out += [f"database damaged: {m}" for m in self.integrity]
        out += [f"broken reference: {m}" for m in self.foreign_keys]
        out += [f"{m.key}: {FILE_MISSING} ({m.path})" for m in self.missing_files]
        out += [
            f"{a.key}: finding {a.finding_id} points at page {a.page_index + 1} "
            f"of a {a.page_count}-page PDF (orphaned anchor)"
            for a in self.orphan_anchors
        ]
        out += [f.line() for f in self.orphan_findings]
        out += [f"stray file without an article: {p}" for p in self.stray_files]
        return out


@dataclass(frozen=True)
class RelinkResult:
    relinked: list[MissingFile]
    still_missing: list[MissingFile]
    scanned: int


class IntegrityService:
    def __init__(self, db: Database, paths: LibraryPaths) -> None:
        self.db = db
        self.paths = paths
        self.rows = LibraryChecks(db)

    # -- files ------------------------------------------------------------------------

    def file_of(self, stored_path: str) -> Path:
        """The file a document's stored path names."""
        return document_file(self.paths.root, stored_path)

    def missing_files(self) -> list[MissingFile]:
        return [
            MissingFile(d.document_id, d.article_id, d.key, d.path, d.sha256)
            for d in self.rows.documents()
            if not self.file_of(d.path).is_file()
        ]

    def missing_document_ids(self) -> set[int]:
        """Documents whose PDF is not on disk: shown as "file missing"."""
        return {m.document_id for m in self.missing_files()}

    def stray_files(self, min_age_s: float = STRAY_MIN_AGE_S) -> list[Path]:
        """Files in pdfs/ no document points at (an add killed before its commit)."""
        if not self.paths.pdf_dir.is_dir():
            return []
        # every document's file, linked ones too (one may point into pdfs/)
        known = {self.file_of(path).resolve() for path in self.rows.document_paths()}
        cutoff = time.time() - min_age_s
        return sorted(
            p
            for p in self.paths.pdf_dir.iterdir()
            if p.is_file() and p.resolve() not in known and p.stat().st_mtime <= cutoff
        )

    def remove_stray_files(self, min_age_s: float = STRAY_MIN_AGE_S) -> list[Path]:
        removed = self.stray_files(min_age_s)
        for path in removed:
            path.unlink(missing_ok=True)
        return removed

    def relink(self, folder: Path) -> RelinkResult:
        """Find every missing PDF below `folder` by its SHA-256 and point its document at it.

        A copied-in document gets the file copied back into the library; a linked
        one is pointed at the file where it now is.
        """
        missing = self.missing_files()
        wanted = {m.sha256: m for m in missing}
        found: dict[str, Path] = {}
        scanned = 0
        for path in sorted(folder.rglob("*")):
            if not wanted.keys() - found.keys():
                break
            if path.suffix.lower() != ".pdf" or not path.is_file():
                continue
            scanned += 1
            try:
                digest = sha256_of(path)
            except OSError:
                continue
            if digest in wanted:
                found.setdefault(digest, path.resolve())
        for digest, path in found.items():
            point_document_at(self.db, self.paths.root, wanted[digest].document_id, path)
        relinked = [wanted[d] for d in found]
        still = [m for m in missing if m.sha256 not in found]
        return RelinkResult(relinked, still, scanned)

    # -- anchors ----------------------------------------------------------------------

    def orphan_anchors(self) -> list[OrphanAnchor]:
        """Anchors on a page the finding's PDF does not have."""
        places = self.rows.anchor_places()
        orphans = []
        for place in places.anchors:
            count = places.pages_by_sha256.get(place.document_sha256) or (
                places.pages_of_first_pdf.get(place.article_id)
            )
            if count and not 0 <= place.page_index < count:
                orphans.append(OrphanAnchor(place.finding_id, place.key, place.page_index, count))
        return orphans

    def flag_orphans(self, anchors: list[OrphanAnchor]) -> int:
        """Mark the findings of `anchors` as needing placing by hand."""
        ids = sorted({a.finding_id for a in anchors})
        if not ids:
            return 0
        self.rows.flag_orphans(ids)
        return len(ids)

    # -- the whole check --------------------------------------------------------------

    def database_checks(self) -> tuple[list[str], list[str]]:
        return self.rows.database_checks()

    def check(self, *, repair: bool = False) -> IntegrityReport:
        """Run every check; with `repair`, flag orphaned findings and delete stray files."""
        integrity, foreign = self.database_checks()
        report = IntegrityReport(integrity=integrity, foreign_keys=foreign)
        report.missing_files = self.missing_files()
        report.orphan_anchors = self.orphan_anchors()
        report.stray_files = self.stray_files()
        if repair:
            self.flag_orphans(report.orphan_anchors)
            self.remove_stray_files()
            report.stray_files = []
        report.orphan_findings = [OrphanFinding(*row) for row in self.rows.orphan_findings()]
        return report

    def quick_check(self) -> bool:
        return self.rows.quick_check()
