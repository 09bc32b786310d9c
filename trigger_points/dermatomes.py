"""Which nerve roots' dermatomes a pain drawing is consistent with, and how well.

A dermatome here is the most consistent area of a root's skin (Lee et al.
2008). Radicular pain often strays outside it (Murphy et al. 2009; Albert et
al. 2019), so a match is only ever *consistent with* a root and says what to
examine; it never says a root is involved. The ranking is kept apart from the
pain guide's: `lib.guide` is unchanged, and a page shows both side by side.

For each root on each side (the saddle root has none) and the painful regions:

    shared    = painful regions inside the dermatome
    coverage  = shared / painful regions
    focus     = shared / regions of the dermatome
    score     = COVERAGE_WEIGHT x coverage + FOCUS_WEIGHT x focus

A drawing is *consistent with* a dermatome when at least half of its painful
regions lie inside it (coverage >= CONSISTENT_COVERAGE). This module knows
models only; the Library offers it as `lib.dermatomes(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from trigger_points.model import (
    SIDES,
    ZONES,
    NerveRoot,
    Region,
    RegionKey,
    Side,
    TriggerPoint,
    Zone,
    ZoneEntry,
)
from trigger_points.referral import entry_keys

__all__ = [
    "CONSISTENT_COVERAGE",
    "COVERAGE_WEIGHT",
    "FOCUS_WEIGHT",
    "DermatomeMatch",
    "Resemblance",
    "alert_keys",
    "dermatome_keys",
    "emergency_roots",
    "match_dermatomes",
    "resembling",
]

COVERAGE_WEIGHT = 0.8
FOCUS_WEIGHT = 0.2
CONSISTENT_COVERAGE = 0.5
"""The share of the painful regions a dermatome must hold for a drawing to be consistent
with it."""


@dataclass(frozen=True)
class DermatomeMatch:
    """How a pain drawing sits in one root's dermatome on one side.

    [`Library.dermatomes`][trigger_points.library.Library.dermatomes] lists them, best
    first. A drawing is *consistent with* a dermatome, never proof of a root's
    involvement: radicular pain often strays outside its dermatome.

    Examples:
        >>> match = lib.dermatomes(["lateral_leg:right", "foot_dorsum:right"])[0]
        >>> match.root.id, match.side, match.consistent
        ('l5', 'right', True)
        >>> match.shared, match.outside
        (('foot_dorsum:right', 'lateral_leg:right'), ())

    """

    root: NerveRoot
    """The nerve root."""
    side: Side | None
    """The side of the root; None for a dermatome wholly on the midline (the saddle)."""
    score: float
    """In [0, 1]: mostly the share of the painful regions inside the dermatome, a little
    the share of the dermatome that is painful (see the module's formula)."""
    shared: tuple[str, ...]
    """The painful regions inside the dermatome."""
    outside: tuple[str, ...]
    """The painful regions outside it."""
    consistent: bool
    """Whether at least half of the painful regions lie inside it."""

    def as_data(self) -> dict[str, Any]:
        """The match as JSON-ready data, as `guide --format json` prints it.

        Examples:
            >>> lib.dermatomes(["lateral_leg:right"])[0].as_data()
            {'root': 'l5', 'side': 'right', 'score': 0.9, 'consistent': True,
             'shared': ['lateral_leg:right'], 'outside': []}

        """
        return {
            "root": self.root.id,
            "side": self.side,
            "score": round(self.score, 6),
            "consistent": self.consistent,
            "shared": list(self.shared),
            "outside": list(self.outside),
        }


def dermatome_keys(
    regions: Mapping[str, Region], root: NerveRoot, side: Side
) -> tuple[RegionKey, ...]:
    """The drawn regions of a root's dermatome on a side (composites expanded)."""
    return _keys(regions, root.dermatome, side)


def _keys(regions: Mapping[str, Region], texts: Iterable[str], side: Side) -> tuple[RegionKey, ...]:
    """Region texts (composites too) as drawn regions on a side, each once, in order."""
    keys = (key for text in texts for key in entry_keys(regions, ZoneEntry.parse(text), side))
    return tuple(dict.fromkeys(keys))


def match_dermatomes(
    roots: Iterable[NerveRoot], regions: Mapping[str, Region], painful: Iterable[RegionKey]
) -> list[DermatomeMatch]:
    """Every root and side whose dermatome shares a painful region, best first."""
    pain = frozenset(str(key) for key in painful)
    found: list[DermatomeMatch] = []
    for root in roots:
        by_side: dict[frozenset[str], Side] = {}
        for side in SIDES:
            keys = frozenset(str(k) for k in dermatome_keys(regions, root, side))
            by_side.setdefault(keys, side)
        midline = len(by_side) == 1
        for keys, found_side in by_side.items():
            shared = pain & keys
            if not shared or not pain:
                continue
            coverage = len(shared) / len(pain)
            focus = len(shared) / len(keys)
            found.append(
                DermatomeMatch(
                    root,
                    None if midline else found_side,
                    COVERAGE_WEIGHT * coverage + FOCUS_WEIGHT * focus,
                    tuple(sorted(shared)),
                    tuple(sorted(pain - keys)),
                    coverage >= CONSISTENT_COVERAGE,
                )
            )
    found.sort(key=lambda match: (-match.score, match.root.id, match.side or ""))
    return found


@dataclass(frozen=True)
class Resemblance:
    """A trigger point whose referral pattern (right side) shares regions with a dermatome."""

    trigger_point: TriggerPoint
    score: float
    """The share of the dermatome the pattern reaches, essential or spillover, in [0, 1]."""
    shared: tuple[str, ...]


def resembling(
    root: NerveRoot,
    regions: Mapping[str, Region],
    points: Iterable[TriggerPoint],
    felt_by: Callable[[TriggerPoint, Zone, Side], tuple[RegionKey, ...]],
) -> list[Resemblance]:
    """The trigger points whose patterns reach into a root's dermatome, most of it first.

    Computed from the data, never listed by hand: a pattern that covers more of the
    dermatome comes first; ties go to the pattern that reaches less elsewhere, then by id.
    `felt_by` answers where a point's pain is felt (`Library.felt`, which remembers).
    """
    dermatome = {str(key) for key in dermatome_keys(regions, root, "right")}
    found: list[tuple[float, float, str, Resemblance]] = []
    for point in points:
        pattern = {str(key) for zone in ZONES for key in felt_by(point, zone, "right")}
        shared = dermatome & pattern
        if not shared:
            continue
        score = len(shared) / len(dermatome)
        found.append(
            (
                -score,
                len(pattern - dermatome),
                point.id,
                Resemblance(point, score, tuple(sorted(shared))),
            )
        )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def alert_keys(regions: Mapping[str, Region], root: NerveRoot) -> frozenset[str]:
    """Where pain should prompt an emergency root's questions: its dermatome and alert regions."""
    if not root.emergency:
        return frozenset()
    texts = (*root.dermatome, *root.alert_regions)
    return frozenset(str(key) for side in SIDES for key in _keys(regions, texts, side))


def emergency_roots(
    roots: Iterable[NerveRoot], regions: Mapping[str, Region], painful: Iterable[RegionKey]
) -> tuple[NerveRoot, ...]:
    """The emergency roots (the saddle) whose alert area the painful regions reach."""
    pain = {str(key) for key in painful}
    return tuple(root for root in roots if pain & alert_keys(regions, root))
