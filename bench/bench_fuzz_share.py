"""Fuzz `share import` with many generated files and print the figures.

    python bench/bench_fuzz_share.py [EXAMPLES_PER_SHAPE]   (default 2000)

For each shape (poemsreader file, W3C AnnotationPage, Hypothesis export): inputs,
imported, refused (one clear sentence, no row changed), unexpected exceptions (goal 0).
The test suite runs the same check with a few dozen examples (tests/share/test_fuzz.py).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from tests.share.fuzz_inputs import hypothesis_exports, native_files, w3c_pages  # noqa: E402
from tests.share.fuzz_run import FuzzTally, import_one  # noqa: E402

from poemsreader.services.library import Library  # noqa: E402

SHAPES = {"native": native_files, "w3c": w3c_pages, "hypothesis": hypothesis_exports}


def fuzz(shape: str, examples: int, folder: Path) -> FuzzTally:
    tally = FuzzTally()
    with Library(folder / shape) as library:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(SHAPES[shape]())
        def run(raw: bytes) -> None:
            import_one(library, raw, tally, check_unchanged=tally.inputs % 10 == 0)

        run()
    return tally


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    total = FuzzTally()
    with tempfile.TemporaryDirectory() as folder:
        for shape in SHAPES:
            started = time.perf_counter()
            tally = fuzz(shape, examples, Path(folder))
            seconds = time.perf_counter() - started
            print(
                f"{shape:<11} inputs {tally.inputs:>6}  imported {tally.imported:>6}  "
                f"refused {tally.refusals:>6}  unexpected {sum(tally.unexpected.values())}"
                f"  ({seconds:.1f} s)"
            )
            for message, count in tally.unexpected.most_common(10):
                print(f"    {count} × {message}")
            total.inputs += tally.inputs
            total.imported += tally.imported
            total.refusals += tally.refusals
            total.unexpected.update(tally.unexpected)
    print(
        f"{'all':<11} inputs {total.inputs:>6}  imported {total.imported:>6}  "
        f"refused {total.refusals:>6}  unexpected {sum(total.unexpected.values())}"
    )


if __name__ == "__main__":
    main()
