"""What a student studies: each trigger point's and each muscle's facts, as plain text.

The Anki deck (`deck.py`) and the CSV for other flashcard tools (`flashcards.py`)
show the same facts, so they are gathered once, here, from the library: the
words a reader sees (zone labels, citations), never markup. Each item keeps its
stable id, from which its note's guid is derived (`note_guid`): a deck built
again from changed data updates the cards a student already has instead of
adding new ones. Nothing here draws or formats for an output.
"""

from __future__ import annotations

from dataclasses import dataclass

from trigger_points.library import Library
from trigger_points.model import Muscle, TriggerPoint
from trigger_points.phrases import entry_label, format_citations

__all__ = [
    "TAG_PREFIX",
    "MuscleFacts",
    "PointFacts",
    "muscle_facts",
    "note_guid",
    "point_facts",
]

TAG_PREFIX = "trigger_points"
"""The root of every tag the cards carry: `trigger_points::gluteal`, Anki's tag hierarchy."""


@dataclass(frozen=True)
class PointFacts:
    """A trigger point as a card asks about it: its pattern in words and where it lies."""

    id: str
    muscle: str
    """The muscle's name: `Piriformis`."""
    point: str
    """The point's name: `Lateral trigger point (TrP1)`."""
    essential: tuple[str, ...]
    """The essential zone's regions as a reader says them, `(both sides)` where so."""
    spillover: tuple[str, ...]
    location: str
    sources: str
    """Short citations for the point and its pattern."""
    tags: tuple[str, ...]


@dataclass(frozen=True)
class MuscleFacts:
    """A muscle as a card asks about it: its nerve, its actions and its attachments."""

    id: str
    muscle: str
    nerve: str
    """The nerve and, where known, its roots: `Nerve to piriformis (S1-S2)`."""
    actions: tuple[str, ...]
    origin: str
    insertion: str
    sources: str
    tags: tuple[str, ...]


def note_guid(item_id: str, card: str | None = None) -> str:
    """The stable guid of the note for a trigger point or a muscle id (Anki's own base 91).

    `genanki.guid_for(item_id)`: the same id gives the same guid in every build, so
    importing a newer deck updates the notes already there. A `card` names one card
    of the note, for tools that keep a card per row (the CSV).
    """
    from genanki import guid_for  # genanki is imported by the deck and the CSV only

    guid: str = guid_for(item_id) if card is None else guid_for(item_id, card)
    return guid


def _tags(muscle: Muscle) -> tuple[str, ...]:
    """By muscle group, then by muscle: a student filters a deck to the gluteal muscles."""
    return (f"{TAG_PREFIX}::{muscle.group}", f"{TAG_PREFIX}::muscle::{muscle.id}")


def _point(library: Library, muscle: Muscle, point: TriggerPoint) -> PointFacts:
    return PointFacts(
        id=point.id,
        muscle=muscle.name,
        point=point.name,
        essential=tuple(entry_label(library, entry) for entry in point.essential),
        spillover=tuple(entry_label(library, entry) for entry in point.spillover),
        location=point.location,
        sources=format_citations(library, point.sources),
        tags=_tags(muscle),
    )


def point_facts(library: Library) -> list[PointFacts]:
    """Every trigger point, muscle by muscle in id order, each muscle's in its order."""
    return [_point(library, m, point) for m in library.muscles for point in m.trigger_points]


def muscle_facts(library: Library) -> list[MuscleFacts]:
    """Every muscle, in id order."""
    found = []
    for muscle in library.muscles:
        nerve, roots = muscle.innervation.nerve, muscle.innervation.roots
        found.append(
            MuscleFacts(
                id=muscle.id,
                muscle=muscle.name,
                nerve=f"{nerve} ({roots})" if roots else nerve,
                actions=muscle.actions,
                origin=muscle.origin,
                insertion=muscle.insertion,
                sources=format_citations(library, muscle.sources),
                tags=_tags(muscle),
            )
        )
    return found
