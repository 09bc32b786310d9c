"""Time what a user waits for when loading: the bundled library, and refusing hostile files.

The first load in a process reads and checks every file; later loads in the
same process reuse the validated bundled data while its files are unchanged.
Across processes, the parse cache (in the cache folder) spares the parsing.

Run: python benchmarks/bench_load.py [--synthetic FOLDER]
Prints the median and the worst of several runs of each, in milliseconds; with
`--synthetic` (a folder `benchmarks/synthetic.py` wrote), also its first load
with the parse cache cold, warm and off, with the garbage collector paused
(as `load_library` does) and running.

For a harness: `first_load(...)` is the CPU time of one new process's first
load, and `import_cpu(...)` that of one import; both run in a new interpreter
and never touch the user's cache folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

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
    """Milliseconds the first `load_library()` of a new process takes (the caches off)."""
    command = [sys.executable, "-c", COLD_LOAD]
    environment = {**os.environ, "TRIGGER_POINTS_CACHE": "off"}
    runs = (
        subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
        for _ in range(repeats)
    )
    return [float(run.stdout) for run in runs]


FIRST_LOAD = """
import contextlib, sys, time
start = time.process_time()
import trigger_points.library as library
if sys.argv[1] == "running":
    library._collector_paused = contextlib.nullcontext
from trigger_points.errors import DataError
imported = time.process_time()
with contextlib.suppress(DataError):  # a synthetic folder may break a cross-file rule
    library.load_library(*sys.argv[2:])
print((time.process_time() - imported) * 1000, (imported - start) * 1000)
"""

Cache = Literal["off", "cold", "warm"]


def first_load(
    folders: Sequence[Path] = (),
    *,
    cache: Cache = "warm",
    pause_collector: bool = True,
    cache_folder: Path | None = None,
) -> float:
    """CPU milliseconds of the first `load_library(*folders)` in a new process, imports apart.

    `cache` "off" turns the caches off; "cold" starts from an empty cache folder; "warm"
    uses `cache_folder` as it is (a temporary one, filled by an untimed load first, when
    None). `pause_collector=False` lets the garbage collector run while loading, as it
    did before `load_library` paused it.
    """
    with tempfile.TemporaryDirectory() as scratch:
        folder = cache_folder or Path(scratch)
        environment = {**os.environ, "TRIGGER_POINTS_CACHE_DIR": str(folder)}
        environment.pop("TRIGGER_POINTS_CACHE", None)
        if cache == "off":
            environment["TRIGGER_POINTS_CACHE"] = "off"
        command = [
            sys.executable,
            "-c",
            FIRST_LOAD,
            "paused" if pause_collector else "running",
            *map(str, folders),
        ]
        if cache == "warm" and cache_folder is None:
            subprocess.run(command, env=environment, capture_output=True, check=True)
        run = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    return float(run.stdout.split()[0])


def import_cpu(module: str) -> float:
    """CPU milliseconds of `import module` in a new interpreter (its own startup apart)."""
    code = (
        "import time; start = time.process_time(); import importlib; "
        f"importlib.import_module({module!r}); print((time.process_time() - start) * 1000)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(run.stdout)


def synthetic_rows(folder: Path, repeats: int) -> list[tuple[str, list[float]]]:
    """First loads of a synthetic folder, interleaved: cache warm or off, GC paused or not."""
    variants: dict[str, tuple[Cache, bool]] = {
        "synthetic, cache off, GC running": ("off", False),
        "synthetic, cache off, GC paused": ("off", True),
        "synthetic, cache warm, GC running": ("warm", False),
        "synthetic, cache warm, GC paused": ("warm", True),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as warm:
        first_load([folder], cache="cold", cache_folder=Path(warm))
        for round_number in range(repeats):
            names = list(variants)
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                cache, paused = variants[name]
                times[name].append(
                    first_load(
                        [folder], cache=cache, pause_collector=paused, cache_folder=Path(warm)
                    )
                )
    return list(times.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=Path, metavar="FOLDER")
    parser.add_argument("--repeats", type=int, default=7)
    arguments = parser.parse_args()
    # The loads timed in this process keep their parse cache apart from the user's.
    scratch = tempfile.TemporaryDirectory()
    os.environ["TRIGGER_POINTS_CACHE_DIR"] = scratch.name
    if arguments.synthetic:
        for name, times in synthetic_rows(arguments.synthetic, arguments.repeats):
            median, worst = statistics.median(times), max(times)
            print(f"{name:<34} median {median:8.2f} ms   worst {worst:8.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        big.write_text("a: b\n" * (MAX_FILE_BYTES // 5 + 1))
        rows = [
            ("load the bundled library, cold", cold_loads(arguments.repeats)),
            *(
                (f"first load, parse cache {cache}", [first_load(cache=cache) for _ in range(5)])
                for cache in ("off", "warm")
            ),
            ("load it again in the same process", timed(load_library, 20)),
            ("refuse the alias bomb", timed(refused(ALIAS_BOMB), 50)),
            ("refuse a file over the size cap", timed(refused(big), 50)),
        ]
    for name, times in rows:
        print(f"{name:<34} median {statistics.median(times):8.2f} ms   worst {max(times):8.2f} ms")


if __name__ == "__main__":
    main()
