"""Data folders written by a test, layered over the bundled data, and the problems they have.

A test writes one deliberate mistake into a temporary folder (usually a copy of
`broken/_valid_muscle.yaml` or of a bundled file) and checks the exact placed
problems `load_library` reports, with file names relative to the folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points import DataError, load_library

VALID_MUSCLE = (Path(__file__).parent / "broken" / "_valid_muscle.yaml").read_text(encoding="utf-8")
"""A muscle file that loads over the bundled data: `muscles/example_muscle.yaml`."""


def write(folder: Path, relative: str, text: str) -> Path:
    """Write a data file into the folder, making its sub-folder."""
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_in(folder: Path) -> list[str]:
    """Every problem loading the folder reports, as printed, its file relative to the folder."""
    with pytest.raises(DataError) as caught:
        load_library(folder)
    return [str(problem).replace(f"{folder}/", "") for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the line that is exactly `needle`."""
    return text.splitlines().index(needle) + 1
