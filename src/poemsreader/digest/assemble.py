"""From the library's digest data and the reviewer's options to a `Digest`.

Consecutive findings of one topic with the same statement become one bullet
whose citations merge: `(Royer 2013; Zagouri 2014)`. Every citation comes from
`core.citations`, so there is one spelling of page numbers everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from poemsreader.core.citations import Citation, merge_citations
from poemsreader.digest.model import (
    ArticleEntry,
    Bullet,
    Digest,
    DigestData,
    DigestOptions,
    FindingEntry,
    Section,
    TopicGroup,
)
from poemsreader.digest.references import format_references

LINK_SCHEME = "poemsreader://open"


def passage_link(article: ArticleEntry, finding: FindingEntry) -> str:
    """`poemsreader://open?article=<uuid>&page=<index>&finding=<uuid>`."""
    query = {"article": article.uuid}
    if finding.page_index is not None:
        query["page"] = str(finding.page_index)
    query["finding"] = finding.uuid
    return f"{LINK_SCHEME}?{urlencode(query)}"


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
            bullet = previous
        else:
            text = " ".join(finding.statement.split()) or f"‘{' '.join(finding.quote.split())}’"
            bullet = Bullet(
                text=text,
                citation="",
                keys=(article.key,),
                finding_uuids=(finding.uuid,),
                link=passage_link(article, finding) if options.links else "",
            )
            bullets.append(bullet)
            citations.append([citation])
        if options.quotes and finding.quote.strip():
            bullet.quotes.append(" ".join(finding.quote.split()))
        if options.comments and finding.comment.strip():
            bullet.comments.append(" ".join(finding.comment.split()))
    for bullet, cited in zip(bullets, citations, strict=True):
        bullet.citation = merge_citations(cited)
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


def _article_sections(data: DigestData, options: DigestOptions) -> list[Section]:
    """One section per cited article (sorted by key); each finding once, in topic order."""
    seen: set[str] = set()
    by_article: dict[int, list[FindingEntry]] = {}
    for group in data.groups:
        for finding in group.findings:
            if finding.uuid not in seen:
                seen.add(finding.uuid)
                by_article.setdefault(finding.article_id, []).append(finding)
    ordered = sorted(by_article, key=lambda i: sort_key(data.articles[i].key))
    return [
        Section(data.articles[i].key, 1, _bullets(by_article[i], data, options)) for i in ordered
    ]


def sort_key(key: str) -> tuple[str, str]:
    return (key.casefold(), key)


def cited_articles(data: DigestData, groups: list[TopicGroup]) -> list[ArticleEntry]:
    ids = {f.article_id for g in groups for f in g.findings}
    return [data.articles[i] for i in ids]


def build_digest(data: DigestData, options: DigestOptions) -> Digest:
    if options.by_article:
        sections = _article_sections(data, options)
    else:
        sections = _topic_sections(data, options)
    if options.all_references:
        articles = list(data.articles.values())
    else:
        articles = cited_articles(data, data.groups)
    articles.sort(key=lambda a: sort_key(a.key))
    return Digest(
        title=" ".join(data.title.split()),
        date=" ".join(data.date.split()),
        introduction=paragraphs(data.introduction),
        sections=sections,
        references=format_references(articles, options.style),
    )
