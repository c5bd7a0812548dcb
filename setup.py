"""Packages for setuptools (the rest of the metadata is in pyproject.toml).

The document templates of the digest live in the top-level `resources/digest/`
folder; they are installed inside the package as `poemsreader/digest/document_templates/`
(`poemsreader.digest.templates_path` finds them in either place).
"""

from setuptools import find_namespace_packages, setup

TEMPLATES = "poemsreader.digest.document_templates"

setup(
    # namespace packages too: data folders (csl/, templates/, resources/icons/) are packages
    packages=[*find_namespace_packages("src", include=["poemsreader*"]), TEMPLATES],
    package_dir={"": "src", TEMPLATES: "resources/digest"},
)
