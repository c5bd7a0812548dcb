"""In-text citations and the reference list in a CSL style, as citeproc-py makes them.

Every bullet's citations go through citeproc in the order a reader meets them,
so a numeric style (Vancouver, AMA, IEEE) numbers each article by its first
citation and its list follows that order; an author-date style (APA) cites by
author and year; a note style gives the note's text. The page of the passage is
the citation's locator. Texts come from citeproc's HTML formatter, so the
style's emphasis survives as `Run`s; DOIs and URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from poemsreader.core.citations import EN_DASH, Citation
from poemsreader.digest.model import ArticleEntry, Bullet, CitationPiece, Reference, Run
from poemsreader.digest.references import (
    csl_entries,
    csl_item,
    load_style,
    reference_anchor,
    year_suffixes,
)
from poemsreader.digest.rich import plain, runs_from_html, squeeze

CSL_NS = "{http://purl.org/net/xbiblio/csl}"


def citation_format(style: object) -> str:
    """'numeric', 'author-date', 'note', 'author' or 'label', from the style's <info>."""
    root = style.root  # type: ignore[attr-defined]
    for category in root.iter(f"{CSL_NS}category"):
        if category.get("citation-format"):
            return str(category.get("citation-format"))
    return "note" if root.get("class") == "note" else "author-date"


def _locator(citation: Citation) -> str:
    distinct = [p for i, p in enumerate(citation.pages) if p and p not in citation.pages[:i]]
    if not distinct:
        return ""
    return distinct[0] if len(distinct) == 1 else f"{distinct[0]}{EN_DASH}{distinct[-1]}"


class StyledCiting:
    """One pass of citeproc over a digest: register every citation, then render."""

    def __init__(self, articles: Sequence[ArticleEntry], style_name: str) -> None:
        from citeproc import CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        self.style_name = style_name
        self.style = load_style(style_name)
        self.format = citation_format(self.style)
        self.articles = list(articles)
        self.ids = {entry.key: f"ref{n}" for n, entry in enumerate(self.articles)}
        self.by_id = {self.ids[e.key]: e for e in self.articles}
        self.suffixes = year_suffixes(self.articles) if self.format != "numeric" else {}
        items = [self._item(entry, self.suffixes) for entry in self.articles]
        self.bibliography = CitationStylesBibliography(
            self.style, CiteProcJSON(items), formatter.html
        )

    @property
    def numeric(self) -> bool:
        return self.format == "numeric"

    def _item(self, entry: ArticleEntry, suffixes: dict[str, str]) -> dict:
        item = csl_item(self.ids[entry.key], entry.record)
        if entry.key in suffixes:
            item["year-suffix"] = suffixes[entry.key]
        return item

    def _citation(self, cited: Sequence[Citation]):
        from citeproc import Citation as CslCitation
        from citeproc import CitationItem
        from citeproc.source import Locator

        items = []
        seen: set[tuple[str, str]] = set()
        for citation in cited:
            locator = _locator(citation)
            if (citation.key, locator) in seen or citation.key not in self.ids:
                continue
            seen.add((citation.key, locator))
            extra = {"locator": Locator("page", locator)} if locator else {}
            items.append(CitationItem(self.ids[citation.key], **extra))
        return CslCitation(items)

    def cite_bullets(self, bullets: Sequence[Bullet]) -> None:
        """Each bullet's `citation` and `pieces` in the style, numbered in reading order."""
        citations = [self._citation(bullet.cited) for bullet in bullets]
        for citation in citations:
            self.bibliography.register(citation)
        if self.numeric:  # uncited articles (all references) are numbered after the cited
            for entry in self.articles:
                self.bibliography.register(self._citation([Citation(entry.key)]))
        for bullet, citation in zip(bullets, citations, strict=True):
            if not citation.cites:
                continue
            runs = squeeze(runs_from_html(str(self.bibliography.cite(citation, _ignore))))
            keys = [self.by_id[item.key].key for item in citation.cites]
            bullet.citation = plain(runs)
            bullet.pieces = self._pieces(runs, keys)

    def _pieces(self, runs: list[Run], keys: list[str]) -> list[CitationPiece]:
        distinct = list(dict.fromkeys(keys))
        if len(distinct) == 1:
            return [CitationPiece(r.text, distinct[0], r.superscript) for r in runs]
        superscript = any(r.superscript for r in runs)
        tokens = [self._token(key) for key in distinct]
        return split_on_tokens(plain(runs), list(zip(tokens, distinct, strict=True)), superscript)

    def _token(self, key: str) -> str:
        if self.numeric:
            return str(self.number(key))
        authors = self.by_id[self.ids[key]].record.authors
        return authors[0].family if authors else ""

    def number(self, key: str) -> int:
        return self.bibliography.keys.index(self.ids[key]) + 1

    def references(self) -> list[Reference]:
        """The list: numbered in citation order (numeric), else in the order given."""
        if self.numeric:
            order = [self.by_id[i] for i in self.bibliography.keys if i in self.by_id]
            listed = {e.key for e in order}
            order += [e for e in self.articles if e.key not in listed]
        else:
            order = self.articles
        runs = csl_entries(order, self.style_name, self.ids, self.suffixes)
        return [
            Reference(
                entry.key,
                plain(runs[entry.key]),
                tuple(runs[entry.key]),
                label=f"{n}." if self.numeric else "",
                anchor=reference_anchor(entry.key),
            )
            for n, entry in enumerate(order, start=1)
        ]


def _ignore(_citation_item: object) -> None:
    """citeproc reports a cited item missing from the source; every item is there."""


def split_on_tokens(
    text: str, tokens: list[tuple[str, str]], superscript: bool = False
) -> list[CitationPiece]:
    """'(1,2)' with tokens ('1', k1), ('2', k2) -> '(', '1'→k1, ',', '2'→k2, ')'.

    Each key's piece runs from its token to the next token; what precedes the
    first token is punctuation. A token not found leaves the rest to the key before.
    """
    pieces: list[CitationPiece] = []
    starts: list[tuple[int, str]] = []
    position = 0
    for token, key in tokens:
        match = (
            re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", text[position:]) if token else None
        )
        if match is None:
            continue
        starts.append((position + match.start(), key))
        position += match.end()
    if not starts:
        return [CitationPiece(text, tokens[0][1] if tokens else "", superscript)]
    if starts[0][0] > 0:
        pieces.append(CitationPiece(text[: starts[0][0]], "", superscript))
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        linked, punctuation = _split_trailing(text[start:end])
        pieces.append(CitationPiece(linked, key, superscript))
        if punctuation:
            pieces.append(CitationPiece(punctuation, "", superscript))
    return pieces


_CLOSING = {")": "(", "]": "["}


def _split_trailing(piece: str) -> tuple[str, str]:
    """'2(p209),' -> ('2(p209)', ','); '2, p. 209], [' -> ('2, p. 209]', ', ['):
    delimiters, opening brackets and unbalanced closing brackets go."""
    end = len(piece)
    while end and piece[end - 1] in " ,;)]([":
        char = piece[end - 1]
        if char in _CLOSING and piece[: end - 1].count(_CLOSING[char]) >= piece[:end].count(char):
            break
        end -= 1
    return piece[:end], piece[end:]
