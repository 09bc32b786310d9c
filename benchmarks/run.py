"""The benchmark harness: every target of the performance issue, measured in one run.

Run: python -m benchmarks [--rounds N] [--no-3000] [--json FILE] [--quick]
     (or python benchmarks/run.py)

Whole commands run as new processes, in interleaved rounds whose order rotates
each round (an output folder is removed, untimed, before each cold build).
Each row reports the median wall time and the median CPU time of the child
(user + sys, from `os.wait4`), and its peak RSS. The ratios to the import
floor (`python -c "import pydantic, jinja2, svgwrite, yaml"`, measured in the
same rounds) are judged on CPU time, which holds up far better than wall time
when other jobs share the machine; the wall ratio is printed beside it. The
load average is printed at the start and at the end: read the table with it.

The caches are in a folder of the harness's own: warmed by one untimed build
for the bundled library (as a user's are after a first run). Beside the cold
build, which takes what an earlier build rendered from the cache folder
(`page_store.py`), two rows without a target show what rendering costs: every
page rendered again (`--no-incremental`, the other caches warm) and the first
build of all, every cache off. Each synthetic library (`synthetic.py`: N
muscles beside the bundled ones) is validated, untimed, then built with every
page rendered (`--no-incremental`, into a new folder, with a cache folder of its
own: only the parse cache is warm); the 1,000 muscles judged on CPU time three
times over, the median taken (`SCALE_BUILDS`).

The guide is timed in this process on random queries of 1 to 5 regions
(seeded), in CPU time as well: a query takes under a millisecond, and on a
shared machine the wall clock's 95th percentile is the scheduler's. `--quick`
runs every row once on tiny sizes (20 synthetic muscles) to prove the harness
works; its timings mean nothing, and it exits 0 whatever they are. Otherwise
the exit status is 1 when a row is over target.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import pydantic, jinja2, svgwrite, yaml"]
COMMAND = [PYTHON, "-m", "trigger_points"]


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak RSS in MB, and its exit status."""

    wall: float
    cpu: float
    rss: float
    status: int


def run(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to its end, its output discarded; measure it alone (`wait4`)."""
    start = time.perf_counter()
    environment = None if env is None else {**os.environ, **env}
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}): {error}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode)


@dataclass
class Timed:
    """A command measured in every round, with what to do, untimed, before each run."""

    name: str
    argv: list[str]
    before: Callable[[], None] = lambda: None
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str) -> float:
        return float(statistics.median(getattr(r, what) for r in self.runs))


@dataclass
class Row:
    """A line of the table: what, what was measured, the target, and whether it was met."""

    what: str
    measured: str
    target: str
    ok: bool | None  # None: no target, only reported


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under a folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def same_tree(one: Path, two: Path) -> bool:
    """Byte-identical trees, as `diff -r` says."""
    result = subprocess.run(["diff", "-r", str(one), str(two)], capture_output=True, check=False)
    return result.returncode == 0


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} CPUs)"


def whole_commands(rounds: int, scratch: Path) -> tuple[list[Row], dict[str, float]]:
    """The import floor, the import of the command, validate, cold and unchanged builds.

    The caches are kept in a folder of the harness's own, filled by one untimed build
    and validate first, as a user's are after their first run; the first build of all,
    with every cache off, is a row of its own.
    """
    cold_site, warm_site = scratch / "cold", scratch / "warm"
    rendered_site, first_site = scratch / "rendered", scratch / "first"
    caches = {"TRIGGER_POINTS_CACHE_DIR": str(scratch / "cache")}
    run([*COMMAND, "build", str(scratch / "warming")], caches)
    run([*COMMAND, "validate"], caches)

    def copy_of_the_cold_site() -> None:
        # Once, after the first cold build (the first round runs them in this order):
        # a copy is what a rebuild finds, and costs no build of its own.
        if not warm_site.exists():
            shutil.copytree(cold_site, warm_site, symlinks=True)

    commands = [
        Timed("import floor", FLOOR),
        Timed("import trigger_points.cli", [PYTHON, "-c", "import trigger_points.cli"]),
        Timed("trigger-points validate", [*COMMAND, "validate"]),
        Timed(
            "build, cold (new folder)",
            [*COMMAND, "build", str(cold_site)],
            lambda: shutil.rmtree(cold_site, ignore_errors=True),
        ),
        Timed(
            "build, nothing changed",
            [*COMMAND, "build", str(warm_site)],
            copy_of_the_cold_site,
        ),
        Timed(
            "build --no-incremental (new folder)",
            [*COMMAND, "build", str(rendered_site), "--no-incremental"],
            lambda: shutil.rmtree(rendered_site, ignore_errors=True),
        ),
        Timed(
            "build, first ever (caches off)",
            [*COMMAND, "build", str(first_site)],
            lambda: shutil.rmtree(first_site, ignore_errors=True),
            {"TRIGGER_POINTS_CACHE": "off"},
        ),
    ]
    for number in range(rounds):
        shift = number % len(commands)
        for command in commands[shift:] + commands[:shift]:
            command.before()
            command.runs.append(run(command.argv, {**caches, **(command.env or {})}))
    floor = commands[0].median("cpu")
    targets: dict[str, float | None] = {
        "import floor": None,
        "import trigger_points.cli": None,
        "trigger-points validate": 1.6,
        "build, cold (new folder)": 2.0,
        "build, nothing changed": 1.3,
        "build --no-incremental (new folder)": None,
        "build, first ever (caches off)": None,
    }
    rows = []
    for command in commands:
        cpu, wall = command.median("cpu"), command.median("wall")
        ratio, wall_ratio = cpu / floor, wall / commands[0].median("wall")
        measured = (
            f"CPU {cpu * 1000:.0f} ms ({ratio:.2f}x), wall {wall * 1000:.0f} ms "
            f"({wall_ratio:.2f}x), RSS {command.median('rss'):.0f} MB"
        )
        target = targets[command.name]
        rows.append(
            Row(
                command.name,
                measured,
                "-" if target is None else f"<= {target}x floor",
                None if target is None else ratio <= target,
            )
        )
    for name, site in (
        ("unchanged build", warm_site),
        ("every page rendered", rendered_site),
        ("build without caches", first_site),
    ):
        identical = same_tree(cold_site, site)
        rows.append(
            Row(
                f"{name} = cold build",
                "byte-identical" if identical else "DIFFERS",
                "diff -r clean",
                identical,
            )
        )
    return rows, {"floor_cpu": floor}


@dataclass
class Scale:
    muscles: int
    cpu: float
    """The median of `builds`."""
    rss: float
    size: int
    files: int
    builds: tuple[float, ...] = ()
    """The CPU time of each build, in seconds."""


SCALE_BUILDS = {1000: 3}
"""Builds of a size whose CPU time is judged, the median taken. Writing three thousand new
files costs this machine's kernel from 0.3 to 3 s from one minute to the next (a loop of
bare `open`s shows it), so one build alone says more about the disk than about us."""


def synthetic_build(muscles: int, scratch: Path, builds: int = 1) -> Scale:
    """Build the bundled library with `muscles` synthetic ones beside it, `builds` times."""
    data, site = scratch / f"data-{muscles}", scratch / f"site-{muscles}"
    subprocess.run(
        [PYTHON, str(HERE / "synthetic.py"), str(data), "--muscles", str(muscles)],
        check=True,
        capture_output=True,
    )
    measured = []
    for _ in range(builds):
        # Every page rendered (--no-incremental, into a new folder, the page store
        # unread), with the data checked once first (`validate`, untimed), as a user's
        # would be: the parse cache is warm, and nothing else.
        caches = {"TRIGGER_POINTS_CACHE_DIR": str(scratch / f"cache-{muscles}")}
        run([*COMMAND, "validate", str(data)], caches)
        command = [*COMMAND, "build", str(site), "--data", str(data), "--no-incremental"]
        measured.append(run(command, caches))
        size, files = folder_size(site)
        shutil.rmtree(site)
        shutil.rmtree(caches["TRIGGER_POINTS_CACHE_DIR"], ignore_errors=True)
    shutil.rmtree(data)
    cpu = statistics.median(m.cpu for m in measured)
    rss = max(m.rss for m in measured)
    return Scale(muscles, cpu, rss, size, files, tuple(m.cpu for m in measured))


def scale_rows(sizes: Sequence[int], quick: bool, scratch: Path) -> list[Row]:
    """Build CPU, peak RSS and site size for each synthetic size; 1,000 and 3,000 judged."""
    results = [synthetic_build(n, scratch, 1 if quick else SCALE_BUILDS.get(n, 1)) for n in sizes]
    rows = []
    for result in results:
        each = ", ".join(f"{cpu:.1f}" for cpu in result.builds)
        median = f"median of {each} s" if len(result.builds) > 1 else ""
        measured = (
            f"CPU {result.cpu:.1f} s{f' ({median})' if median else ''}, RSS {result.rss:.0f} MB, "
            f"{result.size / 1e6:.1f} MB in {result.files} files"
        )
        if result.muscles == 1000:
            ok = result.cpu <= 15 and result.rss <= 150 and result.size <= 60e6
            rows.append(
                Row("1,000 muscles: build", measured, "CPU <= 15 s, RSS <= 150 MB, <= 60 MB", ok)
            )
        elif result.muscles == 3000:
            rows.append(Row("3,000 muscles: build", measured, "RSS <= 250 MB", result.rss <= 250))
        else:
            rows.append(Row(f"{result.muscles:,} muscles: build", measured, "-", None))
    by_count = {result.muscles: result for result in results}
    if {100, 1000, 3000} <= by_count.keys() and not quick:
        small, middle, large = by_count[100], by_count[1000], by_count[3000]
        for label, value in (("CPU", "cpu"), ("size", "size")):
            early = (getattr(middle, value) - getattr(small, value)) / 900
            late = (getattr(large, value) - getattr(middle, value)) / 2000
            growth = late / early if early else float("inf")
            rows.append(
                Row(
                    f"3,000 muscles: {label} linear",
                    f"per muscle, 1,000-3,000 / 100-1,000: {growth:.2f}",
                    "<= 1.2",
                    growth <= 1.2,
                )
            )
    return rows


def guide_rows(muscles: int, queries: int) -> list[Row]:
    """The pain guide in this process: top 10 and the full ranking on random queries (CPU)."""
    sys.path.insert(0, str(HERE))
    from bench_guide import painful_keys
    from synthetic import synthetic_muscles

    from trigger_points.library import load_library

    bundled = load_library()
    library = bundled.replace(muscles=synthetic_muscles(bundled, muscles))
    keys = painful_keys(library)
    library.guide(keys[:1])  # the index is built once per library, as a long-lived one would
    chooser = random.Random(16)
    asked = [chooser.sample(keys, chooser.randint(1, 5)) for _ in range(queries)]
    top: list[float] = []
    full: list[float] = []
    for pain in asked:
        for limit, times in ((10, top), (None, full)):
            start = time.process_time()
            library.guide(pain, limit=limit)
            times.append((time.process_time() - start) * 1000)
    top.sort()
    full.sort()
    p95 = top[int(len(top) * 0.95)]
    median = statistics.median(top)
    label = f"{muscles:,} muscles"
    return [
        Row(
            f"guide top-10, {label}",
            f"median {median:.2f} ms, p95 {p95:.2f} ms CPU",
            "median <= 1 ms, p95 <= 2 ms",
            median <= 1 and p95 <= 2,
        ),
        Row(
            f"guide full ranking, {label}",
            f"median {statistics.median(full):.2f} ms CPU",
            "median <= 5 ms",
            statistics.median(full) <= 5,
        ),
    ]


def map_rows() -> list[Row]:
    """The largest map of a bundled muscle: standalone (`render_map`, self-contained, its
    figure inlined) and as a page of the site carries it (the figure in shared files)."""
    from bench_maps import site_map_sizes

    from trigger_points.library import load_library
    from trigger_points.maps import render_map

    library = load_library()
    sizes = {
        (muscle.id, side): len(render_map(library, muscle.id, side=side).encode("utf-8"))
        for muscle in library.muscles
        for side in ("right", "left")
    }
    largest = max(sizes, key=sizes.__getitem__)
    kb = sizes[largest] / 1024
    on_pages = site_map_sizes(library)
    largest_page = max(on_pages, key=on_pages.__getitem__)
    page_kb = on_pages[largest_page] / 1024
    return [
        Row(
            "largest map of a bundled muscle",
            f"{kb:.1f} KB ({largest[0]}, {largest[1]})",
            "<= 30 KB",
            kb <= 30,
        ),
        Row(
            "largest map on a site page",
            f"{page_kb:.1f} KB ({largest_page})",
            "<= 30 KB",
            page_kb <= 30,
        ),
    ]


def table(rows: Sequence[Row]) -> str:
    width = max(len(row.what) for row in rows)
    measured = max(len(row.measured) for row in rows)
    target = max(len(row.target) for row in rows)
    lines = []
    for row in rows:
        verdict = "-" if row.ok is None else ("ok" if row.ok else "OVER")
        lines.append(
            f"{row.what:<{width}} | {row.measured:<{measured}} | {row.target:<{target}} | {verdict}"
        )
    return "\n".join(lines)


def compile_package() -> str:
    """Our modules compiled to bytecode, as `pip install` leaves them, before any timing.

    The floor's libraries are installed with their bytecode; ours, installed editable or
    run where PYTHONDONTWRITEBYTECODE is set, would otherwise be compiled from source in
    every child, which no installed user pays (about 140 ms a run here).
    """
    import trigger_points

    folder = Path(trigger_points.__file__).parent
    ok = compileall.compile_dir(folder, quiet=1)
    return f"bytecode: {folder} compiled ({'ok' if ok else 'FAILED'}), as pip install does"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every row, print the table; 1 if a row is over target (never with --quick)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each row once, tiny sizes")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of whole commands")
    parser.add_argument(
        "--no-3000", dest="largest", action="store_false", help="skip the 3,000-muscle build"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    arguments = parser.parse_args(argv)
    rounds = 1 if arguments.quick else arguments.rounds
    sizes = [20] if arguments.quick else [100, 1000, *([3000] if arguments.largest else [])]
    compiled = compile_package()
    started = load_average()
    print(f"load average at start: {started}", flush=True)
    print(compiled, flush=True)
    with tempfile.TemporaryDirectory(prefix="trigger-points-bench-") as folder:
        scratch = Path(folder)
        rows, _ = whole_commands(rounds, scratch)
        rows += scale_rows(sizes, arguments.quick, scratch)
    rows += guide_rows(20 if arguments.quick else 1000, 20 if arguments.quick else 300)
    rows += map_rows()
    ended = load_average()
    print(f"rounds: {rounds}; ratios are of CPU time (user+sys) to the floor's, wall beside them")
    print(table(rows))
    print(f"load average at end: {ended}")
    if arguments.json:
        data = {
            "load_start": started,
            "load_end": ended,
            "rounds": rounds,
            "rows": [row.__dict__ for row in rows],
        }
        arguments.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if arguments.quick:
        return 0
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
