"""The rules that span files, each problem placed where the author must fix it.

References: every region, condition and source a file cites must exist.
Geometry: the figure's regions lie inside the body and do not overlap beyond
a small tolerance; a muscle's outline lies inside the body; a trigger point
lies inside its muscle's outline in every view it is drawn in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations

from trigger_points.entries import Collection, Entry
from trigger_points.errors import Problem, did_you_mean
from trigger_points.geometry import (
    MIDLINE,
    Outline,
    Shape,
    area,
    bounds,
    centroid,
    contains,
    mirror_shape,
    overlap_area,
    resolve,
    whole_outline,
)
from trigger_points.loader import PathKey
from trigger_points.model import (
    BodyView,
    Citation,
    Condition,
    GuidanceSection,
    Muscle,
    Point,
    Region,
    Source,
)

EDGE_TOLERANCE = 6.0
"""How far a shape may reach past the body's outline: the renderer clips it to the outline."""

OVERLAP_TOLERANCE = 0.05
"""The share of the smaller of two regions that the two may have in common."""

OVERLAP_STEP = 1.0
"""The height, in units, of the strips in which shared area is measured."""


def citations(muscle: Muscle) -> Iterator[tuple[PathKey, Citation]]:
    """Every citation in a muscle, with its path in the muscle's file."""
    sections: list[tuple[PathKey, tuple[Citation, ...]]] = [(("sources",), muscle.sources)]
    for index, point in enumerate(muscle.trigger_points):
        sections.append((("trigger_points", index, "sources"), point.sources))
    sections.append((("needling", "sources"), muscle.needling.sources))
    for index, care in enumerate(muscle.self_care):
        sections.append((("self_care", index, "sources"), care.sources))
    for path, cited in sections:
        for index, citation in enumerate(cited):
            yield (*path, index, "source"), citation


def zones(muscle: Muscle) -> Iterator[tuple[PathKey, str]]:
    """Every region a muscle's trigger points refer to, with its path in the file."""
    for index, point in enumerate(muscle.trigger_points):
        for zone in ("essential", "spillover"):
            for position, region in enumerate(getattr(point, zone)):
                yield ("trigger_points", index, zone, position), region


def check_references(
    sources: Collection[Source],
    conditions: Collection[Condition],
    regions: Collection[Region],
    muscles: Collection[Muscle],
    guidance: Collection[GuidanceSection],
) -> list[Problem]:
    """Every id a file cites must name something the library holds."""
    found: list[Problem | None] = []
    for section in guidance.entries.values():
        for position, citation in enumerate(section.item.intro_sources):
            path: PathKey = ("intro_sources", position, "source")
            found.append(sources.check_reference(citation.source, section, path))
        for index, statement in enumerate(section.item.statements):
            for position, citation in enumerate(statement.sources):
                path = ("statements", index, "sources", position, "source")
                found.append(sources.check_reference(citation.source, section, path))
    for condition in conditions.entries.values():
        for index, citation in enumerate(condition.item.sources):
            cited_at: PathKey = ("sources", index, "source")
            found.append(sources.check_reference(citation.source, condition, cited_at))
    for muscle in muscles.entries.values():
        for path, citation in citations(muscle.item):
            found.append(sources.check_reference(citation.source, muscle, path))
        for path, region in zones(muscle.item):
            found.append(regions.check_reference(region, muscle, path))
        for field in ("conditions", "mimics"):
            for index, condition_id in enumerate(getattr(muscle.item, field)):
                found.append(conditions.check_reference(condition_id, muscle, (field, index)))
    return [problem for problem in found if problem is not None]


def body_outline(view: BodyView) -> Shape:
    """The whole outline of a view's figure."""
    return whole_outline(view.outline) if view.symmetric else view.outline


def landmark_points(view: BodyView) -> dict[str, Point]:
    """Where each landmark of a view lies, on the right side for paired ones."""
    return {landmark.id: landmark.at for landmark in view.landmarks}


def _outside(shape: Shape, outline: Outline) -> tuple[int, Point] | None:
    for index, point in enumerate(shape):
        if not outline.within(point, EDGE_TOLERANCE):
            return index, point
    return None


def _written_on_wrong_side(view: BodyView, region: Region, shape: Shape) -> str | None:
    x = centroid(shape)[0]
    if region.laterality == "midline":
        if not view.symmetric:
            return None  # seen from the side, the midline is the body's front or back edge
        low, _, high, _ = bounds(shape)
        return None if low <= MIDLINE <= high else "a midline region must straddle x = 200"
    if view.id == "posterior" and x < MIDLINE:
        return "write paired regions for the right side: x > 200 in the posterior view"
    if view.id == "anterior" and x > MIDLINE:
        return "write paired regions for the right side: x < 200 in the anterior view"
    return None


def _placed_regions(view: BodyView, regions: Collection[Region]) -> list[tuple[str, Shape]]:
    """Each region shape as drawn: paired ones on both sides, except in the lateral view."""
    placed: list[tuple[str, Shape]] = []
    for region_id, shape in view.regions.items():
        placed.append((region_id, shape))
        entry = regions.entries.get(region_id)
        if entry and entry.item.laterality == "paired" and view.symmetric:
            placed.append((f"{region_id}:left", mirror_shape(shape)))
    return placed


def _check_view(
    view: Entry[BodyView], outline: Outline, regions: Collection[Region]
) -> Iterator[Problem]:
    body = view.item
    for index, landmark in enumerate(body.landmarks):
        if not outline.within(landmark.at, EDGE_TOLERANCE):
            yield view.problem(
                ("landmarks", index, "at"), f"landmark {landmark.id} lies outside the body"
            )
    for region_id, shape in body.regions.items():
        path = ("regions", region_id)
        if region_id not in regions.entries:
            yield view.problem(
                path, f"unknown region {region_id!r}{did_you_mean(region_id, regions.entries)}"
            )
            continue
        outside = _outside(shape, outline)
        if outside:
            index, (x, y) = outside
            yield view.problem(
                (*path, index), f"region {region_id} reaches outside the body at ({x:g}, {y:g})"
            )
        wrong_side = _written_on_wrong_side(body, regions.entries[region_id].item, shape)
        if wrong_side:
            yield view.problem(path, wrong_side)
    placed = [(key, shape, bounds(shape)) for key, shape in _placed_regions(body, regions)]
    for (first_id, first, a), (second_id, second, b) in combinations(placed, 2):
        if a[0] >= b[2] or b[0] >= a[2] or a[1] >= b[3] or b[1] >= a[3]:
            continue  # boxes apart: nothing shared
        shared = overlap_area(first, second, OVERLAP_STEP)
        smaller = min(area(first), area(second))
        if shared > OVERLAP_TOLERANCE * smaller:
            share = round(100 * shared / smaller)
            where = ("regions", second_id.partition(":")[0])
            yield view.problem(
                where, f"region {second_id} overlaps {first_id} by {share}% of the smaller"
            )


def _check_muscle_figure(
    muscle: Entry[Muscle], views: Collection[BodyView], outlines: Mapping[str, Outline]
) -> Iterator[Problem]:
    item = muscle.item
    for view_id, shape in item.outlines.items():
        view = views.entries.get(view_id)
        if view is None:
            yield muscle.problem(("outlines", view_id), f"there is no {view_id} view of the body")
            continue
        outside = _outside(shape, outlines[view_id])
        if outside:
            index, (x, y) = outside
            where = ("outlines", view_id, index)
            yield muscle.problem(where, f"the outline reaches outside the body at ({x:g}, {y:g})")
    for index, point in enumerate(item.trigger_points):
        for view_id, position in point.positions.items():
            path: PathKey = ("trigger_points", index, "positions", view_id)
            view = views.entries.get(view_id)
            if view is None:
                yield muscle.problem(path, f"there is no {view_id} view of the body")
                continue
            landmarks = landmark_points(view.item)
            named = [position.at] if position.at else list(position.between or ())
            unknown = [name for name in named if name not in landmarks]
            if unknown:
                hint = did_you_mean(unknown[0], landmarks)
                yield muscle.problem(
                    path, f"unknown landmark {unknown[0]!r} in the {view_id} view{hint}"
                )
                continue
            outline = item.outlines.get(view_id)
            if outline is None:
                yield muscle.problem(
                    path, f"{item.id} has no outline in the {view_id} view to place this in"
                )
                continue
            x, y = resolve(position, landmarks)
            if not contains(outline, (x, y)):
                yield muscle.problem(
                    path,
                    f"trigger point {point.id} at ({x:g}, {y:g}) lies outside the outline of "
                    f"{item.id} in the {view_id} view",
                )


def check_geometry(
    views: Collection[BodyView], regions: Collection[Region], muscles: Collection[Muscle]
) -> list[Problem]:
    """The figure's shapes fit the body, regions tile without overlapping, points lie in muscles."""
    found: list[Problem] = []
    drawn = {region_id for view in views.entries.values() for region_id in view.item.regions}
    for region in regions.entries.values():
        if region.item.id not in drawn:
            message = (
                f"region {region.item.id} has no shape in any body view, so no map can show it"
            )
            found.append(region.problem(("id",), message))
    outlines = {key: Outline(body_outline(view.item)) for key, view in views.entries.items()}
    for key, view in views.entries.items():
        found.extend(_check_view(view, outlines[key], regions))
    for muscle in muscles.entries.values():
        found.extend(_check_muscle_figure(muscle, views, outlines))
    return found
