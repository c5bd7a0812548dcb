"""One entry point for every annotation file `share import` takes.

A poemsreader annotation file is validated against its pydantic models; anything
else is read as W3C Web Annotation JSON-LD (or a Hypothesis export). Either way the
whole file is checked before anything is written, and a refusal names each problem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from poemsreader.share import w3c
from poemsreader.share.format import ShareFile
from poemsreader.share.validate import (
    InvalidShareFile,
    is_share_file,
    parse_json,
    refuse,
    validate_share_data,
)

TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@dataclass
class ParsedAnnotations:
    document: ShareFile
    native: bool  # a poemsreader file: unknown articles arrive as references
    not_applicable: list[str] = field(default_factory=list)


def _lenient_problems(raw: bytes) -> list[str]:
    """For a file that is not JSON only because of trailing commas, its W3C problems too."""
    try:
        data = json.loads(TRAILING_COMMA.sub(r"\1", raw.decode("utf-8-sig")))
    except (ValueError, RecursionError):
        return []
    if is_share_file(data):
        return []
    return w3c.check_all(data)


def read_annotations(raw: bytes, name: str = "The file") -> ParsedAnnotations:
    try:
        data = parse_json(raw, name)
    except InvalidShareFile as error:
        extra = _lenient_problems(raw) if len(raw) < 1_000_000 else []
        if not extra:
            raise
        raise refuse(name, error.problems + extra) from None
    if is_share_file(data):
        return ParsedAnnotations(validate_share_data(data, raw, name), native=True)
    problems = w3c.check_all(data)
    if problems:
        raise refuse(name, problems)
    try:
        result = w3c.convert(data)
    except ValueError as error:  # pydantic: a value beyond the file format's limits
        raise refuse(name, [f"(file): {str(error).splitlines()[0]}"]) from None
    return ParsedAnnotations(result.document, native=False, not_applicable=result.not_applicable)
