"""JSON Schema for each kind of data file, for editors that complete and check YAML.

pydantic writes the schema through `YamlFriendlySchema`, which adjusts two
things for the YAML language server: a `$schema` line, and fixed-length tuples
(which pydantic writes as `prefixItems`, a keyword the server ignores) written
as plain arrays. Every property carries its description from the model's
field docstrings, which editors show on hover.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from trigger_points.datafiles import DATA_FILES, file_named
from trigger_points.drawing import PainDrawing

__all__ = [
    "DOCUMENTS",
    "SCHEMA_DIALECT",
    "SCHEMA_NAMES",
    "YamlFriendlySchema",
    "json_schema",
    "schema_text",
    "write_schemas",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

DOCUMENTS: dict[str, type[BaseModel]] = {"pain-drawing": PainDrawing}
"""Files the library reads and writes that are not data files: a patient's pain drawing."""
SCHEMA_NAMES: tuple[str, ...] = tuple(sorted([*(f.schema for f in DATA_FILES), *DOCUMENTS]))
"""Every schema there is, by name: `trigger-points schema NAME` writes one."""


class YamlFriendlySchema(GenerateJsonSchema):
    """pydantic's generator, writing fixed-length tuples as arrays the YAML server reads.

    Descriptions come from docstrings wrapped at the code's line length; the YAML
    server starts a new paragraph at every line break, so lines are joined and only
    blank lines (real paragraphs) are kept.
    """

    def generate(
        self, schema: core_schema.CoreSchema, mode: JsonSchemaMode = "validation"
    ) -> JsonSchemaValue:
        """The schema, with every description's wrapped lines joined."""
        generated: JsonSchemaValue = _unwrapped(super().generate(schema, mode))
        return generated

    def tuple_schema(self, schema: core_schema.TupleSchema) -> JsonSchemaValue:
        """A tuple as `items` (one schema, or `anyOf` the distinct ones), keeping its length."""
        generated = super().tuple_schema(schema)
        prefix = generated.pop("prefixItems", None)
        if prefix is not None:
            distinct = [item for index, item in enumerate(prefix) if item not in prefix[:index]]
            generated["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
        return generated


def _unwrapped(node: Any) -> Any:
    """Every `description` in the tree with single line breaks turned into spaces."""
    if isinstance(node, list):
        return [_unwrapped(item) for item in node]
    if not isinstance(node, dict):
        return node
    joined = {key: _unwrapped(value) for key, value in node.items()}
    if isinstance(joined.get("description"), str):
        paragraphs = joined["description"].split("\n\n")
        joined["description"] = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return joined


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: a data file or a document (SCHEMA_NAMES).

    Raises KeyError for another name.
    """
    model = DOCUMENTS[name] if name in DOCUMENTS else file_named(name).model
    schema = model.model_json_schema(mode="validation", schema_generator=YamlFriendlySchema)
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}


def schema_text(name: str) -> str:
    """The schema as the JSON text committed under `data/schema/`."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` as `<name>.schema.json`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_NAMES:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written
