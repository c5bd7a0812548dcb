"""Citation keys: first author's family name + year, disambiguated by suffix.

`Li 2013`, then `Li 2013a`, `Li 2013b`… A key is assigned once; the store keeps
it unless the reviewer changes it (keys never change silently once cited).
"""

from __future__ import annotations

import itertools
import string
import unicodedata
from collections.abc import Iterator

from poemsreader.core.model import ArticleRecord

NO_AUTHOR = "Anonymous"
NO_YEAR = "n.d."


def base_key(record: ArticleRecord) -> str:
    """`Humeniuk 2013` from the first author and year of `record`."""
    family = record.authors[0].family.strip() if record.authors else ""
    family = unicodedata.normalize("NFC", " ".join(family.split())) or NO_AUTHOR
    year = str(record.year) if record.year else NO_YEAR
    return f"{family} {year}"


def _suffixes() -> Iterator[str]:
    """'', 'a', …, 'z', 'aa', 'ab', …, 'zz', 'aaa', … without end."""
    yield ""
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)


def unique_key(base: str, taken: set[str]) -> str:
    """The first of `base`, `base`a, `base`b… not already in `taken`."""
    return next(base + suffix for suffix in _suffixes() if base + suffix not in taken)
