"""`share export` and `share import`: annotation files for collaborators."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from poemsreader.core.errors import InvalidInput
from poemsreader.store.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    share = subparsers.add_parser("share", help="exchange annotation files with collaborators")
    commands = share.add_subparsers(dest="share_command", metavar="ACTION", required=True)

    export = commands.add_parser("export", help="write the library's findings to a file")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    export.add_argument(
        "--article", action="append", metavar="KEY", help="only this article (repeatable)"
    )
    export.add_argument(
        "--since", metavar="DATE", help="only findings changed since DATE (ISO 8601, UTC)"
    )
    export.set_defaults(handler=run_export)

    load = commands.add_parser("import", help="merge a collaborator's annotation file")
    load.add_argument("file", metavar="FILE", help="poemsreader or W3C Web Annotation JSON")
    load.set_defaults(handler=run_import)


def parse_since(text: str | None) -> datetime | None:
    """'2026-03-01' or '2026-03-01T12:00:00+01:00' -> an aware UTC datetime."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"--since {text!r} is not a date (use 2026-03-01).") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def run_export(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        report = library.sharing.export(
            Path(args.output), args.article or None, parse_since(args.since)
        )
    print(report.summary())
    return 0


def run_import(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        report = library.sharing.import_file(Path(args.file))
    print(report.summary())
    for note in report.not_applicable[:20]:
        print(f"  not applicable: {note}")
    return 0
