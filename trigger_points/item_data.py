"""One item, the muscle list or the region vocabulary as JSON-ready data, for `--format json`.

An item is written exactly as the whole-library export writes it (`export.py`):
a program that reads `show ID --format json` and one that reads `export` see
the same fields, `felt` on each trigger point and `codes` on each region
included. Takes models and returns plain data; it prints nothing.
"""

from __future__ import annotations

from typing import Any

from trigger_points.export import point_felt, region_codes
from trigger_points.library import Library
from trigger_points.model import MUSCLE_GROUP_LABELS, SIDES, Region, RegionKey

__all__ = ["item_as_data", "muscles_as_data", "regions_as_data", "views_drawing"]


def item_as_data(library: Library, item_id: str) -> dict[str, Any]:
    """The item with this id (any kind `show` shows) as the export writes it.

    A trigger point carries its `felt` zones, a region its `codes`; a region key
    with a side (`sacroiliac:right`) gives the region. Raises UnknownIdError for
    an id the library does not hold.
    """
    muscles = {muscle.id: muscle for muscle in library.muscles}
    points = {point.id: point for point in library.trigger_points}
    if item_id in muscles:
        data = muscles[item_id].model_dump(mode="json")
        for point in data["trigger_points"]:
            point["felt"] = point_felt(library, points[point["id"]])
        return data
    if item_id in points:
        data = points[item_id].model_dump(mode="json")
        data["felt"] = point_felt(library, points[item_id])
        return data
    for kind in (library.conditions, library.sources, library.nerve_roots):
        for item in kind:
            if item.id == item_id:
                return item.model_dump(mode="json")
    region = library.region(item_id)  # the last kind: its error names every region key
    data = region.model_dump(mode="json")
    data["codes"] = region_codes(library, region.id)
    return data


def muscles_as_data(library: Library) -> list[dict[str, Any]]:
    """The muscles as `list` shows them, by group: id, name, aliases, group, trigger points."""
    return [
        {
            "id": muscle.id,
            "name": muscle.name,
            "aliases": list(muscle.aliases),
            "group": group,
            "group_label": MUSCLE_GROUP_LABELS[group],
            "trigger_points": [point.id for point in muscle.trigger_points],
        }
        for group, members in library.muscles_by_group()
        for muscle in members
    ]


def views_drawing(library: Library, region: Region) -> list[str]:
    """The body views a region is drawn in (a composite: where any of its parts is)."""
    drawn = {key.region for key in library.leaves(region.id)}
    return [view.id for view in library.views if drawn & set(view.regions)]


def regions_as_data(library: Library, regions: tuple[Region, ...]) -> list[dict[str, Any]]:
    """The region vocabulary as a user looks an id up in it, by group then id.

    Each region: its id, label, group, the keys it is written as (`sacroiliac:left`,
    `sacroiliac:right`; a midline region its id alone), the sides it takes, the
    parts of a composite, and the views it is drawn in.
    """
    order = {group.id: number for number, group in enumerate(library.region_groups)}
    labels = {group.id: group.label for group in library.region_groups}
    ordered = sorted(regions, key=lambda region: (order.get(region.group, len(order)), region.id))
    return [
        {
            "id": region.id,
            "label": region.label,
            "group": region.group,
            "group_label": labels.get(region.group, region.group),
            "laterality": region.laterality,
            "sides": [] if region.laterality == "midline" else list(SIDES),
            "keys": [
                str(RegionKey(region.id, side))
                for side in ((None,) if region.laterality == "midline" else SIDES)
            ],
            "parts": list(region.parts),
            "views": views_drawing(library, region),
            "description": region.description,
        }
        for region in ordered
    ]
