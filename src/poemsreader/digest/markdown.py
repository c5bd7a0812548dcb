"""The digest as CommonMark: headings, bullets ending in citations, references.

Every text from the library goes through `markdown_inline`, so a statement
holding `*`, `[`, `<script>` or `# ` prints as itself and never becomes markup.
"""

from __future__ import annotations

from poemsreader.digest.cleaning import markdown_inline as esc
from poemsreader.digest.model import Bullet, Digest

INDENT = "  "  # continuation lines of a "- " list item


def _citation(bullet: Bullet) -> str:
    if bullet.link:
        return f"[{esc(bullet.citation)}](<{bullet.link}>)"
    return esc(bullet.citation)


def _bullet(bullet: Bullet) -> list[str]:
    lines = [f"- {esc(bullet.text)} {_citation(bullet)}".rstrip()]
    for quote in bullet.quotes:
        lines += ["", f"{INDENT}> {esc(quote)}"]
    for comment in bullet.comments:
        lines += ["", f"{INDENT}*Comment:* {esc(comment)}"]
    return lines


def render_markdown(digest: Digest) -> str:
    lines = [f"# {esc(digest.title)}" if digest.title else "# Digest", ""]
    if digest.date:
        lines += [esc(digest.date), ""]
    for paragraph in digest.introduction:
        lines += [esc(paragraph), ""]
    for section in digest.sections:
        level = "#" * min(6, section.level + 1)
        lines += [f"{level} {esc(section.title)}", ""]
        for bullet in section.bullets:
            lines += _bullet(bullet)
        lines.append("")
    if digest.references:
        lines += [f"## {esc(digest.references_title)}", ""]
        for reference in digest.references:
            # A hard line break (backslash) keeps key and reference in one paragraph.
            lines += [f"**{esc(reference.key)}**\\", esc(reference.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
