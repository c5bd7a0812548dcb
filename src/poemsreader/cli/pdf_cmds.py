"""`pdf …`: PDFs in and out of the library with their annotations.

`pdf import` takes over the annotations another tool left in a PDF. Further
`pdf` sub-commands register their parser in `register` below, one function each.
"""

from __future__ import annotations

import argparse
import sys

from poemsreader.cli.library_cmds import expand_pdf_paths
from poemsreader.cli.pdf_export_cmd import add_export_command
from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.annotation_read import read_annotations
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.services.pdf_import import PdfImporter


def register(subparsers: argparse._SubParsersAction) -> None:
    pdf = subparsers.add_parser("pdf", help="PDF files with their annotations")
    commands = pdf.add_subparsers(dest="pdf_command", metavar="PDF_COMMAND", required=True)
    register_import(commands)
    add_export_command(commands)


def register_import(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import", help="take over the highlights and notes another tool left in PDFs"
    )
    parser.add_argument("files", nargs="+", metavar="FILE.pdf", help="PDF files or folders")
    parser.add_argument("--password", help="password for encrypted PDFs")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    failures = 0
    with Library.open(args.library) as library:
        importer = PdfImporter(library.db, library.articles, library.findings)
        for path in expand_pdf_paths(args.files):
            try:
                facts = inspect_pdf(path, args.password)
                result = importer.import_pdf(facts, read_annotations(path, args.password))
            except PoemsReaderError as error:
                failures += 1
                print(f"poemsreader: {error}", file=sys.stderr)
                continue
            print(result.message)
    return 1 if failures else 0
