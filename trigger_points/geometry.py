"""Plane geometry of the body views: orientation, mirroring, smoothing, containment, overlap.

Every view has one frame: x 0..400 with the midline at x = 200, y 0..1000
from crown to soles. Paired shapes are written once, for the patient's right
side, where that side appears in the view. The left side is always the
mirror image (x -> 400 - x).

Orientation is read from each view's data, here and nowhere else: a
symmetric view shows both sides, the patient's right on the half its
`right_side_on` names; a one-sided view shows the right side and is mirrored
whole to show the left. `viewer_side`, `figure_is_mirrored` and `for_side`
are the one place these conventions live; checks, drawings and tests ask them.

Shapes are polygons; `smooth_path` turns them into the curves that are drawn.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise

from trigger_points.model import BodyView, Point, Position, Side, opposite

__all__ = [
    "COVERAGE_FROM",
    "HEIGHT",
    "MIDLINE",
    "WIDTH",
    "Outline",
    "Shape",
    "Strips",
    "area",
    "body_outline",
    "bounds",
    "centroid",
    "contains",
    "coverage",
    "distance_to_edge",
    "figure_is_mirrored",
    "for_side",
    "landmark_points",
    "mirror_point",
    "mirror_shape",
    "overlap_area",
    "placed_shapes",
    "resolve",
    "smooth_path",
    "viewer_half",
    "viewer_side",
    "whole_outline",
    "within",
]

WIDTH, HEIGHT = 400.0, 1000.0
MIDLINE = WIDTH / 2

Shape = tuple[Point, ...]


def mirror_point(point: Point) -> Point:
    """The point's mirror image across the midline (rounded so that mirroring twice is exact)."""
    return (round(WIDTH - point[0], 6), point[1])


def mirror_shape(points: Sequence[Point]) -> Shape:
    """The shape's mirror image, its points reversed so that its winding is kept."""
    return tuple(mirror_point(point) for point in reversed(points))


def for_side(points: Sequence[Point], side: Side) -> Shape:
    """A shape written for the patient's right side, placed for `side` in the same frame."""
    return tuple(points) if side == "right" else mirror_shape(points)


def figure_is_mirrored(view: BodyView, side: Side) -> bool:
    """Whether the whole figure is drawn mirrored: a one-sided view showing the left side."""
    return not view.symmetric and side == "left"


def viewer_side(view: BodyView, side: Side) -> Side:
    """On which half of the picture (the viewer's left or right) the patient's `side` is.

    In a symmetric view, the half that shows that side; in a one-sided view, the
    half its front faces, since the left side is the right side's mirror image.
    """
    right: Side = "right" if view.right_side_on == "viewer_right" else "left"
    return right if side == "right" else opposite(right)


def viewer_half(x: float) -> Side:
    """The viewer's half of the frame that an x lies in (the midline itself counts as right)."""
    return "left" if x < MIDLINE else "right"


def whole_outline(half: Sequence[Point]) -> Shape:
    """A symmetric outline completed from its right half (crown to crotch, on the midline)."""
    mirrored = [mirror_point(point) for point in reversed(half)]
    return (*half, *(point for point in mirrored if point not in (half[0], half[-1])))


def body_outline(view: BodyView) -> Shape:
    """The whole outline of a view's figure."""
    return whole_outline(view.outline) if view.symmetric else view.outline


def landmark_points(view: BodyView) -> dict[str, Point]:
    """Where each landmark of a view lies, on the right side for paired ones."""
    return {landmark.id: landmark.at for landmark in view.landmarks}


def resolve(position: Position, landmarks: Mapping[str, Point]) -> Point:
    """The coordinates a position names; raises KeyError for an unknown landmark."""
    if position.xy is not None:
        base = position.xy
    elif position.at is not None:
        base = landmarks[position.at]
    else:
        assert position.between is not None and position.fraction is not None
        (ax, ay), (bx, by) = landmarks[position.between[0]], landmarks[position.between[1]]
        base = (ax + (bx - ax) * position.fraction, ay + (by - ay) * position.fraction)
    return (base[0] + position.offset[0], base[1] + position.offset[1])


def contains(polygon: Sequence[Point], point: Point) -> bool:
    """Whether the point lies inside the polygon (even-odd rule)."""
    x, y = point
    inside = False
    previous = polygon[-1]
    for current in polygon:
        (x1, y1), (x2, y2) = previous, current
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        previous = current
    return inside


def _segment_distance(start: Point, end: Point, point: Point) -> float:
    """The distance from a point to a segment, the same whichever way the segment runs."""
    (x1, y1), (x2, y2) = sorted((start, end))  # one order, so rounding cannot depend on it
    px, py = point
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def distance_to_edge(polygon: Sequence[Point], point: Point) -> float:
    """The shortest distance from the point to the polygon's boundary."""
    best = math.inf
    previous = polygon[-1]
    for current in polygon:
        best = min(best, _segment_distance(previous, current, point))
        previous = current
    return best


def within(polygon: Sequence[Point], point: Point, tolerance: float = 0.0) -> bool:
    """Whether the point is inside the polygon or no further than `tolerance` outside it."""
    return contains(polygon, point) or distance_to_edge(polygon, point) <= tolerance


class Outline:
    """A polygon asked many times whether points lie in or near it, as the body's outline is.

    Edges are filed in horizontal bands, so a question looks only at the edges near
    the point instead of at all of the outline's hundreds.
    """

    BAND = 10.0

    def __init__(self, polygon: Sequence[Point]) -> None:
        self.polygon = tuple(polygon)
        self._bands: dict[int, list[tuple[Point, Point]]] = {}
        previous = self.polygon[-1]
        for current in self.polygon:
            low, high = sorted((previous[1], current[1]))
            for band in range(int(low // self.BAND), int(high // self.BAND) + 1):
                self._bands.setdefault(band, []).append((previous, current))
            previous = current

    def contains(self, point: Point) -> bool:
        """Whether the point lies inside (even-odd rule), as `contains` says."""
        x, y = point
        inside = False
        for (x1, y1), (x2, y2) in self._edges_crossing(y):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def within(self, point: Point, tolerance: float) -> bool:
        """Whether the point is inside or no further than `tolerance` outside the outline."""
        if self.contains(point):
            return True
        y = point[1]
        near = {
            edge
            for band in range(
                int((y - tolerance) // self.BAND), int((y + tolerance) // self.BAND) + 1
            )
            for edge in self._bands.get(band, ())
        }
        return any(_segment_distance(*edge, point) <= tolerance for edge in near)

    def _edges_crossing(self, y: float) -> list[tuple[Point, Point]]:
        return self._bands.get(int(y // self.BAND), [])


def area(polygon: Sequence[Point]) -> float:
    """The polygon's area (shoelace formula); a self-crossing polygon gives a wrong answer."""
    total = 0.0
    previous = polygon[-1]
    for current in polygon:
        total += previous[0] * current[1] - current[0] * previous[1]
        previous = current
    return abs(total) / 2


def bounds(points: Iterable[Point]) -> tuple[float, float, float, float]:
    """The smallest box holding the points: (min x, min y, max x, max y)."""
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def centroid(polygon: Sequence[Point]) -> Point:
    """The mean of the polygon's corners: a good enough place for a label."""
    return (
        sum(point[0] for point in polygon) / len(polygon),
        sum(point[1] for point in polygon) / len(polygon),
    )


class Strips:
    """A polygon cut into horizontal strips `step` units high, each with the spans inside it.

    Strips lie on one grid for every shape (strip k is centred on y = (k + 0.5) x step),
    so two shapes cut once can be compared strip by strip without cutting them again.
    Each edge is filed only in the strips it crosses, so cutting costs about the number
    of edges plus the number of strips, not their product.
    """

    def __init__(self, polygon: Sequence[Point], step: float = 1.0) -> None:
        self.step = step
        crossings: dict[int, list[float]] = {}
        previous = polygon[-1]
        for current in polygon:
            (x1, y1), (x2, y2) = previous, current
            previous = current
            if y1 == y2:
                continue
            low, high = min(y1, y2), max(y1, y2)
            # The strips whose centre y is crossed: low <= y < high, the even-odd rule's test.
            first = math.ceil(low / step - 0.5)
            for strip in range(first, math.ceil(high / step - 0.5)):
                y = (strip + 0.5) * step
                if (y1 > y) != (y2 > y):
                    crossings.setdefault(strip, []).append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        self.spans: dict[int, list[tuple[float, float]]] = {}
        for strip, xs in crossings.items():
            xs.sort()
            self.spans[strip] = list(zip(xs[::2], xs[1::2], strict=True))
        self.area = sum(b - a for spans in self.spans.values() for a, b in spans) * step
        """The polygon's area as the strips measure it."""

    def shared(self, other: Strips) -> float:
        """The area this polygon shares with another cut on the same grid."""
        if other.step != self.step:
            raise ValueError("both shapes must be cut into strips of the same height")
        small, large = sorted((self.spans, other.spans), key=len)
        total = 0.0
        for strip, spans in small.items():
            for b0, b1 in large.get(strip, ()):
                for a0, a1 in spans:
                    total += max(0.0, min(a1, b1) - max(a0, b0))
        return total * self.step


def overlap_area(first: Sequence[Point], second: Sequence[Point], step: float = 1.0) -> float:
    """The area two polygons share, summed over horizontal strips `step` units high."""
    return Strips(first, step).shared(Strips(second, step))


def _tenths(value: float) -> int:
    """A coordinate in whole tenths of a unit: paths are written to a tenth, without drift."""
    return round(round(value, 1) * 10)  # as `f"{value:.1f}"` rounds: 0.15 is 0.1


@lru_cache(maxsize=8192)
def _number(tenths: int) -> str:
    """The shortest text SVG reads as `tenths / 10`: `12`, `-3.5`, `.4`, `-.4`."""
    whole, fraction = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not fraction:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{fraction}"


def _numbers(values: Iterable[int]) -> str:
    """Numbers joined with the fewest separators SVG's path grammar allows.

    A minus sign starts a new number, and so does a second decimal point: `1.5.5` is 1.5
    then .5. Only where neither holds does a space go between two numbers.
    """
    texts = [_number(value) for value in values]
    joined = texts[:1]
    for before, number in pairwise(texts):
        starts_anew = number[0] == "-" or (number[0] == "." and "." in before)
        joined.append(number if starts_anew else " " + number)
    return "".join(joined)


def smooth_path(points: Sequence[Point], *, closed: bool = True) -> str:
    """SVG path data through every point, smoothed as a Catmull-Rom spline in cubic Béziers.

    A closed shape comes back to its first point; an open one keeps its ends. Each
    point is rounded to a tenth of a unit, and so is the tangent at it (a sixth of the
    chord through its neighbours), which places the control points either side of it:
    every control point is within a tenth of a unit of the exact spline's. Written
    relative to the point before (`c` rather than `C`) with the fewest separators, and
    after the first curve without its first control point (`s`), which is the mirror
    image of the one before through the point they share, the reader works it out:
    about half the bytes of absolute coordinates. Paths are most of a map's size.
    """
    count = len(points)
    if count < 3:
        ends = [(_tenths(x), _tenths(y)) for x, y in points]
        moves = [(x - px, y - py) for (px, py), (x, y) in pairwise(ends)]
        start = "M" + _numbers(ends[0]) if ends else ""
        return start + ("l" + _numbers(v for move in moves for v in move) if moves else "")

    def at(index: int) -> Point:
        if closed:
            return points[index % count]
        return points[max(0, min(count - 1, index))]

    def tangent(index: int) -> tuple[int, int]:
        """A sixth of the chord through the point's neighbours, in tenths.

        The control points either side of a point lie this far before and after it.
        """
        (bx, by), (ax, ay) = at(index - 1), at(index + 1)
        return _tenths((ax - bx) / 6), _tenths((ay - by) / 6)

    x, y = _tenths(points[0][0]), _tenths(points[0][1])
    start = "M" + _numbers((x, y))
    tx, ty = tangent(0)
    first = [tx, ty]  # the first curve's first control point, relative to its start
    smooth: list[int] = []
    for index in range(count if closed else count - 1):
        end = at(index + 1)
        ex, ey = _tenths(end[0]), _tenths(end[1])
        tx, ty = tangent(index + 1)
        # The control point before the end, and the end; the next curve's first control
        # point is the mirror image of this one through the end, exact in tenths.
        (first if index == 0 else smooth).extend((ex - tx - x, ey - ty - y, ex - x, ey - y))
        x, y = ex, ey
    curves = "c" + _numbers(first) + ("s" + _numbers(smooth) if smooth else "")
    return start + curves + ("z" if closed else "")


COVERAGE_FROM = "rib_10"
"""The landmark whose level the regions' coverage is measured from, down to the soles:
below it, anywhere a patient points should be a region."""

Spans = list[tuple[float, float]]


def _merged(spans: Iterable[tuple[float, float]]) -> Spans:
    """Spans on one line, sorted and with overlapping ones joined."""
    merged: Spans = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _without(spans: Spans, holes: Spans) -> Spans:
    """The parts of `spans` that no hole covers (both merged)."""
    kept: Spans = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                kept.append((start, hole_start))
            start = max(start, hole_end)
        if start < end:
            kept.append((start, end))
    return kept


def _shared_length(first: Spans, second: Spans) -> float:
    return sum(max(0.0, min(a1, b1) - max(a0, b0)) for a0, a1 in first for b0, b1 in second)


def placed_shapes(view: BodyView, paired: Mapping[str, bool]) -> list[tuple[str, Shape]]:
    """Each region shape as drawn, keyed `id`, or `id:left` for a mirrored one.

    A paired region (`paired[id]` true) is placed twice in a symmetric view, the left
    as the mirror of the right; ids missing from `paired` are not placed.
    """
    placed: list[tuple[str, Shape]] = []
    for region_id, shape in view.regions.items():
        if region_id not in paired:
            continue
        placed.append((region_id, shape))
        if paired[region_id] and view.symmetric:
            placed.append((f"{region_id}:left", mirror_shape(shape)))
    return placed


def coverage(view: BodyView, paired: Mapping[str, bool], step: float = 1.0) -> float | None:
    """The share of the body from the `rib_10` landmark down that the regions cover.

    The arm (`view.arm`, both sides in a symmetric view) and the overlays are left
    out: nobody expects a region there, or it hides what is beneath. None when the
    view has no `rib_10` landmark to measure from.
    """
    top = landmark_points(view).get(COVERAGE_FROM)
    if top is None:
        return None
    holes = [overlay.outline for overlay in view.overlays]
    if view.arm is not None:
        holes.append(view.arm)
        if view.symmetric:
            holes.append(mirror_shape(view.arm))
    body = Strips(body_outline(view), step)
    hole_strips = [Strips(hole, step) for hole in holes]
    tiles = [Strips(shape, step) for _, shape in placed_shapes(view, paired)]
    measured = covered = 0.0
    for strip, spans in body.spans.items():
        if (strip + 0.5) * step < top[1]:
            continue
        holes_here = _merged(span for hole in hole_strips for span in hole.spans.get(strip, ()))
        open_body = _without(_merged(spans), holes_here)
        tiled = _merged(span for tile in tiles for span in tile.spans.get(strip, ()))
        measured += sum(end - start for start, end in open_body)
        covered += _shared_length(open_body, tiled)
    return covered / measured if measured else None
