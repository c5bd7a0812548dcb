"""`findings`: every finding of the library, as JSON or one line each."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from poemsreader.cli.edit_cmds import register_finding_edits
from poemsreader.services.library import Library
from poemsreader.storage.findings import FindingInfo


def register(subparsers: argparse._SubParsersAction) -> None:
    findings = subparsers.add_parser(
        "findings", help="list the library's findings; edit or delete one"
    )
    findings.add_argument("--json", action="store_true", help="print JSON")
    findings.add_argument("--article", metavar="KEY", help="only the findings of this article")
    findings.add_argument("--deleted", action="store_true", help="include deleted findings")
    findings.set_defaults(handler=run_findings)
    register_finding_edits(findings)


def finding_json(info: FindingInfo) -> dict[str, Any]:
    """The JSON form of one finding (stable field names: scripts rely on them)."""
    return {
        "uuid": info.uuid,
        "article": info.article_key,
        "statement": info.statement,
        "quote": info.quote,
        "topics": info.topics,
        "tags": info.tags,
        "status": info.status.value,
        "comment": info.comment,
        "colour": info.colour,
        "reviewer": info.reviewer_name,
        "pages": info.page_labels,
        "citation": info.citation,
        "placement": info.placement,
        "deleted": info.deleted,
        "created": info.created.isoformat(),
        "modified": info.modified.isoformat(),
    }


def run_findings(args: argparse.Namespace) -> int:
    with Library.open(args.library) as library:
        if args.article:
            article_id = library.articles.id_for_key(args.article)
            found = library.findings.for_article(article_id, include_deleted=args.deleted)
        else:
            found = library.findings.all(include_deleted=args.deleted)
    if args.json:
        json.dump([finding_json(f) for f in found], sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for info in found:
            print(f"{info.statement or info.quote} {info.citation}")
    return 0
