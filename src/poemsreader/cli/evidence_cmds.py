"""`matrix` and `evidence`: the article × topic matrix and the evidence table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.evidence import AddEvidenceField, FieldKind, SetEvidenceValue, shown
from poemsreader.digest.tables import TABLE_FORMATS
from poemsreader.services.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    matrix = subparsers.add_parser(
        "matrix", help="articles × topics: how many findings each article has under each topic"
    )
    _output_options(matrix)
    matrix.set_defaults(handler=run_matrix)

    evidence = subparsers.add_parser("evidence", help="the evidence table: fields and values")
    actions = evidence.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add-field", help="define a field of the evidence table")
    add.add_argument("name")
    add.add_argument("--type", choices=[k.value for k in FieldKind], default="text")
    add.add_argument("--choices", default="", help="for --type choice: a,b,c")
    add.add_argument(
        "--population", action="store_true", help="flag articles sharing a value (centre, cohort)"
    )
    put = actions.add_parser("set", help="set an article's value of a field ('' clears it)")
    put.add_argument("key", metavar="KEY", help="the article's citation key")
    put.add_argument("field", metavar="FIELD")
    put.add_argument("value", metavar="VALUE")
    listing = actions.add_parser("list", help="the evidence table")
    listing.add_argument("--json", action="store_true")
    export = actions.add_parser("export", help="write the evidence table")
    _output_options(export)
    evidence.set_defaults(handler=run_evidence)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=TABLE_FORMATS, help="default: from OUT's extension")
    parser.add_argument("-o", "--output", required=True, metavar="OUT")


def _format(args: argparse.Namespace) -> str:
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in TABLE_FORMATS:
        raise InvalidInput(
            f"Cannot tell the format of {Path(args.output).name}; give --format "
            f"{'|'.join(TABLE_FORMATS)}."
        )
    return fmt


def run_matrix(args: argparse.Namespace) -> int:
    fmt = _format(args)
    with Library.open(args.library) as library:
        table = library.evidence.export(Path(args.output), fmt, "matrix")
    print(f"{args.output}: {len(table.rows)} articles × {len(table.headers) - 1} topics")
    return 0


def run_evidence(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        history = UndoHistory(library)
        if args.action == "add-field":
            choices = tuple(c.strip() for c in args.choices.split(",") if c.strip())
            command = AddEvidenceField(args.name, FieldKind(args.type), choices, args.population)
            print(history.push(command).message)
        elif args.action == "set":
            article_id = library.articles.id_for_key(args.key)
            definition = library.evidence.field_named(args.field)
            value = library.evidence.parse(definition.id, args.value)
            history.push(SetEvidenceValue(article_id, definition.id, value))
            print(f"{args.key}: {definition.name} = {shown(value) or '(cleared)'}")
        elif args.action == "export":
            fmt = _format(args)
            table = library.evidence.export(Path(args.output), fmt, "evidence")
            print(f"{args.output}: {len(table.rows)} articles × {len(table.headers) - 2} fields")
        else:
            _list(library, args.json)
    return 0


def _list(library: Library, as_json: bool) -> None:
    table = library.evidence.table()
    if as_json:
        rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print("\t".join(table.headers))
    for row in table.rows:
        print("\t".join(shown(v) for v in row))
