"""Reading an annotation file: cheap checks first, then the whole model, every problem named.

A hostile file is refused before it costs memory or minutes: the byte size is
checked before parsing, the number of findings before any of them is validated.
Problems are reported with their JSON path (`findings[12].target[0].selector[1]:
missing exact`), the first `MAX_PROBLEMS` of them.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from poemsreader.core.errors import InvalidInput
from poemsreader.share.format import (
    FORMAT_VERSION,
    MAX_ARTICLES,
    MAX_FILE_BYTES,
    MAX_FINDINGS,
    MAX_TOMBSTONES,
    VERSION_KEY,
    ShareFile,
)

MAX_PROBLEMS = 20


class InvalidShareFile(InvalidInput):
    """An annotation file that cannot be imported; nothing of it was written."""


def json_path(location: tuple[int | str, ...]) -> str:
    """('findings', 12, 'target', 0, 'selector') -> 'findings[12].target[0].selector'."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"


_UNION_TAGS = {
    "TextQuoteSelector",
    "TextPositionSelector",
    "FragmentSelector",
    "function-after[_ordered(), TextPositionSelector]",
}


def _clean_location(location: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's internal union-member tags from a location."""
    return tuple(p for p in location if not (isinstance(p, str) and p in _UNION_TAGS))


def describe_error(error: dict[str, Any]) -> str:
    location = _clean_location(tuple(error["loc"]))
    kind = error["type"]
    if kind == "missing" and location:
        return f"{json_path(location[:-1])}: missing {location[-1]}"
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    return f"{json_path(location)}: {message}"


def problems_of(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        text = describe_error(dict(item))
        if text not in problems:
            problems.append(text)
    return problems


def refuse(name: str, problems: list[str]) -> InvalidShareFile:
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    tail = f" (and {more} more)" if more > 0 else ""
    first = "; ".join(shown[:3])
    return InvalidShareFile(f"{name} cannot be imported: {first}{tail}.", shown)


def parse_json(raw: bytes, name: str) -> Any:
    """Bytes -> JSON value, or InvalidShareFile naming the line and column."""
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(
            name,
            [
                f"(file): {len(raw) // (1024 * 1024)} MB is larger than the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB an annotation file may have"
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(name, [f"(file): not UTF-8 text (byte {error.start})"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(
            name,
            [f"(file): not valid JSON at line {error.lineno} column {error.colno} ({error.msg})"],
        ) from None
    except RecursionError:
        raise refuse(name, ["(file): JSON nested too deeply"]) from None


def _check_counts(data: dict[str, Any]) -> list[str]:
    limits = {"findings": MAX_FINDINGS, "articles": MAX_ARTICLES, "tombstones": MAX_TOMBSTONES}
    problems = []
    for key, limit in limits.items():
        value = data.get(key)
        if isinstance(value, list) and len(value) > limit:
            problems.append(f"{key}: {len(value)} entries, more than the {limit} allowed")
    return problems


def is_share_file(data: Any) -> bool:
    return isinstance(data, dict) and VERSION_KEY in data


def validate_share_data(data: dict[str, Any], raw: bytes, name: str) -> ShareFile:
    """The parsed JSON of a poemsreader annotation file -> the model, or every problem."""
    version = data.get(VERSION_KEY)
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise refuse(
            name,
            [
                f"{VERSION_KEY}: version {version} was written by a newer poemsreader "
                f"(this one reads version {FORMAT_VERSION}); update poemsreader"
            ],
        )
    problems = _check_counts(data)
    if problems:
        raise refuse(name, problems)
    try:
        return ShareFile.model_validate_json(raw)
    except ValidationError as error:
        raise refuse(name, problems_of(error)) from None


def load_share_file(raw: bytes, name: str = "The file") -> ShareFile:
    data = parse_json(raw, name)
    if not is_share_file(data):
        raise refuse(name, [f"(file): not a poemsreader annotation file (no {VERSION_KEY})"])
    return validate_share_data(data, raw, name)
