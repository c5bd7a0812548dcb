"""`team create|link|sync|status`: a library synced with a team library on PostgreSQL."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from poemsreader.services.library import Library

if TYPE_CHECKING:
    from poemsreader.services.team.sync import TeamSync


def register(subparsers: argparse._SubParsersAction) -> None:
    team = subparsers.add_parser("team", help="sync this library with a team library")
    commands = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    for name, help_text, handler in (
        ("create", "create a team library on a server and link this library to it", run_create),
        ("link", "link this library to an existing team library", run_link),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("url", metavar="URL", help="postgresql://host/database (no password)")
        command.add_argument("name", metavar="NAME", help="the team library's name")
        command.set_defaults(handler=handler)
    commands.add_parser("sync", help="pull, merge and push now").set_defaults(handler=run_sync)
    status = commands.add_parser("status", help="what is waiting to be sent or resolved")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument("--offline", action="store_true", help="do not ask the server")
    status.set_defaults(handler=run_status)
    _register_members(commands)


def _register_members(commands: argparse._SubParsersAction) -> None:
    members = commands.add_parser("members", help="who may read or change the team library")
    actions = members.add_subparsers(dest="members_command", metavar="ACTION")
    members.set_defaults(handler=run_members, members_command=None)
    for name, help_text in (
        ("add", "make a database role a member"),
        ("role", "change a member's role"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("member", metavar="ROLE_NAME", help="the member's database role")
        action.add_argument("role", choices=("owner", "editor", "reader"))
        action.set_defaults(handler=run_members)
    remove = actions.add_parser("remove", help="remove a member")
    remove.add_argument("member", metavar="ROLE_NAME")
    remove.set_defaults(handler=run_members, role=None)


def _team(library: Library) -> TeamSync:
    from poemsreader.services.team.sync import TeamSync

    return TeamSync(library)


def run_create(args: argparse.Namespace) -> int:
    return _link(args, create=True)


def run_link(args: argparse.Namespace) -> int:
    return _link(args, create=False)


def _link(args: argparse.Namespace, *, create: bool) -> int:
    with Library.open(args.library) as library:
        link = _team(library).link(args.url, args.name, create=create)
    verb = "Created and linked" if create else "Linked"
    print(f"{verb} the team library {link.name!r}; run team sync to exchange findings.")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        report = _team(library).sync()
    print(report.summary())
    return 0


def run_status(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        status = _team(library).status(online=not args.offline)
    if args.json:
        print(json.dumps({**asdict(status), "state": status.state()}, sort_keys=True))
    elif not status.linked:
        print("Not linked to a team library.")
    else:
        when = status.last_sync or "never"
        check = status.check.get("result", "not run yet")
        print(
            f"Team library {status.name}: {status.state()}; {status.to_send} to send, "
            f"{status.conflicts} conflict(s); last synced {when}; check {check}."
        )
    return 0


def run_members(args: argparse.Namespace) -> int:
    from poemsreader.storage.team import server

    with Library.open(args.library) as library:
        link = _team(library).current_link()
    if args.members_command is None:
        listed = server.members(link.url, link.library_id)
        print(", ".join(f"{member} ({role})" for member, role in listed) or "No members.")
        return 0
    done = server.set_member(link.url, link.library_id, args.member, args.role)
    print(f"Team library {link.name}: {done}.")
    return 0
