"""The W3C Web Annotation Data Model's rules, checked on plain JSON-LD from other tools.

https://www.w3.org/TR/annotation-model/ — the MUSTs a reader can check without
fetching anything: the context, exactly one IRI `id`, type Annotation, a target,
body xor bodyValue, single-valued properties that must be single, IRIs where
IRIs are required, dates as xsd:dateTime, TextualBody with one value, a
SpecificResource with a source, a FragmentSelector with one value. Each problem
is returned with its JSON path.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")
COMPOSITES = {"Choice", "Composite", "List", "Independents"}
DIRECTIONS = {"ltr", "rtl", "auto"}
SINGLE_STRINGS = ("format", "processingLanguage", "textDirection", "conformsTo")
DATES = ("created", "modified", "generated")
IRI_PROPERTIES = ("rights", "via", "canonical")


def is_iri(value: Any) -> bool:
    return isinstance(value, str) and bool(IRI.match(value))


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type", node.get("@type"))
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def check_context(value: Any, path: str) -> list[str]:
    if value is None:
        return [f"{path}: missing @context (must be {W3C_CONTEXT})"]
    contexts = value if isinstance(value, list) else [value]
    if W3C_CONTEXT not in contexts:
        return [f"{path}: @context must include {W3C_CONTEXT}"]
    return []


def _check_date(node: dict[str, Any], key: str, path: str) -> list[str]:
    if key not in node:
        return []
    value = node[key]
    if not isinstance(value, str):
        return [f"{path}.{key}: must be one date-time, not {type(value).__name__}"]
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return [f"{path}.{key}: {value[:40]!r} is not an xsd:dateTime"]
    if "T" not in value or (parsed.tzinfo is None and not value.endswith("Z")):
        return [f"{path}.{key}: {value[:40]!r} is not an xsd:dateTime with a time zone"]
    return []


def _check_agent(value: Any, path: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    problems = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]" if isinstance(value, list) else path
        if isinstance(item, str):
            if not is_iri(item):
                problems.append(f"{where}: {item[:40]!r} is not an IRI")
        elif isinstance(item, dict):
            if "id" in item and not is_iri(item["id"]):
                problems.append(f"{where}.id: not an IRI")
        else:
            problems.append(f"{where}: must be an IRI or an agent object")
    return problems


def _check_common(node: dict[str, Any], path: str) -> list[str]:
    problems = []
    if "id" in node and not is_iri(node["id"]):
        problems.append(
            f"{path}.id: must be one IRI"
            + (" (an annotation has exactly one id)" if isinstance(node["id"], list) else "")
        )
    for key in SINGLE_STRINGS:
        if key in node and not isinstance(node[key], str):
            problems.append(f"{path}.{key}: must be a single string")
    if isinstance(node.get("textDirection"), str) and node["textDirection"] not in DIRECTIONS:
        problems.append(f"{path}.textDirection: must be ltr, rtl or auto")
    if "language" in node:
        languages = node["language"] if isinstance(node["language"], list) else [node["language"]]
        if not all(isinstance(x, str) for x in languages):
            problems.append(f"{path}.language: must be language tags (strings)")
    for key in ("creator", "generator"):
        if key in node:
            problems += _check_agent(node[key], f"{path}.{key}")
    for key in DATES:
        problems += _check_date(node, key, path)
    for key in IRI_PROPERTIES:
        if key in node and not is_iri(node[key]):
            problems.append(f"{path}.{key}: must be one IRI")
    return problems


def check_selector(node: Any, path: str) -> list[str]:
    if isinstance(node, str):
        return [] if is_iri(node) else [f"{path}: {node[:40]!r} is not an IRI"]
    if not isinstance(node, dict):
        return [f"{path}: a selector must be an object or an IRI"]
    problems = _check_common(node, path)
    kinds = _types(node)
    if "FragmentSelector" in kinds and "value" not in node:
        problems.append(f"{path}: missing value (a FragmentSelector needs one)")
    if "value" in node and not isinstance(node["value"], str):
        problems.append(f"{path}.value: must be a single string")
    if "TextQuoteSelector" in kinds and not isinstance(node.get("exact"), str):
        problems.append(f"{path}: missing exact (a TextQuoteSelector needs one string)")
    if "TextPositionSelector" in kinds:
        for key in ("start", "end"):
            if not isinstance(node.get(key), int) or isinstance(node.get(key), bool):
                problems.append(f"{path}.{key}: must be a whole number")
    if "refinedBy" in node:
        problems += check_selector(node["refinedBy"], f"{path}.refinedBy")
    return problems


def _check_items(node: dict[str, Any], path: str, check: Any) -> list[str]:
    items = node.get("items")
    if not isinstance(items, list):
        return [f"{path}: missing items (a {'/'.join(_types(node))} lists its resources)"]
    problems = []
    for index, item in enumerate(items):
        problems += check(item, f"{path}.items[{index}]")
    return problems


def _check_kind(node: dict[str, Any], path: str, again: Any) -> list[str]:
    """The rules that depend on what kind of resource `node` is."""
    kinds = _types(node)
    composite = COMPOSITES.intersection(kinds)
    if len(composite) > 1:
        return [f"{path}.type: {', '.join(sorted(composite))} at once (choose one)"]
    if composite:
        return _check_items(node, path, again)
    if "items" in node:
        return [f"{path}: items without a type Choice, Composite, List or Independents"]
    if "TextualBody" in kinds:
        if "value" not in node:
            return [f"{path}: missing value (a TextualBody needs one)"]
        if not isinstance(node["value"], str):
            return [f"{path}.value: a TextualBody has exactly one string value"]
        return []
    if "SpecificResource" in kinds or "selector" in node or "state" in node:
        if "source" not in node:
            return [f"{path}: missing source (a SpecificResource names its source)"]
        return []
    if "id" not in node and "source" not in node:
        return [f"{path}: names no resource (no id, source or value)"]
    return []


def _check_source_and_selectors(node: dict[str, Any], path: str, again: Any) -> list[str]:
    problems = []
    if "source" in node:
        source = node["source"]
        if isinstance(source, dict):
            problems += again(source, f"{path}.source")
        elif not is_iri(source):
            problems.append(f"{path}.source: must be one IRI")
    if "selector" in node:
        selectors = node["selector"] if isinstance(node["selector"], list) else [node["selector"]]
        for index, selector in enumerate(selectors):
            problems += check_selector(selector, f"{path}.selector[{index}]")
    return problems


def check_resource(node: Any, path: str) -> list[str]:
    """A body or a target: an IRI, or an object (specific, textual, composite, external)."""
    if isinstance(node, str):
        return [] if is_iri(node) else [f"{path}: {node[:40]!r} is not an IRI"]
    if not isinstance(node, dict):
        return [f"{path}: must be an IRI or an object, not {type(node).__name__}"]
    return (
        _check_common(node, path)
        + _check_kind(node, path, check_resource)
        + _check_source_and_selectors(node, path, check_resource)
    )


def check_annotation(node: Any, path: str, *, needs_context: bool) -> list[str]:
    if not isinstance(node, dict):
        return [f"{path}: an annotation must be a JSON object"]
    problems = check_context(node.get("@context"), path) if needs_context else []
    if "id" not in node:
        problems.append(f"{path}: missing id")
    if "Annotation" not in _types(node):
        problems.append(
            f"{path}.type: must be Annotation" if "type" in node else f"{path}: missing type"
        )
    problems += _check_common(node, path)
    if "target" not in node:
        problems.append(f"{path}: missing target")
    else:
        targets = node["target"] if isinstance(node["target"], list) else [node["target"]]
        for index, target in enumerate(targets):
            problems += check_resource(target, f"{path}.target[{index}]")
    if "body" in node and "bodyValue" in node:
        problems.append(f"{path}: has both body and bodyValue (only one is allowed)")
    if "bodyValue" in node and not isinstance(node["bodyValue"], str):
        problems.append(f"{path}.bodyValue: must be one string")
    if "body" in node:
        bodies = node["body"] if isinstance(node["body"], list) else [node["body"]]
        for index, body in enumerate(bodies):
            problems += check_resource(body, f"{path}.body[{index}]")
    return problems
