"""Where a document's PDF lives on disk, and pointing a document at its file again.

One rule for every way a PDF is found again (the reviewer picks the file, or
a folder is searched by hash): a copied-in PDF is copied back into the
library folder, so the library stays self-contained; a linked PDF is pointed
at the file where it now is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from poemsreader.store.database import Database
from poemsreader.store.schema import Document


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_file(root: Path, stored: str) -> Path:
    """The file of a document whose `path` column is `stored` (relative: inside `root`)."""
    path = Path(stored)
    return path if path.is_absolute() else root / path


def point_document_at(db: Database, root: Path, document_id: int, found: Path) -> None:
    """Make `found` (the same bytes) the document's file again."""
    with db.reading() as session:
        document = session.get(Document, document_id)
        assert document is not None
        linked, stored = document.linked, document.path
    if linked:
        new_path = str(found.resolve())
    else:
        copy_atomically(found, document_file(root, stored))
        new_path = stored

    def point(session: Session) -> None:
        session.execute(update(Document).where(Document.id == document_id).values(path=new_path))

    db.write(point)


def copy_atomically(source: Path, target: Path) -> None:
    """Copy under a temporary name, then rename: a crash never leaves half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
