"""LISTEN/NOTIFY: a push tells every listening client "pull now".

A notice carries only the team library's id; a client not listening misses it and
catches up at its next sync. The listener reconnects (with a growing pause) after the
server restarts or the network drops, until asked to stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from poemsreader.storage.team.server import check_address
from poemsreader.storage.team.tables import NOTIFY_CHANNEL

WAIT_S = 1.0  # how often the listener looks at its stop flag
MAX_PAUSE_S = 30.0


def listen(
    url: str,
    library_id: int,
    on_notice: Callable[[], None],
    stop: threading.Event,
    on_state: Callable[[bool], None] | None = None,
) -> None:
    """Call `on_notice` for each push to the library until `stop` is set (blocking: run
    it in a thread). `on_state(True/False)` says when listening starts or is lost."""
    import psycopg

    pause = 0.5
    while not stop.is_set():
        try:
            with psycopg.connect(check_address(url), autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                pause = 0.5
                if on_state:
                    on_state(True)
                while not stop.is_set():
                    for notice in conn.notifies(timeout=WAIT_S, stop_after=1):
                        if notice.payload == str(library_id):
                            on_notice()
        except psycopg.Error:
            if on_state:
                on_state(False)
            stop.wait(pause)
            pause = min(pause * 2, MAX_PAUSE_S)
