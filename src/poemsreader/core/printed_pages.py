"""The printed-page rule: the page label a citation like `(Humeniuk 2013 p.72)` uses.

Every PDF page gets the page number the journal printed on it. Sources, in order
of trust:

1. the reviewer's first page ("this article starts on page 207"), when set;
2. the page numbers printed in the running headers/footers, when a run of
   integers rises by one with the page index over most pages (`printed_run`);
   unnumbered pages after the last printed one are supplementary pages S1, S2…;
3. the PDF's /PageLabels, when they give every page a distinct label (and agree
   with the printed numbers, if any: when they disagree the printed number wins
   and the disagreement is reported);
4. the first page of the reference's page range plus the page index;
5. the PDF page number.

Sources 2, 3 and 5 are decided when a PDF is added (`choose_labels`, from the
facts `pdf/page_labels.py` gathers) and stored with the document; 1 and 4 can
change later, so `article_labels` re-decides from what is stored each time the
labels are asked for. `page_index_for` goes the other way: from a page the
reviewer types or a citation names to the PDF page.

Pure: no PDF, no database, no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import PageLabelSource

MIN_RUN_PAGES = 2
SUPPLEMENT_PREFIX = "S"
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


@dataclass(frozen=True)
class PageLabels:
    """The printed label of every page, where they came from, and any doubt about them."""

    labels: list[str]
    source: PageLabelSource
    note: str = ""


@dataclass(frozen=True)
class LabelRule:
    """One range of a PDF's /PageLabels number tree: from PDF page `start_page` on, pages
    are labelled `prefix` + their number in `style` (D 1 2 3, r i ii, R I II, a a b, A A B;
    '' for the prefix alone), counting from `first_number`."""

    start_page: int
    style: str = ""
    prefix: str = ""
    first_number: int = 1


# -- the /PageLabels number tree ----------------------------------------------------------


def _roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _letters(number: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA', 27 -> 'AB' (as PyMuPDF spells them)."""
    if number < 0:
        return ""
    width = 1
    while 26**width <= number:
        number -= 26**width
        width += 1
    out = []
    for power in reversed(range(width)):
        digit, number = divmod(number, 26**power)
        out.append(chr(ord("A") + digit))
    return "".join(out)


def _styled(style: str, number: int) -> str:
    if style == "D":
        return str(number)
    if style in ("r", "R"):
        roman = _roman(number) if number > 0 else ""
        return roman.lower() if style == "r" else roman
    if style in ("a", "A"):
        letters = _letters(number - 1)
        return letters.lower() if style == "a" else letters
    return ""


def labels_from_rules(rules: Sequence[LabelRule], page_count: int) -> list[str]:
    """Each page's /PageLabels label ('' for a page before the first range); [] when the
    PDF has no ranges."""
    if not rules:
        return []
    ordered = sorted(rules, key=lambda rule: rule.start_page)
    labels = []
    for index in range(page_count):
        ruling = [rule for rule in ordered if rule.start_page <= index]
        if not ruling:
            labels.append("")
            continue
        rule = ruling[-1]
        number = index - rule.start_page + rule.first_number
        labels.append(rule.prefix + _styled(rule.style, number))
    return labels


def viewer_labels(pdf_labels: Sequence[str], page_count: int) -> list[str]:
    """The labels shown for a PDF opened outside the library: its /PageLabels where they
    name a page, the PDF page number elsewhere."""
    if not any(pdf_labels) or len(pdf_labels) != page_count:
        return [str(index + 1) for index in range(page_count)]
    return [label or str(index + 1) for index, label in enumerate(pdf_labels)]


# -- the numbers printed in the headers and footers ---------------------------------------


def printed_run(per_page: Sequence[set[int]]) -> list[int | None]:
    """The printed page number of each page (None where the page prints none), from the
    integers found in each page's header and footer bands.

    A candidate integer `v` on page `i` votes for the offset `v - i`; the offset
    voted for by most pages wins when it covers at least half of them.
    """
    count = len(per_page)
    votes: Counter[int] = Counter()
    for index, numbers in enumerate(per_page):
        votes.update({value - index for value in numbers})
    if not votes:
        return [None] * count
    offset, pages = max(votes.items(), key=lambda item: (item[1], item[0]))
    if pages < max(MIN_RUN_PAGES, (count + 1) // 2):
        return [None] * count
    return [
        index + offset if index + offset in numbers else None
        for index, numbers in enumerate(per_page)
    ]


def _fill_printed(printed: Sequence[int | None]) -> tuple[list[str], str]:
    """Labels for every page from a detected run: gaps and leading pages follow the run;
    unnumbered pages after the last printed one are supplementary pages S1, S2…"""
    found = [(i, value) for i, value in enumerate(printed) if value is not None]
    (first, first_value), (last, last_value) = found[0], found[-1]
    offset = first_value - first
    labels: list[str] = []
    for index, value in enumerate(printed):
        if index > last:
            labels.append(f"{SUPPLEMENT_PREFIX}{index - last}")
        else:
            labels.append(str(max(1, index + offset)) if value is None else str(value))
    note = ""
    if last < len(printed) - 1:
        note = (
            f"PDF pages {last + 2}–{len(printed)} print no page number after the last "
            f"printed page {last_value}; they are labelled "
            f"{SUPPLEMENT_PREFIX}1–{SUPPLEMENT_PREFIX}{len(printed) - 1 - last}."
        )
    return labels, note


# -- deciding ------------------------------------------------------------------------------


def _label_problem(labels: Sequence[str], page_count: int) -> str:
    """Why the /PageLabels cannot be used as they are ('' when they can)."""
    if not labels:
        return ""
    if len(labels) != page_count or not all(labels):
        return "The PDF's page labels do not cover every page."
    repeated = [label for label, n in Counter(labels).items() if n > 1]
    if repeated:
        return f"The PDF's page labels repeat {repeated[0]!r}; they are not used."
    if labels[0] == "0":
        return "The PDF's page labels start at '0'; they are not used."
    return ""


def _span(labels: Sequence[str]) -> str:
    return f"{labels[0]}–{labels[-1]}" if len(labels) > 1 else labels[0]


def labels_from_first_page(first_page: str, page_count: int) -> list[str]:
    """'207' -> ['207', '208', …]; raises InvalidInput for a first page that is no number."""
    text = first_page.strip()
    if not text.isdigit():
        raise InvalidInput(f"The first page must be a number, not {first_page!r}.")
    start = int(text)
    return [str(start + index) for index in range(page_count)]


def first_page_of_range(pages: str) -> str:
    """'72-80', '72–80' or '72' -> '72'; '' when the range starts with no number."""
    first = pages.replace("–", "-").split("-")[0].strip()
    return first if first.isdigit() else ""


def choose_labels(
    page_count: int,
    pdf_labels: Sequence[str],
    printed: Sequence[int | None],
    reference_first_page: str = "",
) -> PageLabels:
    """Decide each page's label from the PDF's facts: the printed numbers (`printed_run`),
    the /PageLabels, and the reference's first page (see the module doc)."""
    problem = _label_problem(pdf_labels, page_count)
    usable = list(pdf_labels) if pdf_labels and not problem else []
    if any(value is not None for value in printed):
        labels, note = _fill_printed(printed)
        agree = usable and all(
            value is None or usable[i] == str(value) for i, value in enumerate(printed)
        )
        if agree:
            return PageLabels(usable, PageLabelSource.PAGE_LABELS)
        if usable:
            disagreement = (
                f"The PDF's page labels ({_span(pdf_labels)}) disagree with the printed page "
                f"numbers ({_span(labels)}); the printed numbers are used."
            )
            note = f"{disagreement} {note}".strip()
        elif problem:
            note = f"{problem} {note}".strip()
        return PageLabels(labels, PageLabelSource.PRINTED, note)
    if usable:
        return PageLabels(usable, PageLabelSource.PAGE_LABELS)
    if reference_first_page.strip().isdigit():
        labels = labels_from_first_page(reference_first_page, page_count)
        return PageLabels(labels, PageLabelSource.REFERENCE_RANGE, problem)
    return PageLabels(pdf_index_labels(page_count), PageLabelSource.PDF_INDEX, problem)


def pdf_index_labels(page_count: int) -> list[str]:
    return [str(index + 1) for index in range(page_count)]


def article_labels(
    detected: PageLabels | None,
    page_count: int,
    first_page_override: str = "",
    reference_pages: str = "",
) -> PageLabels:
    """The labels an article's citations use now: the reviewer's first page, else what was
    detected when its PDF was added (`detected`, None without a PDF) — unless that was only
    the PDF page number and the reference's page range (`reference_pages`) says better."""
    if first_page_override:
        labels = labels_from_first_page(first_page_override, page_count)
        return PageLabels(labels, PageLabelSource.REVIEWER)
    if detected is None:
        return PageLabels([], PageLabelSource.PDF_INDEX)
    first = first_page_of_range(reference_pages)
    if detected.source == PageLabelSource.PDF_INDEX and first:
        labels = labels_from_first_page(first, page_count)
        return PageLabels(labels, PageLabelSource.REFERENCE_RANGE, detected.note)
    labels = list(detected.labels) or pdf_index_labels(page_count)
    return PageLabels(labels, detected.source, detected.note)


# -- from a page to its label and back ------------------------------------------------------


def label_at(labels: Sequence[str], page_index: int) -> str:
    """The label of the page at `page_index` ('' when the labels do not reach it)."""
    return labels[page_index] if 0 <= page_index < len(labels) else ""


def cited_label(labels: Sequence[str], page_index: int) -> str:
    """The label a citation prints for the page: its label, else its PDF page number."""
    return label_at(labels, page_index) or str(page_index + 1)


def index_of_label(labels: Sequence[str], label: str) -> int | None:
    """The PDF page (0-based) a citation's page label names: the first page labelled so,
    case aside ('xii' finds 'XII'); None when no page is."""
    label = label.strip()
    if not label:
        return None
    if label in labels:
        return list(labels).index(label)
    folded = [candidate.casefold() for candidate in labels]
    return folded.index(label.casefold()) if label.casefold() in folded else None


def page_index_for(text: str, labels: Sequence[str]) -> int | None:
    """The PDF page (0-based) the reviewer means by what they type in the page box.

    '72' -> the page labelled 72 (`index_of_label`); '#5' -> the fifth PDF page; a
    number no page is labelled with -> that PDF page. None when it names no page.
    """
    text = text.strip()
    if not text or not labels:
        return None
    if text.startswith("#") and text[1:].isdigit():
        index: int | None = int(text[1:]) - 1
    else:
        index = index_of_label(labels, text)
        if index is None and text.isdigit():
            index = int(text) - 1
    return index if index is not None and 0 <= index < len(labels) else None
