"""Geometry: mirroring, the side conventions of each view, containment, smoothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import xy_points

from trigger_points.geometry import (
    MIDLINE,
    Outline,
    Shape,
    area,
    centroid,
    contains,
    figure_is_mirrored,
    for_side,
    mirror_point,
    mirror_shape,
    overlap_area,
    smooth_path,
    viewer_side,
    whole_outline,
    within,
)
from trigger_points.library import Library
from trigger_points.model import Point

shapes = st.lists(xy_points, min_size=3, max_size=12).map(tuple)


@given(xy_points)
def test_mirroring_a_point_twice_is_the_identity(point: tuple[float, float]) -> None:
    assert mirror_point(mirror_point(point)) == point


@given(shapes)
def test_mirroring_a_shape_twice_is_the_identity(shape: tuple[tuple[float, float], ...]) -> None:
    assert mirror_shape(mirror_shape(shape)) == shape
    assert for_side(shape, "right") == shape
    assert for_side(shape, "left") == mirror_shape(shape)


@given(shapes)
def test_mirroring_keeps_area(shape: tuple[tuple[float, float], ...]) -> None:
    assert area(mirror_shape(shape)) == pytest.approx(area(shape), abs=0.01)


@given(st.lists(xy_points, min_size=2, max_size=10))
def test_a_symmetric_outline_is_its_own_mirror_image(half: list[tuple[float, float]]) -> None:
    ends = [(MIDLINE, 20.0), (MIDLINE, 500.0)]
    assume(not set(half) & set(ends))  # a repeated end point is dropped from the mirror half
    half = [ends[0], *half, ends[1]]
    whole = whole_outline(half)
    # The same closed ring of points, in the same order and with the same repeats: the mirror
    # image starts elsewhere and (reversed to keep the winding) runs the same way round.
    mirrored = mirror_shape(whole)
    assert len(mirrored) == len(whole)
    assert any(mirrored == whole[start:] + whole[:start] for start in range(len(whole)))


@given(xy_points, xy_points, xy_points)
def test_a_triangle_contains_its_centroid(a: Point, b: Point, c: Point) -> None:
    triangle = (a, b, c)
    assume(area(triangle) > 1)  # a sliver's centroid can round onto its edge
    assert contains(triangle, centroid(triangle))


def test_overlap_of_a_square_with_itself_and_with_a_far_one() -> None:
    square = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    far = tuple((x + 20, y) for x, y in square)
    assert overlap_area(square, square) == pytest.approx(100, rel=0.05)
    assert overlap_area(square, far) == 0


SVG_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
"""A number as SVG's path grammar reads it: `1.5.5` is 1.5 then .5, `3-2` is 3 then -2."""


def path_curves(path: str) -> tuple[Point, list[tuple[Point, ...]]]:
    """Our paths read back: the start, then each segment's absolute points, controls first.

    `M`, then relative `l` segments, or one `c` curve and `s` curves whose first control
    point is the mirror image of the one before through the point they share.
    """
    match = re.fullmatch(r"M([^a-z]*)(?:l([^a-z]*)|c([^a-z]*)(?:s([^a-z]*))?)?(z?)", path)
    assert match, path
    x, y = (float(n) for n in SVG_NUMBER.findall(match[1]))
    start = (x, y)
    segments: list[tuple[Point, ...]] = []
    lines, first, smooth = (
        [float(n) for n in SVG_NUMBER.findall(g or "")] for g in match.groups()[1:4]
    )
    assert len(lines) % 2 == 0 and len(first) in (0, 6) and len(smooth) % 4 == 0
    for at in range(0, len(lines), 2):
        x, y = x + lines[at], y + lines[at + 1]
        segments.append(((x, y),))
    if first:
        before = (x + first[0], y + first[1])
        curves = first[2:] + smooth
        for at in range(0, len(curves), 4):
            dx, dy, ex, ey = curves[at : at + 4]
            control = (x + dx, y + dy)
            x, y = x + ex, y + ey
            segments.append((before, control, (x, y)))
            before = (2 * x - control[0], 2 * y - control[1])
    return start, segments


def path_ends(path: str) -> list[tuple[float, float]]:
    """The absolute end points of our paths' segments, the start first."""
    start, segments = path_curves(path)
    return [start, *(segment[-1] for segment in segments)]


@given(shapes, st.booleans())
def test_a_smooth_path_passes_through_every_point(shape: Shape, closed: bool) -> None:
    # Relative coordinates are differences of points rounded to a tenth: no drift, however
    # long the path.
    ends = path_ends(smooth_path(shape, closed=closed))
    expected = [*shape, shape[0]] if closed else list(shape)
    assert ends == [pytest.approx((round(x, 1), round(y, 1)), abs=0.051) for x, y in expected]


@given(shapes, st.booleans())
def test_a_smooth_path_is_the_catmull_rom_spline_to_a_tenth(shape: Shape, closed: bool) -> None:
    # Leaving each curve's first control point to the reader (`s`) moves no control point
    # more than a tenth of a unit from the exact spline's: the same picture.
    count = len(shape)

    def at(index: int) -> Point:
        return shape[index % count] if closed else shape[max(0, min(count - 1, index))]

    _, segments = path_curves(smooth_path(shape, closed=closed))
    assert len(segments) == (count if closed else count - 1)
    for index, written in enumerate(segments):
        p0, p1, p2, p3 = at(index - 1), at(index), at(index + 1), at(index + 2)
        exact = (
            (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6),
            (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6),
            p2,
        )
        for (wx, wy), (ex, ey) in zip(written, exact, strict=True):
            assert abs(wx - ex) <= 0.1 + 1e-6 and abs(wy - ey) <= 0.1 + 1e-6, (index, written)


tenths = st.integers(-100_000, 100_000)


@given(st.lists(st.tuples(tenths, tenths), min_size=1, max_size=30), st.booleans())
def test_path_numbers_read_back_exactly_as_written(
    grid: list[tuple[int, int]], closed: bool
) -> None:
    # Points on the tenth grid come back exactly: every separator left out (`1.5.5`,
    # `3-2`) still parts two numbers, and none is left out where two would run together.
    shape = [(x / 10, y / 10) for x, y in grid]
    ends = path_ends(smooth_path(shape, closed=closed and len(shape) >= 3))
    expected = [*grid, grid[0]] if closed and len(shape) >= 3 else grid
    assert [(round(x * 10), round(y * 10)) for x, y in ends] == expected


def test_which_half_of_the_picture_shows_each_side(library: Library) -> None:
    # DESIGN.md: from behind, the patient's right is on the viewer's right; from the
    # front, on the viewer's left; the side view shows the right and mirrors for the left.
    back, front, side_view = (library.view(name) for name in ("posterior", "anterior", "lateral"))
    assert viewer_side(back, "right") == "right" and viewer_side(back, "left") == "left"
    assert viewer_side(front, "right") == "left" and viewer_side(front, "left") == "right"
    assert viewer_side(side_view, "right") == "right" and viewer_side(side_view, "left") == "left"
    assert figure_is_mirrored(side_view, "left") and not figure_is_mirrored(side_view, "right")
    assert not figure_is_mirrored(back, "left") and not figure_is_mirrored(front, "left")


def test_every_region_is_placed_on_its_own_side_of_the_midline(library: Library) -> None:
    for view in library.views:
        if not view.symmetric:
            continue
        for region_id, shape in view.regions.items():
            if library.region(region_id).laterality == "midline":
                continue
            for side in ("right", "left"):
                x = centroid(for_side(shape, side))[0]
                on_viewer_right = x > MIDLINE
                assert on_viewer_right == (viewer_side(view, side) == "right"), (
                    view.id,
                    region_id,
                    side,
                )


@given(shapes, st.lists(xy_points, min_size=1, max_size=20), st.floats(0, 12))
def test_an_indexed_outline_answers_as_the_plain_polygon_does(
    shape: Shape, points: list[Point], tolerance: float
) -> None:
    indexed = Outline(shape)
    for point in points:
        assert indexed.contains(point) == contains(shape, point)
        assert indexed.within(point, tolerance) == within(shape, point, tolerance)
