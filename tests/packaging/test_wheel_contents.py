"""The wheel carries the digest's templates from the top-level resources/digest/ folder.

`pip install .` must give a program that finds them: setup.py maps the folder into
the package as poemsreader/digest/document_templates/.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = ("digest-template.docx", "digest-template.odt")


def _setuptools_version() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(p) for p in version("setuptools").split(".")[:2] if p.isdigit())


@pytest.mark.slow
@pytest.mark.skipif(
    _setuptools_version() < (68,), reason="setuptools 68 or later (the test extra) builds the wheel"
)
def test_the_wheel_holds_the_digest_templates_and_styles(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = tmp_path.glob("poemsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in TEMPLATES:
        assert f"poemsreader/digest/document_templates/{name}" in names
        packaged = zipfile.ZipFile(wheel).read(f"poemsreader/digest/document_templates/{name}")
        assert packaged == (REPO / "resources" / "digest" / name).read_bytes()
    for style in ("american-medical-association", "ieee", "apa", "vancouver-nlm"):
        assert f"poemsreader/digest/csl/{style}.csl" in names
    assert not any(n.startswith("resources/") for n in names)  # no stray top-level package


def test_a_checkout_finds_the_templates() -> None:
    from poemsreader.digest.templates_path import template_file

    for name in TEMPLATES:
        assert (
            template_file(name).read_bytes() == (REPO / "resources" / "digest" / name).read_bytes()
        )
