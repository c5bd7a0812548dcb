"""`demo`: build a ready-made library to try the app on."""

from __future__ import annotations

import argparse

from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="build a demo library (generated articles, references, topics, findings)",
        description="Build a demo library in the library folder, which must be empty. "
        "Try it with: poemsreader --library /tmp/demo demo && poemsreader --library /tmp/demo",
    )
    demo.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for the demo library (same as the global --library)",
    )
    demo.set_defaults(handler=run_demo)


def print_progress(step: int, total: int, what: str) -> bool:
    """One line per step, "(2/7) Writing …": the window's progress dialog reads these."""
    print(f"({step}/{total}) {what}", flush=True)
    return True


def run_demo(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        summary = build_demo_library(library, progress=print_progress)
        print(f"{summary.message} in {library.root}")
    return 0
