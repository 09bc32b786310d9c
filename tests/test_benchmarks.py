"""The benchmark harness runs: `python -m benchmarks --quick`, as CI runs it through this test.

Its timings are not judged here (the machine may be busy); only that every row
was measured and the table printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = (
    "import floor",
    "import trigger_points.cli",
    "trigger-points validate",
    "build, cold (new folder)",
    "build, nothing changed",
    "build --no-incremental (new folder)",
    "build, first ever (caches off)",
    "unchanged build = cold build",
    "every page rendered = cold build",
    "build without caches = cold build",
    "20 muscles: build",
    "guide top-10, 20 muscles",
    "guide full ranking, 20 muscles",
    "largest map of a bundled muscle",
    "largest map on a site page",
)


def test_the_quick_harness_measures_every_row(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(tmp_path / "rows.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("load average at start: ")
    assert lines[1].startswith("bytecode: ") and lines[1].endswith("(ok), as pip install does")
    assert lines[-1].startswith("load average at end: ")
    measured = {line.split(" | ")[0].strip(): line.split(" | ")[1:] for line in lines[3:-1]}
    assert list(measured) == list(ROWS)
    assert measured["unchanged build = cold build"][0].strip() == "byte-identical"
    assert (tmp_path / "rows.json").is_file()
