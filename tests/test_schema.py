"""The committed JSON Schemas match the models, and every data file points at its schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points.resources import bundled_path
from trigger_points.schema import SCHEMA_NAMES, json_schema, schema_text

DATA = bundled_path("data")
SCHEMA_LINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_committed_schema_is_not_stale(name: str) -> None:
    committed = (DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run: trigger-points schema --write data/schema"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_have_no_prefix_items(name: str) -> None:
    # The YAML editor extension does not understand prefixItems, which pydantic emits for tuples.
    assert "prefixItems" not in schema_text(name)


def test_the_muscle_schema_forbids_unknown_fields() -> None:
    assert json_schema("muscle")["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_data_file_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    schema = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
    assert schema.is_file()
    expected = {"muscles": "muscle", "body": "body"}.get(path.parent.name, path.stem)
    assert schema.name == f"{expected}.schema.json"


def _undescribed_properties(node: object, path: str = "#") -> list[str]:
    """The path of every property, at any depth (`$defs` too), without a description."""
    missing: list[str] = []
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                description = prop.get("description") if isinstance(prop, dict) else None
                if not (isinstance(description, str) and description.strip()):
                    missing.append(f"{path}/properties/{name}")
        for key, value in node.items():
            missing.extend(_undescribed_properties(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            missing.extend(_undescribed_properties(item, f"{path}/{index}"))
    return missing


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description(name: str) -> None:
    # The README promises that every field is described: editors show it on hover.
    generated = json_schema(name)
    assert "properties" in generated
    missing = _undescribed_properties(generated)
    assert not missing, f"{name}: add a field docstring in model.py for " + ", ".join(missing)
    committed = (DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run: trigger-points schema --write data/schema"


def test_the_pain_drawing_schema_requires_its_format_and_version() -> None:
    schema = json_schema("pain-drawing")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"format", "version"}
    assert schema["properties"]["version"]["const"] == 1


def test_the_command_offers_every_schema_there_is() -> None:
    """The command lists schema names from `words` (it must not load pydantic to do so)."""
    from trigger_points import words
    from trigger_points.schema import SCHEMA_NAMES

    assert words.SCHEMA_NAMES == SCHEMA_NAMES
