"""Time rendering the body maps and measure their size.

Run: python benchmarks/bench_maps.py
Prints the median time of one map (piriformis, views chosen automatically),
the time to render every muscle's map on both sides, and the sizes.
"""

from __future__ import annotations

import statistics
import time

from trigger_points.charts import render_regions_chart
from trigger_points.library import load_library
from trigger_points.maps import render_map


def main() -> None:
    library = load_library()
    times = []
    for _ in range(30):
        start = time.perf_counter()
        svg = render_map(library, "piriformis", view="auto")
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"one map (piriformis, auto views): median {statistics.median(times):.1f} ms, "
        f"{len(svg.encode()) / 1024:.1f} KB"
    )

    start = time.perf_counter()
    sizes = {}
    for muscle in library.muscles:
        for side in ("right", "left"):
            sizes[(muscle.id, side)] = len(
                render_map(library, muscle.id, view="auto", side=side).encode()
            )
        for point in muscle.trigger_points:
            render_map(library, point.id, view="auto")
    elapsed = (time.perf_counter() - start) * 1000
    count = len(sizes) + sum(len(m.trigger_points) for m in library.muscles)
    print(f"all maps ({count}: every muscle on both sides, every trigger point): {elapsed:.0f} ms")
    largest = max(sizes, key=sizes.__getitem__)
    print(f"largest muscle map: {largest[0]} ({largest[1]}) {sizes[largest] / 1024:.1f} KB")
    print(f"regions chart, all views: {len(render_regions_chart(library).encode()) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
