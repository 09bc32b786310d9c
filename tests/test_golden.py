"""Golden files: rendered output compared byte for byte, to catch unintended changes.

A change you mean is refreshed on purpose: REFRESH_GOLDEN=1 pytest tests/test_golden.py
The goldens live in tests/golden/; docs/piriformis-map.svg is the README's picture,
refreshed by hand, never by a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from trigger_points import render_map, render_sheet
from trigger_points.library import Library

GOLDEN = Path(__file__).parent / "golden"

RENDERERS: dict[str, Callable[[Library], str]] = {
    "piriformis-map.svg": lambda library: render_map(
        library, "piriformis", view="posterior", side="right"
    ),
    "sheet-piriformis.html": lambda library: render_sheet(library, "piriformis"),
}


@pytest.mark.parametrize("golden", sorted(RENDERERS))
def test_rendered_output_matches_its_golden_file(library: Library, golden: str) -> None:
    rendered = RENDERERS[golden](library)
    path = GOLDEN / golden
    if os.environ.get("REFRESH_GOLDEN"):
        path.write_text(rendered, encoding="utf-8", newline="\n")
    assert path.read_text(encoding="utf-8") == rendered, "refresh with REFRESH_GOLDEN=1 if intended"


# Each command runs in a process of its own, so nothing (hash seed, caches) is shared.
COMMANDS = (
    ("map", "piriformis", "-o", "map.svg"),
    ("sheet", "piriformis", "-o", "sheet.html"),
    ("build", "site"),
)


def render_in_fresh_processes(folder: Path, hash_seed: str) -> dict[str, bytes]:
    """Every file the commands write into `folder`, run with this PYTHONHASHSEED."""
    folder.mkdir()
    for command in COMMANDS:
        subprocess.run(
            [sys.executable, "-m", "trigger_points", *command],
            cwd=folder,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            check=True,
            timeout=300,
        )
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_separate_processes_with_different_hash_seeds_write_the_same_bytes(
    tmp_path: Path,
) -> None:
    seeds = ("1", "2")
    with ThreadPoolExecutor(len(seeds)) as pool:
        first, second = pool.map(
            lambda seed: render_in_fresh_processes(tmp_path / seed, seed), seeds
        )
    written = {"map.svg", "sheet.html", "site/guide.html", "site/muscles/piriformis.html"}
    assert written <= first.keys()
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
