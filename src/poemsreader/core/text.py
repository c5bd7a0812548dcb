"""Text normalisation shared by extraction, selection, anchors and search.

Copying a passage and storing a quote both use `normalise`: ligatures expanded
(ﬁ -> fi), end-of-line hyphenation joined, whitespace collapsed to single spaces.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00ad": "",  # soft hyphen
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
# A hyphen at the end of a line between two lowercase letters: "treat-\nment" -> "treatment".
_LINE_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010]\s*\n\s*(?=[a-z])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def expand_ligatures(text: str) -> str:
    return text.translate(_LIGATURE_TABLE)


def normalise(text: str) -> str:
    """The canonical form of extracted text (see module docstring)."""
    text = expand_ligatures(text)
    text = _CONTROL.sub("", text)
    text = _LINE_HYPHEN.sub("", text)
    return _SPACE.sub(" ", text).strip()


def fold_for_search(text: str) -> str:
    """Case- and accent-insensitive form for find-in-document."""
    decomposed = unicodedata.normalize("NFKD", expand_ligatures(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


DOI_PATTERN = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
PMID_PATTERN = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.IGNORECASE)


def find_doi(text: str) -> str:
    match = DOI_PATTERN.search(text)
    return match.group(1).rstrip(".,;)]") if match else ""


def find_pmid(text: str) -> str:
    match = PMID_PATTERN.search(text)
    return match.group(1) if match else ""
