"""`screen`: screen a literature search (import, list, decide, counts)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from poemsreader.core.errors import InvalidInput
from poemsreader.core.screening import Decision, parse_decision
from poemsreader.services.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    screen = subparsers.add_parser(
        "screen",
        help="screen a literature search: import, list, decide, counts",
        description="Screen the records of a PubMed (MEDLINE) or RIS search export.",
    )
    actions = screen.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="add a search export to the screening list")
    imp.add_argument("file", metavar="FILE")
    listing = actions.add_parser("list", help="the records of the screening list")
    listing.add_argument("--json", action="store_true", help="as JSON")
    listing.add_argument(
        "--decision",
        choices=["include", "exclude", "maybe", "undecided"],
        help="only records with this decision",
    )
    decide = actions.add_parser("decide", help="include, exclude or keep a record as maybe")
    decide.add_argument("id", type=int, metavar="ID")
    decide.add_argument("decision", metavar="include|exclude|maybe")
    decide.add_argument("--reason", default="", metavar="TEXT", help="why it is excluded")
    counts = actions.add_parser("counts", help="PRISMA-style counts")
    counts.add_argument("--json", action="store_true", help="as JSON")
    counts.add_argument("-o", "--output", metavar="OUT", help="also write the counts (JSON)")
    screen.set_defaults(handler=run_screen)


def run_screen(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        return _ACTIONS[args.action](library, args)


def _import(library: Library, args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise InvalidInput(f"{args.file}: no such file.")
    report = library.screening.import_file(path)
    print(f"identified: {report.identified}")
    print(f"duplicates: {report.duplicates}")
    print(f"new: {report.new}")
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    rows = library.screening.rows()
    if args.decision:
        wanted = "" if args.decision == "undecided" else args.decision
        rows = [r for r in rows if r.decision.value == wanted]
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        decision = row.decision.value or "-"
        reason = f" ({row.reason})" if row.reason else ""
        year = row.year or ""
        print(f"{row.id}\t{decision}{reason}\t{row.language}\t{year}\t{row.title}")
    return 0


def _decide(library: Library, args: argparse.Namespace) -> int:
    decision = parse_decision(args.decision)
    if args.reason and decision != Decision.EXCLUDE:
        raise InvalidInput("--reason is for excluded records only.")
    changes = library.screening.decide(args.id, decision, args.reason)
    row = library.screening.row(args.id)
    suffix = ""
    if row.article_id is not None:
        key = library.articles.key(row.article_id)
        suffix = f" -> article {key} (to read, waiting for its PDF)"
    print(changes.message + suffix)
    return 0


def _counts(library: Library, args: argparse.Namespace) -> int:
    counts = library.screening.counts()
    data = counts.as_dict()
    if args.output:
        from poemsreader.atomic_files import write_text_atomically

        write_text_atomically(Path(args.output), json.dumps(data, indent=2) + "\n")
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(counts.lines()))
    return 0


_ACTIONS = {"import": _import, "list": _list, "decide": _decide, "counts": _counts}
