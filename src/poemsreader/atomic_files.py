"""Writing a file so that a crash or an error never leaves half of it behind.

The new content goes to a temporary file beside the target, which is renamed
over the target only once it is complete; on any failure the temporary file is
removed and the target keeps what it had. No folder is created: the callers
that may write into a new folder make it first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write; it replaces `target` when the block ends."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomically(target: Path, data: bytes) -> None:
    with replacing(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomically(target: Path, text: str) -> None:
    """UTF-8 with '\\n' line ends on every platform."""
    with replacing(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def copy_atomically(source: Path, target: Path) -> None:
    with replacing(target) as tmp:
        shutil.copyfile(source, tmp)
