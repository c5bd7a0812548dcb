from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.store.library import Library
from tests.digest.mirror import Mirror, build_mirror


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Mirror:
    """The example digest's library, built once per test module (tests only read it)."""
    root = tmp_path_factory.mktemp("mirror")
    library = Library(root / "library")
    built = build_mirror(library, root / "pdfs")
    yield built
    library.close()


@pytest.fixture
def fresh_mirror(tmp_path: Path) -> Mirror:
    """A mirror library a test may change."""
    library = Library(tmp_path / "library")
    yield build_mirror(library, tmp_path / "pdfs")
    library.close()
