"""Fuzz: bundled data files mutated as the red team did, loaded as a user's data folder.

Whatever a data file holds, `load_library` either loads it or raises DataError, and
every problem is placed inside its file (line and column at least 1, the line one
the file has, the column at most one past the line's end) and prints on one short
line. A quick profile runs with the tests; `pytest --fuzz-long` runs 10,000 cases
(about FUZZ_LONG_SHARDS shards spread over the workers).

The mutations follow the red-team report (issue 11): keys deleted and duplicated,
values swapped for other types, huge and special numbers, control and other odd
characters, YAML 1.1 forms, tags, anchors and aliases, deep nesting, truncation,
long values, many unknown keys, other line endings, bytes that are not UTF-8, and
files renamed.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trigger_points import DataError, load_library
from trigger_points.errors import Problem
from trigger_points.resources import bundled_path

QUICK_EXAMPLES = 60
"""Cases in the quick profile, run by every `pytest`: a few seconds."""
LONG_EXAMPLES = 10_000
"""Cases with `--fuzz-long`, as many as the red team ran."""
FUZZ_LONG_SHARDS = 20
"""The long profile is cut into this many tests, so that the workers share it."""
LONGEST_LINE = 300
"""The longest a problem may print, its file named relative to its folder."""

BUNDLED = bundled_path("data")
SEEDS = sorted(
    path.relative_to(BUNDLED).as_posix()
    for path in BUNDLED.rglob("*.yaml")
    if path.relative_to(BUNDLED).parts[0] != "schema"
)
SEED_TEXTS = {seed: (BUNDLED / seed).read_text(encoding="utf-8") for seed in SEEDS}

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""YAML's line breaks, which every line number counts."""

VALUES = [
    # other types
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "~",
    "null",
    "",
    "''",
    '""',
    "[[[]]]",
    "- x",
    # YAML 1.1 forms and special numbers
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "1.10",
    "0o17",
    "017",
    "0b1010",
    "0x1F",
    "1_000",
    "+12",
    "-0",
    "1:20",
    "1:20:30",
    "-190:20:30.15",
    "2020-01-01",
    "12:30:00",
    ".inf",
    "-.Inf",
    ".nan",
    "NaN",
    "1e999",
    "-1e-999",
    "12.5e+3",
    "9" * 4301,
    "-" + "9" * 31,
    "9" * 30,
    "0x" + "f" * 4000,
    "0b" + "1" * 200,
    "1" + ":59" * 5000,
    "0x_",
    "0b_",
    # tags
    "!!binary aGk=",
    "!!python/object/apply:os.system ['true']",
    "!!set {a}",
    "!!omap [a: 1]",
    "!!timestamp 2020-01-01",
    "!!int abc",
    "!!int ''",
    "!!float x",
    "!!bool maybe",
    "!!null x",
    "!!str [1]",
    "!!map x",
    "!!seq {a: 1}",
    "!foo bar",
    "!<tag:x,2000:y> z",
    "!<%0A> a",
    "!!int 5",
    "!!str 12",
    # anchors, aliases, merge keys
    "*nope",
    "&a 1",
    "<<",
    "=",
    "{<<: {a: 1}}",
    "[&a x, *a]",
    # escapes of odd characters in quoted text
    '"\\uFFFE"',
    '"\\uFFFF"',
    '"\\uFDD0"',
    '"\\U0010FFFF"',
    '"\\x07"',
    '"\\0"',
    '"\\ud800"',
    '"a\\nb"',
    '"\\u2028"',
    "'it''s'",
    # block scalars and other syntax
    "|\n  block",
    ">-\n  folded",
    "%YAML 1.1",
    "@x",
    "`x",
    "? a",
    "a: b: c",
    "[a,",
    "{a",
]
"""What a value is swapped for."""

CHARACTERS = [
    *map(chr, range(0x20)),
    "\x7f",
    "\x85",
    "\x9f",
    "\xa0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0001fffe",
    "\U0010ffff",
    "\u200b",
    "\U0001f600",
    "\t",
    "\r",
    "\r\n",
    ":",
    "#",
    "'",
    '"',
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "?",
    "-",
    "\\",
]
"""Characters inserted anywhere, one at a time."""

ENTRY = re.compile(r"^(\s*(?:- )?)([^\s:#][^:]*):(\s*)(.*)$")
"""A `key: value` line (or `- key: value`), split into indent, key, space and value."""


@dataclass(frozen=True)
class MutatedFile:
    """A data file as written into a user's folder: where, its bytes, and how it was made."""

    relative: str
    raw: bytes
    mutations: tuple[str, ...]


def _pick_line(draw: st.DrawFn, lines: list[str], *, entry: bool = False) -> int | None:
    candidates = [i for i, line in enumerate(lines) if not entry or ENTRY.match(line)]
    return draw(st.sampled_from(candidates)) if candidates else None


def _delete_line(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines)
    if index is not None:
        del lines[index]
    return "delete_line"


def _duplicate_line(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines, entry=True)
    if index is not None:
        lines.insert(draw(st.integers(index, len(lines))), lines[index])
    return "duplicate_key"


def _swap_value(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines, entry=True)
    if index is None:
        return "swap_value"
    indent, key, _, _ = ENTRY.match(lines[index]).groups()  # type: ignore[union-attr]
    value = draw(st.sampled_from(VALUES) | st.text(max_size=12))
    lines[index] = f"{indent}{key}: {value}"
    return "swap_value"


def _tag_or_anchor_value(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines, entry=True)
    if index is None:
        return "tag"
    indent, key, space, value = ENTRY.match(lines[index]).groups()  # type: ignore[union-attr]
    prefix = draw(
        st.sampled_from(["!!str", "!!int", "!!float", "!!map", "!!seq", "!x", "&a", "&b", "!!"])
    )
    lines[index] = f"{indent}{key}:{space or ' '}{prefix} {value}"
    return "tag"


def _alias(draw: st.DrawFn, lines: list[str]) -> str:
    first = _pick_line(draw, lines, entry=True)
    second = _pick_line(draw, lines, entry=True)
    if first is None or second is None:
        return "alias"
    indent, key, _, value = ENTRY.match(lines[first]).groups()  # type: ignore[union-attr]
    lines[first] = f"{indent}{key}: &anchor {value}"
    indent, key, _, _ = ENTRY.match(lines[second]).groups()  # type: ignore[union-attr]
    lines[second] = f"{indent}{key}: *anchor"
    return "alias"


def _insert_character(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines)
    if index is None:
        return "character"
    line = lines[index]
    at = draw(st.integers(0, len(line)))
    inserted = draw(st.sampled_from(CHARACTERS) | st.characters(exclude_categories=["Cs"]))
    lines[index] = line[:at] + inserted + line[at:]
    return "character"


def _nest(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines, entry=True)
    if index is None:
        return "nest"
    indent, key, _, _ = ENTRY.match(lines[index]).groups()  # type: ignore[union-attr]
    depth = draw(st.integers(1, 120))
    opening, closing = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("[", "")]))
    lines[index] = f"{indent}{key}: {opening * depth}x{closing * depth}"
    return "nest"


def _reindent(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines)
    if index is not None:
        shift = draw(st.integers(-4, 4))
        line = lines[index]
        lines[index] = " " * shift + line if shift > 0 else line[min(-shift, len(line)) :]
    return "indent"


def _long_value(draw: st.DrawFn, lines: list[str]) -> str:
    index = _pick_line(draw, lines, entry=True)
    if index is None:
        return "long_value"
    indent, key, _, value = ENTRY.match(lines[index]).groups()  # type: ignore[union-attr]
    times = draw(st.integers(100, 20_000))
    if draw(st.booleans()):
        lines[index] = f"{indent}{key}: {(value or 'x') * times}"[:200_000]
    else:
        lines[index] = f"{indent}{'k' * times}: {value}"
    return "long_value"


def _unknown_keys(draw: st.DrawFn, lines: list[str]) -> str:
    count = draw(st.integers(1, 300))
    lines.extend(f"unknown_{index}: {index}" for index in range(count))
    return "unknown_keys"


MUTATIONS: list[Callable[[st.DrawFn, list[str]], str]] = [
    _delete_line,
    _duplicate_line,
    _swap_value,
    _tag_or_anchor_value,
    _alias,
    _insert_character,
    _nest,
    _reindent,
    _long_value,
    _unknown_keys,
]


@st.composite
def mutated_files(draw: st.DrawFn) -> MutatedFile:
    """A bundled data file with one to four mutations, perhaps renamed or not UTF-8."""
    seed = draw(st.sampled_from(SEEDS))
    lines = SEED_TEXTS[seed].split("\n")
    done = [draw(st.sampled_from(MUTATIONS))(draw, lines) for _ in range(draw(st.integers(1, 4)))]
    text = "\n".join(lines)
    ending = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    if ending != "\n":
        text = text.replace("\n", ending)
        done.append("line_endings")
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
        done.append("truncate")
    if draw(st.integers(0, 19)) == 0:
        text = "\ufeff" + text
        done.append("bom")
    if draw(st.integers(0, 19)) == 0:
        text += "\n---\n" + text[: draw(st.integers(0, 200))]
        done.append("documents")
    raw = text.encode("utf-8")
    if draw(st.integers(0, 19)) == 0:
        at = draw(st.integers(0, len(raw)))
        invalid = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00\xd8"]))
        raw = raw[:at] + invalid + raw[at:]
        done.append("not_utf8")
    relative = seed
    if "/" in seed and draw(st.integers(0, 9)) == 0:
        folder, name = seed.split("/")
        stem = name.removesuffix(".yaml")
        renamed = draw(st.sampled_from([f"{stem}.yml", f"{stem}.YAML", f"x\n{stem}.yaml"]))
        relative = f"{folder}/{renamed}"
        done.append("rename")
    return MutatedFile(relative, raw, tuple(done))


def lines_of(raw: bytes) -> list[str]:
    """A file's lines as YAML counts them; a final line break starts no line of its own."""
    lines = LINE_BREAK.split(raw.decode("utf-8", errors="replace"))
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def shown(path: Path) -> str:
    """How a problem names a file: its path, or the path's repr if it holds odd characters."""
    return str(path) if str(path).isprintable() else repr(str(path))


def check_placed(problem: Problem, files: dict[str, bytes], prefixes: tuple[str, ...]) -> None:
    """Assert the problem is inside its file and prints on one short line."""
    assert problem.line >= 1 and problem.column >= 1, problem
    if problem.file in files:
        lines = lines_of(files[problem.file])
        assert problem.line <= len(lines), (problem, len(lines))
        line = lines[problem.line - 1]
        assert problem.column <= len(line) + 1, (problem, line)
    else:  # an item made in Python, such as the guidance a check requires: no file to point into
        assert problem.file.startswith("<") and (problem.line, problem.column) == (1, 1), problem
    printed = str(problem)
    for prefix in prefixes:
        printed = printed.replace(prefix, "")
    assert len(printed.splitlines()) == 1, printed
    assert not any(unicodedata.category(character) == "Cc" for character in printed), printed
    assert len(printed) <= LONGEST_LINE, printed


def load_mutated(mutated: MutatedFile) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path = folder / mutated.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(mutated.raw)
        files = {shown(path): mutated.raw}
        files.update(
            (shown(bundled), bundled.read_bytes()) for bundled in (BUNDLED / seed for seed in SEEDS)
        )
        try:
            load_library(folder)
        except DataError as error:
            event("DataError")
            assert error.problems, "a DataError with no problem"
            for problem in error.problems:
                check_placed(problem, files, (f"{folder}/", f"{BUNDLED}/"))
        else:
            event("loaded")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "shard" in metafunc.fixturenames:
        shards = FUZZ_LONG_SHARDS if metafunc.config.getoption("--fuzz-long") else 1
        metafunc.parametrize("shard", range(shards))


def test_a_mutated_data_file_loads_or_is_refused_with_placed_one_line_problems(
    shard: int, request: pytest.FixtureRequest
) -> None:
    long = bool(request.config.getoption("--fuzz-long"))
    examples = LONG_EXAMPLES // FUZZ_LONG_SHARDS if long else QUICK_EXAMPLES
    run = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(mutated_files())(load_mutated))
    run()


def test_the_fuzz_starts_from_every_kind_of_data_file() -> None:
    kinds = {seed.split("/")[0] if "/" in seed else "list file" for seed in SEEDS}
    assert kinds == {"muscles", "body", "list file"}
    assert len(SEEDS) > 20
