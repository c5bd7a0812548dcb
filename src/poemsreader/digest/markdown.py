"""The digest as CommonMark: headings, bullets ending in citations, references.

Every text from the library goes through `markdown_inline`, so a statement
holding `*`, `[`, `<script>` or `# ` prints as itself and never becomes markup.
A reference's emphasis (a journal in italics) becomes `*…*`, its DOI a link; a
citation links to its passage (the article's URL at the page, or its DOI).
"""

from __future__ import annotations

from collections.abc import Iterable

from poemsreader.digest.cleaning import markdown_inline as esc
from poemsreader.digest.model import Bullet, Digest, Reference, Run

INDENT = "  "  # continuation lines of a "- " list item


def _destination(url: str) -> str:
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"


def _run(run: Run) -> str:
    core = run.text.strip()
    if not core:
        return " " if run.text else ""
    text = esc(core)
    if run.link:
        text = f"[{text}]({_destination(run.link)})"
    if run.superscript:
        text = f"<sup>{text}</sup>"
    if run.bold:
        text = f"**{text}**"
    if run.italic:
        text = f"*{text}*"
    lead = " " if run.text[:1].isspace() else ""
    trail = " " if run.text[-1:].isspace() else ""
    return f"{lead}{text}{trail}"


def rich(runs: Iterable[Run]) -> str:
    return "".join(_run(run) for run in runs).strip()


def _citation(bullet: Bullet) -> str:
    superscript = any(p.superscript for p in bullet.pieces)
    text = esc(bullet.citation)
    if bullet.web_link:
        text = f"[{text}]({_destination(bullet.web_link)})"
    if superscript:
        text = f"<sup>{text}</sup>"
    if bullet.link:
        text += f" [open in poemsreader]({_destination(bullet.link)})"
    return text


def _bullet(bullet: Bullet) -> list[str]:
    lines = [f"- {esc(bullet.text)}{bullet.joiner}{_citation(bullet)}".rstrip()]
    for quote in bullet.quotes:
        lines += ["", f"{INDENT}> {esc(quote)}"]
    for comment in bullet.comments:
        lines += ["", f"{INDENT}*Comment:* {esc(comment)}"]
    return lines


def _reference(reference: Reference, numbered: bool) -> list[str]:
    if numbered:
        return [f"{esc(reference.label.rstrip('.'))}. {rich(reference.rich())}"]
    if reference.label:
        # A hard line break (backslash) keeps label and reference in one paragraph.
        return [f"**{esc(reference.label)}**\\", rich(reference.rich()), ""]
    return [rich(reference.rich()), ""]


def render_markdown(digest: Digest) -> str:
    lines = [f"# {esc(digest.title)}" if digest.title else "# Digest", ""]
    if digest.date:
        lines += [esc(digest.date), ""]
    for paragraph in digest.introduction:
        lines += [esc(paragraph), ""]
    for section in digest.sections:
        level = "#" * min(6, section.level + 1)
        lines += [f"{level} {esc(section.title)}", ""]
        if section.subtitle:
            lines += [rich(section.subtitle), ""]
        for bullet in section.bullets:
            lines += _bullet(bullet)
        lines.append("")
    if digest.references:
        lines += [f"## {esc(digest.references_title)}", ""]
        for reference in digest.references:
            lines += _reference(reference, digest.numbered)
    return "\n".join(lines).rstrip("\n") + "\n"
