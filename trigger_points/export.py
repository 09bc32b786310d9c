"""The whole library as JSON, for programs that do not read YAML or Python.

Every list is ordered by id and every object keeps the model's field order,
so the same data always gives the same bytes. Each trigger point also carries
`felt`: where its pain is felt for a point on either side, as drawn regions on
sides (composites expanded, `:both` entries on both sides), so that a program
need not know the vocabulary's rules to paint or search a pattern. Each region
likewise carries `codes`: its CHOIR and Michigan body-map codes on each side
(a composite's are its parts', a left side's the mirror of the right's, a
midline region's the same on both).

The export says which shape it has in `format_version` (EXPORT_FORMAT_VERSION)
and is described by its own JSON Schema, `trigger-points schema export`, made
from the `Export` model below. Every field is written, `null` where a data file
left it out, so a reader never has to guess a default.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel

from trigger_points.crosswalk import ChoirCode, MichiganCode
from trigger_points.datafiles import KINDS
from trigger_points.dermatomes import DermatomeMatch
from trigger_points.guide import Candidate, MuscleCandidate
from trigger_points.library import Library
from trigger_points.model import (
    SIDES,
    ZONES,
    BodyView,
    Condition,
    FrozenMap,
    GuidanceSection,
    Model,
    Muscle,
    NerveRoot,
    Region,
    RegionGroup,
    RegionKey,
    Side,
    Source,
    TriggerPoint,
    Zone,
)
from trigger_points.phrases import NOT_A_DIAGNOSIS

__all__ = [
    "EXPORT_FORMAT_VERSION",
    "Export",
    "ExportedMuscle",
    "ExportedRegion",
    "ExportedTriggerPoint",
    "RegionCodes",
    "export_json",
    "guide_as_data",
    "library_as_data",
    "point_felt",
    "region_codes",
]

EXPORT_FORMAT_VERSION: Literal[1] = 1
"""The shape of the export. It goes up by one when a release changes the export in a way a
reader of the previous shape could misread: a key removed or renamed, a value of another
type or meaning, a list ordered differently. Adding a key or a kind of item does not change
it (readers ignore keys they do not know; the schema allows them), nor does new data."""


class ExportedTriggerPoint(TriggerPoint):
    """A trigger point as exported: as written, and where its pain is felt on each side."""

    felt: FrozenMap[Side, FrozenMap[Zone, tuple[str, ...]]]
    """Where the pain of a point on each side is felt, as drawn regions with their sides,
    composites expanded and `:both` entries on both sides: `{"right": {"essential":
    ["buttock_lower:right"], "spillover": []}, "left": {...}}`."""


class ExportedMuscle(Muscle):
    """A muscle as exported: as written, each trigger point with where it is felt."""

    trigger_points: tuple[ExportedTriggerPoint, ...]
    """The muscle's trigger points, each with its referral zones and where they are felt."""


class RegionCodes(Model):
    """The body-map codes a region on one side is filed under."""

    choir: tuple[ChoirCode, ...]
    """Its CHOIR body map codes on this side: `["b24"]`."""
    michigan: tuple[MichiganCode, ...]
    """Its Michigan Body Map areas on this side: `[34]`."""


class ExportedRegion(Region):
    """A region as exported: as written, and its codes on each side."""

    codes: FrozenMap[Side, RegionCodes]
    """Its CHOIR and Michigan codes on each side (a composite's are its parts', a left
    side's the mirror of the right's, a midline region's the same on both)."""


class Export(Model):
    """The whole library as one JSON document (`trigger-points export`).

    Cross-references are by id, every list is ordered by id (guidance and region
    groups as written), and every field of every item is present.
    """

    format_version: Literal[1]
    """The shape of this document: `1`. It changes only when a key is removed or renamed or
    a value changes type or meaning; new keys may appear in any release."""
    sources: tuple[Source, ...]
    """Every book, chapter or paper the data cites."""
    conditions: tuple[Condition, ...]
    """The conditions muscles relate to or can be mistaken for."""
    regions: tuple[ExportedRegion, ...]
    """The region vocabulary zones are written in, with each region's codes."""
    muscles: tuple[ExportedMuscle, ...]
    """Every muscle with its trigger points."""
    guidance: tuple[GuidanceSection, ...]
    """The general guidance: safety, evidence, epidemiology."""
    views: tuple[BodyView, ...]
    """The body views the figure is drawn in, with their region shapes and landmarks."""
    region_groups: tuple[RegionGroup, ...]
    """The groups regions are listed and tinted in."""
    nerve_roots: tuple[NerveRoot, ...]
    """The lumbosacral nerve roots and their dermatomes."""


def library_as_data(library: Library) -> dict[str, Any]:
    """The library as plain JSON-ready data: every kind of item, each list in a stable order.

    It is what `Export` describes, starting with its `format_version`.
    """
    data: dict[str, Any] = {"format_version": EXPORT_FORMAT_VERSION}
    for kind in KINDS:
        items: tuple[BaseModel, ...] = getattr(library, kind.plural)
        data[kind.plural] = [item.model_dump(mode="json") for item in items]
    for muscle in data["muscles"]:
        for point in muscle["trigger_points"]:
            point["felt"] = point_felt(library, library.trigger_point(point["id"]))
    for region in data["regions"]:
        region["codes"] = region_codes(library, region["id"])
    return data


def region_codes(library: Library, region_id: str) -> dict[str, dict[str, Any]]:
    """`{"right": {"choir": ["b24"], "michigan": [34]}, "left": {...}}` for one region."""
    region = library.region(region_id)
    return {side: library.codes(str(RegionKey.felt_on(region, side))).as_data() for side in SIDES}


def point_felt(library: Library, point: TriggerPoint) -> dict[str, dict[str, list[str]]]:
    """`{"right": {"essential": ["iliac_crest:right", ...], "spillover": [...]}, "left": ...}`."""
    return {
        side: {zone: [str(key) for key in library.felt(point, zone, side)] for zone in ZONES}
        for side in SIDES
    }


def export_json(library: Library) -> str:
    """The library as indented JSON text ending in a newline."""
    return json.dumps(library_as_data(library), indent=2, ensure_ascii=False) + "\n"


def guide_as_data(
    library: Library,
    regions: Sequence[str],
    by: str,
    candidates: Sequence[Candidate | MuscleCandidate],
    dermatomes: Sequence[DermatomeMatch],
    alerts: Sequence[NerveRoot],
) -> dict[str, Any]:
    """A pain guide's answer as JSON-ready data, the emergency questions first.

    `emergency` is never left out: a program that shows the ranking must be able
    to see that the drawing reaches the saddle and which questions to ask now.
    """
    questions = [
        flag.text
        for flag in library.guidance_section("red_flags").statements
        if alerts and flag.urgency == "emergency"
    ]
    return {
        "regions": list(regions),
        "emergency": {
            "ask_now": bool(alerts),
            "roots": [root.id for root in alerts],
            "questions": questions,
        },
        "by": by,
        "candidates": [candidate.as_data() for candidate in candidates],
        "dermatomes": [match.as_data() for match in dermatomes if match.consistent],
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
    }
