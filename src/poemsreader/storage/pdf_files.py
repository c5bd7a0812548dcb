"""Where a document's PDF lives on disk, its pages' text, and pointing a document at its
file again.

One rule for every way a PDF is found again (the reviewer picks the file, or
a folder is searched by hash): a copied-in PDF is copied back into the
library folder, so the library stays self-contained; a linked PDF is pointed
at the file where it now is.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from poemsreader.atomic_files import copy_atomically
from poemsreader.storage.database import Database
from poemsreader.storage.schema import Document, PageText


def document_file(root: Path, stored: str) -> Path:
    """The file of a document whose `path` column is `stored` (relative: inside `root`)."""
    path = Path(stored)
    return path if path.is_absolute() else root / path


def page_texts(session: Session, document: Document) -> list[str]:
    """The text of each page of `document`, "" for a page without a stored text."""
    query = select(PageText.page_index, PageText.text).where(PageText.document_id == document.id)
    pages = [""] * document.page_count
    for index, text in session.execute(query).all():
        if 0 <= index < len(pages):
            pages[index] = text
    return pages


def point_document_at(db: Database, root: Path, document_id: int, found: Path) -> None:
    """Make `found` (the same bytes) the document's file again."""
    with db.reading() as session:
        document = session.get(Document, document_id)
        assert document is not None
        linked, stored = document.linked, document.path
    if linked:
        new_path = str(found.resolve())
    else:
        target = document_file(root, stored)
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_atomically(found, target)
        new_path = stored

    def point(session: Session) -> None:
        session.execute(update(Document).where(Document.id == document_id).values(path=new_path))

    db.write(point)
