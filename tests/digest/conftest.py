from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from poemsreader.services.library import Library
from tests.digest.mirror import Mirror, build_mirror


@pytest.fixture(scope="session")
def mirror_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Mirror]:
    """The example digest's library, built once; tests work on copies of its folder."""
    root = tmp_path_factory.mktemp("mirror")
    library = Library(root / "library")
    built = build_mirror(library, root / "pdfs")
    library.close()
    return root / "library", built


def _copy(template: tuple[Path, Mirror], target: Path) -> Mirror:
    source, built = template
    shutil.copytree(source, target)
    return Mirror(Library(target), built.keys, built.findings)


@pytest.fixture(scope="module")
def mirror(
    mirror_template: tuple[Path, Mirror], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Mirror]:
    """A mirror library shared by the tests of one module (they only read it)."""
    copy = _copy(mirror_template, tmp_path_factory.mktemp("shared") / "library")
    yield copy
    copy.library.close()


@pytest.fixture
def fresh_mirror(mirror_template: tuple[Path, Mirror], tmp_path: Path) -> Iterator[Mirror]:
    """A mirror library a test may change."""
    copy = _copy(mirror_template, tmp_path / "library")
    yield copy
    copy.library.close()
