"""The whole library as JSON, for programs that do not read YAML or Python.

Every list is ordered by id and every object keeps the model's field order,
so the same data always gives the same bytes. Each trigger point also carries
`felt`: where its pain is felt for a point on either side, as drawn regions on
sides (composites expanded, `:both` entries on both sides), so that a program
need not know the vocabulary's rules to paint or search a pattern.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from trigger_points.datafiles import KINDS
from trigger_points.dermatomes import DermatomeMatch
from trigger_points.guide import Candidate, MuscleCandidate
from trigger_points.library import Library
from trigger_points.model import SIDES, ZONES, NerveRoot, TriggerPoint
from trigger_points.phrases import NOT_A_DIAGNOSIS

__all__ = ["export_json", "guide_as_data", "library_as_data"]


def library_as_data(library: Library) -> dict[str, Any]:
    """The library as plain JSON-ready data: every kind of item, each list in a stable order."""
    data: dict[str, Any] = {}
    for kind in KINDS:
        items: tuple[BaseModel, ...] = getattr(library, kind.plural)
        data[kind.plural] = [item.model_dump(mode="json") for item in items]
    for muscle in data["muscles"]:
        for point in muscle["trigger_points"]:
            point["felt"] = _felt(library, library.trigger_point(point["id"]))
    return data


def _felt(library: Library, point: TriggerPoint) -> dict[str, dict[str, list[str]]]:
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
