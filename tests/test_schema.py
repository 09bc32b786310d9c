"""The committed JSON Schemas match the models, and every data file points at its schema."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

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
    assert any(True for _ in _properties(generated))
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


def test_every_schema_has_a_stable_urn_as_its_id() -> None:
    ids = [json_schema(name)["$id"] for name in SCHEMA_NAMES]
    assert ids == [f"urn:trigger-points:schema:{name}" for name in SCHEMA_NAMES]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_committed_schema_is_a_valid_json_schema(name: str) -> None:
    committed = json.loads((DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(committed)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema and its `$defs`, named `Model.property`."""
    for node in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in node.get("properties", {}).items():
            yield f"{node.get('title')}.{name}", prop


def _holds_a_model(prop: dict[str, Any]) -> bool:
    inner = prop.get("items", prop)
    return "$ref" in inner or any("$ref" in option for option in inner.get("anyOf", ()))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_examples_valid_against_it(name: str) -> None:
    # Editors show examples on hover: each must be a value the property accepts, and only
    # a property holding a model (whose own properties have examples) or a constant goes
    # without.
    committed = json.loads((DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    without = []
    for where, prop in _properties(committed):
        examples = prop.get("examples")
        if not examples:
            if not (_holds_a_model(prop) or "const" in prop):
                without.append(where)
            continue
        validator = Draft202012Validator({**prop, "$defs": committed.get("$defs", {})})
        for example in examples:
            errors = [error.message for error in validator.iter_errors(example)]
            assert not errors, f"{name}: {where}: example {example!r}: {errors}"
    assert not without, f"{name}: no examples for " + ", ".join(without)


def test_an_example_that_breaks_its_property_is_caught() -> None:
    # The check above must be able to fail: a zone entry with a side is not a zone entry.
    schema = json_schema("muscle")
    zone = schema["$defs"]["TriggerPoint"]["properties"]["essential"]
    validator = Draft202012Validator({**zone, "$defs": schema["$defs"]})
    assert not validator.is_valid(["sacroiliac:right"])
    assert validator.is_valid(zone["examples"][0])


def test_importing_and_validating_build_no_schema(tmp_path: Path) -> None:
    # Schemas (and the examples, which load the library) are built only when asked for.
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "m.yaml").write_text(
        (Path(__file__).parent / "broken" / "_valid_muscle.yaml")
        .read_text(encoding="utf-8")
        .replace("example_muscle", "m"),
        encoding="utf-8",
    )
    script = (
        "import sys, trigger_points\n"
        "from trigger_points.cli import main\n"
        f"assert main(['validate', {str(tmp_path)!r}]) == 0\n"
        "built = {'trigger_points.schema', 'trigger_points.examples'}\n"
        "print(sorted(built & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_docstrings_examples_section_stays_out_of_the_description() -> None:
    # Doctests are for the API reference; an editor's hover shows the description only.
    from pydantic import BaseModel

    from trigger_points.schema import YamlFriendlySchema

    class Documented(BaseModel):
        """A model for data authors,
        described on two lines.

        Examples:
            >>> Documented().model_dump()
            {}

        """

    schema = Documented.model_json_schema(schema_generator=YamlFriendlySchema)
    assert schema["description"] == "A model for data authors, described on two lines."
