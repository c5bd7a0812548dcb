"""packaging/build.sh builds the bundle from a clean venv and the bundle starts.

Slow (a fresh venv and a PyInstaller run: minutes), so it runs only when
POEMSREADER_TEST_BUNDLE=1 or CI=true.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from poemsreader import __version__

REPO = Path(__file__).resolve().parents[2]
WANTED = os.environ.get("POEMSREADER_TEST_BUNDLE") == "1" or os.environ.get("CI") == "true"


@pytest.mark.slow
@pytest.mark.timeout(2400)
@pytest.mark.skipif(not WANTED, reason="set POEMSREADER_TEST_BUNDLE=1 (or CI=true) to build")
def test_build_script_makes_a_bundle_that_starts(tmp_path: Path) -> None:
    env = dict(os.environ, BUILD_DIR=str(tmp_path / "build"), DIST_DIR=str(tmp_path / "dist"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("POEMSREADER_LIBRARY", None)
    result = subprocess.run(
        ["bash", str(REPO / "packaging" / "build.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=2300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"poemsreader {__version__}" in result.stdout
    assert "Demo library ready" in result.stdout
    assert "smoke test: window painted" in result.stdout
    assert "smoke test: PDF page rendered" in result.stdout
    assert "smoke test: PDF page rendered through the portable worker link" in result.stdout
    app = tmp_path / "dist" / "poemsreader" / "poemsreader"
    version = subprocess.run([str(app), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"poemsreader {__version__}"
    storage = tmp_path / "dist" / "poemsreader" / "_internal" / "poemsreader" / "storage"
    assert (storage / "migrations" / "versions" / "0001_initial_schema.py").exists()
    assert (storage / "team" / "migrations" / "versions" / "t0001_team_schema.py").exists()
    # the PostgreSQL driver is in the bundle: linking to a closed port fails to connect,
    # not to import
    linked = subprocess.run(
        [
            str(app),
            "--library",
            str(tmp_path / "lib"),
            "team",
            "link",
            "postgresql://nobody@127.0.0.1:1/none",
            "team",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert linked.returncode != 0
    assert "not reachable" in linked.stderr + linked.stdout, linked.stderr
    templates = tmp_path / "dist" / "poemsreader" / "_internal" / "poemsreader" / "digest"
    for name in ("digest-template.docx", "digest-template.odt"):
        assert (templates / "document_templates" / name).exists()
