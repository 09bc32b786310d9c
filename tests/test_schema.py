"""The committed JSON Schemas match the models, and every data file points at its schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points.resources import bundled_path
from trigger_points.schema import SCHEMA_MODELS, json_schema, schema_text

DATA = bundled_path("data")
SCHEMA_LINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_the_committed_schema_is_not_stale(name: str) -> None:
    committed = (DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run: trigger-points schema --write data/schema"


def test_schemas_have_no_prefix_items_and_declare_their_dialect() -> None:
    for name in SCHEMA_MODELS:
        assert "prefixItems" not in schema_text(name)
        assert json_schema(name)["$schema"].startswith("https://json-schema.org/")


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
