"""From the library's digest data and the reviewer's options to a `Digest`.

Consecutive findings of one topic with the same statement become one bullet
whose citations merge: `(Royer 2013; Zagouri 2014)`. Every citation comes from
`core.citations`, so there is one spelling of page numbers everywhere; a CSL
style then recites them as citeproc does (`digest.citing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from poemsreader.core.citations import Citation, merge_citations
from poemsreader.digest.export import collector_paused
from poemsreader.digest.locale_defaults import language_or_default, paper_or_default
from poemsreader.digest.model import (
    ArticleEntry,
    Bullet,
    CitationPiece,
    Digest,
    DigestData,
    DigestOptions,
    FindingEntry,
    Reference,
    Section,
    TopicGroup,
)
from poemsreader.digest.references import format_references, reference_anchor
from poemsreader.digest.rich import doi_url

LINK_SCHEME = "poemsreader://open"


def passage_link(article: ArticleEntry, finding: FindingEntry) -> str:
    """`poemsreader://open?article=<uuid>&page=<index>&finding=<uuid>`."""
    query = {"article": article.uuid}
    if finding.page_index is not None:
        query["page"] = str(finding.page_index)
    query["finding"] = finding.uuid
    return f"{LINK_SCHEME}?{urlencode(query)}"


def web_link(article: ArticleEntry, finding: FindingEntry) -> str:
    """The passage for a reader without the app: the article's URL at the page
    (`#page=N`, which PDF viewers in browsers follow), else the DOI."""
    url = article.record.url.strip()
    if url.lower().startswith(("https://", "http://")):
        page = f"#page={finding.page_index + 1}" if finding.page_index is not None else ""
        return url.split("#", 1)[0] + page
    return doi_url(article.record.doi) if article.record.doi.strip() else ""


def finding_anchor(uuid: str) -> str:
    return f"finding-{uuid}"


def citation_of(article: ArticleEntry, finding: FindingEntry) -> Citation:
    return Citation(article.key, finding.pages, orphan=finding.orphan)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each on one line."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _same_bullet(previous: Bullet | None, finding: FindingEntry) -> bool:
    statement = " ".join(finding.statement.split())
    return previous is not None and bool(statement) and previous.text == statement


def _bullets(
    findings: Iterable[FindingEntry], data: DigestData, options: DigestOptions
) -> list[Bullet]:
    bullets: list[Bullet] = []
    citations: list[list[Citation]] = []
    for finding in findings:
        article = data.articles[finding.article_id]
        citation = citation_of(article, finding)
        previous = bullets[-1] if bullets else None
        if _same_bullet(previous, finding):
            assert previous is not None
            citations[-1].append(citation)
            previous.keys = (*previous.keys, article.key)
            previous.finding_uuids = (*previous.finding_uuids, finding.uuid)
            previous.web_link = previous.web_link or web_link(article, finding)
            bullet = previous
        else:
            text = " ".join(finding.statement.split()) or f"‘{' '.join(finding.quote.split())}’"
            bullet = Bullet(
                text=text,
                citation="",
                keys=(article.key,),
                finding_uuids=(finding.uuid,),
                link=passage_link(article, finding) if options.links else "",
                web_link=web_link(article, finding),
            )
            bullets.append(bullet)
            citations.append([citation])
        # a highlight without a statement already shows its quote as the text
        if options.quotes and finding.quote.strip() and finding.statement.strip():
            bullet.quotes.append(" ".join(finding.quote.split()))
        if options.comments and finding.comment.strip():
            bullet.comments.append(" ".join(finding.comment.split()))
    for bullet, cited in zip(bullets, citations, strict=True):
        bullet.citation = merge_citations(cited)
        bullet.cited = cited
        bullet.anchors = tuple(finding_anchor(u) for u in bullet.finding_uuids)
    return bullets


def _topic_sections(data: DigestData, options: DigestOptions) -> list[Section]:
    sections = []
    for group in data.groups:
        bullets = _bullets(group.findings, data, options)
        sections.append(Section(group.name, group.depth + 1, bullets))
    return _drop_empty(sections)


def _drop_empty(sections: list[Section]) -> list[Section]:
    """Keep a section with bullets, and a parent heading whose sub-topics have some."""
    kept: list[Section] = []
    for index, section in enumerate(sections):
        if section.bullets:
            kept.append(section)
            continue
        for later in sections[index + 1 :]:
            if later.level <= section.level:
                break
            if later.bullets:
                kept.append(section)
                break
    return kept


def _page_order(finding: FindingEntry) -> tuple[int, int]:
    """Whole-article findings first, then by the page of the passage."""
    return (-1, 0) if finding.page_index is None else (0, finding.page_index)


def _article_sections(data: DigestData, options: DigestOptions) -> list[Section]:
    """One section per cited article (sorted by key); each finding once, in page order."""
    seen: set[str] = set()
    by_article: dict[int, list[FindingEntry]] = {}
    for group in data.groups:
        for finding in group.findings:
            if finding.uuid not in seen:
                seen.add(finding.uuid)
                by_article.setdefault(finding.article_id, []).append(finding)
    ordered = sorted(by_article, key=lambda i: sort_key(data.articles[i].key))
    return [
        Section(
            _article_heading(data.articles[i]),
            1,
            _bullets(sorted(by_article[i], key=_page_order), data, options),
        )
        for i in ordered
    ]


def _article_heading(article: ArticleEntry) -> str:
    """'Outcomes of patients … radiation (Humeniuk 2013)': the title and how it is cited."""
    title = " ".join(article.record.title.split()).rstrip(".")
    return f"{title} ({article.key})" if title else article.key


def sort_key(key: str) -> tuple[str, str]:
    return (key.casefold(), key)


def cited_articles(data: DigestData, groups: list[TopicGroup]) -> list[ArticleEntry]:
    ids = {f.article_id for g in groups for f in g.findings}
    return [data.articles[i] for i in ids]


def house_pieces(bullet: Bullet) -> list[CitationPiece]:
    """`(Royer 2013; Zagouri 2014 p.3)` as pieces, each citation pointing at its key."""
    pieces = [CitationPiece("(")]
    seen: set[str] = set()
    for citation in bullet.cited:
        inner = citation.inner()
        if inner in seen:
            continue
        if seen:
            pieces.append(CitationPiece("; "))
        seen.add(inner)
        pieces.append(CitationPiece(inner, citation.key))
    pieces.append(CitationPiece(")"))
    if "".join(p.text for p in pieces) != bullet.citation:  # the text says more: keep it
        return [CitationPiece(bullet.citation, bullet.keys[0] if bullet.keys else "")]
    return pieces


def _cite(
    sections: list[Section], articles: list[ArticleEntry], style: str
) -> tuple[list[Reference], bool]:
    """The references in `style`; bullets' citations re-made in it (CSL styles)."""
    bullets = [b for s in sections for b in s.bullets]
    if style == "house":
        for bullet in bullets:
            bullet.pieces = house_pieces(bullet)
        return format_references(articles, style), False
    from poemsreader.digest.citing import StyledCiting

    citing = StyledCiting(articles, style)
    citing.cite_bullets(bullets)
    return citing.references(), citing.numeric


def _link_headings(sections: list[Section], references: list[Reference]) -> None:
    """By article: each heading's section shows the article's full reference."""
    by_anchor = {r.anchor: r for r in references}
    for section in sections:
        keys = {k for b in section.bullets for k in b.keys}
        if len(keys) == 1:
            reference = by_anchor.get(reference_anchor(next(iter(keys))))
            if reference is not None:
                section.subtitle = list(reference.rich())


def build_digest(data: DigestData, options: DigestOptions) -> Digest:
    with collector_paused():
        return _build_digest(data, options)


def _build_digest(data: DigestData, options: DigestOptions) -> Digest:
    if options.by_article:
        sections = _article_sections(data, options)
    else:
        sections = _topic_sections(data, options)
    if options.all_references:
        articles = list(data.articles.values())
    else:
        articles = cited_articles(data, data.groups)
    articles.sort(key=lambda a: sort_key(a.key))
    references, numbered = _cite(sections, articles, options.style)
    if options.by_article:
        _link_headings(sections, references)
    return Digest(
        title=" ".join((options.title or data.title).split()),
        date=" ".join(data.date.split()),
        introduction=paragraphs(data.introduction),
        sections=sections,
        references=references,
        author=" ".join(data.author.split()),
        language=language_or_default(options.language),
        paper=paper_or_default(options.paper),
        numbered=numbered,
    )
