"""What a passage claims, beyond its wording: numbers, signs, units, comparisons, negations.

Fuzzy matching forgives what layout changes; it must never forgive these.
"improved in 88% of patients" and "improved in 64% of patients" are different
claims, as are "<" and ">", "significant" and "not significant". Two passages
agree when they carry the same claim tokens in the same order.
"""

from __future__ import annotations

import re

from poemsreader.core.text import match_key

NEGATIONS = frozenset(["not", "no", "nor", "neither", "never", "none", "without", "cannot"])
UNITS = (
    "mg|g|kg|µg|μg|mcg|ng|pg|ml|dl|l|mmol|µmol|μmol|nmol|mol|iu|u|mm|cm|m|mmhg|"
    "h|hr|hrs|min|s|d|wk|wks|mo|y|yr|yrs|years?|months?|weeks?|days?|hours?"
)
# A number with its sign (a minus or plus sign, not a hyphen: "IL-6" is no negative six)
# and decimal part, the unit or % right after it; or a comparison sign; or a word.
_CLAIM = re.compile(
    rf"""
    (?P<number>(?:(?<![\w.])[+\u2212\u00b1])?\d+(?:[.,\u00b7]\d+)*)
        (?:\s*(?P<unit>%|(?:{UNITS})(?:/(?:l|dl|ml|\u00b5l|\u03bcl|kg|m2|d|day|h|min))?\b))?
    | (?P<compare>[<>\u2264\u2265=\u2260\u226a\u226b])
    | (?P<word>[^\W\d_]+(?:['\u2019]t)?)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SIGN = {"\u2212": "-", "\u00b7": "."}


def _negates(word: str) -> bool:
    word = word.lower().replace("\u2019", "'")
    return word in NEGATIONS or word.endswith("n't")


def claim_tokens(text: str) -> list[str]:
    """The claim tokens of `text`, in order (see module docstring)."""
    tokens: list[str] = []
    for match in _CLAIM.finditer(text):
        if match.group("number"):
            number = "".join(_SIGN.get(c, c) for c in match.group("number"))
            tokens.append(number + (match.group("unit") or "").lower())
        elif match.group("compare"):
            tokens.append(match.group("compare"))
        elif _negates(match.group("word")):
            tokens.append("not")
    return tokens


def claims_agree(recorded: str, found: str) -> bool:
    """Whether `found` says what `recorded` says, number for number (see module docstring)."""
    return claim_tokens(recorded) == claim_tokens(found)


def same_words(recorded: str, found: str) -> bool:
    """The same words, whatever the layout (hyphenation, spacing, ligatures, quote styles)."""
    return match_key(recorded) == match_key(found)
