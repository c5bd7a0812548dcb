"""Output read only in part (`poemsreader … | head`) ends quietly, as other tools do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from poemsreader.cli import main


def test_a_reader_that_stops_early_gets_no_complaint(tmp_path: Path) -> None:
    library = tmp_path / "library"
    assert main(["--library", str(library), "demo"]) == 0
    command = [sys.executable, "-m", "poemsreader", "--library", str(library), "findings", "--json"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(1) == b"["
    child.stdout.close()  # the reader goes away before the rest is written
    errors = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(30) == 0
    assert errors == ""
