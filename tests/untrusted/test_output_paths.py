"""CLI output files (-o) land in the folder the reviewer chose and nowhere else.

Article data that looks like a path ("../../etc/passwd", absolute paths, NUL
bytes) never influences where a file is written; a failed write leaves nothing
behind (no temporary file either).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.store.library import Library

REPO = Path(__file__).resolve().parents[2]
PATHLIKE = ["../../escaped", "/tmp/escaped-abs", "..\\..\\win", "x\x00y", "~/home-escape"]


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def _cli(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "poemsreader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    records = [
        ArticleRecord(
            title=name, authors=[Author(name, name)], year=2013, journal=name, doi=f"10.1/{n}"
        )
        for n, name in enumerate(PATHLIKE)
    ]
    with Library(root) as library:
        library.references.import_records(records)
    return root


@pytest.mark.parametrize("fmt", ["bib", "ris", "csljson"])
def test_refs_export_writes_only_the_chosen_file(
    hostile_library: Path, tmp_path: Path, fmt: str
) -> None:
    from poemsreader.bib.export import EXPORTERS

    if fmt not in EXPORTERS:
        pytest.skip(f"no {fmt} exporter")
    work, home, chosen = tmp_path / "cwd", tmp_path / "home", tmp_path / "chosen"
    for folder in (work, home, chosen):
        folder.mkdir()
    library_before = _files(hostile_library)
    outside_before = _files(tmp_path) - {Path("library") / p for p in library_before}
    target = chosen / f"refs.{fmt}"
    result = _cli(
        work,
        home,
        "--library",
        str(hostile_library),
        "refs",
        "export",
        "--format",
        fmt,
        "-o",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    assert _files(chosen) == {Path(target.name)}
    assert _files(work) == set() and _files(home) == set()
    outside_after = {p for p in _files(tmp_path) if p.parts[0] != "library"}
    assert outside_after - outside_before == {Path("chosen") / target.name}
    assert not Path("/tmp/escaped-abs").exists()


def test_export_into_a_missing_folder_fails_in_one_line(
    hostile_library: Path, tmp_path: Path
) -> None:
    work, home = tmp_path / "cwd", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    target = tmp_path / "no" / "such" / "refs.bib"
    result = _cli(
        work,
        home,
        "--library",
        str(hostile_library),
        "refs",
        "export",
        "--format",
        "bib",
        "-o",
        str(target),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
    assert _files(work) == set()
