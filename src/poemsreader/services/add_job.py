"""Adding a batch of PDFs: worker processes read them, this process writes the library.

The CLI runs a job to the end (`run`); the window calls `poll` from a timer so it
never blocks. Each file is one transaction: a bad file is reported and the good
ones are still added. Encrypted files without a password are kept apart so the
front end can ask for one and retry them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from poemsreader.core.errors import PdfEncrypted, PdfUnreadable, PoemsReaderError
from poemsreader.pdf.inspect_pool import (
    DEFAULT_TIMEOUT,
    InspectOutcome,
    InspectPool,
    default_workers,
)
from poemsreader.storage.articles import AddResult, ArticleService

POLL_SECONDS = 0.25


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of the batch."""

    path: Path
    result: AddResult | None = None
    error: str = ""  # one sentence when the file was not added
    needs_password: bool = False  # encrypted and no (or a wrong) password was given
    has_text: bool = True  # False for a scan without a text layer

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class BatchReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.result is not None and o.result.created]

    @property
    def attached(self) -> list[FileOutcome]:
        """PDFs that joined an article of the library that was waiting for its PDF."""
        return [o for o in self.outcomes if o.result is not None and o.result.attached]

    @property
    def duplicates(self) -> list[FileOutcome]:
        return [
            o
            for o in self.outcomes
            if o.result is not None and not o.result.created and not o.result.attached
        ]

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.result is None]

    @property
    def article_ids(self) -> set[int]:
        return {o.result.article_id for o in self.outcomes if o.result is not None}

    def summary(self) -> str:
        """'Added 3 articles; 1 already in the library; 2 files could not be added.'"""
        parts = [f"Added {len(self.added)} article{'s' if len(self.added) != 1 else ''}"]
        if self.attached:
            parts.append(f"{len(self.attached)} attached to articles waiting for their PDF")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the library")
        if self.failed:
            parts.append(f"{len(self.failed)} could not be added")
        text = "; ".join(parts) + "."
        return text + " (cancelled)" if self.cancelled else text


def expand_pdf_paths(items: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders replaced by the PDFs inside them (recursively, sorted)."""
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf"))
        else:
            paths.append(path)
    return paths


ProgressCallback = Callable[[int, int, FileOutcome], None]


class AddJob:
    """Adds `paths` to the library through a pool of worker processes."""

    def __init__(
        self,
        articles: ArticleService,
        paths: Iterable[str | Path],
        *,
        link: bool = False,
        password: str | None = None,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.articles = articles
        self.paths = expand_pdf_paths(paths)
        self.link = link
        self.password = password
        self.report = BatchReport()
        size = min(workers or default_workers(), max(1, len(self.paths)))
        self._pool = InspectPool(workers=size, timeout=timeout)
        self._started = False

    @property
    def total(self) -> int:
        return len(self.paths)

    @property
    def done(self) -> int:
        return len(self.report.outcomes)

    @property
    def finished(self) -> bool:
        return self._started and (self.report.cancelled or self.done >= self.total)

    def start(self) -> None:
        """Check each path and queue the readable ones for the workers."""
        self._started = True
        for path in self.paths:
            problem = _unusable(path)
            if problem:
                self.report.outcomes.append(FileOutcome(path, error=problem))
            else:
                self._pool.submit(path, self.password)
        if self.finished:
            self._pool.close()

    def poll(self, timeout: float = 0.0) -> list[FileOutcome]:
        """Store the files the workers have finished; returns their outcomes."""
        if not self._started:
            self.start()
        if self.finished:
            return []
        outcomes = [self._store(o) for o in self._pool.poll(timeout)]
        self.report.outcomes.extend(outcomes)
        if self.finished:
            self._pool.close()
        return outcomes

    def run(self, progress: ProgressCallback | None = None) -> BatchReport:
        """Run the whole batch, calling `progress(done, total, outcome)` after each file."""
        if not self._started:
            already = len(self.report.outcomes)
            self.start()
            for outcome in self.report.outcomes[already:]:
                if progress:
                    progress(self.done, self.total, outcome)
        try:
            while not self.finished:
                for outcome in self.poll(POLL_SECONDS):
                    if progress:
                        progress(self.done, self.total, outcome)
        finally:
            self._pool.close()
        return self.report

    def readiness(self) -> tuple[list[Connection], float | None]:
        """The worker pipes to wait on before `poll`, and the longest wait (InspectPool)."""
        return self._pool.readiness()

    def cancel(self) -> None:
        """Stop: files already added stay, the rest are not read."""
        self.report.cancelled = True
        self._pool.cancel()
        self._pool.close()

    def close(self) -> None:
        self._pool.close()

    def _store(self, inspected: InspectOutcome) -> FileOutcome:
        path = inspected.task.path
        if inspected.error is not None:
            locked = isinstance(inspected.error, PdfEncrypted)
            return FileOutcome(path, error=str(inspected.error), needs_password=locked)
        assert inspected.facts is not None
        try:
            result = self.articles.add_pdf(inspected.facts, link=self.link)
            return FileOutcome(path, result=result, has_text=inspected.facts.has_text)
        except PoemsReaderError as error:
            return FileOutcome(path, error=str(error))
        except OSError as error:
            return FileOutcome(path, error=f"{path.name}: cannot copy the file ({error.strerror}).")


def _unusable(path: Path) -> str:
    """Why `path` cannot even be handed to a worker ('' when it can)."""
    if not path.exists():
        return str(PdfUnreadable(f"{path}: no such file."))
    if not path.is_file():
        return str(PdfUnreadable(f"{path}: not a file."))
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        return str(PdfUnreadable(f"{path.name}: cannot read the file ({error.strerror})."))
    return ""
