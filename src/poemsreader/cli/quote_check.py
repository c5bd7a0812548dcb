"""`check --quotes`: findings whose quote is no longer on its page; re-anchor or keep them."""

from __future__ import annotations

import argparse

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.quote_drift import KeepQuote, reanchor_command
from poemsreader.services.library import Library


def run_quote_check(library: Library, args: argparse.Namespace) -> bool:
    """Print the drifted quotes (after re-anchoring or keeping those named); True if none."""
    drifted = library.quote_drift.check()
    by_uuid = {d.finding_uuid: d for d in drifted}
    history = UndoHistory(library)
    for uuid in [*args.reanchor, *args.keep]:
        if uuid not in by_uuid:
            raise InvalidInput(f"{uuid}: not among the findings whose quote drifted.")
    for uuid in args.reanchor:
        history.push(reanchor_command(by_uuid.pop(uuid)))
        print(f"{uuid}: re-anchored")
    for uuid in args.keep:
        history.push(KeepQuote(uuid))
        by_uuid.pop(uuid, None)
        print(f"{uuid}: quote kept as it is")
    for item in by_uuid.values():
        print(item.line())
    print(f"{len(by_uuid)} quote(s) not found on their page")
    return not by_uuid
