"""Time rendering the body maps and measure their size.

Run: python benchmarks/bench_maps.py [DATA_FOLDER]
Prints the median time of one map (piriformis, views chosen automatically), the
CPU time to render every map and chart a site build draws, the size of each
muscle's map standalone and as a page of the site carries it, and the size of
the site. The harness (`benchmarks/run.py`) calls `map_sizes`,
`site_map_sizes`, `render_all_maps_seconds` and `site_size` directly.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from trigger_points.charts import render_pain_drawing, render_region_picker, render_regions_chart
from trigger_points.library import Library, load_library
from trigger_points.maps import map_figure, render_map
from trigger_points.model import SIDES
from trigger_points.site import build_site

SITE_FIGURES = "../figures/"
"""Where a page of the site finds the shared figure files (a sheet is one folder down)."""


def map_sizes(library: Library) -> dict[str, int]:
    """Bytes of each muscle's standalone map (`render_map`, views chosen, right side)."""
    return {m.id: len(render_map(library, m.id).encode()) for m in library.muscles}


def site_map_sizes(library: Library) -> dict[str, int]:
    """Bytes of each muscle's map as a page of the site carries it (focused, shared figure)."""
    return {
        m.id: len(map_figure(library, m.id, frame="focus", figure_href=SITE_FIGURES).svg.encode())
        for m in library.muscles
    }


def render_all_maps_seconds(library: Library) -> float:
    """CPU seconds to draw, once, every map and chart a site build draws.

    Each muscle's map and bare thumbnail on both sides, each trigger point's map,
    each root's map, the picker and the pain drawing (site form), and the regions
    chart. Run it in a fresh process for a first build's cost: the figure's parts are
    built once per process and reused.
    """
    start = time.process_time()
    for muscle in library.muscles:
        for side in SIDES:
            map_figure(library, muscle.id, side=side, frame="focus", figure_href=SITE_FIGURES)
            map_figure(library, muscle.id, side=side, frame="focus", bare=True)
        for point in muscle.trigger_points:
            map_figure(library, point.id, frame="focus", figure_href=SITE_FIGURES)
    for root in library.nerve_roots:
        map_figure(library, root.id, frame="focus", figure_href=SITE_FIGURES)
    render_region_picker(library, figure_href=SITE_FIGURES)
    render_pain_drawing(library, figure_href=SITE_FIGURES)
    render_regions_chart(library)
    return time.process_time() - start


def site_size(library: Library) -> tuple[int, int]:
    """The bytes and the number of files of the site built from the library."""
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(library, Path(folder) / "site").folder
        files = [path for path in site.rglob("*") if path.is_file()]
        return sum(path.stat().st_size for path in files), len(files)


def main() -> None:
    library = load_library(sys.argv[1]) if len(sys.argv) > 1 else load_library()
    first = render_all_maps_seconds(library)
    again = [render_all_maps_seconds(library) for _ in range(5)]
    print(
        f"every map and chart of a site build: first {first * 1000:.0f} ms CPU, "
        f"then median {statistics.median(again) * 1000:.0f} ms"
    )
    times = []
    for _ in range(30):
        start = time.perf_counter()
        svg = render_map(library, "piriformis", view="auto")
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"one map (piriformis, auto views): median {statistics.median(times):.1f} ms, "
        f"{len(svg.encode()) / 1024:.1f} KB"
    )
    for label, sizes in (
        ("standalone", map_sizes(library)),
        ("on the site", site_map_sizes(library)),
    ):
        largest = max(sizes, key=sizes.__getitem__)
        print(
            f"muscle maps {label}: {min(sizes.values()) / 1024:.1f}-"
            f"{sizes[largest] / 1024:.1f} KB (largest: {largest})"
        )
    print(f"regions chart, all views: {len(render_regions_chart(library).encode()) / 1024:.1f} KB")
    size, files = site_size(library)
    print(f"site: {size / 1e6:.2f} MB in {files} files")


if __name__ == "__main__":
    main()
