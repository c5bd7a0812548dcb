"""The `poemsreader` command: no sub-command opens the window; sub-commands run headless.

Each module in this package that defines `register(subparsers)` contributes its
sub-commands; a command's handler takes the parsed arguments and returns an
exit status. Errors reach the user as one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # (typing.TYPE_CHECKING; importing typing would delay the renderer)
if TYPE_CHECKING:  # `poemsreader FILE.pdf` starts its renderer before importing these
    import argparse
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    import argparse
    import importlib
    import pkgutil

    from poemsreader import __version__

    parser = argparse.ArgumentParser(
        prog="poemsreader",
        description="Read article PDFs, turn highlights into cited findings, export a digest. "
        "Without a command, opens the window (and FILE.pdf if given).",
    )
    parser.add_argument("--version", action="version", version=f"poemsreader {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="after a refusal, list each problem under the sentence",
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $POEMSREADER_LIBRARY, else the user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


VALUE_OPTIONS = ("--library",)  # options of the bare command that take a value


def _split_gui_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """`poemsreader [--library DIR] FILE.pdf...`: (the options, the PDFs to open).

    A PDF to open is a positional argument ending in .pdf before any sub-command; an
    option's value (`--library /some/dir.pdf`) and everything from the sub-command on
    (`add x.pdf`) stay with the options.
    """
    options: list[str] = []
    files: list[str] = []
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument in VALUE_OPTIONS:
            options += argv[index : index + 2]
            index += 2
            continue
        if argument.startswith("-"):
            options.append(argument)
        elif argument.lower().endswith(".pdf"):
            files.append(argument)
        else:  # the sub-command: the rest is its own
            options += argv[index:]
            break
        index += 1
    return options, files


def _has_command(options: list[str], commands: set[str]) -> bool:
    """Is a sub-command named (not merely an option's value equal to one)?"""
    index = 0
    while index < len(options):
        if options[index] in VALUE_OPTIONS:
            index += 2
            continue
        if options[index] in commands:
            return True
        index += 1
    return False


def _only_library_option(options: list[str]) -> bool:
    return (
        not options
        or (len(options) == 1 and options[0].startswith("--library="))
        or (len(options) == 2 and options[0] == "--library")
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    options, pdfs = _split_gui_arguments(args_list)
    if pdfs and _only_library_option(options):
        # Only a PDF to show: start its renderer now and skip loading every sub-command.
        from poemsreader.pdf.render_worker import prestart_workers

        prestart_workers(1, pdfs[0])
        library = options[-1].removeprefix("--library=") if options else None
        return _open_window(library, pdfs)
    from poemsreader.core.errors import PoemsReaderError

    parser = build_parser()
    known_commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if not _has_command(options, known_commands):
        args = parser.parse_args(options)
        return _open_window(args.library, pdfs)
    args = parser.parse_args(args_list)
    try:
        return int(args.handler(args) or EXIT_OK)
    except PoemsReaderError as error:
        print(f"poemsreader: {error}", file=sys.stderr)
        if args.verbose:
            for problem in getattr(error, "problems", []):
                print(f"  {problem}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("poemsreader: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output stopped (`… | head`): as other Unix tools, say nothing.
        _quiet_stdout()
        return EXIT_OK
    except OSError as error:
        print(
            f"poemsreader: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_ERROR


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush finds no
    closed pipe to complain about."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _open_window(library: str | None, pdfs: list[str]) -> int:
    from poemsreader.ui.shell.app import run

    return run(library, pdfs)
