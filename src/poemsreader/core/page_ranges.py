"""Page ranges written in full: MEDLINE and many journals abbreviate the last page
('6913-7', '475-82', '1349-56'); the reviewer's digest prints '6913-6917'."""

from __future__ import annotations

import re

_RANGE = re.compile(r"^([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)$")


def expand_page_range(pages: str) -> str:
    """'6913-7' -> '6913-6917'; 'S12-5' -> 'S12-S15'; '68-73', 'e0115884' stay as they are.

    Only an end shorter than the start is expanded, and only when the result
    ends after the start (so '99-101' or '12-3' in a reversed pair stays)."""
    match = _RANGE.match(pages.strip())
    if match is None:
        return pages
    prefix, start, end_prefix, end = match.groups()
    if end_prefix not in ("", prefix) or len(end) >= len(start):
        return pages
    full_end = start[: len(start) - len(end)] + end
    if int(full_end) <= int(start):
        return pages
    return f"{prefix}{start}-{prefix}{full_end}"
