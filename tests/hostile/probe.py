"""Open one hostile PDF the way the app does, in its own process, and say what happened.

`python -m tests.hostile.probe FILE [PASSWORD]` prints one JSON line:
{"outcome": "opened", "pages": N, "has_text": bool, "failed_pages": [...]} or
{"outcome": "refused", "error": "PdfEncrypted", "message": "..."}. Anything else
(a traceback) is a failure of the sweep; the caller kills it after a time limit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.document import inspect_pdf, open_document
from poemsreader.pdf.render import extract_page_text, page_geometry, render_region, tile_grid

RENDER_SCALE = 0.5
RENDERED_PAGES = 3  # the first pages and the last: enough to meet each file's trouble


def render_pages(doc: object) -> tuple[int, list[int]]:
    """Render and lay out the text of a few pages as the reader does; a page may fail alone."""
    count = doc.page_count  # type: ignore[attr-defined]
    indexes = sorted({*range(min(RENDERED_PAGES, count)), count - 1})
    failed = []
    for index in indexes:
        try:
            page = doc[index]  # type: ignore[index]
            geometry = page_geometry(page)
            width = max(1, int(geometry.width * RENDER_SCALE))
            height = max(1, int(geometry.height * RENDER_SCALE))
            render_region(page, RENDER_SCALE, tile_grid(width, height)[0])
            extract_page_text(page)
        except Exception:
            failed.append(index)
    return len(indexes) - len(failed), failed


def probe(path: Path, password: str | None) -> dict[str, object]:
    try:
        doc = open_document(path, password)
        try:
            rendered, render_failed = render_pages(doc)
        finally:
            doc.close()
        facts = inspect_pdf(path, password)
    except PoemsReaderError as error:
        return {"outcome": "refused", "error": type(error).__name__, "message": str(error)}
    return {
        "outcome": "opened",
        "pages": facts.page_count,
        "has_text": facts.has_text,
        "failed_pages": facts.failed_pages,
        "rendered": rendered,
        "render_failed": render_failed,
    }


if __name__ == "__main__":
    password = sys.argv[2] if len(sys.argv) > 2 else None
    print(json.dumps(probe(Path(sys.argv[1]), password)))
