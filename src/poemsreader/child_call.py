"""The child's side of a call made in a spawned process (see ui/background_job).

Kept apart from the window's code so the child imports no Qt: it calls the
function and sends back ("ok", result) or ("error", one-line message, details),
after any ("progress", step, total, what) the function reported.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from poemsreader.core.errors import PoemsReaderError


def run_and_send(
    connection: Connection, function: Callable[..., Any], args: tuple, progress: bool = False
) -> None:
    """With `progress`, the function is also given `progress=report`, where
    `report(step, total, what)` sends ("progress", step, total, what) before the answer."""
    try:
        keywords = {"progress": _reporter(connection)} if progress else {}
        result = function(*args, **keywords)
    except PoemsReaderError as error:
        details = "\n".join(getattr(error, "problems", []))
        connection.send(("error", str(error), details))
    except OSError as error:  # a file that cannot be read or written
        where = Path(error.filename).name if error.filename else "The file"
        connection.send(("error", f"{where}: {error.strerror or error}.", ""))
    except Exception as error:  # reported to the reviewer, with the trace
        message = f"Something went wrong that poemsreader did not expect: {error}"
        connection.send(("error", message, traceback.format_exc()))
    else:
        connection.send(("ok", result))
    finally:
        connection.close()


def _reporter(connection: Connection) -> Callable[[int, int, str], bool]:
    def report(step: int, total: int, what: str) -> bool:
        connection.send(("progress", step, total, what))
        return True  # going on: Cancel kills the process instead

    return report
