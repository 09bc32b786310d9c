"""Flashcards as CSV, for the flashcard tools that are not Anki: a card per row, text only.

Columns `front`, `back`, `tags`, `guid`; UTF-8 without a byte-order mark,
fields quoted as RFC 4180 says (only where needed, `"` doubled), rows ended by
CRLF, a header row first. The cards are those of the Anki deck (`deck.py`):
each trigger point's pattern to its muscle and point and back, each muscle's
nerve supply and actions, and its attachments. The CSV is text only: the
pattern card shows the zones in words instead of the map, so that any tool can
import it and the file stands alone (the .apkg carries the maps). Text is
plain, never HTML; a multi-line back keeps its line breaks inside the quotes.
`tags` are separated by spaces (no tag holds one); `guid` is
`study.note_guid(id, card)`, stable across builds, for tools that update cards
by id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trigger_points.library import Library
from trigger_points.study import MuscleFacts, PointFacts, muscle_facts, note_guid, point_facts
from trigger_points.words import NOT_A_DIAGNOSIS

__all__ = ["COLUMNS", "Flashcard", "flashcards", "flashcards_csv", "read_flashcards_csv"]

COLUMNS = ("front", "back", "tags", "guid")


@dataclass(frozen=True)
class Flashcard:
    """One card: what is asked, what answers it, its tags and its stable guid."""

    front: str
    back: str
    tags: tuple[str, ...]
    guid: str


def _footer(sources: str) -> str:
    return f"\n\nSource: {sources}\nA study aid. {NOT_A_DIAGNOSIS}"


def _zones(point: PointFacts) -> str:
    lines = [f"Essential zone: {'; '.join(point.essential)}"]
    if point.spillover:
        lines.append(f"Spillover zone: {'; '.join(point.spillover)}")
    return "\n".join(lines)


def _point_cards(point: PointFacts) -> list[Flashcard]:
    named = f"{point.muscle}: {point.point}"
    where = f"Where to find it: {point.location}"
    return [
        Flashcard(
            "Which muscle and trigger point refer pain in this pattern? (The patient's right "
            f"side.)\n{_zones(point)}",
            f"{named}\n{where}{_footer(point.sources)}",
            point.tags,
            note_guid(point.id, "pattern-to-point"),
        ),
        Flashcard(
            f"Where does this trigger point refer pain? (The patient's right side.)\n{named}",
            f"{_zones(point)}\n{where}{_footer(point.sources)}",
            point.tags,
            note_guid(point.id, "point-to-pattern"),
        ),
    ]


def _muscle_cards(muscle: MuscleFacts) -> list[Flashcard]:
    actions = "\n".join(f"- {action}" for action in muscle.actions)
    return [
        Flashcard(
            f"Which nerve supplies it, and what does it do?\n{muscle.muscle}",
            f"Nerve supply: {muscle.nerve}\nActions:\n{actions}{_footer(muscle.sources)}",
            muscle.tags,
            note_guid(muscle.id, "nerve-and-actions"),
        ),
        Flashcard(
            f"Where does it arise, and where does it insert?\n{muscle.muscle}",
            f"Origin: {muscle.origin}\nInsertion: {muscle.insertion}{_footer(muscle.sources)}",
            muscle.tags,
            note_guid(muscle.id, "attachments"),
        ),
    ]


def flashcards(library: Library) -> list[Flashcard]:
    """Every card: the trigger points' (two each), then the muscles' (two each)."""
    cards = [card for point in point_facts(library) for card in _point_cards(point)]
    return cards + [card for muscle in muscle_facts(library) for card in _muscle_cards(muscle)]


def flashcards_csv(cards: Iterable[Flashcard]) -> str:
    """The cards as CSV text (RFC 4180), the header row first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for card in cards:
        writer.writerow((card.front, card.back, " ".join(card.tags), card.guid))
    return buffer.getvalue()


def read_flashcards_csv(text: str) -> list[Flashcard]:
    """Cards back from `flashcards_csv`'s text: what a tool importing the file reads.

    Raises ValueError when the header is not COLUMNS or a row has another number
    of fields.
    """
    rows: Sequence[list[str]] = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ValueError(f"the first row must be {','.join(COLUMNS)}")
    cards = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(COLUMNS):
            raise ValueError(f"row {number} has {len(row)} fields, not {len(COLUMNS)}")
        front, back, tags, guid = row
        cards.append(Flashcard(front, back, tuple(tags.split()), guid))
    return cards
