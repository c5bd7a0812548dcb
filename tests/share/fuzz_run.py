"""Importing one fuzzed file: a report or one clear refusal that wrote nothing, never
anything else. Shared by the test suite (few examples) and bench/bench_fuzz_share.py (many)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from poemsreader.core.errors import PoemsReaderError
from poemsreader.services.library import Library
from tests.share.dump import dump_tables


@dataclass
class FuzzTally:
    inputs: int = 0
    imported: int = 0
    refusals: int = 0
    unexpected: Counter[str] = field(default_factory=Counter)


def import_one(library: Library, raw: bytes, tally: FuzzTally, *, check_unchanged: bool) -> None:
    """Import `raw`; count the outcome. A refusal must be one line and change no row."""
    tally.inputs += 1
    before = dump_tables(library) if check_unchanged else None
    try:
        library.sharing.import_bytes(raw, "fuzz.json")
    except PoemsReaderError as error:
        tally.refusals += 1
        if "\n" in str(error) or (before is not None and dump_tables(library) != before):
            tally.unexpected[f"refusal not clean: {str(error)[:80]}"] += 1
    except Exception as error:  # what the fuzzing looks for
        tally.unexpected[f"{type(error).__name__}: {str(error)[:80]}"] += 1
    else:
        tally.imported += 1
