"""`share export|import|conflicts|resolve`: annotation files for collaborators, and the
conflicts their merge left to decide."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from poemsreader.core.commands import UndoHistory
from poemsreader.core.conflict_commands import ResolveConflict
from poemsreader.core.errors import InvalidInput
from poemsreader.services.library import Library
from poemsreader.services.share_conflicts import ConflictItem
from poemsreader.share.convert import SharedFinding
from poemsreader.share.fields import FIELDS, field_values, shown


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
    register_conflicts(commands)


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


def register_conflicts(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser(
        "conflicts", help="the fields both sides changed, both values and who made each"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_conflicts)
    resolve = commands.add_parser("resolve", help="keep mine, theirs or both (one undoable step)")
    resolve.add_argument("id", type=int, metavar="ID", help="the conflict's number")
    resolve.add_argument("choice", choices=["mine", "theirs", "both"])
    resolve.set_defaults(handler=run_resolve)


def _conflict_json(item: ConflictItem) -> dict[str, Any]:
    def side(version: SharedFinding | None) -> dict[str, str] | None:
        if version is None:
            return None  # deleted on that side
        values = field_values(version)
        return {name: shown(name, values[name]) for name in FIELDS}

    def values(found: dict[str, Any]) -> dict[str, str]:
        return {name: _shown_value(value) for name, value in found.items()}

    record = item.kind != "finding"
    return {
        "id": item.id,
        "kind": item.kind,
        "finding": item.finding_uuid,
        "label": item.label,
        "fields": list(item.fields),
        "mine": values(item.mine_values) if record else side(item.mine),
        "mine_by": item.mine_by,
        "theirs": values(item.theirs_values) if record else side(item.theirs),
        "theirs_by": item.theirs_by,
        "source": item.source,
        "created": item.created.isoformat() if item.created else None,
    }


def _shown_value(value: Any) -> str:
    """A screening decision ([decision, reason]) or an evidence value, as one line."""
    if isinstance(value, list):
        return " — ".join(str(part) for part in value if part) or "(undecided)"
    return "(none)" if value is None else str(value)


def run_conflicts(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        items = [_conflict_json(i) for i in library.sharing.conflicts.open_conflicts()]
    if args.json:
        json.dump(items, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for item in items:
        names = item["fields"] or [n for n in FIELDS if item["mine"] != item["theirs"]][:1]
        what = item["label"] or f"finding {item['finding']}"
        when = f", {item['created'][:16].replace('T', ' ')} UTC" if item["created"] else ""
        print(f"{item['id']}: {what} ({item['source']}{when})")
        for name in names:
            mine = (item["mine"] or {}).get(name, "(deleted)")
            theirs = (item["theirs"] or {}).get(name, "(deleted)")
            mine_by, theirs_by = item["mine_by"], item["theirs_by"]
            print(f"  {name}: mine ({mine_by}) {mine!r}; theirs ({theirs_by}) {theirs!r}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        changes = UndoHistory(library).push(ResolveConflict(args.id, args.choice))
    print(changes.message or "Conflict resolved.")
    return 0
