"""Making untrusted text safe for each output format.

Statements, titles and author names come from the reviewer and from imported
references; none of them may break the document they are written into.
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold at all (NUL, other C0 controls, lone surrogates,
# U+FFFE/U+FFFF). DOCX and ODT are XML: these are dropped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Controls that are not whitespace are dropped everywhere (NUL would become U+FFFD).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Inline Markdown: every character CommonMark gives a meaning inside a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# Block starts: "- x", "+ x", "1. x", "1) x", "=" or "-" underlines, "> ".
_MD_BLOCK_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def drop_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Controls dropped and all whitespace (newlines included) collapsed."""
    return " ".join(drop_controls(text).split())


def markdown_inline(text: str) -> str:
    """Text that CommonMark shows literally, as one line, wherever it is placed."""
    escaped = _MD_INLINE.sub(r"\\\1", one_line(text))
    match = _MD_BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1).isdigit():
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped
