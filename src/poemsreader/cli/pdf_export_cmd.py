"""`pdf export KEY -o OUT.pdf`: a copy of the article's PDF with standard highlights.

`add_export_command(pdf_subcommands)` adds the action to the `pdf` command
(cli/pdf_cmds.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from poemsreader.services.library import Library


def add_export_command(pdf_commands: argparse._SubParsersAction) -> None:
    export = pdf_commands.add_parser(
        "export", help="write a copy of an article's PDF with a highlight per finding"
    )
    export.add_argument("key", metavar="KEY", help="the article's citation key")
    export.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="file to write")
    export.set_defaults(handler=run_pdf_export)


def run_pdf_export(args: argparse.Namespace) -> int:
    target = Path(args.output)
    with Library.open(args.library) as library:
        written = library.sharing.export_pdf(args.key, target)
    print(f"{target.name}: {written} highlight(s) written.")
    return 0
