"""The complete example in docs/annotation-file.md is a valid file that imports."""

from __future__ import annotations

from pathlib import Path

from poemsreader.services.library import Library
from poemsreader.share.validate import load_share_file
from tests.share.builders import deleted_uuids, findings

DOC = Path(__file__).resolve().parents[2] / "docs" / "annotation-file.md"


def test_the_documented_example_imports(tmp_path: Path) -> None:
    example = DOC.read_text(encoding="utf-8").rsplit("```json", 1)[1].split("```", 1)[0]
    parsed = load_share_file(example.encode("utf-8"), "example.json")
    assert len(parsed.findings) == 1 and len(parsed.tombstones) == 1
    with Library(tmp_path / "lib") as library:
        report = library.sharing.import_bytes(example.encode("utf-8"), "example.json")
        (finding,) = findings(library).values()
        assert deleted_uuids(library) == {"5d0c8b1a-2f3e-4a5b-8c7d-6e5f4a3b2c1d"}
    assert report.articles_added == 1
    assert finding.record.topics == ["Treatment", "Treatment/Lenalidomide"]
    assert finding.record.tags == ["relapse"] and finding.record.reviewer_name == "Martha Humeniuk"
