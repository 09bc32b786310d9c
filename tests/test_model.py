"""The models' own rules: what one file can be checked for without the others."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trigger_points.model import Condition, GuidanceSection, Position, Source, TriggerPoint

POINT = {
    "id": "piriformis.lateral",
    "name": "Lateral",
    "location": "Two thirds of the way to the trochanter",
    "essential": ["sacroiliac"],
    "sources": [{"source": "ts_vol2", "chapter": "10"}],
}


def test_a_trigger_point_defaults_to_ipsilateral_referral() -> None:
    assert TriggerPoint.model_validate(POINT).laterality == "ipsilateral"


def test_models_are_frozen() -> None:
    point = TriggerPoint.model_validate(POINT)
    with pytest.raises(ValidationError):
        point.name = "changed"  # type: ignore[misc]


def test_a_region_cannot_be_both_essential_and_spillover() -> None:
    with pytest.raises(ValidationError, match="both essential and spillover"):
        TriggerPoint.model_validate({**POINT, "spillover": ["sacroiliac"]})


def test_a_trigger_point_id_names_its_muscle() -> None:
    with pytest.raises(ValidationError):
        TriggerPoint.model_validate({**POINT, "id": "lateral"})


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
