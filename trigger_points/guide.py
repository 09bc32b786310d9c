"""The pain guide: from where a patient hurts to the trigger points that may refer there.

Each trigger point, on each side, has a referral pattern: the regions of its
essential zone and of its spillover zone, on its own side, on both sides if
the referral is bilateral, and midline regions whichever the side. Given the
painful regions, every pattern is scored:

    explained = (painful regions in the essential zone
                 + SPILLOVER_WEIGHT x painful regions only in the spillover zone)
    coverage  = explained / number of painful regions
    focus     = explained / (essential regions + SPILLOVER_WEIGHT x spillover regions)
    score     = COVERAGE_WEIGHT x coverage + FOCUS_WEIGHT x focus

Coverage dominates: a pattern whose essential zone covers all the pain beats
one that only spills into part of it. Focus breaks near-ties in favour of the
pattern that explains the pain without promising much else. Ties go by id.
`SCORING` holds these numbers; the site's page reads them from the same
place, so there is one definition of the ranking.

This module knows models, not files or the Library; the Library offers it as
`lib.guide(...)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from trigger_points.errors import UnknownIdError
from trigger_points.geometry import SIDES, Side
from trigger_points.model import Muscle, Region, TriggerPoint

SPILLOVER_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.85
FOCUS_WEIGHT = 0.15
SCORING: dict[str, float] = {
    "spillover": SPILLOVER_WEIGHT,
    "coverage": COVERAGE_WEIGHT,
    "focus": FOCUS_WEIGHT,
}
"""The ranking's numbers, as exported to the site's pain guide page."""

GuideSide = Literal["right", "left", "either"]
"""The side a candidate trigger point is on; `either` when both sides refer alike."""
SIDE_ORDER: dict[str, int] = {"either": 0, "right": 1, "left": 2}


@dataclass(frozen=True)
class Pattern:
    """Where one trigger point on one side refers pain, as region keys (`sacroiliac:right`)."""

    muscle: Muscle
    trigger_point: TriggerPoint
    side: GuideSide
    essential: frozenset[str]
    spillover: frozenset[str]
    """Spillover regions that are not also essential (another side may make them so)."""

    @property
    def size(self) -> float:
        """The pattern's extent, counting a spillover region at its weight."""
        return len(self.essential) + SPILLOVER_WEIGHT * len(self.spillover)


@dataclass(frozen=True)
class Candidate:
    """A trigger point that may explain the pain, with its score and its reasons."""

    muscle: Muscle
    trigger_point: TriggerPoint
    side: GuideSide
    score: float
    essential: tuple[str, ...]
    """The painful regions its essential zone covers."""
    spillover: tuple[str, ...]
    """The painful regions only its spillover zone covers."""
    unexplained: tuple[str, ...]
    """The painful regions its pattern does not reach."""

    def as_data(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        return {
            "muscle": self.muscle.id,
            "trigger_point": self.trigger_point.id,
            "side": self.side,
            "score": round(self.score, 6),
            "essential": list(self.essential),
            "spillover": list(self.spillover),
            "unexplained": list(self.unexplained),
        }


def region_key(region: Region, side: Side) -> str:
    """How a region on a side is written: `sacroiliac:right`, or `sacrum` for the midline."""
    return region.id if region.laterality == "midline" else f"{region.id}:{side}"


def _keys(regions: Mapping[str, Region], ids: Iterable[str], sides: Iterable[Side]) -> set[str]:
    return {region_key(regions[region_id], side) for region_id in ids for side in sides}


def patterns(muscles: Iterable[Muscle], regions: Mapping[str, Region]) -> tuple[Pattern, ...]:
    """Every trigger point's referral pattern on each side.

    When both sides give the same pattern (a bilateral referral, or one reaching only
    midline regions), the trigger point is one candidate on `either` side, not two.
    """
    found = []
    for muscle in muscles:
        for point in muscle.trigger_points:
            by_side = []
            for side in SIDES:
                sides: tuple[Side, ...] = SIDES if point.laterality == "bilateral" else (side,)
                essential = frozenset(_keys(regions, point.essential, sides))
                spillover = frozenset(_keys(regions, point.spillover, sides)) - essential
                by_side.append(Pattern(muscle, point, side, essential, spillover))
            right, left = by_side
            if (right.essential, right.spillover) == (left.essential, left.spillover):
                by_side = [Pattern(muscle, point, "either", right.essential, right.spillover)]
            found.extend(by_side)
    return tuple(found)


def painful_regions(regions: Mapping[str, Region], given: Iterable[str]) -> frozenset[str]:
    """Validate region keys as a user writes them; raise UnknownIdError naming close ids.

    A paired region needs its side (`groin:left`); a midline region takes none.
    """
    keys = [
        key
        for region in regions.values()
        for key in (
            [region.id] if region.laterality == "midline" else [f"{region.id}:{s}" for s in SIDES]
        )
    ]
    pain = set()
    for text in given:
        name, _, side = text.partition(":")
        region = regions.get(name)
        if region is None or (side and side not in SIDES):
            raise UnknownIdError("region", text, keys)
        if region.laterality == "paired" and not side:
            raise UnknownIdError(
                f"region (say which side: {name}:left or {name}:right)", text, keys
            )
        if region.laterality == "midline" and side:
            raise UnknownIdError(f"region ({name} is on the midline and takes no side)", text, keys)
        pain.add(text)
    return frozenset(pain)


def score(pattern: Pattern, pain: frozenset[str]) -> float:
    """How well a pattern explains the pain, in [0, 1] (see the module's docstring)."""
    essential = len(pain & pattern.essential)
    spillover = len(pain & pattern.spillover)
    explained = essential + SPILLOVER_WEIGHT * spillover
    if not pain or explained == 0:
        return 0.0
    coverage = explained / len(pain)
    focus = explained / pattern.size
    return COVERAGE_WEIGHT * coverage + FOCUS_WEIGHT * focus


class Guide:
    """The patterns of a library, indexed by region so that a query touches only candidates."""

    def __init__(self, muscles: Iterable[Muscle], regions: Mapping[str, Region]) -> None:
        self.regions = dict(regions)
        self.patterns = patterns(muscles, regions)
        self._by_region: dict[str, list[Pattern]] = defaultdict(list)
        for pattern in self.patterns:
            for key in pattern.essential | pattern.spillover:
                self._by_region[key].append(pattern)

    def rank(self, given: str | Sequence[str], *, limit: int | None = None) -> list[Candidate]:
        """The trigger points that may refer pain to the regions given, best first."""
        if isinstance(given, str):
            given = [given]
        if limit is not None and limit < 0:
            raise ValueError(f"limit must not be negative, got {limit}")
        pain = painful_regions(self.regions, given)
        touched = {id(p): p for key in pain for p in self._by_region.get(key, ())}
        candidates = [_candidate(pattern, pain) for pattern in touched.values()]
        candidates.sort(key=_order)
        return candidates[:limit] if limit is not None else candidates


def _candidate(pattern: Pattern, pain: frozenset[str]) -> Candidate:
    essential = sorted(pain & pattern.essential)
    spillover = sorted(pain & pattern.spillover)
    unexplained = sorted(pain - pattern.essential - pattern.spillover)
    return Candidate(
        pattern.muscle,
        pattern.trigger_point,
        pattern.side,
        score(pattern, pain),
        tuple(essential),
        tuple(spillover),
        tuple(unexplained),
    )


def _order(candidate: Candidate) -> tuple[float, str, str, int]:
    return (
        -candidate.score,
        candidate.muscle.id,
        candidate.trigger_point.id,
        SIDE_ORDER[candidate.side],
    )


def page_data(guide: Guide, label: Callable[[str], str]) -> dict[str, Any]:
    """What the site's guide page needs to rank as this module does: the scoring and every pattern.

    `label` turns a region key into the words a reader sees.
    """
    keys = sorted({key for p in guide.patterns for key in p.essential | p.spillover})
    return {
        "scoring": SCORING,
        "sideOrder": SIDE_ORDER,
        "labels": {key: label(key) for key in keys},
        "patterns": [
            {
                "muscle": p.muscle.id,
                "muscleName": p.muscle.name,
                "point": p.trigger_point.id,
                "pointName": p.trigger_point.name,
                "side": p.side,
                "essential": sorted(p.essential),
                "spillover": sorted(p.spillover),
            }
            for p in sorted(guide.patterns, key=lambda p: (p.trigger_point.id, SIDE_ORDER[p.side]))
        ],
    }
