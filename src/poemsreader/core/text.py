"""Text normalisation shared by extraction, selection, anchors and search.

Copying a passage and storing a quote both use `normalise`: ligatures expanded
(ﬁ -> fi), soft hyphens dropped, U+2010/U+2011 hyphens written "-", line-end
hyphenation resolved, whitespace collapsed to single spaces.

One rule for a hyphen at the end of a line, whoever extracted the text: it
stays when it belongs to the word ("chi-square", "follow-up", "IL-6",
"community-based": a capital or digit beside it, or a word that stands on its
own after it) and goes when it only breaks the word ("diag-nosis"). A PDF does
not say which kind it printed, so that display rule is a best guess; matching
never depends on it: `match_key` drops every hyphen between two letters, so
"chi-square", "chi-\\nsquare" and "chisquare" compare equal, as do "diag-\\nnosis"
and "diagnosis", whichever copy breaks the line where.

`normalise_mapped` and `match_key_mapped` give, with the text, the index in
their input of each character, so a place in the normalised text can be traced
back to a glyph on the page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
# A soft hyphen anywhere, with the line break after it when it ends a line.
_SOFT_HYPHEN = re.compile(r"\u00ad(?:[^\S\n]*\n\s*)?")
# A hyphen ending a line between two word characters: "treat-\nment", "chi-\nsquare".
_LINE_HYPHEN = re.compile(r"([^\W_]+)-[^\S\n]*\n\s*([^\W_]+)")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Words that follow a hyphen in compounds and stand on their own: "follow-up",
# "community-based". A hyphenation break never leaves one of these after it.
_STANDING_AFTER_HYPHEN = """
    up down in out off over and based related free specific dependent induced associated
    like term year years old month months week weeks day days time level levels risk
    grade line dose group square test value values label blind blinded controlled
    reported sectional matched adjusted positive negative mediated cell cells analysis
    analyses regression randomised randomized selective weight limited living examined
    effects effect wide scale sized size life centre center rich poor making
    friendly only known defined directed guided driven oriented specificity
"""
COMPOUND_SECOND = frozenset(_STANDING_AFTER_HYPHEN.split())
# Words that lead a compound and never a hyphenated word: "chi-square", "self-report".
COMPOUND_FIRST = frozenset({"chi", "self", "non", "t", "x"})


def expand_ligatures(text: str) -> str:
    return text.translate(_LIGATURE_TABLE)


def _keeps_hyphen(before: str, after: str) -> bool:
    """Whether a line-end hyphen between `before` and `after` belongs to the word.

    Hyphenation leaves at least two letters before the break and three after it
    (TeX's and most typesetters' minimums), so a single letter before ("T-cell"),
    two or fewer after ("follow-up", "face-to"), digits ("IL-6"), an acronym
    ("VEGF-related") or a capital after ("non-Hodgkin") mark a compound; so do the
    words listed as standing on their own after a hyphen.
    """
    if any(c.isdigit() for c in before + after) or len(before) == 1 or len(after) <= 2:
        return True
    if before.isupper() or after[:1].isupper() or before.lower() in COMPOUND_FIRST:
        return True
    return after.lower() in COMPOUND_SECOND


def _line_hyphen(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    return before + ("-" if _keeps_hyphen(before, after) else "") + after


Mapped = tuple[str, list[int]]
Replacement = Callable[[re.Match[str]], str]


def _sub_mapped(pattern: re.Pattern[str], repl: Replacement, text: str, where: list[int]) -> Mapped:
    """`pattern.sub(repl, text)` that keeps `where` (source index of each character) in
    step: a replacement's characters take the index of the matched character they
    repeat, the others that of the match's start."""
    out: list[str] = []
    out_where: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(text[last : match.start()])
        out_where.extend(where[last : match.start()])
        new = repl(match)
        out.append(new)
        out_where.extend(_replacement_sources(match, new, where))
        last = match.end()
    out.append(text[last:])
    out_where.extend(where[last:])
    return "".join(out), out_where


def _replacement_sources(match: re.Match[str], new: str, where: list[int]) -> list[int]:
    """Source index of each character of a replacement, matched left to right."""
    sources, at = [], match.start()
    for char in new:
        found = match.string.find(char, at, match.end())
        if found >= 0:
            at = found + 1
        sources.append(where[min(max(found, at - 1), len(where) - 1)] if where else 0)
    return sources


def _translate_mapped(text: str, where: list[int]) -> Mapped:
    out: list[str] = []
    out_where: list[int] = []
    for char, source in zip(text, where, strict=True):
        new = LIGATURES.get(char, char)
        out.append(new)
        out_where.extend([source] * len(new))
    return "".join(out), out_where


def _space(_: re.Match[str]) -> str:
    return " "


def _drop(_: re.Match[str]) -> str:
    return ""


def normalise_mapped(text: str) -> Mapped:
    """`normalise(text)` and the index in `text` of each of its characters."""
    mapped = _translate_mapped(text, list(range(len(text))))
    mapped = _sub_mapped(_SOFT_HYPHEN, _drop, *mapped)
    mapped = _sub_mapped(_CONTROL, _drop, *mapped)
    mapped = _sub_mapped(_LINE_HYPHEN, _line_hyphen, *mapped)
    result, where = _sub_mapped(_SPACE, _space, *mapped)
    lead = len(result) - len(result.lstrip())
    stripped = result.strip()
    return stripped, where[lead : lead + len(stripped)]


def normalise(text: str) -> str:
    """The canonical form of extracted text (see module docstring)."""
    text = expand_ligatures(text)
    text = _SOFT_HYPHEN.sub("", text)
    text = _CONTROL.sub("", text)
    text = _LINE_HYPHEN.sub(_line_hyphen, text)
    return _SPACE.sub(" ", text).strip()


# -- comparing passages across copies --------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
           "\u00ab": '"', "\u00bb": '"'}  # fmt: skip
_KEY_TABLE = str.maketrans({**{d: "-" for d in _DASHES}, **_QUOTES, "\u00ad": ""})
# A hyphen between two letters, or after a letter at the end of the text (a passage cut
# inside a compound: "N-" of "N-domain").
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_]|\s*$)|^\s*-\s*(?=[^\W\d_])")


def match_key_mapped(text: str) -> Mapped:
    """`match_key(text)` and the index in `text` of each of its characters."""
    parts: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = expand_ligatures(char).translate(_KEY_TABLE).casefold()
        parts.append(folded)
        where.extend([index] * len(folded))
    mapped = _sub_mapped(_WORD_HYPHEN, _drop, "".join(parts), where)
    return _sub_mapped(_SPACE, _drop, *mapped)


def match_key(text: str) -> str:
    """What two copies of a passage must share to be the same words: layout forgiven
    (spacing, line breaks, hyphenation, ligatures, quote and dash styles, case), the
    words, numbers and signs kept."""
    return match_key_mapped(text)[0]


def fold_for_search(text: str) -> str:
    """Case- and accent-insensitive form for find-in-document."""
    decomposed = unicodedata.normalize("NFKD", expand_ligatures(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


DOI_PATTERN = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
PMID_PATTERN = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.IGNORECASE)


def find_doi(text: str) -> str:
    match = DOI_PATTERN.search(text)
    return match.group(1).rstrip(".,;)]") if match else ""


def find_pmid(text: str) -> str:
    match = PMID_PATTERN.search(text)
    return match.group(1) if match else ""


def topic_key(name: str) -> str:
    """What makes two topic names the same: Unicode case folding of the NFC form, so
    "Ärzte" is "ärzte" and "Straße" is "STRASSE" (SQLite's lower() folds only ASCII)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
