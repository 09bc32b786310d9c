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

A muscle is scored the same way on its pattern on each side: the union of
its trigger points' patterns there (a region essential to any point counts as
essential), or its best point's score when that is higher (the union's wider
pattern costs focus). Two points that each explain half of the pain
(quadratus lumborum's deep points: the sacroiliac joint and the lower
buttock) then explain all of it together, as a clinician examining the
muscle would find.

When a candidate's right and left explain the pain alike (the same score and
the same reasons, as for pain only in midline regions), they are one
candidate on `either` side, not two lines that differ only in their side.

This module ranks and does nothing else: it knows models, not files, the
Library or any page. The Library validates the painful regions and offers the
ranking as `lib.guide(...)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

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
    "MuscleCandidate",
    "Pattern",
    "Reach",
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
"""The side a candidate is on; `either` when both sides explain the pain alike."""
SIDE_ORDER: dict[str, int] = {"either": 0, "right": 1, "left": 2}


@dataclass(frozen=True)
class Reach:
    """Where pain is referred, as region keys (`sacroiliac:right`): what `score` compares."""

    essential: frozenset[str]
    spillover: frozenset[str]
    """Spillover regions that are not also essential (another side may make them so)."""

    @property
    def size(self) -> float:
        """The extent, counting a spillover region at its weight."""
        return len(self.essential) + SPILLOVER_WEIGHT * len(self.spillover)


@dataclass(frozen=True)
class Pattern(Reach):
    """Where one trigger point on one side refers pain."""

    muscle: Muscle
    trigger_point: TriggerPoint
    side: GuideSide


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

    def __repr__(self) -> str:
        return f"<Candidate {self.trigger_point.id} {self.side} {self.score:.2f}>"

    def as_data(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        return {
            "muscle": self.muscle.id,
            "trigger_point": self.trigger_point.id,
            "side": self.side,
            "score": round(self.score, 6),
            **_reasons_data(self),
        }


@dataclass(frozen=True)
class MuscleCandidate:
    """A muscle that may explain the pain: its points' patterns on one side taken together."""

    muscle: Muscle
    side: GuideSide
    score: float
    essential: tuple[str, ...]
    """The painful regions the essential zone of any of its points covers."""
    spillover: tuple[str, ...]
    """The painful regions only the spillover zones of its points cover."""
    unexplained: tuple[str, ...]
    """The painful regions none of its points reaches."""
    points: tuple[Candidate, ...]
    """Its trigger points on that side that reach the pain, each with its own score, best first."""

    def __repr__(self) -> str:
        return f"<MuscleCandidate {self.muscle.id} {self.side} {self.score:.2f}>"

    def as_data(self) -> dict[str, Any]:
        """The candidate as JSON-ready data, its points under it."""
        return {
            "muscle": self.muscle.id,
            "side": self.side,
            "score": round(self.score, 6),
            **_reasons_data(self),
            "points": [point.as_data() for point in self.points],
        }


def _reasons_data(candidate: Candidate | MuscleCandidate) -> dict[str, list[str]]:
    return {
        "essential": list(candidate.essential),
        "spillover": list(candidate.spillover),
        "unexplained": list(candidate.unexplained),
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
                by_side.append(Pattern(essential, spillover, muscle, point, side))
            right, left = by_side
            if (right.essential, right.spillover) == (left.essential, left.spillover):
                by_side = [Pattern(right.essential, right.spillover, muscle, point, "either")]
            found.extend(by_side)
    return tuple(found)


def score(reach: Reach, pain: frozenset[str]) -> float:
    """How well a pattern explains the pain, in [0, 1] (see the module's docstring)."""
    essential = len(pain & reach.essential)
    spillover = len(pain & reach.spillover)
    explained = essential + SPILLOVER_WEIGHT * spillover
    if not pain or explained == 0:
        return 0.0
    coverage = explained / len(pain)
    focus = explained / reach.size
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
        _check_limit(limit)
        pain = frozenset(str(key) for key in painful)
        candidates = _collapsed(
            [_candidate(p, pain) for p in self._touched(pain)], _point_on_either_side
        )
        candidates.sort(key=_order)
        return candidates[:limit] if limit is not None else candidates

    def rank_muscles(
        self, painful: Iterable[RegionKey], *, limit: int | None = None
    ) -> list[MuscleCandidate]:
        """The muscles that may refer pain to these (validated) regions, best first."""
        _check_limit(limit)
        pain = frozenset(str(key) for key in painful)
        by_muscle: dict[str, list[Pattern]] = defaultdict(list)
        for pattern in self._touched(pain):
            by_muscle[pattern.muscle.id].append(pattern)
        found: list[MuscleCandidate] = []
        for touched in by_muscle.values():
            on_sides = [_muscle_candidate(touched, s, pain) for s in SIDES if _on(touched, s)]
            found += _collapsed(on_sides, _muscle_on_either_side)
        found.sort(key=lambda c: (-c.score, c.muscle.id, SIDE_ORDER[c.side]))
        return found[:limit] if limit is not None else found

    def _touched(self, pain: frozenset[str]) -> list[Pattern]:
        """The patterns that reach at least one painful region, each once, in a stable order."""
        touched = {id(p): p for key in sorted(pain) for p in self._by_region.get(key, ())}
        return list(touched.values())


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def _on(patterns: Iterable[Pattern], side: str) -> list[Pattern]:
    """The patterns a muscle has on one side: those of that side and those alike on both."""
    return [p for p in patterns if p.side in (side, "either")]


def _muscle_candidate(
    touched: list[Pattern], side: GuideSide, pain: frozenset[str]
) -> MuscleCandidate:
    """A muscle on one side, scored on the union of its points' patterns there.

    Its score is never below its best point's: the union's wider pattern costs focus,
    and a muscle explains the pain at least as well as any one of its points does.
    """
    on_side = _on(touched, side)
    essential = frozenset().union(*(p.essential for p in on_side))
    spillover = frozenset().union(*(p.spillover for p in on_side)) - essential
    reasons = _reasons(essential, spillover, pain)
    points = sorted((_candidate(p, pain) for p in on_side), key=_order)
    best = max(score(Reach(essential, spillover), pain), points[0].score)
    return MuscleCandidate(on_side[0].muscle, side, best, *reasons, tuple(points))


def _reasons(
    essential: frozenset[str], spillover: frozenset[str], pain: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The painful regions the essential zone covers, the spillover only, and neither."""
    return (
        tuple(sorted(pain & essential)),
        tuple(sorted(pain & spillover)),
        tuple(sorted(pain - essential - spillover)),
    )


def _candidate(pattern: Pattern, pain: frozenset[str]) -> Candidate:
    return Candidate(
        pattern.muscle,
        pattern.trigger_point,
        pattern.side,
        score(pattern, pain),
        *_reasons(pattern.essential, pattern.spillover, pain),
    )


_Ranked = TypeVar("_Ranked", Candidate, MuscleCandidate)


def _collapsed(
    candidates: list[_Ranked], merge: Callable[[_Ranked, _Ranked], _Ranked]
) -> list[_Ranked]:
    """Right and left candidates that explain the pain alike, `merge`d into one on `either` side.

    Pain only in midline regions is explained alike from both sides; two lines that
    differ only in their side would crowd the ranking without telling anything.
    """
    by_identity: dict[tuple[str, str], dict[str, _Ranked]] = defaultdict(dict)
    for candidate in candidates:
        by_identity[_identity(candidate)][candidate.side] = candidate
    found: list[_Ranked] = []
    for sides in by_identity.values():
        right, left = sides.get("right"), sides.get("left")
        if right is not None and left is not None and _alike(right, left):
            found.append(merge(right, left))
        else:
            found += sides.values()
    return found


def _identity(candidate: Candidate | MuscleCandidate) -> tuple[str, str]:
    point = candidate.trigger_point.id if isinstance(candidate, Candidate) else ""
    return (candidate.muscle.id, point)


def _alike(right: Candidate | MuscleCandidate, left: Candidate | MuscleCandidate) -> bool:
    return (right.score, right.essential, right.spillover, right.unexplained) == (
        left.score,
        left.essential,
        left.spillover,
        left.unexplained,
    )


def _point_on_either_side(right: Candidate, left: Candidate) -> Candidate:
    return replace(right, side="either")


def _muscle_on_either_side(right: MuscleCandidate, left: MuscleCandidate) -> MuscleCandidate:
    """One muscle on `either` side, its points from both sides, themselves merged when alike."""
    points = _collapsed([*right.points, *left.points], _point_on_either_side)
    return replace(right, side="either", points=tuple(sorted(points, key=_order)))


def _order(candidate: Candidate) -> tuple[float, str, str, int]:
    return (
        -candidate.score,
        candidate.muscle.id,
        candidate.trigger_point.id,
        SIDE_ORDER[candidate.side],
    )
