"""The pain guide: from where a patient hurts to the trigger points that may refer there.

Each trigger point, on each side, has a referral pattern: the drawn regions
of its essential zone and of its spillover zone, each on the side it is felt
(`referral.felt`: composites expanded to their parts, `:both` entries on both
sides, midline regions whichever the side). Given the painful regions (a
painful composite stands for all of its parts), every pattern is scored:

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

This module ranks and does nothing else: it knows models, not files, the
Library or any page. The Library validates the painful regions and offers the
ranking as `lib.guide(...)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from trigger_points.model import SIDES, Muscle, Region, RegionKey, TriggerPoint
from trigger_points.referral import felt

__all__ = [
    "COVERAGE_WEIGHT",
    "FOCUS_WEIGHT",
    "SCORING",
    "SIDE_ORDER",
    "SPILLOVER_WEIGHT",
    "Candidate",
    "Guide",
    "GuideSide",
    "Pattern",
    "score",
]

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
                essential = frozenset(str(k) for k in felt(regions, point, "essential", side))
                spillover = frozenset(str(k) for k in felt(regions, point, "spillover", side))
                by_side.append(Pattern(muscle, point, side, essential, spillover))
            right, left = by_side
            if (right.essential, right.spillover) == (left.essential, left.spillover):
                by_side = [Pattern(muscle, point, "either", right.essential, right.spillover)]
            found.extend(by_side)
    return tuple(found)


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
        self.patterns = patterns(muscles, regions)
        self._by_region: dict[str, list[Pattern]] = defaultdict(list)
        for pattern in self.patterns:
            for key in pattern.essential | pattern.spillover:
                self._by_region[key].append(pattern)

    def rank(self, painful: Iterable[RegionKey], *, limit: int | None = None) -> list[Candidate]:
        """The trigger points that may refer pain to these (validated) regions, best first."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must not be negative, got {limit}")
        pain = frozenset(str(key) for key in painful)
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
