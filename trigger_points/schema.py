"""JSON Schema for each kind of data file, for editors that complete and check YAML.

pydantic writes the schema through `YamlFriendlySchema`, which adjusts two
things for the YAML language server: a `$schema` line, and fixed-length tuples
(which pydantic writes as `prefixItems`, a keyword the server ignores) written
as plain arrays. Every property carries its description from the model's
field docstrings, which editors show on hover.

Every schema has a stable `$id`, `urn:trigger-points:schema:<name>` (SCHEMA_ID):
the project owns no web domain, and a URN names a schema without claiming a
place to fetch it from; editors find the files by the relative path of a data
file's modeline (`../schema/muscle.schema.json`) or by `trigger-points schema`.

Examples are not written by hand: each property's `examples` are values the
bundled data really holds (`examples.py` collects them), so they are valid by
construction and stay true as the data grows. The schemas are built only
when asked for: importing the package or validating data never builds one.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from trigger_points.datafiles import DATA_FILES, DataFile, file_named

__all__ = [
    "DOCUMENTS",
    "SCHEMA_DIALECT",
    "SCHEMA_ID",
    "SCHEMA_NAMES",
    "YamlFriendlySchema",
    "field_docstrings",
    "json_schema",
    "schema_text",
    "write_schemas",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_ID = "urn:trigger-points:schema:{name}"
"""The `$id` of each schema: a name, not a place (see the module's docstring)."""

DOCUMENTS: tuple[str, ...] = ("export", "pain-drawing")
"""Files the library writes (and, for a pain drawing, reads) that are not data files."""
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

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """A model's schema, each property described by its field's docstring.

        A description given in code (`Field(description=...)`) stands, as it would
        with pydantic's `use_attribute_docstrings`, which the models leave off.
        """
        generated = super().model_schema(schema)
        properties = generated.get("properties", {})
        model: type = schema["cls"]
        for name, docstring in field_docstrings(model).items():
            found = properties.get(name)
            if isinstance(found, dict) and "description" not in found:
                found["description"] = docstring
        return generated

    def tuple_schema(self, schema: core_schema.TupleSchema) -> JsonSchemaValue:
        """A tuple as `items` (one schema, or `anyOf` the distinct ones), keeping its length."""
        generated = super().tuple_schema(schema)
        prefix = generated.pop("prefixItems", None)
        if prefix is not None:
            distinct = [item for index, item in enumerate(prefix) if item not in prefix[:index]]
            generated["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
        return generated


@cache
def field_docstrings(model: type) -> dict[str, str]:
    """The docstring under each field of a class and of the classes it extends, by name.

    A field's docstring is the string literal on the line after it, as pydantic and the
    documentation tools read it; a subclass's replaces its base's.
    """
    found: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if klass is object or klass.__module__.startswith("pydantic"):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):  # pragma: no cover - a class made without source
            continue
        (definition,) = ast.parse(source).body
        assert isinstance(definition, ast.ClassDef)
        for field, after in itertools.pairwise(definition.body):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[field.target.id] = inspect.cleandoc(after.value.value)
    return found


def _unwrapped(node: Any) -> Any:
    """Every `description` in the tree with single line breaks turned into spaces.

    A docstring's `Examples:` section (doctests for the API reference) is left out:
    an editor's hover is for a data author, and the schema has its own `examples`.
    """
    if isinstance(node, list):
        return [_unwrapped(item) for item in node]
    if not isinstance(node, dict):
        return node
    joined = {key: _unwrapped(value) for key, value in node.items()}
    if isinstance(joined.get("description"), str):
        paragraphs = joined["description"].split("\n\n")
        shown = itertools.takewhile(lambda p: not p.lstrip().startswith("Examples:"), paragraphs)
        joined["description"] = "\n\n".join(" ".join(p.split()) for p in shown)
    return joined


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: a data file or a document (SCHEMA_NAMES).

    Raises KeyError for another name.
    """
    from trigger_points.examples import with_examples

    if name in DOCUMENTS:
        schema = _document_model(name).model_json_schema(schema_generator=YamlFriendlySchema)
    else:
        schema = _data_file_schema(file_named(name))
    if name == "export":
        schema = _open(schema)
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID.format(name=name), **with_examples(schema)}


def _data_file_schema(data_file: DataFile) -> dict[str, Any]:
    """A data file's schema; for a kind a file may add to, either the whole or the additions.

    The whole item requires `whole_by` and the additions forbid every field they do not
    have, so exactly one of the two fits a file.
    """
    if data_file.additions is None:
        return data_file.model.model_json_schema(schema_generator=YamlFriendlySchema)
    either: TypeAdapter[Any] = TypeAdapter(cast(Any, data_file.model | data_file.additions))
    schema: dict[str, Any] = either.json_schema(schema_generator=YamlFriendlySchema)
    whole, added = data_file.model.__name__, data_file.additions.__name__
    return {
        "title": f"{whole} or {added}",
        "description": (
            f"A whole {whole} (with `{data_file.whole_by}`), replacing ours, or a file without "
            f"`{data_file.whole_by}` that adds to ours ({added})."
        ),
        **schema,
    }


def _document_model(name: str) -> type[BaseModel]:
    """The model of a document that is not a data file, imported only when its schema is asked."""
    if name == "export":
        from trigger_points.export import Export

        return Export
    from trigger_points.drawing import PainDrawing

    return PainDrawing


def _open(node: Any) -> Any:
    """The schema without `additionalProperties: false`: an export's reader ignores new keys.

    Adding a key to the export does not change its `format_version` (see export.py),
    so the schema of a version must accept what a later release of it adds.
    """
    if isinstance(node, list):
        return [_open(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _open(value)
        for key, value in node.items()
        if not (key == "additionalProperties" and value is False)
    }


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
