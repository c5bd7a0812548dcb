"""`check --quotes`: findings whose quote is no longer on its page; re-anchor or keep them."""

from __future__ import annotations

import argparse

from poemsreader.core.commands import UndoHistory
from poemsreader.core.errors import InvalidInput
from poemsreader.core.quote_drift import DriftedQuote, KeepQuote, ReanchorQuote, anchor_at
from poemsreader.store.library import Library


def reanchor_command(drifted: DriftedQuote, library: Library) -> ReanchorQuote:
    """The one step that moves a drifted finding to the closest text found."""
    found = drifted.closest
    if found is None:
        raise InvalidInput(f"{drifted.finding_uuid}: nothing like its quote is in the PDF.")
    pages = _pages_of(library, drifted)
    anchor = anchor_at(found, pages, drifted.quads, drifted.document_sha256)
    return ReanchorQuote(drifted.finding_uuid, found.text, [anchor])


def _pages_of(library: Library, drifted: DriftedQuote) -> list[str]:
    from poemsreader.pdf.page_texts import read_page_texts

    article_id = library.findings.get(drifted.finding_uuid).article_id
    path = library.articles.pdf_path(article_id)
    if path is None:
        raise InvalidInput(f"{drifted.article_key}: its PDF is missing.")
    return read_page_texts(path)


def run_quote_check(library: Library, args: argparse.Namespace) -> bool:
    """Print the drifted quotes (after re-anchoring or keeping those named); True if none."""
    drifted = library.quote_drift.check()
    by_uuid = {d.finding_uuid: d for d in drifted}
    history = UndoHistory(library)
    for uuid in [*args.reanchor, *args.keep]:
        if uuid not in by_uuid:
            raise InvalidInput(f"{uuid}: not among the findings whose quote drifted.")
    for uuid in args.reanchor:
        history.push(reanchor_command(by_uuid.pop(uuid), library))
        print(f"{uuid}: re-anchored")
    for uuid in args.keep:
        history.push(KeepQuote(uuid))
        by_uuid.pop(uuid, None)
        print(f"{uuid}: quote kept as it is")
    for item in by_uuid.values():
        print(item.line())
    print(f"{len(by_uuid)} quote(s) not found on their page")
    return not by_uuid
