"""The corpus of broken data folders: each mistake gets its placed, helpful line.

Each folder under `tests/broken/` is a data folder layered over the bundled
data with one deliberate mistake; `expected.txt` holds the exact problems,
with file names relative to the folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from datafolders import problems_in

from trigger_points.cli import main
from trigger_points.errors import DataError
from trigger_points.library import load_library
from trigger_points.loader import MAX_FILE_BYTES

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir())


def expected_problems(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_the_corpus_covers_every_kind_of_mistake() -> None:
    names = {case.name for case in CASES}
    assert {
        "misspelled_field",
        "wrong_type",
        "unknown_region",
        "unknown_source",
        "unknown_condition",
        "duplicate_source_id",
        "duplicate_trigger_point",
        "duplicate_key",
        "yaml_syntax",
        "python_tag",
        "alias_bomb",
    } <= names


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_broken_case_reports_exactly_its_placed_problems(case: Path) -> None:
    assert problems_in(case) == expected_problems(case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_validate_exits_1_printing_each_problem_on_stderr(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(case)]) == 1
    stderr = capsys.readouterr().err
    for line in expected_problems(case):
        assert f"{case}/{line}" in stderr


@pytest.mark.parametrize("name", ["python_tag", "alias_bomb", "yaml_syntax"])
def test_the_real_command_prints_no_traceback(name: str) -> None:
    case = CORPUS / name
    result = subprocess.run(
        [sys.executable, "-m", "trigger_points", "validate", str(case)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"{case}/{expected_problems(case)[0]}"


def test_an_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "huge.yaml").write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert problems_in(tmp_path) == [
        "muscles/huge.yaml:1:1: the file is 1,000,010 bytes; data files are limited to 1,000,000"
    ]


def test_nothing_is_executed_by_a_python_tag(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "x.yaml").write_text(
        f'name: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    with pytest.raises(DataError):
        load_library(tmp_path)
    assert not marker.exists()
