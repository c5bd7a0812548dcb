"""Specific errors the core raises; the UI and the CLI turn each into one sentence."""

from __future__ import annotations


class PoemsReaderError(Exception):
    """Base: `str(error)` is a complete sentence for the reviewer."""


class PdfError(PoemsReaderError):
    """A PDF that cannot be used."""


class PdfUnreadable(PdfError):
    pass


class PdfEncrypted(PdfError):
    """The PDF needs a password (none given, or the one given was wrong)."""


class PdfTimeout(PdfError):
    pass


class LibraryInUse(PoemsReaderError):
    pass


class LibraryTooNew(PoemsReaderError):
    """The database was written by a newer poemsreader."""


class NotFound(PoemsReaderError):
    pass


class InvalidInput(PoemsReaderError):
    """A file or value given by the reviewer that cannot be used.

    `problems` lists each problem with its place (line, JSON path).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class LibraryDamaged(PoemsReaderError):
    """The library database is not a readable SQLite file: a backup must be restored."""
