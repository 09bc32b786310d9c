"""Where a trigger point's pain is felt: its zone entries as drawn regions on sides.

Data may name a composite region (`calf`) or its parts (`calf_upper`), and an
entry may be felt on both sides (`lumbar_lower:both`). Maps, the guide, the
sheets and the export all need the same answer to "which drawn regions, on
which side?", so it is worked out here and nowhere else: composites are
expanded to their leaves, each leaf is put on the side it is felt, and
whatever the essential zone covers on a side is not spillover there.

This module knows models only; the Library offers it as `lib.leaves(...)`
and `lib.felt(...)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from trigger_points.model import SIDES, Region, RegionKey, Side, TriggerPoint, Zone, ZoneEntry

__all__ = ["entry_keys", "felt", "leaves"]


def leaves(regions: Mapping[str, Region], region_id: str) -> tuple[str, ...]:
    """The drawn regions a region stands for: itself, or its parts' leaves, in order.

    Unknown ids and cycles are the checks' to report; here they stop the walk
    instead of recursing for ever.
    """
    found: dict[str, None] = {}
    _walk(regions, region_id, frozenset({region_id}), found)
    return tuple(found)


def _walk(
    regions: Mapping[str, Region], current: str, path: frozenset[str], found: dict[str, None]
) -> None:
    # Not a closure: a function calling itself through its own cell is a reference
    # cycle, which only the cyclic collector frees (one per call, at every load).
    region = regions.get(current)
    if region is None or not region.parts:
        found[current] = None
        return
    for part in region.parts:
        if part not in path:
            _walk(regions, part, path | {part}, found)


def entry_keys(
    regions: Mapping[str, Region], entry: ZoneEntry, side: Side
) -> tuple[RegionKey, ...]:
    """Where one zone entry of a trigger point on `side` is felt, as drawn regions on sides."""
    sides: Iterable[Side] = SIDES if entry.both else (side,)
    keys = (
        RegionKey.felt_on(regions[leaf], felt_side)
        for felt_side in sides
        for leaf in leaves(regions, entry.region)
        if leaf in regions
    )
    return tuple(dict.fromkeys(keys))


def felt(
    regions: Mapping[str, Region], point: TriggerPoint, zone: Zone, side: Side
) -> tuple[RegionKey, ...]:
    """Where a trigger point on `side` refers pain in a zone: drawn regions on their sides.

    Each key comes once, in the order written; spillover leaves out what the
    essential zone already covers on that side.
    """
    keys = {key: None for entry in point.entries(zone) for key in entry_keys(regions, entry, side)}
    if zone == "spillover":
        for key in felt(regions, point, "essential", side):
            keys.pop(key, None)
    return tuple(keys)
