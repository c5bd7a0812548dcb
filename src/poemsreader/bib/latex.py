"""LaTeX in reference fields, turned into the Unicode text a reader expects.

pylatexenc decodes accents, symbols and text macros; this module adds what it
leaves as markup: sub- and superscripts in math (`$\\Sigma^{0}$` -> 'Σ⁰',
`DNA$_{\\textrm{2}}$` -> 'DNA₂'; a script with characters Unicode has no small
form for stays plain text) and `\\textasciicircum` read back as '^' (the
spacing circumflex 'ˆ' would change a title on every BibTeX round trip).
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

_SUPERSCRIPT = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SCRIPT_CHARS = {"^": _SUPERSCRIPT, "_": _SUBSCRIPT}
# `$…$` not preceded by a backslash (an escaped dollar is a dollar sign).
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_SCRIPT = re.compile(r"([\^_])(?:\{((?:[^{}]|\{[^{}]*\})*)\}|(\\[A-Za-z]+|[^\s\\{}]))")
# In a format that is not LaTeX: `$…$` opened and closed against its content, holding
# a command, a sub- or a superscript ('$\\Sigma^{0}$'); 'costs $3 and $4' is prices.
_PLAIN_MATH = re.compile(r"(?<![\\\w])\$(?=\S)([^$]*?[\\^_][^$]*?)(?<=\S)\$(?!\w)")
_LONE_TILDE = re.compile(r"(^|\s)\u0303")


def _context() -> object:
    db = get_default_latex_context_db()
    db.add_context_category(
        "poemsreader-spacing",
        prepend=True,
        macros=[
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
        ],
    )
    return db


_DECODER = LatexNodes2Text(latex_context=_context(), math_mode="text", strict_latex_spaces=True)


def _script(match: re.Match[str]) -> str:
    inner = match.group(2) if match.group(2) is not None else match.group(3)
    text = _DECODER.latex_to_text(inner)
    table = _SCRIPT_CHARS[match.group(1)]
    if text and all(ord(c) in table for c in text):
        return text.translate(table)
    return text


def _math(match: re.Match[str]) -> str:
    return "$" + _SCRIPT.sub(_script, match.group(1)) + "$"


def latex_to_unicode(value: str) -> str:
    """Decode LaTeX in `value`; text without LaTeX comes back unchanged."""
    if "\\" not in value and "{" not in value and "$" not in value:
        return value
    prepared = _MATH.sub(_math, value)
    decoded = _DECODER.latex_to_text(prepared)
    return _LONE_TILDE.sub(r"\1∼", decoded)


def math_to_unicode(value: str) -> str:
    """Only the `$…$` math of a field of a format that is not LaTeX (an arXiv title in
    RIS or CSL-JSON); backslashes and braces elsewhere are the author's own text."""
    if "$" not in value:
        return value
    return _PLAIN_MATH.sub(lambda m: latex_to_unicode(m.group(0)), value)
