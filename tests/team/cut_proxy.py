"""A loopback proxy to a PostgreSQL server that loses the reply to one push's COMMIT.

It forwards both directions unchanged and reads the client's side message by message
(the frontend protocol: a length-prefixed startup packet, then one type byte and a
length per message). Once a connection has written into the team library's object
table, its next COMMIT is forwarded; the proxy waits until the server has answered it
(`CommandComplete "COMMIT"`: the transaction is durable), drops that answer and closes
both sides. The client is left exactly as if the network died after the server
committed but before the reply arrived. Only the first such push is cut.

Clients must not negotiate TLS or GSS encryption through it (`sslmode=disable`,
`gssencmode=disable`): the proxy reads the plain protocol.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

PUSH_WRITE = b"INSERT INTO poemsreader_team.team_object"
COMMIT_DONE = b"C" + struct.pack("!i", 4 + len(b"COMMIT\x00")) + b"COMMIT\x00"


def _is_commit(kind: bytes, body: bytes) -> bool:
    """A simple-protocol Query, or an extended-protocol Parse, of COMMIT."""
    if kind == b"Q":
        return body.rstrip(b"\x00").strip().upper() == b"COMMIT"
    if kind == b"P":  # statement name, then the query, both NUL-terminated
        parts = body.split(b"\x00")
        return len(parts) > 1 and parts[1].strip().upper() == b"COMMIT"
    return False


class CommitCutProxy:
    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.armed = True
        self.cut = threading.Event()  # set once a COMMIT's reply was dropped
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, database: str, user: str) -> str:
        return (
            f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
            "?sslmode=disable&gssencmode=disable"
        )

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.server_port))
            _Link(self, client, server).start()


class _Link:
    """One client connection and its server connection."""

    def __init__(self, proxy: CommitCutProxy, client: socket.socket, server: socket.socket):
        self.proxy, self.client, self.server = proxy, client, server
        self.wrote = False  # this connection has sent a push's writes
        self.cutting = threading.Event()  # its COMMIT went to the server; drop the reply

    def start(self) -> None:
        threading.Thread(target=self._upstream, daemon=True).start()
        threading.Thread(target=self._downstream, daemon=True).start()

    def _close(self) -> None:
        for side in (self.client, self.server):
            with contextlib.suppress(OSError):
                side.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                side.close()

    def _upstream(self) -> None:
        """Client to server, whole messages at a time, watching for the cut point."""
        pending, started = b"", False
        try:
            while data := self.client.recv(65536):
                pending += data
                ready, pending, started = self._whole_messages(pending, started)
                if ready:
                    self.server.sendall(ready)
        except OSError:
            pass
        self._close()

    def _whole_messages(self, pending: bytes, started: bool) -> tuple[bytes, bytes, bool]:
        ready = b""
        while True:
            if not started:  # the startup packet: length, then its body
                if len(pending) < 4:
                    return ready, pending, started
                size = struct.unpack("!i", pending[:4])[0]
                if len(pending) < size:
                    return ready, pending, started
                ready, pending, started = ready + pending[:size], pending[size:], True
                continue
            if len(pending) < 5:
                return ready, pending, started
            size = struct.unpack("!i", pending[1:5])[0]
            if len(pending) < 1 + size:
                return ready, pending, started
            kind, body = pending[:1], pending[5 : 1 + size]
            self._watch(kind, body)
            ready, pending = ready + pending[: 1 + size], pending[1 + size :]

    def _watch(self, kind: bytes, body: bytes) -> None:
        if PUSH_WRITE in body:
            self.wrote = True
        elif self.wrote and self.proxy.armed and _is_commit(kind, body):
            self.proxy.armed = False
            self.cutting.set()

    def _downstream(self) -> None:
        """Server to client, until the reply to the cut COMMIT: that one is dropped."""
        dropped = b""
        try:
            while data := self.server.recv(65536):
                if not self.cutting.is_set():
                    self.client.sendall(data)
                    continue
                dropped += data
                if COMMIT_DONE in dropped:
                    self.proxy.cut.set()
                    break
        except OSError:
            pass
        self._close()
