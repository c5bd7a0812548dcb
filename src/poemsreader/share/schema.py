"""The JSON Schema of the annotation file, generated from the models and shipped as
`share/schema.json` (a test keeps the two equal). Regenerate after changing format.py:

    python -m poemsreader.share.schema
"""

from __future__ import annotations

import json
from pathlib import Path

from poemsreader.share.format import EXTENSION_NS, FORMAT_VERSION, ShareFile

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def generate() -> str:
    schema = ShareFile.model_json_schema(by_alias=True, mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{EXTENSION_NS}/schema.json",
        "title": f"poemsreader annotation file, version {FORMAT_VERSION}",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_FILE.write_text(generate(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
