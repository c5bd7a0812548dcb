"""`digest`: export the digest (Markdown, HTML, DOCX, ODT) from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import FindingStatus
from poemsreader.digest.export import format_for_path
from poemsreader.digest.model import FORMATS, PAPER_SIZES, STYLES, DigestFilter, DigestOptions
from poemsreader.digest.references import style_path
from poemsreader.digest.since_last import MODES as SINCE_LAST_MODES
from poemsreader.services.library import Library


def register(subparsers: argparse._SubParsersAction) -> None:
    digest = subparsers.add_parser(
        "digest",
        help="export the digest: findings grouped by topic, then the references",
        description="Export the digest. Filters repeat: --topic Imaging --topic VEGF.",
    )
    digest.add_argument("--format", choices=FORMATS, help="default: from OUT's extension")
    digest.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    digest.add_argument("--topic", action="append", default=[], metavar="T", help="topic path")
    digest.add_argument("--status", action="append", default=[], metavar="S")
    digest.add_argument("--article", action="append", default=[], metavar="KEY")
    digest.add_argument("--tag", action="append", default=[])
    digest.add_argument("--reviewer", action="append", default=[], metavar="NAME")
    digest.add_argument("--since", type=_date, metavar="YYYY-MM-DD")
    digest.add_argument("--until", type=_date, metavar="YYYY-MM-DD")
    digest.add_argument(
        "--style",
        default="house",
        metavar="STYLE",
        help=f"reference style: {', '.join(STYLES)}, or a .csl file (default: house)",
    )
    digest.add_argument("--title", default="", help="the digest's title (default: the library's)")
    digest.add_argument(
        "--paper", choices=PAPER_SIZES, default="", help="docx, odt page size (default: locale's)"
    )
    digest.add_argument(
        "--language", default="", metavar="TAG", help="language tag, e.g. en-GB (default: locale's)"
    )
    digest.add_argument("--quotes", action="store_true", help="quote each passage")
    digest.add_argument("--comments", action="store_true", help="include private comments")
    digest.add_argument("--by-article", action="store_true", help="group by article")
    digest.add_argument(
        "--all-references", action="store_true", help="list articles without findings too"
    )
    digest.add_argument(
        "--links", action="store_true", help="also link each finding to poemsreader (md, html)"
    )
    digest.add_argument(
        "--since-last",
        nargs="?",
        const="only",
        choices=SINCE_LAST_MODES,
        metavar="only|mark",
        help="only the findings new or changed since the last digest export (only, the "
        "default), or all of them with those marked [new] / [changed] (mark)",
    )
    digest.add_argument(
        "--evidence", action="store_true", help="add the evidence table as a last section"
    )
    digest.set_defaults(handler=run_digest)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def run_digest(args: argparse.Namespace) -> int:
    output = Path(args.output)
    fmt = args.format or format_for_path(output)
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Cannot tell the format of {output.name}; give --format {'|'.join(FORMATS)}."
        )
    flt = DigestFilter(
        articles=tuple(args.article),
        topics=tuple(args.topic),
        tags=tuple(args.tag),
        statuses=tuple(args.status),
        reviewers=tuple(args.reviewer),
        since=args.since,
        until=args.until,
    )
    options = DigestOptions(
        quotes=args.quotes,
        comments=args.comments,
        by_article=args.by_article,
        all_references=args.all_references,
        style=args.style,
        links=args.links,
        title=args.title,
        paper=args.paper,
        language=args.language,
    )
    if args.style != "house":
        style_path(args.style)  # an unknown style is refused before anything is read
    statuses = {s.value for s in FindingStatus}
    for status in args.status:
        if status not in statuses:
            raise InvalidInput(
                f"Unknown status {status!r}; use one of: {', '.join(sorted(statuses))}."
            )
    with Library.open(args.library) as library:
        # An unknown topic or key is a mistake to report, not an empty digest.
        for path in args.topic:
            library.topics.id_for_path(path)
        for key in args.article:
            library.articles.id_for_key(key)
        digest = library.digest.export(
            output, fmt, flt, options, since_last=args.since_last or "", evidence=args.evidence
        )
    print(
        f"{output}: {digest.finding_count} findings in {len(digest.sections)} sections, "
        f"{len(digest.references)} references"
    )
    return 0
