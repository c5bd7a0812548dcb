"""Where the digest's DOCX and ODT templates are: installed, bundled or in a checkout.

They are kept in the top-level `resources/digest/` folder. A wheel installs them
as the package data `poemsreader/digest/document_templates/` (setup.py maps the
folder), PyInstaller puts them at the same place in the bundle, and a source
checkout (an editable install, the tests) reads the folder itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from poemsreader.core.errors import InvalidInput

INSTALLED = "document_templates"
CHECKOUT = Path(__file__).resolve().parents[3] / "resources" / "digest"


def template_file(name: str) -> Path:
    """`digest-template.docx` or `digest-template.odt`."""
    installed = resources.files("poemsreader.digest") / INSTALLED / name
    candidates = [Path(str(installed)), CHECKOUT / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InvalidInput(f"The digest template {name} is missing from this installation.")
