"""Library calls that open the library themselves, for the window's child processes.

Each is a top-level function of plain arguments, so a spawned process can run
it and send the report back (see ui/background_job): merging a large
annotation file is seconds of Python, and reading a PDF's annotations is
PyMuPDF work, which never runs in the window's process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from poemsreader.bib.detect import read_references
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import PoemsReaderError
from poemsreader.digest.model import DigestFilter, DigestOptions
from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import PdfImporter
from poemsreader.services.sharing import ExportReport, ImportReport
from poemsreader.storage.references import ImportReport as ReferencesReport


def import_share_file(root: Path, path: Path) -> ImportReport:
    """Merge the annotation file at `path` into the library at `root`."""
    with Library(root) as library:
        return library.sharing.import_file(path)


def export_share_file(root: Path, target: Path, since: datetime | None = None) -> ExportReport:
    """Write the library's annotations (changed since `since`) to `target`."""
    with Library(root) as library:
        return library.sharing.export(target, None, since)


@dataclass
class AnnotatedPdfsReport:
    """What importing other tools' annotated PDFs did, file by file."""

    messages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=ChangeSet)

    def summary(self) -> str:
        done = f"{len(self.messages)} PDF(s) imported"
        return done + (f", {len(self.failures)} refused" if self.failures else "")


def import_annotated_pdfs(root: Path, paths: list[Path]) -> AnnotatedPdfsReport:
    """Take over the highlights and notes other tools left in `paths` (each file on its
    own: one that cannot be read is reported and the others are imported)."""
    report = AnnotatedPdfsReport()
    with Library(root) as library:
        importer = PdfImporter(library.db, library.articles, library.findings)
        for path in paths:
            try:
                result = importer.import_pdf(inspect_pdf(path), read_annotations(path))
            except PoemsReaderError as error:
                report.failures.append(str(error))
                continue
            report.messages.append(result.message)
            report.changes = report.changes | result.changes
    return report


@dataclass
class ImportedReferences:
    """One reference file read and imported: what the window's undo step needs."""

    source: str
    parsed: object  # bib.detect's parsed entries, kept so redo can import them again
    report: ReferencesReport


def import_reference_files(root: Path, paths: list[Path]) -> list[ImportedReferences]:
    """Read every file first (one that cannot be read imports nothing and raises), then
    import each in its own transaction."""
    parsed = [(path, read_references(path)) for path in paths]
    with Library(root) as library:
        return [
            ImportedReferences(
                path.name, entries, library.references.import_parsed(entries, path.name)
            )
            for path, entries in parsed
        ]


def export_digest_file(
    root: Path, path: Path, fmt: str, flt: DigestFilter, options: DigestOptions
) -> tuple[int, int]:
    """Write the digest of the library at `root` to `path`; (findings, references) in it."""
    with Library(root) as library:
        digest = library.digest.export(path, fmt, flt, options)
    return digest.finding_count, len(digest.references)


def build_demo(root: Path, progress: Callable[[int, int, str], bool] | None = None) -> str:
    """Build the demo library in the empty folder `root`; the summary line."""
    with Library(root) as library:
        return build_demo_library(library, progress=progress).message
