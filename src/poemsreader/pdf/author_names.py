"""Authors' names as PDFs give them: the /Author metadata and the byline under the title.

Pure: strings in, `Author`s out. /Author comes in every form a tool or a person chose:
"Martha S Humeniuk, Morie A Gertz", "Humeniuk MS, Gertz MA" (family name first, then
initials, as MEDLINE writes them), "Humeniuk, Martha S.; Gertz, Morie A.",
"Dr Jamie Brown PhD", "Nuala E. Tully {et al.}" — or a placeholder that names no
one ("Unknown", "Administrator", "Cambridge Journals", a login name).
"""

from __future__ import annotations

import re

from poemsreader.core.model import Author

# Degrees and titles no one is named; dropped wherever they stand.
TITLES = re.compile(
    r"\b(PhD|MSc|MPH|MBBS|MBChB|BSc|FRCGP|FRCP|FRCPC|FRCS|FACS|DPhil|MRCP|Prof|Dr)\b\.?"
)
# Degrees that are also initials ("Gertz MA"): dropped only as a part of their own
# ("Lucy Yardley, MD") or after a name of two words or more ("Paul Little MD").
DEGREE_INITIALS = {"MD", "MA", "BA", "RN", "MS", "DO", "DDS", "PA", "NP"}
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "dos", "du", "di", "la"}
PARTICLES |= {"le", "al", "el", "bin", "ibn", "ter", "ten"}
INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")  # "MS", "M.S.", "J-P", "M"
# An /Author that ends in a role names a placeholder ("Unknown", "Corresponding Author",
# "Microsoft Office User"); one with an organisation's word anywhere names no person.
# fmt: off
ROLE_WORDS = {
    "unknown", "anonymous", "author", "authors", "administrator", "admin", "user", "owner",
    "editor", "reviewer", "default", "guest", "customer", "staff", "operator", "scanner",
    "name", "none", "n/a",
}
ORGANISATION_WORDS = {
    "journals", "journal", "press", "publishing", "publisher", "ltd", "inc", "llc", "gmbh",
    "corporation", "corp", "elsevier", "springer", "wiley", "microsoft", "office", "windows",
    "society", "department", "university", "hospital", "institute", "team", "group", "www",
    "http",
}
# fmt: on
ET_AL = re.compile(r"[{(\[]?\s*\bet\.? al\b\.?\s*[})\]]?", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w/]+", text.casefold())


def names_a_person(text: str) -> bool:
    """False for placeholders and organisations ("Unknown", "Microsoft Office User")."""
    words = _words(text)
    if not words or words[-1] in ROLE_WORDS:
        return False
    return not any(word in ORGANISATION_WORDS for word in words)


def _clean_name(name: str) -> str:
    name = TITLES.sub(" ", name)
    name = re.sub(r"[^\w\s.'’-]", " ", name)
    name = re.sub(r"(?<=[a-zà-ÿ])\d+\b|\b\d+\b", " ", name)
    words = [w for w in name.split() if not (len(w) == 1 and w.islower())]
    return " ".join(words).strip(" -")


def _drop_degree_suffix(words: list[str]) -> list[str]:
    """'Paul Little MD' -> 'Paul Little'; 'Gertz MA' stays (MA are his initials)."""
    named = [w for w in words[:-1] if w.casefold() not in PARTICLES]
    if len(words) > 2 and words[-1].strip(".") in DEGREE_INITIALS and len(named) >= 2:
        return words[:-1]
    return words


def _family_first(words: list[str]) -> bool:
    """'Humeniuk MS', 'HUMENIUK M.S.', 'van der Berg JA': family name, then initials."""
    return len(words) >= 2 and bool(INITIALS.match(words[-1])) and not INITIALS.match(words[0])


def _spaced_initials(initials: str) -> str:
    """'MS' and 'M.S.' -> 'M S' (as a given name of initials is kept); 'J-P' stays."""
    return " ".join(re.findall(r"[A-Z](?:-[A-Z])?", initials))


def _title_case(family: str) -> str:
    return family.title() if family.isupper() and len(family) > 2 else family


def author_of(name: str) -> Author:
    """One name in any order: 'Esther M F van Sluijs' -> ('van Sluijs', 'Esther M F');
    'Humeniuk MS' -> ('Humeniuk', 'MS'); 'Humeniuk, Martha S.' -> ('Humeniuk', 'Martha S.')."""
    if "," in name:
        family, _, given = name.partition(",")
        return Author(_title_case(family.strip()), given.strip())
    words = _drop_degree_suffix(name.split())
    if _family_first(words):
        return Author(_title_case(" ".join(words[:-1])), _spaced_initials(words[-1]))
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in PARTICLES:
        cut -= 1
    return Author(_title_case(" ".join(words[cut:])), " ".join(words[:cut]))


def split_names(text: str) -> list[str]:
    """'A B1, C D2 and E F' -> ['A B', 'C D', 'E F'] with markers and degrees removed."""
    parts = re.split(r"[,;]|\band\b|&", TITLES.sub(" ", text))
    names = (_clean_name(p) for p in parts)
    return [n for n in names if n and n.strip(".") not in DEGREE_INITIALS]


def _is_given_part(part: str) -> bool:
    """A comma part that is someone's given names or initials ('Martha S.', 'M.S.')."""
    words = part.split()
    return bool(words) and all(w[:1].isupper() for w in words) and len(words) <= 3


def _family_given_pairs(parts: list[str]) -> list[str] | None:
    """'Humeniuk, M.S., Gertz, M.A.' -> ['Humeniuk, M.S.', 'Gertz, M.A.'] when the comma
    parts alternate one-word family names and given names; None otherwise."""
    families, givens = parts[::2], parts[1::2]
    if len(parts) % 2 or any(len(f.split()) != 1 for f in families):
        return None
    if not all(_is_given_part(g) for g in givens):
        return None
    if not any(len(g.split()) > 1 or INITIALS.match(g) for g in givens):
        return None  # "Tunio, Yardley": one-word names, not a family name and given names
    return [f"{family}, {given}" for family, given in zip(families, givens, strict=True)]


def _metadata_names(author: str) -> list[str]:
    """The names in an /Author string, each 'Family, Given' or a name in one order."""
    author = TITLES.sub(" ", ET_AL.sub(" ", author))
    if ";" in author:
        people = (_without_degrees(p.split(",")) for p in author.split(";"))
        return [", ".join(parts) for parts in people if parts]
    parts = _without_degrees(re.split(r",|\band\b|&", author))
    return _family_given_pairs(parts) or parts


def _without_degrees(parts: list[str]) -> list[str]:
    """The comma parts of a name list, less the empty ones and lone degrees (", MD")."""
    stripped = (p.strip() for p in parts)
    return [p for p in stripped if p and p.strip(".") not in DEGREE_INITIALS]


def _machine_name(name: str) -> bool:
    """'DSI', 'PC': a login or computer name, not a family name in capitals."""
    return len(name.split()) == 1 and name.isupper() and len(name) <= 3


def authors_from_metadata(author: str) -> list[Author]:
    """The people an /Author string names, in order; [] for a placeholder."""
    found = []
    for name in _metadata_names(author):
        family, comma, given = name.partition(",")
        cleaned = f"{_clean_name(family)}, {_clean_name(given)}" if comma else _clean_name(name)
        if cleaned.strip(", ") and names_a_person(cleaned) and not _machine_name(cleaned):
            found.append(author_of(cleaned.strip(", ")))
    return [a for a in found if plausible_family(a.family)]


def plausible_family(family: str) -> bool:
    """'Tunio' yes; 'cheng', 'DSI', 'PC3', 'SE:W:CAR:MP' (user or machine names) no."""
    words = family.split()
    while len(words) > 1 and words[0].casefold() in PARTICLES:  # "van Sluijs", "de Jong"
        words = words[1:]
    family = " ".join(words)
    letters = sum(c.isalpha() for c in family)
    if letters < 2 or not family[:1].isupper() or any(c.isdigit() or c == ":" for c in family):
        return False
    return not (family.isupper() and letters <= 3) and names_a_person(family)
