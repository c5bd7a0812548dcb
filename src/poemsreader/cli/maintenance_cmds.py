"""`check` and `backup`: the library's integrity check, relinking, backups and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from poemsreader.cli.quote_check import run_quote_check
from poemsreader.core.errors import InvalidInput, LibraryDamaged
from poemsreader.paths import LibraryPaths, resolve_library_dir
from poemsreader.services.integrity import IntegrityReport
from poemsreader.services.library import Library
from poemsreader.storage.backup import BackupFile, list_backups, restore_damaged
from poemsreader.storage.lock import LibraryPresence


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="check the library: database integrity, missing PDF files, orphaned anchors",
    )
    check.add_argument(
        "--relink",
        metavar="DIR",
        help="look for missing PDF files below DIR (matched by content) and relink them",
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help="flag findings whose anchors point past the PDF's last page; delete stray files",
    )
    check.add_argument(
        "--quotes",
        action="store_true",
        help="also list findings whose quote is no longer found on its page of the PDF",
    )
    check.add_argument(
        "--reanchor",
        metavar="UUID",
        action="append",
        default=[],
        help="with --quotes: move the finding to the closest text found",
    )
    check.add_argument(
        "--keep",
        metavar="UUID",
        action="append",
        default=[],
        help="with --quotes: keep the finding's quote as it is",
    )
    check.set_defaults(handler=run_check)

    backup = subparsers.add_parser("backup", help="list, make or restore database backups")
    actions = backup.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="list the backups, newest first (the default)")
    actions.add_parser("now", help="make a backup now")
    restore = actions.add_parser(
        "restore", help="replace the library database with a backup (the current one is kept)"
    )
    restore.add_argument("file", metavar="FILE", help="a backup file (see `backup list`)")
    backup.set_defaults(handler=run_backup)


def run_check(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        if args.relink:
            folder = Path(args.relink).expanduser()
            if not folder.is_dir():
                raise InvalidInput(f"{folder}: not a folder.")
            result = library.integrity.relink(folder)
            for moved in result.relinked:
                print(f"{moved.key}: relinked")
            print(
                f"relink: {len(result.relinked)} found, {len(result.still_missing)} still "
                f"missing, {result.scanned} PDF files looked at"
            )
        report = library.integrity.check(repair=args.repair)
        _print_report(report)
        quotes_ok = run_quote_check(library, args) if args.quotes else True
    return 0 if report.clean and quotes_ok else 1


def _print_report(report: IntegrityReport) -> None:
    for line in report.lines():
        print(line)
    verdict = "ok" if report.database_ok else "DAMAGED"
    print(
        f"database {verdict}; {len(report.missing_files)} file(s) missing; "
        f"{len(report.orphan_anchors)} orphaned anchor(s); "
        f"{len(report.orphan_findings)} finding(s) to place by hand"
    )


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GB"


def _print_backups(backups: list[BackupFile]) -> None:
    for item in backups:
        made = item.made.strftime("%Y-%m-%d %H:%M:%S UTC")
        print(f"{made}\t{item.reason}\t{_human_size(item.size)}\t{item.path}")


def _backup_file(name: str, backup_dir: Path) -> Path:
    source = Path(name).expanduser()
    if not source.is_file():
        source = backup_dir / name
    if not source.is_file():
        raise InvalidInput(f"{name}: no such backup file.")
    return source


def run_backup(args: argparse.Namespace) -> int:
    action = args.action or "list"
    try:
        library = Library.open(args.library)
    except LibraryDamaged:
        if action == "now":
            raise
        return _backup_damaged(args, action)
    with library:
        if action == "now":
            made = library.backups.make()
            print(f"backup made: {made.path}")
        elif action == "restore":
            source = _backup_file(args.file, library.paths.backup_dir)
            saved = library.backups.restore(source)
            print(f"restored {source.name}; the library as it was is kept in {saved.path}")
        else:
            _print_backups(library.backups.list())
    return 0


def _backup_damaged(args: argparse.Namespace, action: str) -> int:
    """`backup list` and `backup restore` on a database SQLite cannot open."""
    paths = LibraryPaths(resolve_library_dir(args.library))
    if action == "list":
        print(
            "poemsreader: the library database is damaged; restore one of these:", file=sys.stderr
        )
        _print_backups(list_backups(paths.backup_dir))
        return 0
    source = _backup_file(args.file, paths.backup_dir)
    others = LibraryPresence(paths.lock_file).others()
    kept = restore_damaged(paths, source, others)
    print(f"restored {source.name}; the damaged database is kept in {kept}")
    with Library(paths.root) as library:  # brings an older backup up to date
        library.integrity.database_checks()
    return 0
