"""Fuzzing the three file shapes `share import` reads (a few examples per run; the
bench `bench/bench_fuzz_share.py` runs thousands)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from poemsreader.services.library import Library
from tests.share.fuzz_inputs import hypothesis_exports, native_files, w3c_pages
from tests.share.fuzz_run import FuzzTally, import_one

FEW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _fuzz(tmp_path: Path, strategy) -> FuzzTally:  # type: ignore[no-untyped-def]
    tally = FuzzTally()
    with Library(tmp_path / "lib") as library:

        @FEW
        @given(strategy)
        def run(raw: bytes) -> None:
            import_one(library, raw, tally, check_unchanged=True)
            assert not tally.unexpected, tally.unexpected

        run()
    return tally


def test_native_files(tmp_path: Path) -> None:
    tally = _fuzz(tmp_path, native_files())
    assert tally.refusals and tally.imported  # both outcomes are reached


def test_w3c_annotation_pages(tmp_path: Path) -> None:
    assert _fuzz(tmp_path, w3c_pages()).inputs


def test_hypothesis_exports(tmp_path: Path) -> None:
    assert _fuzz(tmp_path, hypothesis_exports()).inputs
