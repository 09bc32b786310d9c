"""The models' own rules: what one file can be checked for without the others."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from trigger_points.errors import DataError
from trigger_points.explain import validate
from trigger_points.library import Library
from trigger_points.loader import parse_yaml
from trigger_points.model import (
    SIDES,
    Condition,
    FrozenMap,
    GuidanceSection,
    Muscle,
    Position,
    RegionKey,
    Source,
    TriggerPoint,
    ZoneEntry,
    opposite,
)

POINT = {
    "id": "piriformis.lateral",
    "name": "Lateral",
    "location": "Two thirds of the way to the trochanter",
    "essential": ["sacroiliac"],
    "sources": [{"source": "ts_vol2", "chapter": "10"}],
}


def test_a_trigger_point_defaults_to_ipsilateral_referral() -> None:
    assert TriggerPoint.model_validate(POINT).laterality == "ipsilateral"


def _models_in(value: object) -> Iterator[BaseModel]:
    """Every model inside a value, itself included, through every field and container."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models_in(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _models_in(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _models_in(item)


def _containers_in(model: BaseModel) -> Iterator[tuple[str, object]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, tuple | Mapping):
            yield name, value


CHANGING_METHODS = (
    *("__setitem__", "__delitem__", "pop", "popitem", "clear", "update", "setdefault"),
    *("append", "extend", "insert", "remove", "sort"),
)
"""What a dict or a list offers to change it in place, and a frozen container must not."""


def _every_model(library: Library) -> list[BaseModel]:
    roots: list[object] = [
        library.muscles,
        library.views,
        library.regions,
        library.region_groups,
        library.conditions,
        library.sources,
        library.guidance,
    ]
    return [model for root in roots for model in _models_in(root)]


def test_every_model_of_the_library_is_hashable_and_equal_to_a_copy(library: Library) -> None:
    models = _every_model(library)
    assert {type(model).__name__ for model in models} >= {
        "Muscle", "TriggerPoint", "BodyView", "Position", "Landmark", "Region", "RegionGroup",
        "Source", "Condition", "GuidanceSection", "Statement", "Needling", "Hazard",
    }  # fmt: skip
    for model in models:
        copy = type(model).model_validate(model.model_dump())
        assert copy == model and hash(copy) == hash(model), type(model).__name__
    candidates = library.guide(["sacroiliac:right", "buttock_lower:right"])
    assert len(set(candidates)) == len(candidates) > 0


def test_no_model_can_be_changed_through_a_field_or_a_container(library: Library) -> None:
    for model in _every_model(library):
        name = next(iter(type(model).model_fields))
        with pytest.raises(ValidationError, match="frozen"):
            setattr(model, name, getattr(model, name))
        for field, container in _containers_in(model):
            for change in CHANGING_METHODS:
                assert not hasattr(container, change), (type(model).__name__, field, change)
    regions = library.view("posterior").regions
    with pytest.raises(TypeError):
        regions["sacrum_upper"] = ()  # type: ignore[index]
    assert "sacrum_upper" in library.view("posterior").regions


def test_a_frozen_map_reads_and_serialises_as_the_dict_it_was_written_as(library: Library) -> None:
    muscle = library.muscle("piriformis")
    assert isinstance(muscle.outlines, FrozenMap)
    dumped = muscle.model_dump(mode="json")["outlines"]
    assert isinstance(dumped, dict) and list(dumped) == list(muscle.outlines)
    assert Muscle.model_validate(muscle.model_dump()).outlines == muscle.outlines


@pytest.mark.parametrize(
    ("yaml", "placed"),
    [
        ("xy: [true, 5]", "p.yaml:1:6: xy[0]: expected a number, got true (YAML reads"),
        ("xy: ['12', 5]", "p.yaml:1:6: xy[0]: expected a number, got '12'"),
        ("at: psis\noffset: ['3', no]", "p.yaml:2:10: offset[0]: expected a number, got '3'"),
        ("at: psis\noffset: ['3', no]", "p.yaml:2:15: offset[1]: expected a number, got false"),
        ("xy: [401, 5]", "p.yaml:1:6: xy[0]: input should be less than or equal to 400"),
        ("xy: [5, 1001]", "p.yaml:1:9: xy[1]: input should be less than or equal to 1000"),
        ("between: [a, b]\nfraction: '0.5'", "p.yaml:2:11: fraction: expected a number"),
    ],
)
def test_numbers_are_strict_and_inside_the_frame(yaml: str, placed: str) -> None:
    with pytest.raises(DataError) as raised:
        validate(parse_yaml(yaml, "p.yaml"), Position)
    problems = [str(problem) for problem in raised.value.problems]
    assert any(problem.startswith(placed) for problem in problems), problems


region_ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
region_keys = st.builds(RegionKey, region_ids, st.sampled_from([None, *SIDES]))


@given(region_keys)
def test_a_region_key_reads_back_what_it_writes_and_mirrors_twice_to_itself(
    key: RegionKey,
) -> None:
    assert RegionKey.parse(str(key)) == key
    assert key.opposite().opposite() == key
    assert (key.opposite() == key) == (key.side is None)
    assert RegionKey.region_of(str(key)) == key.region


@given(region_ids, st.text(min_size=1, max_size=6).filter(lambda side: side not in SIDES))
def test_a_region_key_with_another_side_is_refused(region: str, side: str) -> None:
    with pytest.raises(ValueError, match="left or right"):
        RegionKey.parse(f"{region}:{side}")


def test_opposite_sides() -> None:
    assert [opposite(side) for side in SIDES] == ["left", "right"]


def test_models_are_frozen() -> None:
    point = TriggerPoint.model_validate(POINT)
    with pytest.raises(ValidationError):
        point.name = "changed"  # type: ignore[misc]


def test_a_region_cannot_be_both_essential_and_spillover() -> None:
    with pytest.raises(ValidationError, match="both essential and spillover"):
        TriggerPoint.model_validate({**POINT, "spillover": ["sacroiliac"]})


def test_a_trigger_point_id_names_its_muscle(library: Library) -> None:
    muscle = library.muscle("piriformis").model_dump()
    muscle["trigger_points"][0]["id"] = "gluteus_medius.lateral"  # well formed, wrong muscle
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "trigger point gluteus_medius.lateral must start with this muscle's id: "
            "piriformis.lateral"
        ),
    ):
        Muscle.model_validate(muscle)


def test_yaml_one_one_booleans_are_not_text() -> None:
    with pytest.raises(ValidationError):
        TriggerPoint.model_validate({**POINT, "name": False})


def test_control_characters_and_blank_text_are_refused() -> None:
    for bad in ("a\x00b", "   ", "\x1b[31mred"):
        with pytest.raises(ValidationError):
            TriggerPoint.model_validate({**POINT, "name": bad})


def test_a_source_is_published_somewhere() -> None:
    with pytest.raises(ValidationError, match="publisher"):
        Source(id="x", authors=("A B",), title="T", year=2000)


def test_a_condition_needs_a_source() -> None:
    with pytest.raises(ValidationError, match="sources"):
        Condition.model_validate(
            {"id": "x", "name": "X", "icd10cm": ["M54.50"], "description": "d"}
        )


def test_a_guidance_intro_needs_its_sources() -> None:
    statement = {"text": "A fact.", "sources": [{"source": "s"}]}
    with pytest.raises(ValidationError, match="intro_sources"):
        GuidanceSection.model_validate(
            {"id": "x", "title": "X", "intro": "Claims.", "statements": [statement]}
        )


def test_a_position_is_given_exactly_one_way() -> None:
    assert Position(at="greater_trochanter").offset == (0.0, 0.0)
    for bad in (
        {},
        {"xy": (1, 2), "at": "psis"},
        {"between": ("a", "b")},
        {"at": "a", "fraction": 0.5},
    ):
        with pytest.raises(ValidationError):
            Position.model_validate(bad)


@given(
    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    st.sampled_from(["left", "right", ""]),
)
def test_a_zone_entry_never_drops_a_side_it_was_given(region: str, side: str) -> None:
    # Zones are written for the point's own side; only `:both` may follow a region.
    with pytest.raises(ValueError, match="region:both"):
        ZoneEntry.parse(f"{region}:{side}")
    assert ZoneEntry.parse(f"{region}:both") == ZoneEntry(region, True)
    assert str(ZoneEntry.parse(region)) == region
