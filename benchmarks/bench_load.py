"""Time what a user waits for when loading: the bundled library, and refusing hostile files.

The first load in a process reads and checks every file; later loads in the
same process reuse the validated bundled data while its files are unchanged.

Run: python benchmarks/bench_load.py
Prints the median and the worst of several runs of each, in milliseconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from trigger_points.errors import DataError
from trigger_points.library import load_library
from trigger_points.loader import MAX_FILE_BYTES, read_yaml

ALIAS_BOMB = (
    Path(__file__).parent.parent
    / "tests"
    / "broken"
    / "alias_bomb"
    / "muscles"
    / "example_muscle.yaml"
)


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds each run of `action` took."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def refused(path: Path) -> Callable[[], None]:
    def attempt() -> None:
        try:
            read_yaml(path)
        except DataError:
            return
        raise AssertionError(f"{path} was accepted")

    return attempt


COLD_LOAD = (
    "import time; start = time.perf_counter(); import trigger_points as tp; "
    "loaded = time.perf_counter(); tp.load_library(); "
    "print((time.perf_counter() - loaded) * 1000)"
)


def cold_loads(repeats: int) -> list[float]:
    """Milliseconds the first `load_library()` of a new process takes (nothing cached yet)."""
    command = [sys.executable, "-c", COLD_LOAD]
    runs = (
        subprocess.run(command, capture_output=True, text=True, check=True) for _ in range(repeats)
    )
    return [float(run.stdout) for run in runs]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        big.write_text("a: b\n" * (MAX_FILE_BYTES // 5 + 1))
        rows = [
            ("load the bundled library, cold", cold_loads(7)),
            ("load it again in the same process", timed(load_library, 20)),
            ("refuse the alias bomb", timed(refused(ALIAS_BOMB), 50)),
            ("refuse a file over the size cap", timed(refused(big), 50)),
        ]
    for name, times in rows:
        print(f"{name:<34} median {statistics.median(times):8.2f} ms   worst {max(times):8.2f} ms")


if __name__ == "__main__":
    main()
