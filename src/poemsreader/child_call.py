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
        connection.send(_answer(function, args, keywords))
    finally:
        connection.close()


def serve(requests: Connection, answers: Connection, make: Callable[..., Any], args: tuple) -> None:
    """A warm child: `make(*args)` once (imports, an open library, a server connection
    are paid for once; its answer is ("ok", None) or the error), then for each request
    (method name, arguments) the method's answer as `run_and_send` gives it, until the
    parent sends None or goes away. The object's `close()` is called at the end."""
    target = None
    try:
        opened = _answer(make, args, {})
        answers.send(("ok", None) if opened[0] == "ok" else opened)
        if opened[0] != "ok":
            return
        target = opened[1]
        while (request := requests.recv()) is not None:
            name, call_args = request
            answers.send(_answer(getattr(target, name), call_args, {}))
    except (EOFError, OSError):
        return  # the window is gone
    finally:
        if target is not None:
            target.close()
        answers.close()


def _answer(function: Callable[..., Any], args: tuple, keywords: dict[str, Any]) -> tuple:
    try:
        result = function(*args, **keywords)
    except PoemsReaderError as error:
        details = "\n".join(getattr(error, "problems", []))
        return ("error", str(error), details)
    except OSError as error:  # a file that cannot be read or written
        where = Path(error.filename).name if error.filename else "The file"
        return ("error", f"{where}: {error.strerror or error}.", "")
    except Exception as error:  # reported to the reviewer, with the trace
        message = f"Something went wrong that poemsreader did not expect: {error}"
        return ("error", message, traceback.format_exc())
    return ("ok", result)


def _reporter(connection: Connection) -> Callable[[int, int, str], bool]:
    def report(step: int, total: int, what: str) -> bool:
        connection.send(("progress", step, total, what))
        return True  # going on: Cancel kills the process instead

    return report
