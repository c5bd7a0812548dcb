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


def probe(path: Path, password: str | None) -> dict[str, object]:
    try:
        doc = open_document(path, password)
        doc.close()
        facts = inspect_pdf(path, password)
    except PoemsReaderError as error:
        return {"outcome": "refused", "error": type(error).__name__, "message": str(error)}
    return {
        "outcome": "opened",
        "pages": facts.page_count,
        "has_text": facts.has_text,
        "failed_pages": facts.failed_pages,
    }


if __name__ == "__main__":
    password = sys.argv[2] if len(sys.argv) > 2 else None
    print(json.dumps(probe(Path(sys.argv[1]), password)))
