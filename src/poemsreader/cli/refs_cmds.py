"""`refs import` and `refs export`: reference files in and out of the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from poemsreader.bib.detect import read_references
from poemsreader.bib.export import EXPORTERS
from poemsreader.services.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    refs = subparsers.add_parser("refs", help="import or export references")
    actions = refs.add_subparsers(dest="refs_command", metavar="ACTION", required=True)

    importing = actions.add_parser(
        "import", help="import BibTeX, RIS, PubMed MEDLINE (.nbib/.txt) or CSL-JSON files"
    )
    importing.add_argument("files", nargs="+", metavar="FILE", help="reference files")
    importing.set_defaults(handler=run_import)

    exporting = actions.add_parser("export", help="export the library's references")
    exporting.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    exporting.add_argument("-o", "--output", required=True, metavar="FILE")
    exporting.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    # Every file is read before anything is written: one bad file imports nothing.
    parsed = [(Path(name), read_references(Path(name))) for name in args.files]
    with Library.open(args.library) as library:
        for path, references in parsed:
            report = library.references.import_parsed(references, path.name)
            for problem in report.problems:
                print(f"poemsreader: {problem}", file=sys.stderr)
            print(f"{path.name}: {report.summary()}")
            for line in report.merges:
                print(f"  {line}")
        print(library.references.coverage_line())
    return 0


def run_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    with Library.open(args.library) as library:
        count = library.references.export_to(output, args.format)
    print(f"{count} references written to {output}")
    return 0
