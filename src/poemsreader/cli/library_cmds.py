"""`add` and `list`: putting PDFs into the library and listing its articles."""

from __future__ import annotations

import argparse
import json
import sys

from poemsreader.core.errors import InvalidInput
from poemsreader.pdf.inspect_pool import DEFAULT_TIMEOUT
from poemsreader.services.add_job import AddJob, FileOutcome, expand_pdf_paths
from poemsreader.services.library import Library

NO_TEXT_LAYER = "no text layer: highlights need a text layer"


def register(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser(
        "add",
        help="add article PDFs to the library",
        description="Add article PDFs (files, or folders searched for *.pdf) to the library. "
        "Each bad file is reported on stderr; the good ones are still added. "
        "Exit status 1 when any file could not be added.",
    )
    add.add_argument("files", nargs="+", metavar="FILE.pdf", help="PDF files or folders")
    add.add_argument("--link", action="store_true", help="keep the PDF where it is (no copy)")
    add.add_argument("--password", help="password for encrypted PDFs")
    add.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a file after this long (default {DEFAULT_TIMEOUT:g})",
    )
    add.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    add.set_defaults(handler=run_add)

    listing = subparsers.add_parser(
        "list",
        help="list the library's articles",
        description="List the library's articles: key, reading status and title, or (--json) "
        "each with its whole reference, its PDFs, page-label source and finding count.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)


def _report(outcome: FileOutcome, quiet: bool) -> None:
    if outcome.result is not None:
        if not quiet:
            print(outcome.result.message)
        if not outcome.has_text:
            print(f"{outcome.result.key}: {NO_TEXT_LAYER}")
        return
    hint = " Give it with --password." if outcome.needs_password else ""
    print(f"poemsreader: {outcome.error}{hint}", file=sys.stderr)


def run_add(args: argparse.Namespace) -> int:
    paths = expand_pdf_paths(args.files)
    if not paths:
        raise InvalidInput("No PDF files found in the folders given.")
    with Library.open(args.library) as library:
        job = AddJob(
            library.articles, paths, link=args.link, password=args.password, timeout=args.timeout
        )
        try:
            report = job.run(lambda _done, _total, outcome: _report(outcome, args.quiet))
        except KeyboardInterrupt:
            job.cancel()
            raise
    if len(paths) > 1:  # one file: its own line says it all
        print(report.summary(), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def run_list(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        rows = library.articles.rows()
        listing = library.articles.full_listing() if args.json else []
    if args.json:
        json.dump(listing, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for row in rows:
            print(f"{row.key}\t{row.reading_status}\t{row.title}")
    return 0
