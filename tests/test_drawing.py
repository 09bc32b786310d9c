"""The intake pain drawing: its model, its placed errors and its canonical file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from pydantic import ValidationError
from strategies import pain_drawings

import trigger_points as tp
from trigger_points.drawing import (
    MAX_DRAWING_BYTES,
    QUALITIES,
    Mark,
    PainDrawing,
    drawing_json,
    parse_drawing,
    read_drawing,
)
from trigger_points.errors import DataError
from trigger_points.library import Library, load_library
from trigger_points.model import SIDES

LIBRARY = load_library()
LEAF_KEYS = sorted(
    key
    for region in LIBRARY.regions
    if not region.parts
    for key in (
        [region.id] if region.laterality == "midline" else [f"{region.id}:{side}" for side in SIDES]
    )
)
"""Every drawn region on every side: marks that never overlap one another."""

GOOD = """{
  "format": "trigger-points/pain-drawing",
  "version": 1,
  "date": "2024-03-05",
  "note": "Worse after sitting.\\nBetter walking.",
  "marks": [
    {"region": "sacrum_upper", "intensity": 3, "qualities": ["aching"]},
    {"region": "buttock_lower:right", "intensity": 7, "qualities": ["numbness", "burning"]}
  ]
}
"""


def test_a_drawing_is_exported_and_reads_a_good_file(library: Library) -> None:
    drawing = parse_drawing(GOOD, "good.json", library)
    assert isinstance(drawing, tp.PainDrawing)
    assert drawing.regions == ("buttock_lower:right", "sacrum_upper")
    assert drawing.mark("buttock_lower:right").qualities == ("burning", "numbness")
    assert drawing.note == "Worse after sitting.\nBetter walking."


def problems_of(text: str, library: Library | None = LIBRARY) -> list[str]:
    with pytest.raises(DataError) as raised:
        parse_drawing(text, "d.json", library)
    return [str(problem) for problem in raised.value.problems]


def with_mark(**fields: object) -> str:
    mark = {"region": "sacrum_upper", "intensity": 3, "qualities": ["aching"], **fields}
    document = {"format": "trigger-points/pain-drawing", "version": 1, "marks": [mark]}
    return json.dumps(document, indent=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "format": ', "d.json:2:13: not valid JSON: Expecting value"),
        ("[]", "d.json:1:1: expected a mapping of fields, got a list"),
        ('{"a": 1,\n "a": 2}', "d.json:2:2: a: duplicate key 'a' (first written on line 1)"),
        (
            '{"format": "trigger-points/pain-drawing",\n "version": 2}',
            "d.json:2:13: version: version 2 is not one this reader knows",
        ),
        (
            '{"format": "something-else", "version": 1}',
            "d.json:1:12: format: 'something-else' is not one of 'trigger-points/pain-drawing'",
        ),
        ('{"version": 1}', "d.json:1:1: format: missing: a drawing file says 'format'"),
        (with_mark(colour="red"), "d.json:11:7: marks[0].colour: unknown field 'colour'"),
        (
            with_mark(intensity=11),
            "d.json:7:20: marks[0].intensity: input should be less than or equal to 10",
        ),
        (with_mark(intensity=2.5), "d.json:7:20: marks[0].intensity: input should be a valid"),
        (with_mark(intensity=True), "d.json:7:20: marks[0].intensity: input should be a valid"),
        (
            with_mark(qualities=["itchy"]),
            "d.json:9:9: marks[0].qualities[0]: 'itchy' is not one of 'aching', 'burning'",
        ),
        (with_mark(qualities=[]), "d.json:8:20: marks[0].qualities: needs at least 1 entry"),
        (
            with_mark(qualities=["aching", "aching"]),
            "d.json:8:20: marks[0].qualities: aching is listed more than once",
        ),
        (
            with_mark(region="buttok_lower:right"),
            "d.json:6:17: marks[0].region: unknown region 'buttok_lower:right'; did you mean",
        ),
        (
            with_mark(region="buttock_lower"),
            "d.json:6:17: marks[0].region: unknown region 'buttock_lower': say which side",
        ),
        (
            with_mark(region="sacrum_upper:left"),
            "d.json:6:17: marks[0].region: unknown region 'sacrum_upper:left': sacrum_upper is on"
            " the midline",
        ),
        (with_mark(region="Sacrum"), "d.json:6:17: marks[0].region: 'Sacrum' is not a region key"),
    ],
)
def test_each_kind_of_bad_file_is_a_placed_problem(text: str, expected: str) -> None:
    assert any(problem.startswith(expected) for problem in problems_of(text)), problems_of(text)


def test_every_problem_is_reported_at_once() -> None:
    text = """{
  "format": "trigger-points/pain-drawing",
  "version": 1,
  "date": "2024-02-30",
  "marks": [
    {"region": "sacrum", "intensity": 3, "qualities": ["aching"]},
    {"region": "sacrum_lower", "intensity": -1, "qualities": ["aching"]},
    {"region": "sacrum", "intensity": 3, "qualities": ["aching"]}
  ]
}"""
    problems = problems_of(text)
    assert problems == [
        "d.json:4:11: date: '2024-02-30' is not a date written YYYY-MM-DD",
        "d.json:7:16: marks[1].region: sacrum_lower overlaps sacrum (both hold sacrum_lower):"
        " mark each place once",
        "d.json:7:45: marks[1].intensity: input should be greater than or equal to 0, got the"
        " number -1",
        "d.json:8:16: marks[2].region: sacrum is marked more than once: mark a region once"
        " (first at marks[0])",
    ]


def test_without_a_library_regions_are_checked_for_their_form_only() -> None:
    assert parse_drawing(with_mark(region="nowhere:left"), "d.json").regions == ("nowhere:left",)
    assert problems_of(with_mark(region="nowhere:left"))


def test_a_note_is_bounded_and_holds_no_control_characters() -> None:
    with pytest.raises(ValidationError):
        PainDrawing(note="x" * 2001)
    with pytest.raises(ValidationError):
        PainDrawing(note="bell\x07")
    assert PainDrawing(note="two\nlines\tand a tab").note == "two\nlines\tand a tab"


def test_the_model_is_frozen_and_forbids_unknown_fields() -> None:
    drawing = PainDrawing()
    with pytest.raises(ValidationError):
        drawing.note = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        PainDrawing(colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Mark(region="sacrum", intensity=3, qualities=("aching",), extra=1)  # type: ignore[call-arg]


def test_marks_and_qualities_are_kept_in_their_canonical_order() -> None:
    drawing = PainDrawing(
        marks=(
            Mark(region="sacrum", intensity=1, qualities=("stabbing", "aching")),
            Mark(region="coccyx", intensity=2, qualities=tuple(reversed(QUALITIES))),
        )
    )
    assert drawing.regions == ("coccyx", "sacrum")
    assert drawing.mark("coccyx").qualities == QUALITIES
    assert drawing.mark("sacrum").qualities == ("aching", "stabbing")


@settings(max_examples=60, deadline=None)
@given(pain_drawings(LEAF_KEYS))
def test_save_load_save_is_byte_identical(drawing: PainDrawing) -> None:
    saved = drawing_json(drawing)
    loaded = parse_drawing(saved, "saved.json", LIBRARY)
    assert loaded == drawing
    assert drawing_json(loaded) == saved


def test_a_file_is_read_from_disk_and_refused_when_too_big(tmp_path: Path) -> None:
    path = tmp_path / "drawing.json"
    path.write_text(GOOD, encoding="utf-8")
    assert read_drawing(path, LIBRARY).regions == ("buttock_lower:right", "sacrum_upper")
    path.write_text(" " * (MAX_DRAWING_BYTES + 1), encoding="utf-8")
    with pytest.raises(DataError, match="over 200,000 bytes"):
        read_drawing(path, LIBRARY)
    path.write_bytes(b'{"note": "\xff"}')
    with pytest.raises(DataError, match="not UTF-8"):
        read_drawing(path, LIBRARY)
    with pytest.raises(DataError, match=r"folder|directory"):
        read_drawing(tmp_path, LIBRARY)
