"""mypy checks the type hints on every test run; the count of errors it still reports
may only go down (tests/mypy_baseline.txt holds it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "tests" / "mypy_baseline.txt"


def mypy_errors() -> tuple[int, str]:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.fail("mypy is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [str(mypy), "--no-error-summary"], cwd=REPO, capture_output=True, text=True, check=False
    )
    errors = [line for line in result.stdout.splitlines() if re.search(r": error: ", line)]
    return len(errors), result.stdout + result.stderr


def test_type_errors_only_go_down() -> None:
    baseline = int(BASELINE.read_text(encoding="utf-8").split()[0])
    count, report = mypy_errors()
    assert count <= baseline, f"mypy: {count} errors, more than the {baseline} allowed\n{report}"
    assert count == baseline, (
        f"mypy: {count} errors, fewer than {baseline}: write {count} in {BASELINE.name}"
    )


def test_the_library_satisfies_the_cores_port(tmp_path: Path) -> None:
    """The commands take `LibraryPort`; mypy holds the store's Library to it, and would
    refuse a library that lacked one of the calls the commands make."""
    mypy = str(Path(sys.executable).with_name("mypy"))
    checks = {
        "fits.py": "from poemsreader.services.library import Library\n"
        "from poemsreader.core.ports import LibraryPort\n"
        "def port(library: Library) -> LibraryPort:\n    return library\n",
        "lacks.py": "from poemsreader.core.ports import LibraryPort\n"
        "class Half:\n    findings = None\n"
        "def port(library: Half) -> LibraryPort:\n    return library\n",
    }
    outcomes = {}
    for name, text in checks.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = subprocess.run(
            [
                mypy,
                "--no-error-summary",
                "--follow-imports=silent",  # the probe's own errors; the rest is the baseline's
                "--config-file",
                str(REPO / "pyproject.toml"),
                str(tmp_path / name),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        outcomes[name] = result.stdout
    assert outcomes["fits.py"] == ""
    assert "Incompatible return value type" in outcomes["lacks.py"]
