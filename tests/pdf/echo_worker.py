"""A worker for the link tests: prints to its standard output, then answers each
message with (message, checksum of the pixel buffer's first bytes) after filling them."""

from __future__ import annotations

import sys

from poemsreader.pdf.worker_channel import worker_end

BUFFER_BYTES = 65_536


def main(argv: list[str]) -> int:
    jobs, results, pixels, args = worker_end(argv[1:], BUFFER_BYTES)
    print("stray output that must not reach the answers", flush=True)
    results.send(("ready", args))
    while (message := jobs.recv()) is not None:
        fill = message[1]
        pixels[:1000] = bytes([fill]) * 1000
        results.send(("filled", message))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
