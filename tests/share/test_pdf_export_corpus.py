"""On PDFs other tools annotated (the shared corpus): import, export, one highlight each.

Okular, Acrobat, Preview, PDF Expert and multi-user markup files go through
`pdf import`; the exported copy of each must hold exactly one annotation per
finding (the imported one replaced, a note included), no other markup over the
same place, and a date on every highlight. The digest of that library then
links every citation to its reference.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.services.library import Library
from tests.conftest import corpus_path

ANNOTATED = [
    "mlhc2017-futoma-highlights.pdf",
    "acrobat11-highlight.pdf",
    "okular-underline.pdf",
    "quadpoints-multiline.pdf",
    "word2column-markup.pdf",
    "hotos17-multi-user-markup.pdf",
]
MARKUP = {"Highlight", "Underline", "Squiggly", "StrikeOut"}
pytestmark = pytest.mark.corpus


def _overlap(a: pymupdf.Rect, b: pymupdf.Rect) -> float:
    common = pymupdf.Rect(a) & b
    if common.is_empty:
        return 0.0
    return abs(common) / (abs(a) + abs(b) - abs(common))


def _annotations(path: Path) -> list[list[tuple[str, str, pymupdf.Rect, str, str]]]:
    """Per page: (kind, /NM, box, /M, /CreationDate) of each annotation."""
    pages = []
    with pymupdf.open(path) as doc:
        for page in doc:
            pages.append([
                (a.type[1], a.info["id"], pymupdf.Rect(a.rect),
                 doc.xref_get_key(a.xref, "M")[1], doc.xref_get_key(a.xref, "CreationDate")[1])
                for a in page.annots()
            ])  # fmt: skip
    return pages


def _check_export(path: Path, uuids: set[str]) -> int:
    pages = _annotations(path)
    names = Counter(name for annots in pages for _kind, name, *_ in annots)
    for annots in pages:
        ours = [a for a in annots if a[1] in uuids]
        others = [a for a in annots if a[1] not in uuids and a[0] in MARKUP]
        for kind, _name, box, modified, created in ours:
            assert kind == "Highlight"
            assert re.match(r"D:\d{14}", modified) and re.match(r"D:\d{14}", created)
            assert all(_overlap(box, other[2]) < 0.8 for other in others), path.name
    written = {name for name in names if name in uuids}
    assert all(names[name] == 1 for name in written), names
    return len(written)


def test_imported_highlights_are_exported_once_each(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    for name in ANNOTATED:
        assert (
            main(["--library", str(library), "pdf", "import", str(corpus_path("annotated", name))])
            == 0
        )
    with Library(library) as opened:
        keys = opened.sharing.pdf_keys()
        findings = opened.findings.all()
    assert len(keys) == len(ANNOTATED)
    uuids = {f.uuid for f in findings}
    exported = 0
    for n, key in enumerate(keys):
        out = tmp_path / f"export-{n}.pdf"
        assert main(["--library", str(library), "pdf", "export", key, "-o", str(out)]) == 0
        exported += _check_export(out, uuids)
    assert exported >= len(findings) - 2  # a note with no text under it has no place to go

    html = tmp_path / "digest.html"
    assert main(["--library", str(library), "digest", "--by-article", "-o", str(html)]) == 0
    text = html.read_text()
    ids = set(re.findall(r' id="([^"]+)"', text))
    assert {f"finding-{u}" for u in uuids} <= ids
    assert set(re.findall(r'href="#([^"]+)"', text)) <= ids
    listing = json.loads(_output(["--library", str(library), "list", "--json"]))
    assert sum(a["findings"] for a in listing) == len(findings)


def _output(args: list[str]) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(args) == 0
    return buffer.getvalue()
