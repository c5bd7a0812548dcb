"""`add` and `list`: putting PDFs into the library and listing its articles."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.document import inspect_pdf
from poemsreader.store.library import Library

NO_TEXT_LAYER = "no text layer: highlights need a text layer"


def register(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser("add", help="add article PDFs to the library")
    add.add_argument("files", nargs="+", metavar="FILE.pdf", help="PDF files or folders")
    add.add_argument("--link", action="store_true", help="keep the PDF where it is (no copy)")
    add.add_argument("--password", help="password for encrypted PDFs")
    add.set_defaults(handler=run_add)

    listing = subparsers.add_parser("list", help="list the library's articles")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)


def expand_pdf_paths(items: list[str]) -> list[Path]:
    """Files as given, folders replaced by the PDFs inside them (recursively, sorted)."""
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf"))
        else:
            paths.append(path)
    return paths


def run_add(args: argparse.Namespace) -> int:
    failures = 0
    with Library.open(args.library) as library:
        for path in expand_pdf_paths(args.files):
            try:
                facts = inspect_pdf(path, args.password)
                result = library.articles.add_pdf(facts, link=args.link)
            except PoemsReaderError as error:
                failures += 1
                print(f"poemsreader: {error}", file=sys.stderr)
                continue
            print(result.message)
            if not facts.has_text:
                print(f"{result.key}: {NO_TEXT_LAYER}")
    return 1 if failures else 0


def run_list(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        rows = library.articles.rows()
    if args.json:
        json.dump([asdict(r) for r in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for row in rows:
            print(f"{row.key}\t{row.reading_status}\t{row.title}")
    return 0
