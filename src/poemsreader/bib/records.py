"""What every reference parser returns, and the small clean-ups they share.

A parser turns the text of one file into `ParsedReferences`: the records it could
read (each with the line its entry starts on) and one `EntryProblem` per entry it
had to skip, so the reviewer learns exactly which entry of the file was broken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.core.page_ranges import expand_page_range


@dataclass(frozen=True)
class EntryProblem:
    line: int  # 1-based line of the file where the entry starts
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedEntry:
    record: ArticleRecord
    line: int  # 1-based line where the entry starts
    source_key: str = ""  # the entry's own key or id in the file, if it has one


@dataclass
class ParsedReferences:
    format: str  # one of bib.detect.FORMATS
    entries: list[ParsedEntry] = field(default_factory=list)
    problems: list[EntryProblem] = field(default_factory=list)

    @property
    def records(self) -> list[ArticleRecord]:
        return [entry.record for entry in self.entries]

    def add(self, record: ArticleRecord, line: int, source_key: str = "") -> None:
        """Keep `record`, or report it when nothing in it identifies an article."""
        if record.title or record.doi or record.pmid:
            self.entries.append(ParsedEntry(record, line, source_key))
        else:
            self.problems.append(EntryProblem(line, "entry without a title, DOI or PMID, skipped"))


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d+[^/\s]*/\S")
# Years 1000-2199: a reference to a medieval source keeps its year.
_YEAR = re.compile(r"(?<!\d)(1\d\d\d|20\d\d|21\d\d)(?!\d)")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def clean_doi(value: str) -> str:
    """'http://dx.doi.org/10.1007/x' or 'doi:10.1007/x' -> '10.1007/x'; what is not a DOI
    (a template's placeholder 'DOI', a bare number) -> ''."""
    value = _DOI_PREFIX.sub("", value.strip()).strip().rstrip(".")
    return value if _DOI_SHAPE.match(value) else ""


def clean_pages(value: str) -> str:
    """'357--367' and '429–452' -> '357-367', '429-452' (one spelling in the store);
    '6913-7' -> '6913-6917' (ranges written in full)."""
    value = value.strip().replace("--", "-").replace("–", "-").replace("—", "-")
    return expand_page_range(re.sub(r"\s*-\s*", "-", value))


def join_pages(start: str, end: str) -> str:
    start, end = start.strip(), end.strip()
    if start and end:
        return f"{start}-{end}"
    return start or end


def clean_text(value: str) -> str:
    """Collapse runs of whitespace (continuation lines) into single spaces."""
    return " ".join(value.split())


def year_of(value: str) -> int | None:
    """The first plausible four-digit year in `value` ('2017 Feb', '2014//', '2013-07-04')."""
    found = _YEAR.search(value or "")
    return int(found.group(1)) if found else None


def iso_date(value: str) -> str:
    """'2017 Feb' -> '2017-02'; '2010 Jun 1' -> '2010-06-01'; '2014//' -> '2014';
    '2001/09/01/' -> '2001-09-01'; '2013-07-04' stays. Unknown shapes give the year."""
    year = year_of(value)
    if year is None:
        return ""
    rest = value[value.find(str(year)) + 4 :]
    words = [w for w in re.split(r"[\s/\-.,]+", rest) if w]
    month = day = None
    if words:
        head = words[0].lower()[:3]
        if head in _MONTHS:
            month = _MONTHS[head]
        elif head.isdigit() and 1 <= int(head) <= 12:
            month = int(head)
        if month and len(words) > 1 and words[1].isdigit() and 1 <= int(words[1]) <= 31:
            day = int(words[1])
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def split_name(name: str) -> Author:
    """'Wörmann, Bernhard' -> Author('Wörmann', 'Bernhard'); 'Karl Marx' -> ('Marx', 'Karl');
    a single word is a family name (or an organisation), and so is a name ending in a
    comma ('World Health Organization, Geneva,')."""
    name = clean_text(name)
    if name.endswith(","):  # an organisation, written so its own commas do not split it
        return Author(name[:-1].strip(), "")
    if "," in name:
        family, _, given = name.partition(",")
        return Author(family.strip(), given.strip())
    words = name.split()
    if len(words) <= 1:
        return Author(name, "")
    return Author(words[-1], " ".join(words[:-1]))
