"""The export says its shape, and its JSON Schema accepts what `trigger-points export` writes."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from trigger_points.export import EXPORT_FORMAT_VERSION, Export, export_json, library_as_data
from trigger_points.library import Library
from trigger_points.resources import bundled_path

SCHEMA = bundled_path("data") / "schema" / "export.schema.json"


@pytest.fixture(scope="module")
def exported(library: Library) -> dict[str, object]:
    data: dict[str, object] = json.loads(export_json(library))
    return data


def test_the_export_starts_with_its_format_version(exported: dict[str, object]) -> None:
    assert next(iter(exported)) == "format_version"
    assert exported["format_version"] == EXPORT_FORMAT_VERSION == 1


def test_the_real_export_is_valid_against_the_committed_schema(
    exported: dict[str, object],
) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(exported)]
    assert not errors, errors[:5]


def test_the_schema_refuses_an_export_of_another_shape(exported: dict[str, object]) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert not validator.is_valid({**exported, "format_version": 2})
    muscles = exported["muscles"]
    assert isinstance(muscles, list)
    broken = {**exported, "muscles": [{**muscles[0], "trigger_points": "none"}]}
    assert not validator.is_valid(broken)


def test_a_reader_may_meet_keys_a_later_release_adds(exported: dict[str, object]) -> None:
    # Adding a key does not change the format version, so the schema must accept one.
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert validator.is_valid({**exported, "generator": "trigger-points 9.9"})


def test_the_export_reads_back_as_its_model(library: Library) -> None:
    export = Export.model_validate(library_as_data(library))
    assert [muscle.id for muscle in export.muscles] == [muscle.id for muscle in library.muscles]
    assert export.muscles[0].trigger_points[0].felt["right"]["essential"]
