"""The data of the site's self-test page (`quiz.html`): each muscle's pattern and its rivals.

The page asks two kinds of question about a muscle's whole referral pattern on
the patient's right side (every one of its trigger points together, as the
site's small pattern map draws it): shown the map, name the muscle; shown the
muscle, mark its zones on the body chart. For each muscle the page needs its
drawn regions (essential, then the spillover the essential zone leaves) and its
trigger points for the links to its sheet. The wrong answers to offer are the
muscles whose patterns are most like its own (`rivals`), so that a right answer
means the pattern was known; the page finds them from these patterns itself.
Labels are not repeated here: the page reads them from its body chart's list.
Nothing here renders.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trigger_points.library import Library
from trigger_points.model import Muscle, RegionKey

__all__ = ["CHOICES", "MusclePattern", "muscle_patterns", "quiz_data", "rivals"]

CHOICES = 4
"""The answers a "name the muscle" question offers: the right one and the closest rivals."""


@dataclass(frozen=True)
class MusclePattern:
    """Where a muscle refers pain on the patient's right side, all its trigger points together."""

    muscle: Muscle
    essential: frozenset[RegionKey]
    spillover: frozenset[RegionKey]
    """Spillover regions that no point of the muscle has as essential."""

    @property
    def regions(self) -> frozenset[RegionKey]:
        """Every region of the pattern, essential or spillover."""
        return self.essential | self.spillover


def muscle_patterns(library: Library) -> list[MusclePattern]:
    """Each muscle's whole pattern on the right, in id order (the union of its points')."""
    found = []
    for muscle in library.muscles:
        points = muscle.trigger_points
        essential = frozenset(k for p in points for k in library.felt(p, "essential", "right"))
        spillover = frozenset(k for p in points for k in library.felt(p, "spillover", "right"))
        found.append(MusclePattern(muscle, essential, spillover - essential))
    return found


def rivals(pattern: MusclePattern, others: list[MusclePattern]) -> list[str]:
    """The ids of the CHOICES - 1 muscles whose patterns are most like this one, best first.

    Likeness is the share of their regions two patterns have in common (Jaccard). A
    pattern identical to this one (same essential and spillover regions) is left out;
    ties go by id. The quiz page works the same out in its script (`quiz.js`), for the
    muscle it asks about: for every muscle at once, here, it grew with the square of
    the library.
    """
    regions = pattern.regions
    likeness = []
    for other in others:
        if other.muscle.id == pattern.muscle.id or (other.essential, other.spillover) == (
            pattern.essential,
            pattern.spillover,
        ):
            continue
        union = len(regions | other.regions)
        shared = len(regions & other.regions) / union if union else 1.0
        likeness.append((-shared, other.muscle.id))
    return [other for _, other in heapq.nsmallest(CHOICES - 1, likeness)]


def quiz_data(library: Library, map_path: Callable[[Muscle], str]) -> dict[str, Any]:
    """What `quiz.js` needs: per muscle, its name, map, sheet, points and zones.

    `map_path` says where the site keeps a muscle's pattern map (`site.pattern_map_path`).
    """
    patterns = muscle_patterns(library)
    return {
        "choices": CHOICES,
        "muscles": [
            {
                "id": pattern.muscle.id,
                "name": pattern.muscle.name,
                "map": map_path(pattern.muscle),
                "sheet": f"muscles/{pattern.muscle.id}.html",
                "points": [
                    {"id": point.id, "name": point.name} for point in pattern.muscle.trigger_points
                ],
                "essential": sorted(str(key) for key in pattern.essential),
                "spillover": sorted(str(key) for key in pattern.spillover),
            }
            for pattern in patterns
        ],
    }
