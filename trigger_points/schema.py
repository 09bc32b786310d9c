"""JSON Schema for each kind of data file, for editors that complete and check YAML.

pydantic writes the schema; two things are adjusted for the YAML language
server: a `$schema` line, and fixed-length tuples (which pydantic writes as
`prefixItems`, a keyword the server ignores) are written as plain arrays.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trigger_points.model import (
    BodyView,
    ConditionsFile,
    GuidanceFile,
    Muscle,
    RegionsFile,
    SourcesFile,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "body": BodyView,
    "conditions": ConditionsFile,
    "guidance": GuidanceFile,
    "muscle": Muscle,
    "regions": RegionsFile,
    "sources": SourcesFile,
}
"""Schema name -> its file model (`muscle`: `muscles/<id>.yaml`, `body`: `body/<view>.yaml`)."""


def _plain_arrays(node: Any) -> Any:
    """Rewrite every `prefixItems` as `items`, keeping the length bounds."""
    if isinstance(node, list):
        return [_plain_arrays(item) for item in node]
    if not isinstance(node, dict):
        return node
    rewritten = {key: _plain_arrays(value) for key, value in node.items()}
    prefix = rewritten.pop("prefixItems", None)
    if prefix is not None:
        distinct = [item for index, item in enumerate(prefix) if item not in prefix[:index]]
        rewritten["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
    return rewritten


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file (see SCHEMA_MODELS for the names)."""
    schema = _plain_arrays(SCHEMA_MODELS[name].model_json_schema(mode="validation"))
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}


def schema_text(name: str) -> str:
    """The schema as the JSON text committed under `data/schema/`."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` as `<name>.schema.json`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written
