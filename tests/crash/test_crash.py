"""SIGKILL real poemsreader processes mid-change; nothing reported saved may be lost.

The count comes from POEMSREADER_CRASH_KILLS (20 here by default); the full run is
`python -m tests.crash.harness --kills 150`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.crash.harness import DEFAULT_KILLS, run


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killed_processes_lose_nothing_reported(tmp_path: Path) -> None:
    kills = int(os.environ.get("POEMSREADER_CRASH_KILLS", DEFAULT_KILLS))
    report = run(kills, tmp_path, seed=kills)
    print(report.summary())
    assert report.kills == kills
    assert report.changes_reported > 0  # the processes did work between the kills
    assert report.findings_checked > 0
    assert report.lost == []
    assert report.corrupt == []
