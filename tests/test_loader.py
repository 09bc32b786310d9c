"""The loader: safe YAML, placed problems, and round trips from model to YAML and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, line_of, problems_in, write
from hypothesis import given, settings
from strategies import muscles, tricky_text

from trigger_points.errors import DataError
from trigger_points.loader import (
    MAX_FILE_BYTES,
    dump_yaml,
    format_path,
    parse_yaml,
    read_yaml,
    validate,
)
from trigger_points.model import Citation, Innervation, Muscle, Position, TriggerPoint


def problems_of(text: str, model: type = Muscle) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(parse_yaml(text, "f.yaml"), model)
    return [str(problem) for problem in caught.value.problems]


@settings(max_examples=60, deadline=None)
@given(muscles())
def test_any_valid_muscle_dumped_to_yaml_loads_back_equal(muscle: Muscle) -> None:
    assert validate(parse_yaml(dump_yaml(muscle), "m.yaml"), Muscle) == muscle


@settings(max_examples=200, deadline=None)
@given(tricky_text)
def test_free_text_survives_the_round_trip(text: str) -> None:
    citation = Citation(source="ts_vol2", chapter=text)
    assert validate(parse_yaml(dump_yaml(citation), "c.yaml"), Citation).chapter == text


def test_format_path_reads_like_code() -> None:
    assert format_path(("trigger_points", 0, "essential", 2)) == "trigger_points[0].essential[2]"
    assert format_path(()) == ""


def test_dates_stay_text() -> None:
    document = parse_yaml("roots: 2020-01-01\nnerve: x\n", "i.yaml")
    assert validate(document, Innervation).roots == "2020-01-01"


def test_yaml_booleans_are_not_silently_text() -> None:
    assert problems_of("nerve: no\n", Innervation) == [
        "f.yaml:1:8: nerve: expected text, got false (YAML reads yes/no/on/off/true/false "
        "that way); put it in quotes"
    ]


def test_numbers_in_text_fields_ask_for_quotes() -> None:
    assert problems_of("source: ts_vol2\nchapter: 1.10\n", Citation) == [
        "f.yaml:2:10: chapter: expected text, got the number 1.1; put it in quotes"
    ]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    found = problems_of("nerv: x\nroots: 5\nextra: 1\n", Innervation)
    assert found == [
        "f.yaml:1:1: nerv: unknown field 'nerv'; did you mean 'nerve'?",
        "f.yaml:1:1: nerve: missing required field 'nerve'",
        "f.yaml:2:8: roots: expected text, got the number 5; put it in quotes",
        "f.yaml:3:1: extra: unknown field 'extra'",
    ]


def test_a_problem_in_a_nested_list_points_at_the_item() -> None:
    text = "source: ts_vol2\nchapter:\n  - a\n"
    assert problems_of(text, Citation) == [
        "f.yaml:3:3: chapter: expected text, got a list; put it in quotes"
    ]


def test_a_failed_item_does_not_also_call_the_list_too_short() -> None:
    text = "id: m.p\nname: P\nlocation: here\nessential: [Bad]\nsources: [{source: s}]\n"
    assert problems_of(text, TriggerPoint) == [
        "f.yaml:4:13: essential[0]: 'Bad' is not a valid id: use lower-case letters, digits and _, "
        "starting with a letter"
    ]


def test_empty_file_is_a_placed_problem() -> None:
    assert problems_of("", Innervation) == [
        "f.yaml:1:1: expected a mapping of fields, got nothing (the value is empty)"
    ]


def test_multiple_documents_are_refused() -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml("a: 1\n---\nb: 2\n", "f.yaml")
    assert "f.yaml:2:1: YAML:" in str(caught.value)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    with pytest.raises(DataError, match="nested more than 40 levels deep"):
        parse_yaml("[" * 41 + "]" * 41, "f.yaml")
    with pytest.raises(DataError, match="nest"):
        parse_yaml("[" * 5000 + "]" * 5000, "f.yaml")


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: b\n" * (MAX_FILE_BYTES // 5 + 1))
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "data files are limited to 1,000,000" in problem.message


def test_file_that_is_not_utf8_is_placed(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("nerve: ok\nroots: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}:2:11: the file is not UTF-8 text"


def test_an_unknown_view_name_lists_the_views() -> None:
    text = (
        "id: m.p\nname: P\nlocation: here\nessential: [a]\nsources: [{source: s}]\n"
        "positions:\n  front: {xy: [1, 2]}\n"
    )
    assert problems_of(text, TriggerPoint) == [
        "f.yaml:7:3: positions.front: 'front' is not one of 'posterior', 'anterior', 'lateral'"
    ]


def test_a_point_with_one_coordinate_says_what_is_missing() -> None:
    assert problems_of("xy: [1]\n", Position) == [
        "f.yaml:1:5: xy: needs more values: item 1 is missing"
    ]


def test_a_merge_key_is_refused_where_the_mapping_starts(tmp_path: Path) -> None:
    text = VALID_MUSCLE.replace(
        "innervation:\n  nerve: Superior gluteal nerve\n",
        "innervation:\n  <<: {nerve: Superior gluteal nerve}\n",
    )
    write(tmp_path, "muscles/example_muscle.yaml", text)
    assert problems_in(tmp_path) == [
        f"muscles/example_muscle.yaml:{line_of(text, '  <<: {nerve: Superior gluteal nerve}')}:3: "
        "innervation: merge keys (<<) are not allowed: write the fields out"
    ]


@pytest.mark.parametrize(
    ("key", "shown"), [("1", "the key 1"), ("true", "the key True"), ("~", "an empty key")]
)
def test_a_key_that_is_not_text_is_refused_at_the_key(tmp_path: Path, key: str, shown: str) -> None:
    text = VALID_MUSCLE.replace("  roots: L4-S1\n", f"  roots: L4-S1\n  {key}: value\n")
    write(tmp_path, "muscles/example_muscle.yaml", text)
    assert problems_in(tmp_path) == [
        f"muscles/example_muscle.yaml:{line_of(text, f'  {key}: value')}:3: innervation: "
        f"{shown} is not a field name: write keys as text"
    ]


TOO_SHORT = {
    "one": (
        VALID_MUSCLE.replace("actions:\n  - Abducts the hip\n", "actions: []\n"),
        "actions: []",
        "10: actions: needs at least 1 entry",
    ),
    "several": (
        VALID_MUSCLE + "outlines:\n  posterior: [[250, 450], [260, 460]]\n",
        "  posterior: [[250, 450], [260, 460]]",
        "14: outlines.posterior: needs at least 3 entries",
    ),
}


@pytest.mark.parametrize("case", sorted(TOO_SHORT))
def test_a_list_too_short_says_how_many_entries_it_needs(tmp_path: Path, case: str) -> None:
    text, line, expected = TOO_SHORT[case]
    write(tmp_path, "muscles/example_muscle.yaml", text)
    assert problems_in(tmp_path) == [
        f"muscles/example_muscle.yaml:{line_of(text, line)}:{expected}"
    ]
