"""Packages for setuptools (the rest of the metadata is in pyproject.toml).

The document templates of the digest live in the top-level `resources/digest/`
folder; they are installed inside the package as `poemsreader/digest/document_templates/`
(`poemsreader.digest.templates_path` finds them in either place).
"""

from setuptools import find_packages, setup

TEMPLATES = "poemsreader.digest.document_templates"

setup(
    packages=[*find_packages("src"), TEMPLATES],
    package_dir={"": "src", TEMPLATES: "resources/digest"},
)
