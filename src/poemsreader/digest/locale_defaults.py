"""Paper size and language of the reviewer's locale, for DOCX and ODT.

Read from the POSIX locale variables (LC_ALL, then LC_PAPER or LC_MESSAGES, then
LANG): `en_US.UTF-8` gives US Letter and `en-US`; anywhere else A4. A setting
(`--paper`, `--language`) overrides both.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from poemsreader.core.errors import InvalidInput

# Territories that print on US Letter (CLDR's paperSize data).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "SV", "NI", "BZ"}
)
_POSIX = re.compile(r"^([a-zA-Z]{2,3})(?:_([a-zA-Z]{2}|\d{3}))?")
_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@dataclass(frozen=True)
class PageSize:
    name: str
    width_mm: float
    height_mm: float


PAGE_SIZES = {"a4": PageSize("A4", 210, 297), "letter": PageSize("Letter", 215.9, 279.4)}


def _locale_value(env: Mapping[str, str], category: str) -> str:
    for name in ("LC_ALL", category, "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value
    return ""


def locale_paper(env: Mapping[str, str] | None = None) -> str:
    match = _POSIX.match(_locale_value(os.environ if env is None else env, "LC_PAPER"))
    territory = (match.group(2) or "").upper() if match else ""
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def locale_language(env: Mapping[str, str] | None = None) -> str:
    """'de_CH.UTF-8' -> 'de-CH'; no locale -> 'en'."""
    match = _POSIX.match(_locale_value(os.environ if env is None else env, "LC_MESSAGES"))
    if not match:
        return "en"
    language, territory = match.groups()
    return f"{language.lower()}-{territory.upper()}" if territory else language.lower()


def paper_or_default(paper: str) -> str:
    paper = paper.strip().lower()
    if not paper:
        return locale_paper()
    if paper not in PAGE_SIZES:
        raise InvalidInput(f"Unknown paper size {paper!r}; use a4 or letter.")
    return paper


def language_or_default(language: str) -> str:
    language = language.strip().replace("_", "-")
    if not language:
        return locale_language()
    if not _TAG.match(language):
        raise InvalidInput(f"Not a language tag: {language!r} (for example en-GB).")
    return language
