"""Look-ups shared by the clinical data tests (test_data*.py).

Plain functions over the loaded library, so that each test reads as the
clinical fact it checks: a point's zones, a muscle's hazards, whether a list
of citations names a chapter, where a point lands on a view.
"""

from __future__ import annotations

from collections.abc import Iterable

from trigger_points.geometry import resolve
from trigger_points.library import Library
from trigger_points.model import Citation, Muscle, Point, TriggerPoint, ViewName


def point(muscle: Muscle, local_id: str) -> TriggerPoint:
    """The muscle's trigger point with this local id (``trp1``, not ``gluteus_medius.trp1``)."""
    return next(p for p in muscle.trigger_points if p.local_id == local_id)


def zones(muscle: Muscle, local_id: str) -> tuple[set[str], set[str]]:
    """The essential and the spillover regions of one of the muscle's points."""
    found = point(muscle, local_id)
    return set(found.essential), set(found.spillover)


def whole_zone(muscle: Muscle, local_id: str) -> set[str]:
    """Every region one of the muscle's points refers to, essential or spillover."""
    essential, spillover = zones(muscle, local_id)
    return essential | spillover


def all_zones(muscle: Muscle) -> set[str]:
    """Every region any of the muscle's points refers to, essential or spillover."""
    return {zone for p in muscle.trigger_points for zone in (*p.essential, *p.spillover)}


def hazard_text(muscle: Muscle) -> str:
    """The muscle's needling hazards, structures and risks, as one lower-case text."""
    return " ".join(f"{h.structure} {h.risk}" for h in muscle.needling.hazards).lower()


def cites(citations: Iterable[Citation], source: str, chapter: str) -> bool:
    """Whether any of the citations names this chapter of this source."""
    return any(c.source == source and c.chapter == chapter for c in citations)


def landmarks(library: Library, view_id: str) -> dict[str, Point]:
    """The view's landmarks by id, at their coordinates."""
    return {mark.id: mark.at for mark in library.view(view_id).landmarks}


def landmark(library: Library, view_id: str, landmark_id: str) -> Point:
    """Where one landmark of the view lies."""
    return landmarks(library, view_id)[landmark_id]


def where(library: Library, found: TriggerPoint, view_id: ViewName) -> Point:
    """Where the point lands on the view, its position resolved against the view's landmarks."""
    return resolve(found.positions[view_id], landmarks(library, view_id))
