"""Time pain-guide queries on the bundled library and on a synthetic one of 1,000 muscles.

Run: python benchmarks/bench_guide.py [--queries N]

For each library: the top 10, the full ranking (as `lib.guide` returns it: its candidates
are built when read) and the full ranking read to the end (every candidate built), each
as the median and 95th percentile of CPU milliseconds per query over the same random
queries of 1 to 5 painful regions. CPU time, not wall time: on a shared machine it is
what holds still. `python -m benchmarks` times the same queries by the wall clock,
against the targets.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import time
from collections.abc import Callable

from synthetic import synthetic_muscles

from trigger_points.library import Library, load_library


def painful_keys(library: Library) -> list[str]:
    """Every region as the guide takes it: a midline region alone, a paired one on each side."""
    return [
        key
        for region in library.regions
        for key in (
            [region.id]
            if region.laterality == "midline"
            else [f"{region.id}:right", f"{region.id}:left"]
        )
    ]


def random_queries(library: Library, count: int, seed: int = 16) -> list[list[str]]:
    """`count` queries of 1 to 5 random painful regions (composites among them)."""
    chooser = random.Random(seed)
    keys = painful_keys(library)
    return [chooser.sample(keys, chooser.randint(1, 5)) for _ in range(count)]


def cpu_ms(queries: list[list[str]], ask: Callable[[list[str]], object]) -> list[float]:
    """CPU milliseconds of `ask` for each query, sorted."""
    times = []
    for pain in queries:
        start = time.process_time()
        ask(pain)
        times.append((time.process_time() - start) * 1000)
    return sorted(times)


def timed_rows(library: Library, queries: list[list[str]]) -> dict[str, list[float]]:
    """The top 10, the full ranking as returned, and the full ranking read to its end."""

    def read_in_full(pain: list[str]) -> object:
        return list(library.guide(pain))

    return {
        "top 10": cpu_ms(queries, functools.partial(library.guide, limit=10)),
        "full ranking": cpu_ms(queries, library.guide),
        "full ranking, read in full": cpu_ms(queries, read_in_full),
    }


def summary(times: list[float]) -> str:
    """Median and 95th percentile of sorted times."""
    return f"median {statistics.median(times):6.3f}, p95 {times[int(len(times) * 0.95)]:6.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=300, help="queries per row (default 300)")
    arguments = parser.parse_args()
    bundled = load_library()
    large = bundled.replace(muscles=synthetic_muscles(bundled, 1000))
    start = time.process_time()
    large.guide(["sacrum"])
    index = (time.process_time() - start) * 1000
    for name, library in (("bundled", bundled), ("synthetic, 1,000 muscles", large)):
        queries = random_queries(library, arguments.queries)
        library.guide(queries[0])  # the index is built once per library, as a long-lived one
        points = len(library.trigger_points)
        print(f"{name} ({points:,} trigger points, {len(library.patterns):,} patterns)")
        for what, times in timed_rows(library, queries).items():
            print(f"  {what:<28} {summary(times)} CPU per query")
    print(f"building the guide's index for 1,000 muscles: {index:.0f} ms CPU (once per library)")


if __name__ == "__main__":
    main()
