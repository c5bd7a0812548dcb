"""The reference an article prints about itself: its DOI, journal, year, volume, issue, pages.

Pure text in, fields out (`extract_metadata` gets the text with PyMuPDF). Two readers:

- `article_doi`: every DOI in the article's text is a candidate, re-joined where a line
  break cut it ("10.1136/bmjopen-2016-" + "012335"); the article's own DOI is the one
  its metadata names, printed beside a "Cite this article" label, repeated in the
  running header of a third of the pages, or printed on page 1 — a DOI seen only in the
  reference list is never taken.
- `citation_from`: one table of citation-line shapes (`CITATION_SHAPES`) is matched
  against page 1's lines (each after the line above it, where a journal's name may
  stand alone), the metadata subject, the running heads of pages 2 and 3 and the
  "Cite this article" blocks. The most complete match of the most trusted source (page 1
  and the metadata) gives the fields; matches of the same year and volume fill its gaps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# -- DOI ----------------------------------------------------------------------------------

DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]*")
SEPARATOR_ENDS = ("-", "/", "_")  # a DOI never ends here: the line broke inside it
CONTINUATION = re.compile(r"\s+([A-Za-z0-9(][^\s\"<>]*)")
PART_SUFFIX = re.compile(r"\.[gtse]\d{3,}$")  # figure/table/supplement DOIs: ….pone.0115884.g001
# "Cite this article as", "How to cite this article", "To cite:", "Please cite as:",
# "Citation:" — not "… when new articles cite this article" in a publisher's notice.
CITE_LABEL = re.compile(r"[Cc]it(?:e this article(?: as)?:?|e(?: as)?:|ation:)")
CITE_AFTER = 600  # characters after it
RUNNING_HEAD = 160  # characters at either end of a page's text where its header may be


OPENING = {")": "(", "]": "[", "}": "{"}


def _trim(doi: str) -> str:
    """Drop punctuation that ends the sentence, not the DOI; keep balanced brackets
    ("…S2213-2600(14)70195-X" keeps its own, "(doi:10.1/x)" loses the reader's)."""
    while doi and doi[-1] in ".,;:'’”)]}":
        closing = doi[-1]
        if closing in OPENING and doi.count(closing) <= doi.count(OPENING[closing]):
            break
        doi = doi[:-1]
    return doi


def _is_complete(doi: str) -> bool:
    suffix = doi.partition("/")[2]
    return len(suffix) >= 2 and not doi.endswith((*SEPARATOR_ENDS, "."))


def _continues(word: str) -> bool:
    """Whether `word`, after a DOI ending in '.', is its rest ("0115884", "v8.i5.273")
    rather than the next sentence."""
    return word[:1].isdigit() or word[:1].islower()


def _dois_in(text: str, known: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, DOI) of each DOI in `text`, joined over the line breaks that cut them.

    A DOI ending in a separator ('-', '/', or '.' before a digit or a small letter)
    always continues on the next line; one cut elsewhere ("metabo" / "4040932") is
    joined only when the joined form is printed whole somewhere in the article (`known`).
    """
    found = []
    for match in DOI.finditer(text):
        doi, end = match.group(), match.end()
        for _ in range(2):  # a long DOI may wrap twice
            following = CONTINUATION.match(text, end)
            if following is None:
                break
            joined = _trim(doi + following.group(1))
            raw = doi.rstrip(",;:)]")
            wrapped = raw.endswith(SEPARATOR_ENDS) or (
                raw.endswith(".") and _continues(following.group(1))
            )
            if not (wrapped or joined in known):
                break
            doi, end = doi + following.group(1), following.end()
        doi = _trim(doi)
        if _is_complete(doi):
            found.append((match.start(), end, doi))
    return found


HEADER_SHARE = 3  # a DOI on at least a third of the pages is in their running header


@dataclass
class _Evidence:
    """Where one DOI was seen."""

    pages: set[int] = field(default_factory=set)
    first_seen: tuple[int, int] = (1 << 30, 0)
    cited: bool = False  # printed in a "Cite this article" block
    in_metadata: bool = False

    def in_running_header(self, page_count: int) -> bool:
        return len(self.pages) >= max(2, -(-page_count // HEADER_SHARE))

    def qualifies(self, page_count: int) -> bool:
        """The article's own DOI is named in the metadata or a cite block, printed on
        page 1 or in the running header; one seen only further on is a reference's."""
        own = self.in_metadata or self.cited or 0 in self.pages
        return own or self.in_running_header(page_count)

    def rank(self, page_count: int) -> tuple[bool, bool, bool, int, tuple[int, int]]:
        page, position = self.first_seen
        return (
            self.in_metadata or self.cited,
            self.in_running_header(page_count),
            0 in self.pages,
            len(self.pages),
            (-page, -position),
        )


def cite_labels(text: str) -> list[re.Match[str]]:
    """The cite labels in `text` (a lower-case "cite this article" only after "How to")."""
    return [
        label
        for label in CITE_LABEL.finditer(text)
        if label.group().startswith(("C", "cite:", "cite as:", "citation:"))
        or text[max(0, label.start() - 7) : label.start()] == "How to "
    ]


def _cited_dois(text: str, dois: list[tuple[int, int, str]]) -> set[str]:
    """The DOI of each cite label: the one printed just before it (BMC's
    "doi:… Cite this article as"), else the first after it."""
    cited = set()
    for label in cite_labels(text):
        before = [
            d
            for _, e, d in dois
            if e <= label.start() and not text[e : label.start()].strip(" .\n")
        ]
        after = [d for s, _, d in dois if label.end() <= s <= label.end() + CITE_AFTER]
        if before or after:
            cited.add(before[-1] if before else after[0])
    return cited


def _whole_dois(pages: Sequence[str], metadata: str) -> set[str]:
    return {_trim(m.group()) for text in (*pages, metadata) for m in DOI.finditer(text)}


def article_doi(pages: Sequence[str], metadata: str = "") -> str:
    """The article's own DOI from the text of its pages (in order) and its metadata
    (subject, keywords); '' when no DOI qualifies."""
    known = _whole_dois(pages, metadata)
    evidence: dict[str, _Evidence] = {}
    for _, _, doi in _dois_in(metadata, known):
        evidence.setdefault(doi, _Evidence()).in_metadata = True
    for index, text in enumerate(pages):
        dois = _dois_in(text, known)
        for position, _, doi in dois:
            seen = evidence.setdefault(doi, _Evidence())
            seen.pages.add(index)
            seen.first_seen = min(seen.first_seen, (index, position))
        for doi in _cited_dois(text, dois):
            evidence[doi].cited = True
    _fold_parts(evidence)
    count = len(pages)
    qualified = {doi: seen for doi, seen in evidence.items() if seen.qualifies(count)}
    return max(qualified, key=lambda doi: qualified[doi].rank(count)) if qualified else ""


def _fold_parts(evidence: dict[str, _Evidence]) -> None:
    """A figure's DOI (….g001) counts as a sighting of the article's own."""
    for doi in list(evidence):
        parent = PART_SUFFIX.sub("", doi)
        if parent != doi and parent in evidence:
            part = evidence.pop(doi)
            evidence[parent].pages |= part.pages


# -- citation lines ----------------------------------------------------------------------

YEAR = r"(?P<year>(?:19|20)\d\d)"
VOLUME = r"(?P<volume>\d{1,4})"
ISSUE = r"(?P<issue>\d{1,3}(?:[-–/]\d{1,3})?|S\d{1,2}|Suppl\.?\s?\d{0,2})"
PAGES = r"(?P<pages>[A-Za-z]{0,2}\d{1,7}(?:\s?[-–]\s?[A-Za-z]{0,2}\d{1,7})?)(?![\w–-])"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2})?"
JOURNAL = r"(?P<journal>[A-Z][A-Za-z.&:' ]{1,80}?)"  # one line's: no digits, no line break
BEFORE_DOI = r"[.;,]?\s+(?=doi|DOI)"
# Article-type labels printed above titles and citation lines; never part of a name.
ARTICLE_LABELS = {
    "articles",
    "article",
    "research article",
    "original article",
    "original research",
    "original paper",
    "review",
    "review article",
    "comprehensive review",
    "study protocol",
    "open access",
    "research",
    "case report",
    "brief report",
}

# One table: each shape is the part of a citation line after the journal's name (or,
# where the journal stands inside it, the whole line), tried in this order.
CITATION_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (example, re.compile(pattern))
    for example, pattern in (
        (
            "International Psychogeriatrics (2014), 26:1, 147–154",
            rf"\(\s*{YEAR}\s*\),?\s+{VOLUME}(?:\s*:\s*{ISSUE})?,\s*{PAGES}",
        ),
        ("PAIN 155 (2014) 2461–2470", rf",?\s+{VOLUME}\s+\(\s*{YEAR}\s*\)\s+{PAGES}"),
        (
            "Arch Med Sci 2016; 12, 5: 1110–1117 / Yonsei Med J 2016 Sep;57(5):1260-1270",
            rf"\s+{YEAR}(?:\s+{MONTH})?\s*;\s*{VOLUME}"
            rf"(?:\s*[(,]\s*{ISSUE}\s*\)?(?=\s*:))?\s*:\s*{PAGES}",
        ),
        (
            "J Med Internet Res 2011 | vol. 13 | iss. 4 | e107",
            rf"\s+{YEAR}\s*\|\s*[Vv]ol\.?\s*{VOLUME}\s*\|\s*(?:[Ii]ss|[Nn]o)\.?\s*{ISSUE}\s*\|\s*{PAGES}",
        ),
        ("Chiarotto et al. Trials 2014, 15:511", rf"\s+\(?{YEAR}\)?,?\s+{VOLUME}\s*:\s*{PAGES}"),
        (
            "Breast Cancer: Targets and Therapy 2016:8 109–116",
            rf"\s+{YEAR}\s*:\s*{VOLUME}\s+{PAGES}",
        ),
        ("Metabolites 2014, 4, 932-945", rf"\s+{YEAR},\s*{VOLUME},\s*{PAGES}"),
        ("Am. J. Hematol. 88:207–210, 2013", rf"\s+{VOLUME}\s*:\s*{PAGES},\s*{YEAR}\b"),
        (
            "Leukemia & Lymphoma, 2013 Vol. 54, No. 1, 12–20",
            rf"(?:[,.]?\s+{YEAR})?[,.]?\s+(?:Vol|VOL|Volume)\.?\s*{VOLUME},?\s+"
            rf"(?:No|NO|Issue|Iss)\.?\s*{ISSUE}(?:,?\s+(?:pp?\.\s*)?{PAGES})?",
        ),
        (
            "Frontiers in Oncology | May 2014 | Volume 4 | Article 123",
            rf"(?:{YEAR}\s*)?\|\s*Volume\s+{VOLUME}\s*\|\s*Article\s+{PAGES}",
        ),
        (
            "Rehabilitation Research and Practice Volume 2010, Article ID 157939",
            rf"\s+Volume\s+(?P<volume>{YEAR}),\s*Article\s+ID\s+{PAGES}",
        ),
        (
            "PLoS ONE 9(12): e115884. doi:…",
            rf"\s+{VOLUME}(?:\s*\(\s*{ISSUE}\s*\))?\s*:\s*{PAGES}{BEFORE_DOI}",
        ),
        (
            "Webb et al. (2017), PeerJ Comput. Sci., DOI 10.7717/…",
            rf"\(\s*{YEAR}\s*\),\s*{JOURNAL},\s*(?:doi|DOI)\b",
        ),
        ("Lancet Respir Med 2014 (a line of its own)", rf"(?m)^{JOURNAL}[ \t]+{YEAR}$"),
    )
)


# Every shape above holds a year, a DOI or a volume: a line without one holds no citation.
CITATION_HINT = re.compile(r"(?:19|20)\d\d|doi|DOI|Vol|VOL")


@dataclass(frozen=True)
class Citation:
    """What a citation line gives; empty strings and None where it is silent."""

    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""

    def size(self) -> int:
        return sum(bool(v) for v in (self.journal, self.year, self.volume, self.pages, self.issue))


# -- the journal's name before the numbers ------------------------------------------------

JOURNAL_WORDS_MAX = 10
ABBREVIATION_MAX = 7  # letters: "Comput." and "Publica." abbreviate; "Tadpoles." ends a title
LOWER_JOURNAL_WORDS = {"of", "and", "the", "in", "for", "on", "&", "de", "du", "des", "la"}
LOWER_JOURNAL_WORDS |= {"le", "y", "e", "und", "für", "da", "do", "di", "del", "della"}
NOT_JOURNAL = re.compile(
    r"\b(received|accepted|published|online|copyright|submitted|revised|volume|licensee|"
    r"downloaded|page|pages|vol|article|abstract|http|www|doi|citation|cite|et al|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|©|@",
    re.IGNORECASE,
)


def _ends_journal(word: str) -> bool:
    """Whether `word`, read backwards from the numbers, lies before the journal's name."""
    letters = sum(c.isalpha() for c in word)
    if word in {"/", "|", "-", "–", "—"} or any(c.isdigit() for c in word):
        return True
    if word.endswith(("?", "!", ")", "]", '"', "”")):
        return True
    if word.endswith(".") and (letters > ABBREVIATION_MAX or word[:1].islower()):
        return True
    return word[:1].islower() and word not in LOWER_JOURNAL_WORDS


def journal_before(text: str) -> str:
    """The journal's name at the end of `text` ('… lessons learnt. BMJ Open' -> 'BMJ Open');
    '' when what stands there does not look like one."""
    taken: list[str] = []
    for word in reversed(text.split()):
        if _ends_journal(word):
            break
        if word.startswith(("(", "[")):
            taken.append(word[1:])
            break
        taken.append(word)
        if len(taken) > JOURNAL_WORDS_MAX:
            return ""
    while taken and taken[-1] in LOWER_JOURNAL_WORDS:
        taken.pop()
    half = len(taken) // 2
    if taken and taken[:half] == taken[half:]:  # the running head repeats the name above
        taken = taken[:half]
    return _clean_journal(" ".join(reversed(taken)))


def _clean_journal(name: str) -> str:
    name = name.strip(" ,;:|")
    if not name[:1].isupper() or NOT_JOURNAL.search(name) or sum(c.isalpha() for c in name) < 3:
        return ""
    return name


# -- matching the table --------------------------------------------------------------------


def _tidy_pages(pages: str) -> str:
    return re.sub(r"\s*[-–]\s*", "-", pages or "")


def _citation_of(match: re.Match[str], text: str) -> Citation:
    fields = match.groupdict()
    journal = fields.get("journal") or journal_before(text[: match.start()])
    return Citation(
        journal=_clean_journal(journal or ""),
        year=int(fields["year"]) if fields.get("year") else None,
        volume=fields.get("volume") or "",
        issue=fields.get("issue") or "",
        pages=_tidy_pages(fields.get("pages") or ""),
    )


def citations_in(text: str, start: int = 0) -> list[Citation]:
    """Every citation in `text` that ends after `start`, earlier shapes winning where
    two overlap."""
    if not CITATION_HINT.search(text, start):
        return []
    found: list[tuple[int, int, Citation]] = []
    for _, shape in CITATION_SHAPES:
        for match in shape.finditer(text):
            if match.end() <= start or any(
                match.start() < end and begin < match.end() for begin, end, _ in found
            ):
                continue
            citation = _citation_of(match, text)
            if citation.volume or citation.pages or citation.journal:
                found.append((match.start(), match.end(), citation))
    return [citation for _, _, citation in sorted(found, key=lambda f: f[0])]


def cite_blocks(pages: Iterable[str]) -> list[str]:
    """The text following each "Cite this article as" / "To cite" / "Citation:" label."""
    blocks = []
    for text in pages:
        for label in cite_labels(text):
            blocks.append(" ".join(text[label.end() : label.end() + CITE_AFTER].split()))
    return blocks


def _key(citation: Citation) -> tuple[str, int | None, str, str]:
    return (_fold(citation.journal), citation.year, citation.volume, citation.pages)


def running_heads(pages: Sequence[str]) -> list[Citation]:
    """Citations at the start or end of both page 2 and page 3, where a running header
    or footer repeats (one at a single page's end is a reference's)."""
    per_page = [
        citations_in(part)
        for text in pages[1:3]
        for part in [f"{text[:RUNNING_HEAD]} … {text[-RUNNING_HEAD:]}"]
    ]
    if len(per_page) < 2:
        return []
    on_both = {_key(c) for c in per_page[0]} & {_key(c) for c in per_page[1]}
    return [c for c in per_page[0] if _key(c) in on_both]


def _line_citations(previous: str, line: str) -> list[Citation]:
    """The citations of `line`, read alone and after the line above it; both readings
    where they differ ("Rev Saúde Pública" and "Review Rev Saúde Pública" under a
    "Review" label; "ONE" and "PLoS ONE"), for the journal's name to be voted on."""
    alone = citations_in(line)
    if previous.casefold() in ARTICLE_LABELS:
        return alone
    seen = {_key(c) for c in alone}
    joined = citations_in(f"{previous}\n{line}", len(previous) + 1)
    return alone + [c for c in joined if _key(c) not in seen]


TRUSTED, SUPPORTING = 2, 1  # page 1 and the metadata; running heads and cite blocks


def _found_in(
    lines: Sequence[str], metadata: str, pages: Sequence[str]
) -> list[tuple[int, Citation]]:
    """Citations, each with its source's trust: on page 1's lines (each read after the
    line before it, where a journal's name or a citation's start may stand) and in the
    metadata; in the running heads of the next pages and in the cite blocks."""
    found: list[tuple[int, Citation]] = []
    previous = ""
    for line in (ln.strip() for ln in lines):
        if line:
            found += [(TRUSTED, c) for c in _line_citations(previous, line)]
            previous = line
    found += [(TRUSTED, c) for c in citations_in(metadata)]
    found += [(SUPPORTING, c) for c in running_heads(pages)]
    found += [(SUPPORTING, c) for text in cite_blocks(pages) for c in citations_in(text)]
    return found


def _same_issue(primary: Citation, other: Citation) -> bool:
    """Whether `other` may cite the same issue: same year and volume where both say."""
    years = not (primary.year and other.year) or primary.year == other.year
    volumes = not (primary.volume and other.volume) or primary.volume == other.volume
    return years and volumes


def _fold(name: str) -> str:
    """'Rev Saúde Pública' and 'Rev Saude Publica.' fold alike."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.casefold())


def _best_journal(peers: list[Citation]) -> str:
    """The name most of the matches give; the longest where they tie ('PLoS ONE' over the
    'ONE' of a line that starts mid-name)."""
    names = [c.journal for c in peers if c.journal]
    if not names:
        return ""
    votes = [sum(_fold(n) == _fold(name) for n in names) for name in names]
    return max(zip(votes, names, strict=True), key=lambda v: (v[0], len(_fold(v[1]))))[1]


def citation_from(lines: Sequence[str], metadata: str = "", pages: Sequence[str] = ()) -> Citation:
    """The article's citation from page 1's `lines`, its metadata subject and the
    running heads and "Cite this article" blocks of its `pages`: the most complete match
    of the most trusted source, its gaps filled from the others of the same year and
    volume."""
    found = _found_in(lines, metadata, pages)
    if not found:
        return Citation()
    ranked = ((trust, c.size(), -index, c) for index, (trust, c) in enumerate(found))
    primary = max(ranked, key=lambda r: r[:3])[3]
    peers = [c for _, c in found if _same_issue(primary, c)]
    journal = _best_journal(peers)
    same_journal = [c for c in peers if not c.journal or _fold(c.journal) == _fold(journal)]
    return Citation(
        journal=journal,
        year=primary.year or next((c.year for c in peers if c.year), None),
        volume=primary.volume or next((c.volume for c in same_journal if c.volume), ""),
        issue=primary.issue or next((c.issue for c in same_journal if c.issue), ""),
        pages=primary.pages or next((c.pages for c in same_journal if c.pages), ""),
    )
