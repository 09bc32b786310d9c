"""The corpus of broken data folders: each mistake gets its placed, helpful line.

Each folder under `tests/broken/` is a data folder layered over the bundled
data with one deliberate mistake; `expected.txt` holds the exact problems,
with file names relative to the folder.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, problems_in, write

from trigger_points.cli import main
from trigger_points.errors import DataError
from trigger_points.library import load_library
from trigger_points.loader import MAX_FILE_BYTES, read_yaml

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
        "huge_integer",
        "sexagesimal_number",
        "control_character",
        "raw_non_character",
        "end_of_file",
        "long_value",
        "escaped_non_character",
        "id_too_long",
        "upper_case_extension",
        "folder_in_muscles",
        "muscles_is_a_file",
    } <= names


def test_the_corpus_readme_names_every_case() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert [case.name for case in CASES if f"`{case.name}`" not in readme] == []


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


@pytest.mark.parametrize(
    "name", ["python_tag", "alias_bomb", "yaml_syntax", "huge_integer", "control_character"]
)
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


# -- what a folder in git cannot hold: special files, symbolic links, odd names -----------------


def problems_within(folder: Path, seconds: float = 30) -> list[str]:
    """`problems_in`, failing instead of hanging if reading the folder blocks (a FIFO)."""
    found: list[list[str]] = []
    reader = threading.Thread(target=lambda: found.append(problems_in(folder)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"loading {folder} blocked for {seconds} s"
    assert found, "loading raised something other than DataError"
    return found[0]


NOT_REGULAR = "not a regular file: data files are plain files"


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    (tmp_path / "muscles").mkdir()
    try:
        os.mkfifo(tmp_path / "muscles" / "x.yaml")
        os.mkfifo(tmp_path / "sources.yaml")
    except (AttributeError, OSError) as error:
        pytest.skip(f"cannot make a FIFO here: {error}")
    assert problems_within(tmp_path) == [
        f"muscles/x.yaml:1:1: is a named pipe (FIFO), {NOT_REGULAR}",
        f"sources.yaml:1:1: is a named pipe (FIFO), {NOT_REGULAR}",
    ]


def test_a_device_node_is_refused_without_being_read(tmp_path: Path) -> None:
    (tmp_path / "muscles").mkdir()
    try:  # the same device as /dev/zero, which never ends
        os.mknod(tmp_path / "muscles" / "x.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (AttributeError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    assert problems_within(tmp_path) == [
        f"muscles/x.yaml:1:1: is a character device, {NOT_REGULAR}"
    ]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    (tmp_path / "muscles").mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "muscles" / "x.yaml"))
    except OSError as error:  # a path too long for a socket address
        pytest.skip(f"cannot make a socket here: {error}")
    finally:
        server.close()
    assert problems_within(tmp_path) == [f"muscles/x.yaml:1:1: is a socket, {NOT_REGULAR}"]


def symlink(link: Path, target: str | Path) -> None:
    try:
        link.symlink_to(target)
    except OSError as error:
        pytest.skip(f"cannot make a symbolic link here: {error}")


OUTSIDE = "refusing a symlink that leads outside the data folder"


def test_a_symlink_leaving_the_folder_is_refused_and_its_target_never_shown(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n")
    folder = tmp_path / "data"
    (folder / "muscles").mkdir(parents=True)
    symlink(folder / "muscles" / "key.yaml", secret)
    symlink(folder / "muscles" / "zero.yaml", "/dev/zero")
    symlink(folder / "sources.yaml", "/etc/passwd")
    problems = problems_within(folder)
    assert problems == [
        f"muscles/key.yaml:1:1: {OUTSIDE}",
        f"muscles/zero.yaml:1:1: {OUTSIDE}",
        f"sources.yaml:1:1: {OUTSIDE}",
    ]


def test_a_symlinked_folder_leaving_the_data_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "example_muscle.yaml").write_text(VALID_MUSCLE)
    folder = tmp_path / "data"
    folder.mkdir()
    symlink(folder / "muscles", elsewhere)
    assert problems_within(folder) == [f"muscles:1:1: {OUTSIDE}"]


def test_a_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "muscles/.example_muscle.kept", VALID_MUSCLE)
    symlink(tmp_path / "muscles" / "example_muscle.yaml", ".example_muscle.kept")
    assert load_library(tmp_path).muscle("example_muscle").name == "Example muscle"


def test_broken_and_looping_symlinks_are_placed_problems(tmp_path: Path) -> None:
    (tmp_path / "muscles").mkdir()
    symlink(tmp_path / "muscles" / "broken.yaml", "absent.yaml")
    symlink(tmp_path / "muscles" / "loop.yaml", "loop.yaml")
    assert problems_within(tmp_path) == [
        "muscles/broken.yaml:1:1: cannot read the file: No such file or directory",
        "muscles/loop.yaml:1:1: cannot read the file: a loop of symbolic links",
    ]


def test_a_newline_in_a_file_name_does_not_split_the_problem_line(tmp_path: Path) -> None:
    try:
        write(tmp_path, "muscles/example\nmuscle.yaml", VALID_MUSCLE)
    except OSError as error:
        pytest.skip(f"this file system refuses the name: {error}")
    assert problems_within(tmp_path) == [
        "'muscles/example\\nmuscle.yaml':1:5: id: the id 'example_muscle' must match the "
        "file name 'example\\nmuscle.yaml'"
    ]


def test_a_folder_named_like_a_data_file_inside_muscles_is_named(tmp_path: Path) -> None:
    (tmp_path / "muscles" / "example_muscle.yaml").mkdir(parents=True)
    assert problems_within(tmp_path) == [
        "muscles/example_muscle.yaml:1:1: a folder inside muscles/ is not read: put each file "
        "in muscles/ itself, as muscles/<id>.yaml"
    ]


def test_the_size_cap_applies_to_what_is_read_not_to_what_the_file_claims(
    tmp_path: Path,
) -> None:
    class ClaimingToBeSmall(type(Path())):  # type: ignore[misc]
        def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
            real = super().stat(follow_symlinks=follow_symlinks)
            return os.stat_result((real.st_mode, *real[1:6], 10, *real[7:]))

    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(DataError) as caught:
        read_yaml(ClaimingToBeSmall(path), display="big.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "big.yaml:1:1: the file is over 1,000,000 bytes; data files are limited to 1,000,000"
    ]
