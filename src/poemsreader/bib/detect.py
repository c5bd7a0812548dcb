"""Which reference format a file is in, judged by its content (not its name).

A `.ris` file can hold a Web of Science export and a `.txt` file PubMed's MEDLINE
text, so the extension is only a tie-breaker; a file in none of the formats is
refused with the list of those understood.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from poemsreader.bib import bibtex, csljson, medline, ris
from poemsreader.bib.records import ParsedReferences
from poemsreader.core.errors import InvalidInput

FORMATS = (
    "BibTeX/BibLaTeX (.bib)",
    "RIS (.ris)",
    "PubMed MEDLINE (.nbib, .txt)",
    "CSL-JSON (.json)",
    "Zotero JSON (Better BibTeX)",
    "Web of Science tagged (.txt)",
)
Parser = Callable[[str], ParsedReferences]


def understood_formats() -> str:
    return ", ".join(FORMATS)


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM); older JabRef files are ISO-8859-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_parser(text: str, name: str = "the file") -> Parser:
    body = text.lstrip("\ufeff")
    if csljson.looks_like_json(body):
        return csljson.parse_json
    if ris.looks_like_wos(body):
        return ris.parse_wos
    # RIS before MEDLINE: both write `TI  - `, and RIS's `DP` (database provider) is
    # MEDLINE's date tag; only RIS opens its entries with `TY` and closes them with `ER`.
    if ris.looks_like_ris(body):
        return ris.parse_ris
    if medline.looks_like_medline(body):
        return medline.parse_medline
    if bibtex.looks_like_bibtex(body):
        return bibtex.parse_bibtex
    raise InvalidInput(
        f"{name} is not in a reference format poemsreader understands "
        f"(it reads {understood_formats()})."
    )


def parse_text(text: str, name: str = "the file") -> ParsedReferences:
    return detect_parser(text, name)(text)


def read_references(path: Path) -> ParsedReferences:
    """Parse the reference file at `path`; raises InvalidInput when nothing in it is usable."""
    try:
        text = decode(path.read_bytes())
    except OSError as error:
        raise InvalidInput(f"{path.name}: cannot read the file ({error.strerror}).") from error
    try:
        parsed = parse_text(text, path.name)
    except InvalidInput as error:
        if str(error).startswith(path.name):
            raise
        raise InvalidInput(f"{path.name}: {error}", error.problems) from error
    if not parsed.entries:
        first = f" ({parsed.problems[0]})" if parsed.problems else ""
        raise InvalidInput(
            f"{path.name}: no reference could be read from this {parsed.format} file{first}.",
            [str(p) for p in parsed.problems],
        )
    return parsed
