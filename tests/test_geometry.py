"""Geometry: mirroring, the side conventions of each view, containment, smoothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import xy_points

from trigger_points.geometry import (
    MIDLINE,
    Outline,
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
    half = [(200.0, 20.0), *half, (200.0, 500.0)]
    whole = whole_outline(half)
    assert set(mirror_shape(whole)) == set(whole)


@given(xy_points, xy_points, xy_points)
def test_a_triangle_contains_its_centroid(a, b, c) -> None:  # type: ignore[no-untyped-def]
    triangle = (a, b, c)
    if area(triangle) > 1:
        assert contains(triangle, centroid(triangle))


def test_overlap_of_a_square_with_itself_and_with_a_far_one() -> None:
    square = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    far = tuple((x + 20, y) for x, y in square)
    assert overlap_area(square, square) == pytest.approx(100, rel=0.05)
    assert overlap_area(square, far) == 0


@given(shapes, st.booleans())
def test_a_smooth_path_passes_through_every_point(shape, closed) -> None:  # type: ignore[no-untyped-def]
    path = smooth_path(shape, closed=closed)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    ends = [(numbers[0], numbers[1])] + [
        (numbers[i + 4], numbers[i + 5]) for i in range(2, len(numbers) - 2, 6)
    ]
    expected = [*shape, shape[0]] if closed else list(shape)
    assert ends == [pytest.approx((round(x, 1), round(y, 1)), abs=0.051) for x, y in expected]


def test_which_half_of_the_picture_shows_each_side() -> None:
    assert viewer_side("posterior", "right") == "right"
    assert viewer_side("anterior", "right") == "left"
    assert viewer_side("anterior", "left") == "right"
    assert viewer_side("lateral", "left") == "left"
    assert figure_is_mirrored("lateral", "left") and not figure_is_mirrored("posterior", "left")


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
                assert on_viewer_right == (viewer_side(view.id, side) == "right"), (
                    view.id,
                    region_id,
                    side,
                )


@given(shapes, st.lists(xy_points, min_size=1, max_size=20), st.floats(0, 12))
def test_an_indexed_outline_answers_as_the_plain_polygon_does(shape, points, tolerance) -> None:  # type: ignore[no-untyped-def]
    indexed = Outline(shape)
    for point in points:
        assert indexed.contains(point) == contains(shape, point)
        assert indexed.within(point, tolerance) == within(shape, point, tolerance)
