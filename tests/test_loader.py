"""The loader: safe YAML, placed problems, and round trips from model to YAML and back."""

from __future__ import annotations

import difflib
import time
from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, line_of, problems_in, write
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from strategies import muscles, tricky_text

from trigger_points.errors import DataError
from trigger_points.explain import MAX_SUGGESTIONS, describe, validate
from trigger_points.loader import (
    MAX_FILE_BYTES,
    dump_yaml,
    format_path,
    parse_yaml,
    read_yaml,
)
from trigger_points.model import (
    MAX_ID_LENGTH,
    MAX_TRIGGER_POINT_ID_LENGTH,
    Citation,
    Innervation,
    Muscle,
    Position,
    TriggerPoint,
)


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
        "f.yaml:4:13: essential[0]: 'Bad' is not a region id: use lower-case letters, digits "
        "and _, starting with a letter, and :both after it for a region felt on both sides"
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


# -- integer literals judged by their text, before PyYAML converts them (red team F1, F2) ------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("9" * 4301, "4,301"),  # int() refuses more than 4,300 digits
        ("-" + "9" * 31, "31"),
        ("0x" + "f" * 4000, "4,000"),  # converts, but cannot be printed
        ("0b" + "1" * 100, "100"),
        ("0" + "7" * 40, "41"),  # YAML 1.1 octal
        ("1_000_000_000_000_000_000_000_000_000_000", "31"),
    ],
)
def test_an_integer_with_too_many_digits_is_refused_at_its_place(written: str, digits: str) -> None:
    assert problems_of(f"source: ts_vol2\nchapter: {written}\n", Citation) == [
        f"f.yaml:2:10: chapter: a number of {digits} digits: numbers in data files have at most 30"
    ]


def test_thirty_digits_are_still_a_number() -> None:
    assert problems_of("source: ts_vol2\nchapter: " + "9" * 30 + "\n", Citation) == [
        f"f.yaml:2:10: chapter: expected text, got the number {'9' * 30}; put it in quotes"
    ]


@pytest.mark.parametrize("written", ["1:20", "-1:20:30", "190:20:30.15", "!!int '1:20'"])
def test_a_base_60_number_is_refused_whatever_its_size(written: str) -> None:
    shown = written.removeprefix("!!int ").strip("'")
    assert problems_of(f"source: ts_vol2\nchapter: {written}\n", Citation) == [
        f"f.yaml:2:10: chapter: '{shown}' is a YAML 1.1 base-60 number: put it in quotes if it "
        "is text"
    ]


def test_a_megabyte_base_60_number_is_refused_in_well_under_a_second() -> None:
    text = "id: 1" + ":59" * 330_000 + "\n"  # 114 s of CPU, then a crash, before
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "f.yaml")
    assert time.perf_counter() - started < 5  # about 0.2 s; the bound only catches a relapse
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (1, 5, "id")
    assert problem.message == (
        f"'{text[4:64]}'… is a YAML 1.1 base-60 number: put it in quotes if it is text"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!int abc", "'abc' is not a valid !!int"),
        ("!!int ''", "'' is not a valid !!int"),
        ("!!int '0x'", "'0x' is not a valid !!int"),
        ("0x_", "'0x_' is not a number: it has no digits"),
        ("!!float abc", "'abc' is not a valid !!float"),
        ("!!float 5", "'5' is not a valid !!float"),
        ("!!bool maybe", "'maybe' is not a valid !!bool"),
        ("!!null x", "'x' is not a valid !!null"),
        ("!!str [a]", "the tag !!str does not fit a list"),
        ("!!int [1]", "the tag !!int does not fit a list"),
        ("!!map x", "the tag !!map does not fit a single value"),
        ("!!seq {a: 1}", "the tag !!seq does not fit a mapping"),
        ("!<%0Ax> 1", "the tag '\\nx' is not allowed: data files hold plain values"),
    ],
)
def test_a_written_tag_that_does_not_fit_its_value_is_a_placed_problem(
    written: str, message: str
) -> None:
    # PyYAML's constructor raised ValueError, IndexError or KeyError on the first eight.
    assert problems_of(f"source: ts_vol2\nchapter: {written}\n", Citation) == [
        f"f.yaml:2:10: chapter: {message}"
    ]


def test_written_tags_that_fit_are_accepted() -> None:
    text = "a: !!int 5\nb: !!float 5.5\nc: !!bool yes\nd: !!null ~\ne: !!str 1\n"
    document = parse_yaml(text, "f")
    assert document.content == {"a": 5, "b": 5.5, "c": True, "d": None, "e": "1"}


def test_a_refused_key_is_reported_once_at_its_mapping() -> None:
    assert problems_of("nerve: x\n1:20: y\n", Innervation) == [
        "f.yaml:2:1: '1:20' is a YAML 1.1 base-60 number: put it in quotes if it is text"
    ]


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**5000), 2**300, float("nan"), "x" * 10**6, object()],
    ids=["huge", "huge-negative", "large", "nan", "long-text", "object"],
)
def test_describing_a_value_never_fails_and_stays_short(value: object) -> None:
    described = describe(value)
    assert 0 < len(described) < 100


# -- every problem placed inside its file, on one line (red team F6, F8, F13) ------------------


@pytest.mark.parametrize(
    ("text", "place", "shown"),
    [
        ("nerve: caf\u00e9 \x07\n", "1:13", "#x0007: control characters"),
        ("nerve: a\nroots: b\x00c\n", "2:9", "#x0000: control characters"),
        ("nerve: a\r\nroots: b\x0cc\r\n", "2:9", "#x000c: control characters"),
        ("\ufeffnerve: \x1b\n", "1:8", "#x001b: control characters"),
        ("nerve: a\nroots: '\U0001f600 \ufffe'\n", "2:11", "#xfffe: non-characters"),
        ("nerve: a\nroots: '\uffff'", "2:9", "#xffff: non-characters"),
    ],
)
def test_a_character_yaml_refuses_is_placed_where_it_is_on_one_line(
    text: str, place: str, shown: str
) -> None:
    assert problems_of(text, Innervation) == [
        f"f.yaml:{place}: YAML: unacceptable character {shown} are not allowed"
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("sources: [a,", "1:13"),
        ("sources: [a,\n", "1:13"),
        ("sources: [a,\r\n", "1:13"),
        ("sources:\n  - [a,\n\n\n", "4:1"),  # the stream ended on the empty line 4
    ],
)
def test_an_error_at_the_end_of_the_file_is_placed_on_its_last_line(text: str, place: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "f.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        f"f.yaml:{place}: YAML: did not find expected node content (while parsing a flow node)"
    ]


def test_a_quoted_scalar_left_open_names_where_it_began() -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml("nerve: x\nroots: 'abc\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:2:12: YAML: found unexpected end of stream (while scanning a quoted scalar that "
        "began at line 2, column 8)"
    )


def test_a_lone_surrogate_in_text_given_from_python_is_placed() -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml("nerve: a\nroots: \ud800\n", "f.yaml")
    assert str(caught.value) == "f.yaml:2:8: YAML: a lone surrogate"


def test_not_utf8_is_placed_at_the_character_not_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"nerve: " + "\u00e9\u00e9 ".encode() + b"\xff\n")  # 2 bytes each
    with pytest.raises(DataError) as caught:
        read_yaml(path, display="f.yaml")
    assert str(caught.value) == "f.yaml:1:11: the file is not UTF-8 text"


def test_long_keys_are_echoed_as_short_excerpts_on_one_line() -> None:
    long_key = "k" * 10_000
    # `? key`: a key of any length; `"a\\nb"`: a key holding a newline
    text = f'nerve: x\n? {long_key}\n: 1\n"a\\nb": 2\n'
    problems = problems_of(text, Innervation)
    assert problems == [
        f"f.yaml:2:3: ['{'k' * 60}'…]: unknown field '{'k' * 60}'…",
        "f.yaml:4:1: ['a\\nb']: unknown field 'a\\nb'",
    ]
    duplicate = problems_of(f"nerve: a\n? {long_key}\n: 1\n? {long_key}\n: 2\n", Innervation)
    assert duplicate == [
        f"f.yaml:4:3: ['{'k' * 60}'…]: duplicate key '{'k' * 60}'… (first written on line 2)"
    ]


def test_a_wrong_value_is_echoed_as_an_excerpt_escaped_on_one_line() -> None:
    text = 'source: "\\0\\n' + "\\t" * 200 + '"\n'
    (problem,) = problems_of(text, Citation)
    assert problem == (
        "f.yaml:1:9: source: '\\x00\\n" + "\\t" * 13 + "'… is not a valid id: "
        "use lower-case letters, digits and _, starting with a letter"
    )


# -- many problems stay cheap (red team F15) ----------------------------------------------------


def test_suggestions_stop_after_a_hundred_unknown_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        asked.append(word)
        return real(word, possibilities, n, cutoff)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    text = "nerve: a\n" + "".join(f"nerv{index}: x\n" for index in range(MAX_SUGGESTIONS + 50))
    problems = problems_of(text, Innervation)
    assert len(problems) == MAX_SUGGESTIONS + 50  # every problem is still reported
    assert problems[0] == "f.yaml:2:1: nerv0: unknown field 'nerv0'; did you mean 'nerve'?"
    assert problems[-1] == f"f.yaml:{MAX_SUGGESTIONS + 51}:1: nerv149: unknown field 'nerv149'"
    assert len(asked) <= MAX_SUGGESTIONS


def test_fifty_thousand_unknown_keys_load_in_seconds_not_tens(tmp_path: Path) -> None:
    text = VALID_MUSCLE + "".join(f"k{index}: {index}\n" for index in range(50_000))
    write(tmp_path, "muscles/example_muscle.yaml", text)
    started = time.perf_counter()
    problems = problems_in(tmp_path)
    # About 1.5 s on a 2-core box (8 s before); the bound leaves room for a loaded machine.
    assert time.perf_counter() - started < 20
    assert len(problems) == 50_000
    assert problems[-1] == "muscles/example_muscle.yaml:50040:1: k49999: unknown field 'k49999'"


# -- text and ids (red team F9, F11) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "shown"),
    [
        ("\\uFFFE", "'\\ufffe'"),
        ("\\uFFFF", "'\\uffff'"),
        ("\\uFDD0", "'\\ufdd0'"),
        ("\\U0001FFFE", "'\\U0001fffe'"),
        ("\\U0010FFFF", "'\\U0010ffff'"),
    ],
)
def test_text_refuses_non_characters_at_their_field(escape: str, shown: str) -> None:
    assert problems_of(f'source: ts_vol2\nchapter: "8{escape}"\n', Citation) == [
        f"f.yaml:2:10: chapter: contains the non-character {shown}"
    ]


def test_text_made_in_python_refuses_a_lone_surrogate() -> None:
    # YAML cannot carry one (the reader refuses it); pydantic refuses one from Python.
    with pytest.raises(ValidationError) as caught:
        Citation(source="ts_vol2", chapter="a\ud800b")
    assert caught.value.errors()[0]["type"] == "string_unicode"


def test_text_keeps_every_other_character() -> None:
    text = "\ufdcf\ufdf0\ufffd\U0001fffd\u00a0\u2028"
    assert Citation(source="ts_vol2", chapter=text).chapter == text


@pytest.mark.parametrize(
    ("model", "field", "allowed", "what"),
    [
        (Citation, "source", "s" * MAX_ID_LENGTH, "ids are limited to 64"),
        (
            TriggerPoint,
            "id",
            "m" * MAX_ID_LENGTH + "." + "p" * MAX_ID_LENGTH,
            f"ids are limited to {MAX_TRIGGER_POINT_ID_LENGTH}",
        ),
    ],
)
def test_ids_are_as_long_as_a_file_name_allows(
    model: type[BaseModel], field: str, allowed: str, what: str
) -> None:
    bases: dict[type[BaseModel], str] = {
        Citation: "source: ts_vol2\n",
        TriggerPoint: "id: m.p\nname: P\nlocation: here\nessential: [a]\nsources: [{source: s}]\n",
    }
    base = bases[model]
    fits = base.replace(base.splitlines()[0], f"{field}: {allowed}")
    validate(parse_yaml(fits, "f.yaml"), model)
    longer = allowed + "x"
    too_long = base.replace(base.splitlines()[0], f"{field}: {longer}")
    assert problems_of(too_long, model) == [
        f"f.yaml:1:{len(field) + 3}: {field}: the id is {len(longer)} characters long; {what}"
    ]


@settings(max_examples=40, deadline=None)
@given(muscles(), st.data())
def test_a_packed_document_places_every_path_where_the_parse_did(
    muscle: Muscle, data: st.DataObject
) -> None:
    """What the library keeps of a file (its marks packed, no content) places as the parse."""
    parsed = parse_yaml(dump_yaml(muscle), "m.yaml")
    packed = parsed.packed(keep_content=False)
    assert packed.content is None
    written = sorted({*parsed.value_marks, *parsed.key_marks}, key=repr)
    path = data.draw(st.sampled_from(written))
    beyond = data.draw(st.one_of(st.sampled_from(["name", "x"]), st.just(0)))
    extended = (*path, beyond)  # and a path that was never written
    for key in (False, True):
        for asked in (path, extended, path[:-1]):
            assert packed.locate(asked, key=key) == parsed.locate(asked, key=key)
    assert packed.problem(path, "m") == parsed.problem(path, "m")
    again = packed.packed()
    assert (again.value_marks, again.key_marks) == (parsed.value_marks, parsed.key_marks)
