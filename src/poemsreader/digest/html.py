"""The digest as one self-contained, printable HTML file (Jinja2, autoescaped).

No external stylesheet, script, font or image: the file can be mailed or put on
a web page as it is. Every text is escaped by Jinja2's autoescape. Every finding
and reference has an `id`; a citation links to its reference, and each finding
to its passage on the web (the article's URL at the page, or its DOI).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from poemsreader.digest.cleaning import drop_controls
from poemsreader.digest.model import Digest
from poemsreader.digest.references import reference_anchor


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("poemsreader.digest", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clean"] = lambda value: drop_controls(str(value))
    env.globals["anchor"] = reference_anchor
    return env


def render_html(digest: Digest) -> str:
    template = _environment().get_template("digest.html.j2")
    return template.render(digest=digest)
