"""The layer boundaries of DESIGN.md, checked by import-linter on every test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    if not Path(lint_imports).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


PROBES = {  # probe -> {file in the package: its text}
    "storage reaches the window": {"storage/_probe.py": "from poemsreader.ui.shell import app\n"},
    "storage reaches a use case": {
        "storage/_probe.py": "from poemsreader.services import sharing\n"
    },
    "a use case runs SQL itself": {"services/_probe.py": "import sqlalchemy\n"},
    "the reader reaches into the shell": {
        "ui/reader/_probe.py": "from poemsreader.ui.shell import main_window\n"
    },
    "digest reaches the window through a helper": {
        "digest/_probe.py": "from poemsreader import _probe_step\n",
        "_probe_step.py": "from poemsreader.ui.common import tasks\n",
    },
    "the window runs SQL itself": {"ui/_probe.py": "import sqlalchemy\n"},
    "the window parses PDFs itself": {"ui/_probe.py": "import pymupdf\n"},
}


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_a_forbidden_import_breaks_the_contracts(probe: str, tmp_path: Path) -> None:
    """The contracts bind: a copy of the package with one forbidden import fails them."""
    package = tmp_path / "src" / "poemsreader"
    shutil.copytree(
        REPO / "src" / "poemsreader", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for where, text in PROBES[probe].items():
        (package / where).write_text(text, encoding="utf-8")
    lint_imports = str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")},
    )
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
