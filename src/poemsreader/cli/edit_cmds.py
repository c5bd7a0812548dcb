"""`findings edit|delete` and `topics list|rename|move`: the window's edits, scriptable.

Each invocation is one undoable step made of the same core commands the window
pushes (so the same checks and messages), applied through an undo history.
"""

from __future__ import annotations

import argparse
import json
import sys

from poemsreader.core.commands import Command, CommandGroup, UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.finding_commands import DeleteFinding, EditFinding, SetTopics
from poemsreader.core.model import FindingStatus
from poemsreader.core.topic_commands import move_topic, rename_topic
from poemsreader.services.library import Library
from poemsreader.storage.topics import depth_first

STATUSES = [s.value for s in FindingStatus]


def register_finding_edits(findings: argparse.ArgumentParser) -> None:
    """`findings edit` and `findings delete` (called by the `findings` command)."""
    actions = findings.add_subparsers(dest="findings_command", metavar="ACTION")
    edit = actions.add_parser("edit", help="change a finding's fields (one undoable step)")
    edit.add_argument("uuid", metavar="UUID")
    edit.add_argument("--statement", metavar="S")
    edit.add_argument("--comment", metavar="S")
    edit.add_argument("--status", choices=STATUSES)
    edit.add_argument(
        "--topic", action="append", metavar="PATH", help="file under PATH (repeatable; replaces)"
    )
    edit.add_argument("--tag", action="append", metavar="T", help="tag (repeatable; replaces)")
    edit.set_defaults(handler=run_edit)
    delete = actions.add_parser("delete", help="delete a finding (it goes to the trash)")
    delete.add_argument("uuid", metavar="UUID")
    delete.set_defaults(handler=run_delete)


def register(subparsers: argparse._SubParsersAction) -> None:
    topics = subparsers.add_parser("topics", help="list, rename and move topics")
    actions = topics.add_subparsers(dest="topics_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every topic, depth first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_topics_list)
    rename = actions.add_parser("rename", help="rename the topic at OLD_PATH")
    rename.add_argument("path", metavar="OLD_PATH")
    rename.add_argument("name", metavar="NEW_NAME")
    rename.set_defaults(handler=run_topics_rename)
    move = actions.add_parser("move", help="move a topic under NEW_PARENT ('' or / : the top)")
    move.add_argument("path", metavar="PATH")
    move.add_argument("parent", metavar="NEW_PARENT")
    move.set_defaults(handler=run_topics_move)


def _one_step(library: Library, text: str, commands: list[Command]) -> str:
    changes = UndoHistory(library).push(CommandGroup(text, commands))
    return changes.message or text


def run_edit(args: argparse.Namespace) -> int:
    commands: list[Command] = [
        EditFinding(args.uuid, name, value)
        for name, value in (
            ("statement", args.statement),
            ("comment", args.comment),
            ("status", args.status),
            ("tags", args.tag),
        )
        if value is not None
    ]
    if args.topic is not None:
        commands.append(SetTopics(args.uuid, args.topic))
    if not commands:
        raise InvalidInput(
            "Nothing to change: give --statement, --comment, --status, --topic or --tag."
        )
    with Library.open(args.library) as library:
        library.findings.get(args.uuid)  # NotFound: "No finding …"
        print(_one_step(library, "Edit finding", commands))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        library.findings.get(args.uuid)
        print(_one_step(library, "Delete finding", [DeleteFinding(args.uuid)]))
    return 0


def run_topics_list(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        nodes = list(depth_first(library.topics.tree()))
    if args.json:
        rows = [
            {
                "id": node.uuid,
                "path": node.path,
                "name": node.name,
                "depth": depth,
                "findings": node.findings,
                "colour": node.colour,
            }
            for node, depth in nodes
        ]
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for node, depth in nodes:
            print(f"{'  ' * depth}{node.name} ({node.findings})")
    return 0


def run_topics_rename(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        topic_id = library.topics.id_for_path(args.path)
        print(_one_step(library, "Rename topic", [rename_topic(topic_id, args.name)]))
    return 0


def run_topics_move(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        topic_id = library.topics.id_for_path(args.path)
        top = args.parent.strip() in ("", "/")
        if top:
            parent_id, last = None, len(library.topics.tree())
        else:
            parent_id = library.topics.id_for_path(args.parent)
            last = len(library.topics.node(parent_id).children)
        print(_one_step(library, "Move topic", [move_topic(topic_id, parent_id, last)]))
    return 0
