"""Plain W3C Web Annotations from other tools (and Hypothesis API exports) -> our file model.

Accepted shapes: one Annotation, an AnnotationPage (`items`), an AnnotationCollection
with an embedded `first` page (following `next` pages is not possible offline), a
JSON array of annotations, and a Hypothesis API search result (`{"rows": [...]}`).

Every annotation is checked against the model's rules first (`w3c_rules`); one
invalid annotation refuses the file. A valid annotation becomes a finding of its
creator when a target carries a TextQuoteSelector and names its document by an
IRI we can look up (DOI, URL, urn:sha256); the rest are reported as not applicable
to any PDF, with the reason.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from poemsreader.share.format import (
    MAX_FINDINGS,
    URN_UUID,
    Annotation,
    Creator,
    CslItem,
    DocumentFingerprint,
    FindingExtension,
    FragmentSelector,
    SharedArticle,
    ShareFile,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    TextualBody,
    urn,
)
from poemsreader.share.w3c_rules import check_annotation, is_iri

POEMSREADER_NS = uuid.UUID("6b1f5a52-3c1e-4f43-9d0e-0b8e2d7c4a11")
DOI_IRI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)(10\.\S+)$", re.IGNORECASE)
SHA_IRI = re.compile(r"^urn:sha256:([0-9a-f]{64})$")
TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass
class W3CResult:
    document: ShareFile
    not_applicable: list[str] = field(default_factory=list)


def stable_uuid(iri: str) -> str:
    """Our uuid for a foreign IRI: the same IRI always gives the same finding/reviewer."""
    return str(uuid.uuid5(POEMSREADER_NS, iri))


def _our_id(iri: str) -> str:
    """A urn:uuid id is kept (the same finding everywhere); other IRIs map to a stable uuid."""
    return iri.lower() if URN_UUID.match(iri) else urn(stable_uuid(iri))


def annotations_in(data: Any) -> tuple[list[Any], str, bool]:
    """(annotations, JSON path prefix, needs its own @context)."""
    if isinstance(data, list):
        return data, "", True
    if not isinstance(data, dict):
        return [data], "", True
    if isinstance(data.get("rows"), list):
        return data["rows"], "rows", False
    kinds = data.get("type")
    if kinds == "AnnotationPage" and isinstance(data.get("items"), list):
        return data["items"], "items", "@context" not in data
    if kinds == "AnnotationCollection":
        first = data.get("first")
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            return first["items"], "first.items", False
        return [], "first", False
    return [data], "", True


def check_all(data: Any) -> list[str]:
    items, prefix, needs_context = annotations_in(data)
    if isinstance(data, dict) and "@context" in data and prefix and prefix != "rows":
        from poemsreader.share.w3c_rules import check_context

        context_problems = check_context(data["@context"], "(file)")
        if context_problems:
            return context_problems
    if len(items) > MAX_FINDINGS:
        return [f"{prefix or '(file)'}: {len(items)} annotations, more than {MAX_FINDINGS}"]
    if prefix == "rows":
        return [p for i, row in enumerate(items) for p in _check_hypothesis_row(row, i)]
    problems: list[str] = []
    for index, item in enumerate(items):
        path = f"{prefix}[{index}]" if prefix or len(items) > 1 else "(annotation)"
        problems += check_annotation(item, path, needs_context=needs_context)
    return problems


def _check_hypothesis_row(row: Any, index: int) -> list[str]:
    path = f"rows[{index}]"
    if not isinstance(row, dict):
        return [f"{path}: must be an object"]
    problems = []
    if not isinstance(row.get("target"), list):
        problems.append(f"{path}: missing target")
    for key in ("text", "uri", "user", "id"):
        if key in row and not isinstance(row[key], str):
            problems.append(f"{path}.{key}: must be a string")
    if "tags" in row and not (
        isinstance(row["tags"], list) and all(isinstance(t, str) for t in row["tags"])
    ):
        problems.append(f"{path}.tags: must be a list of strings")
    return problems + _check_hypothesis_quotes(row, path)


def _check_hypothesis_quotes(row: dict[str, Any], path: str) -> list[str]:
    """Each TextQuoteSelector of a row needs its quoted text (`exact`, a string)."""
    problems = []
    for t_index, target in enumerate(_as_list(row.get("target"))):
        if not isinstance(target, dict):
            continue
        for s_index, selector in enumerate(_selectors(target)):
            if selector.get("type") == "TextQuoteSelector" and not isinstance(
                selector.get("exact"), str
            ):
                problems.append(
                    f"{path}.target[{t_index}].selector[{s_index}]: missing exact "
                    "(a TextQuoteSelector needs one string)"
                )
    return problems


# -- conversion -----------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _date(value: Any) -> datetime:
    """The time given, in UTC; 1970 when it is missing, unreadable or has no UTC spelling."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
        except (ValueError, OverflowError):
            pass
    return datetime(1970, 1, 1, tzinfo=UTC)


def _creator(value: Any) -> Creator:
    first = _as_list(value)[0] if _as_list(value) else None
    if isinstance(first, dict):
        iri = str(first.get("id") or first.get("name") or "anonymous")
        name = str(first.get("name") or first.get("nickname") or iri)
    elif isinstance(first, str):
        iri = first
        name = first.removeprefix("acct:").split("@")[0].rstrip("/").rsplit("/", 1)[-1] or first
    else:
        iri, name = "anonymous", "Unknown"
    return Creator(id=urn(stable_uuid(iri)), name=name[:200])


def _plain(body: dict[str, Any]) -> str:
    value = str(body.get("value", ""))
    if body.get("format") == "text/html":
        value = html.unescape(TAG.sub("", value))
    return value


def _texts(node: dict[str, Any]) -> tuple[str, list[str]]:
    """(statement, tags) from bodyValue / TextualBody bodies (Choice: its first item)."""
    if isinstance(node.get("bodyValue"), str):
        return node["bodyValue"], []
    statements, tags = [], []
    for body in _as_list(node.get("body")):
        if isinstance(body, dict) and body.get("type") == "Choice":
            body = next(iter(_as_list(body.get("items"))), None)
        if not isinstance(body, dict) or "value" not in body:
            continue
        if body.get("purpose") == "tagging" or node.get("motivation") == "tagging":
            tags.append(_plain(body))
        else:
            statements.append(_plain(body))
    return "\n\n".join(statements), tags


def _selectors(target: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for selector in _as_list(target.get("selector")):
        while isinstance(selector, dict):
            found.append(selector)
            selector = selector.get("refinedBy")
    return found


def _source(target: Any) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, dict):
        source = target.get("source", target.get("id", ""))
        if isinstance(source, dict):
            source = source.get("id", "")
        return source if isinstance(source, str) else ""
    return ""


def _our_target(target: dict[str, Any], article_id: str) -> Target | None:
    selectors = _selectors(target)
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str):
        return None
    page = 1
    for s in selectors:
        if s.get("type") == "FragmentSelector" and str(s.get("value", "")).startswith("page="):
            digits = str(s["value"])[5:].split("&")[0]
            page = int(digits) if digits.isdigit() and 0 < int(digits) < 100_000 else 1
    chosen: list[Any] = [
        FragmentSelector(type="FragmentSelector", value=f"page={page}"),
        TextQuoteSelector(
            type="TextQuoteSelector",
            exact=str(quote["exact"])[:100_000],
            prefix=str(quote.get("prefix", ""))[-2000:],
            suffix=str(quote.get("suffix", ""))[:2000],
        ),
    ]
    return Target(source=article_id, selector=chosen)


def _article(source: str, title: str) -> SharedArticle:
    doi = DOI_IRI.match(source)
    sha = SHA_IRI.match(source)
    return SharedArticle(
        id=urn(stable_uuid(source)),
        csl=CslItem(
            id=source[:500],
            title=title[:1000],
            DOI=doi.group(1) if doi else "",
            URL=source if not doi and not sha else "",
        ),
        documents=[DocumentFingerprint(sha256=sha.group(1))] if sha else [],
    )


def _hypothesis_as_w3c(row: dict[str, Any]) -> dict[str, Any]:
    """A Hypothesis API row in W3C shape (text -> body, tags -> tagging bodies)."""
    bodies = [{"type": "TextualBody", "value": row.get("text", ""), "purpose": "commenting"}]
    bodies += [
        {"type": "TextualBody", "value": t, "purpose": "tagging"} for t in row.get("tags", [])
    ]
    targets = [
        {**t, "source": t.get("source") or row.get("uri", "")}
        for t in row.get("target", [])
        if isinstance(t, dict)
    ]
    return {
        "id": f"hypothesis:{row.get('id', '')}",
        "creator": row.get("user") or "anonymous",
        "created": row.get("created"),
        "modified": row.get("updated") or row.get("created"),
        "body": bodies,
        "target": targets,
        "_title": _hypothesis_title(row.get("document")),
    }


def _hypothesis_title(document: Any) -> str:
    """The row's document title; a document that is not an object, or a title that is not
    text, gives none (the title only names a new reference)."""
    if not isinstance(document, dict):
        return ""
    titles = [t for t in _as_list(document.get("title")) if isinstance(t, str)]
    return " ".join(titles)[:1000]


def _finding(node: dict[str, Any], label: str, articles: dict[str, SharedArticle]):
    """(Annotation, None) or (None, reason it applies to no PDF)."""
    targets = [t for t in _as_list(node.get("target")) if isinstance(t, dict)]
    sources = [_source(t) for t in targets] or [_source(t) for t in _as_list(node.get("target"))]
    with_quote = [t for t in targets if _our_target(t, urn(stable_uuid("x"))) is not None]
    if not with_quote:
        where = sources[0] if sources else "no target"
        return None, f"{label} ({where[:80]}): no TextQuoteSelector, so no passage of a PDF"
    source = _source(with_quote[0])
    if not is_iri(source):
        return None, f"{label}: its target names no document"
    article = articles.setdefault(source, _article(source, str(node.get("_title", ""))))
    ours = [
        t for t in (_our_target(t, article.id) for t in with_quote if _source(t) == source) if t
    ]
    statement, tags = _texts(node)
    created = _date(node.get("created"))
    annotation = Annotation(
        id=_our_id(str(node.get("id"))),
        type="Annotation",
        creator=_creator(node.get("creator")),
        created=created,
        modified=_date(node.get("modified")) if node.get("modified") else created,
        body=[TextualBody(type="TextualBody", purpose="describing", value=statement[:100_000])]
        + [TextualBody(type="TextualBody", purpose="tagging", value=t[:100_000]) for t in tags],
        target=ours,
        poemsreader=FindingExtension(),
    )
    return annotation, None


def convert(data: Any) -> W3CResult:
    """Valid W3C / Hypothesis JSON -> a ShareFile of the applicable annotations."""
    items, prefix, _ = annotations_in(data)
    articles: dict[str, SharedArticle] = {}
    findings, skipped = [], []
    for index, item in enumerate(items):
        node = _hypothesis_as_w3c(item) if prefix == "rows" else item
        label = str(item.get("id", f"annotation {index + 1}"))[:120]
        annotation, reason = _finding(node, label, articles)
        if annotation is None:
            skipped.append(reason)
        else:
            findings.append(annotation)
    document = ShareFile(
        poemsreader_annotations=1,
        exported=datetime.now(UTC),
        articles=list(articles.values()),
        findings=findings,
    )
    return W3CResult(document, skipped)


__all__ = ["TextPositionSelector", "W3CResult", "check_all", "convert"]
