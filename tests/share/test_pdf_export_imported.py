"""`pdf export` of findings that came from `pdf import`: one highlight per finding.

The library's copy of an imported PDF still holds the other tool's annotations;
the export replaces each by the finding's highlight instead of adding a second
one on top (which showed darker where they overlapped), and dates every one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.core.model import Quad
from poemsreader.pdf.annotation_write import HighlightSpec, write_annotated_copy
from poemsreader.services.library import Library

# page, passage, /NM as the other tool named it ("" = PyMuPDF's own fitz-A0…)
MARKS = [
    (0, "Page 1 left column.", ""),
    (1, "Radiation therapy is a good option for patients",
     "okular-{5d0f1e9a-6b1c-4c59-9e0a-1f2e3d4c5b6a}"),
    (2, "Lenalidomide is effective at treating patients", "3F2504E0-4F89-11D3-9A0C-0305E82C3301"),
]  # fmt: skip
PDF_DATE = re.compile(r"^D:\d{14}")


def _highlighted_by_another_tool(source: Path, target: Path) -> None:
    with pymupdf.open(source) as doc:
        for page_index, passage, name in MARKS:
            page = doc[page_index]
            annot = page.add_highlight_annot(page.search_for(passage)[:1])
            annot.set_info(content=f"Note on page {page_index + 1}", title="Colleague")
            annot.update()
            if name:
                doc.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(name))
        doc.save(str(target))


def _cli(library: Path, *args: str) -> int:
    return main(["--library", str(library), *args])


@pytest.fixture
def imported(tmp_path: Path, article_pdf: Path) -> tuple[Path, str]:
    annotated = tmp_path / "from-a-colleague.pdf"
    _highlighted_by_another_tool(article_pdf, annotated)
    library = tmp_path / "lib"
    assert _cli(library, "pdf", "import", str(annotated)) == 0
    with Library(library) as opened:
        [key] = opened.sharing.pdf_keys()
        findings = opened.findings.all()
    assert len(findings) == len(MARKS)
    return library, key


def test_export_replaces_imported_annotations_instead_of_doubling(
    tmp_path: Path, imported: tuple[Path, str]
) -> None:
    library, key = imported
    out = tmp_path / "exported.pdf"
    assert _cli(library, "pdf", "export", key, "-o", str(out)) == 0
    with Library(library) as opened:
        uuids = {f.uuid for f in opened.findings.all()}
    with pymupdf.open(out) as doc:
        annots = [(page.number, a) for page in doc for a in page.annots()]
        per_page = {n: sum(1 for p, _ in annots if p == n) for n in range(doc.page_count)}
        names = [a.info["id"] for _, a in annots]
        dates = [(doc.xref_get_key(a.xref, "M")[1], doc.xref_get_key(a.xref, "CreationDate")[1])
                 for _, a in annots]  # fmt: skip
    assert per_page == {0: 1, 1: 1, 2: 1, 3: 0}  # one highlight per finding, nothing doubled
    assert sorted(names) == sorted(uuids)
    for modified, created in dates:
        assert PDF_DATE.match(modified) and PDF_DATE.match(created), (modified, created)


def test_two_findings_on_one_passage_keep_both_highlights(
    tmp_path: Path, article_pdf: Path
) -> None:
    with pymupdf.open(article_pdf) as doc:
        [box] = doc[0].search_for("Page 1 left column.")[:1]
    quads = [Quad(box.x0, box.y0, box.x1, box.y1)]
    specs = [
        HighlightSpec(f"00000000-0000-4000-8000-00000000000{n}", 0, "Page 1 left column.",
                      f"Statement {n}", "Me", quads=quads)
        for n in (1, 2)
    ]  # fmt: skip
    out = tmp_path / "twins.pdf"
    assert write_annotated_copy(article_pdf, out, specs) == 2
    with pymupdf.open(out) as doc:
        assert sorted(a.info["id"] for a in doc[0].annots()) == [s.finding_uuid for s in specs]
