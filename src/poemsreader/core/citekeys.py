"""Citation keys: first author's family name + year, disambiguated by suffix.

`Li 2013`, then `Li 2013a`, `Li 2013b`… A key is assigned once; the store keeps
it unless the reviewer changes it (keys never change silently once cited).
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable

from poemsreader.core.model import ArticleRecord

NO_AUTHOR = "Anonymous"
NO_YEAR = "n.d."


def base_key(record: ArticleRecord) -> str:
    """`Humeniuk 2013` from the first author and year of `record`."""
    family = record.authors[0].family.strip() if record.authors else ""
    family = unicodedata.normalize("NFC", " ".join(family.split())) or NO_AUTHOR
    year = str(record.year) if record.year else NO_YEAR
    return f"{family} {year}"


def _suffixes() -> Iterable[str]:
    """'', 'a', …, 'z', 'aa', 'ab', … (the 27th article with one base key)."""
    yield ""
    yield from string.ascii_lowercase
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second


def unique_key(base: str, taken: set[str]) -> str:
    """The first of `base`, `base`a, `base`b… not already in `taken`."""
    for suffix in _suffixes():
        candidate = base + suffix
        if candidate not in taken:
            return candidate
    raise ValueError(f"too many articles share the key {base!r}")
