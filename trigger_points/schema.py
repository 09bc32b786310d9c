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

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from trigger_points.datafiles import DATA_FILES, file_named

__all__ = ["SCHEMA_DIALECT", "YamlFriendlySchema", "json_schema", "schema_text", "write_schemas"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


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
    """The JSON Schema of one kind of data file, named as in `datafiles.DATA_FILES`.

    Raises KeyError for another name.
    """
    model = file_named(name).model
    schema = model.model_json_schema(mode="validation", schema_generator=YamlFriendlySchema)
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}


def schema_text(name: str) -> str:
    """The schema as the JSON text committed under `data/schema/`."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` as `<name>.schema.json`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for data_file in sorted(DATA_FILES, key=lambda data_file: data_file.schema):
        path = folder / f"{data_file.schema}.schema.json"
        path.write_text(schema_text(data_file.schema), encoding="utf-8")
        written.append(path)
    return written
