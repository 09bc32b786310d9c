"""Time one pain-guide query on the bundled library and on a synthetic one of 1,000 muscles.

Run: python benchmarks/bench_guide.py
"""

from __future__ import annotations

import random
import statistics
import time

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


def query_times(library: Library, repeats: int = 200) -> list[float]:
    """Milliseconds per query, each query 1 to 5 random painful regions."""
    chooser = random.Random(3)
    keys = painful_keys(library)
    library.guide(keys[:1])  # build the index once, as a long-lived library would
    times = []
    for _ in range(repeats):
        pain = chooser.sample(keys, chooser.randint(1, 5))
        start = time.perf_counter()
        library.guide(pain)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    bundled = load_library()
    large = bundled.replace(muscles=synthetic_muscles(bundled, 1000))
    start = time.perf_counter()
    large.guide(["sacrum"])
    index = (time.perf_counter() - start) * 1000
    for name, library in (("bundled", bundled), ("synthetic, 1,000 muscles", large)):
        times = query_times(library)
        points = len(library.trigger_points)
        print(
            f"{name:<26} {points:>5} trigger points: median {statistics.median(times):.3f} ms, "
            f"95th percentile {sorted(times)[int(len(times) * 0.95)]:.3f} ms per query"
        )
    print(f"building the guide's index for 1,000 muscles: {index:.0f} ms (once per library)")


if __name__ == "__main__":
    main()
