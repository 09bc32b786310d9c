"""The Anki study deck (.apkg): a note per trigger point and per muscle, its maps embedded.

A trigger point's note has two cards: its referral map, to be answered with the
muscle and the point; and the muscle and the point, to be answered with the
pattern (the map, the zones in words, where to find it). A muscle's note asks
for its nerve supply and actions, and for its attachments. Every back cites
its sources and says that the deck is a study aid, not a diagnosis.

The ids that let a student import a newer deck over an older one are fixed
here: the deck's and the note types' ids are constants, and each note's guid
comes from its trigger point or muscle id (`study.note_guid`), so Anki updates
the notes it has instead of adding copies. Anki keeps the newer of two versions
of a note, judged by the time a deck was written: a deck is stamped with the
time of its build, or with SOURCE_DATE_EPOCH when set (for builds that must be
byte for byte the same). Media files are named from the trigger point id.

Fields are HTML in Anki, so every value from the data goes through `html_text`,
which escapes markup and Anki's own (sound tags, LaTeX, MathJax); only our maps
and the few tags written here are markup. The package is made in memory (the
collection with sqlite3, the zip with fixed dates) and written whole or not at
all (`files.write_file`). genanki makes the collection: the notes, cards and
note types in the layout Anki reads.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from trigger_points.files import write_file
from trigger_points.library import Library
from trigger_points.maps import map_figure
from trigger_points.study import MuscleFacts, PointFacts, muscle_facts, note_guid, point_facts
from trigger_points.words import NOT_A_DIAGNOSIS

__all__ = [
    "DECK_ID",
    "DECK_NAME",
    "MUSCLE_MODEL_ID",
    "POINT_MODEL_ID",
    "DeckReport",
    "build_timestamp",
    "deck_bytes",
    "html_text",
    "media_name",
    "muscle_fields",
    "point_fields",
    "write_deck",
]

DECK_ID = 2_059_400_117
"""The deck's id in Anki. Fixed for ever: a deck imported again lands in the same deck."""
POINT_MODEL_ID = 1_607_392_319
"""The trigger-point note type's id. Fixed: a changed note type gets a new id and name."""
MUSCLE_MODEL_ID = 1_842_263_811
"""The muscle note type's id, fixed likewise."""
DECK_NAME = "Trigger points of the low back and hip"
MAP_TITLE = "Referred pain pattern"
"""The title drawn on every card's map: it must not give the answer away."""
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every file in the package carries this date, so that the same deck gives the same bytes."""

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Control characters, newline and tab aside: \\x1f separates the fields in Anki's store."""
_ANKI_MARKUP = str.maketrans({"[": "&#91;", "]": "&#93;", "\\": "&#92;"})
"""Anki reads `[sound:...]`, `[latex]` and MathJax's `\\(` in a field's HTML: numeric
references show the same characters and are read as none of them."""


def html_text(text: str) -> str:
    """Text as the HTML of an Anki field: it shows as written and can add no markup."""
    return html.escape(_NOT_TEXT.sub(" ", text), quote=True).translate(_ANKI_MARKUP)


def _html_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{html_text(item)}</li>" for item in items) + "</ul>"


def media_name(point_id: str) -> str:
    """The file name of a trigger point's map in Anki's media folder, shared by every deck."""
    return f"trigger_points-{point_id}.svg"


_CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 18px; line-height: 1.45; color: #1f2328; background: #fff; text-align: left;
  max-width: 40em; margin: 0 auto; }
.prompt { color: #555; margin: 0.3em 0; }
.answer { font-size: 1.25em; font-weight: 700; margin: 0.3em 0; }
.map img { display: block; width: 100%; max-width: 32em; height: auto; margin: 0 auto;
  background: #fff; }
dt { font-weight: 700; margin-top: 0.5em; }
dd { margin: 0 0 0 1em; }
ul { margin: 0.2em 0; padding-left: 1.3em; }
.source, .aid { font-size: 0.8em; color: #555; }
.nightMode .card, .card.nightMode { color: #e6e6e6; background: #1e1e1e; }
.nightMode .prompt, .nightMode .source, .nightMode .aid { color: #bbb; }
"""

_BACK_FOOTER = (
    '<p class="source">Source: {{Sources}}</p>\n'
    f'<p class="aid">A study aid. {html.escape(NOT_A_DIAGNOSIS)}</p>'
)
_ZONES = (
    "<dl>\n<dt>Essential zone</dt><dd>{{Essential}}</dd>\n"
    "{{#Spillover}}<dt>Spillover zone</dt><dd>{{Spillover}}</dd>{{/Spillover}}\n"
    "<dt>Where to find it</dt><dd>{{Location}}</dd>\n</dl>\n"
)
_NAMED = '<p class="answer">{{Muscle}}: {{Point}}</p>\n'
_MAP = '<div class="map">{{Map}}</div>\n'


def _point_model() -> genanki.Model:
    """The trigger point's note type: the map to the name, and the name to the pattern."""
    return genanki.Model(
        POINT_MODEL_ID,
        "Trigger point (trigger_points)",
        fields=[
            {"name": name}
            for name in (
                "Id",
                "Map",
                "Muscle",
                "Point",
                "Essential",
                "Spillover",
                "Location",
                "Sources",
            )
        ],
        templates=[
            {
                "name": "Pattern to muscle and point",
                "qfmt": '<p class="prompt">Which muscle and trigger point refer pain in this '
                "pattern?</p>\n" + _MAP,
                "afmt": '{{FrontSide}}\n<hr id="answer">\n' + _NAMED + _ZONES + _BACK_FOOTER,
            },
            {
                "name": "Muscle and point to pattern",
                "qfmt": '<p class="prompt">Where does this trigger point refer pain? (The '
                "patient's right side.)</p>\n" + _NAMED,
                "afmt": '{{FrontSide}}\n<hr id="answer">\n' + _MAP + _ZONES + _BACK_FOOTER,
            },
        ],
        css=_CSS,
    )


def _muscle_model() -> genanki.Model:
    """The muscle's note type: its nerve supply and actions, and its attachments."""
    muscle = '<p class="answer">{{Muscle}}</p>\n'
    return genanki.Model(
        MUSCLE_MODEL_ID,
        "Muscle (trigger_points)",
        fields=[
            {"name": name}
            for name in ("Id", "Muscle", "Nerve", "Actions", "Origin", "Insertion", "Sources")
        ],
        templates=[
            {
                "name": "Nerve supply and actions",
                "qfmt": '<p class="prompt">Which nerve supplies it, and what does it do?</p>\n'
                + muscle,
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<dl>\n<dt>Nerve supply</dt>'
                "<dd>{{Nerve}}</dd>\n<dt>Actions</dt><dd>{{Actions}}</dd>\n</dl>\n" + _BACK_FOOTER,
            },
            {
                "name": "Attachments",
                "qfmt": '<p class="prompt">Where does it arise, and where does it insert?</p>\n'
                + muscle,
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<dl>\n<dt>Origin</dt>'
                "<dd>{{Origin}}</dd>\n<dt>Insertion</dt><dd>{{Insertion}}</dd>\n</dl>\n"
                + _BACK_FOOTER,
            },
        ],
        css=_CSS,
    )


def point_fields(facts: PointFacts) -> list[str]:
    """A trigger point's note fields, in the note type's order, as HTML."""
    image = f'<img src="{html_text(media_name(facts.id))}" alt="{html_text(MAP_TITLE)}">'
    return [
        html_text(facts.id),
        image,
        html_text(facts.muscle),
        html_text(facts.point),
        html_text("; ".join(facts.essential)),
        html_text("; ".join(facts.spillover)),
        html_text(facts.location),
        html_text(facts.sources),
    ]


def muscle_fields(facts: MuscleFacts) -> list[str]:
    """A muscle's note fields, in the note type's order, as HTML."""
    return [
        html_text(facts.id),
        html_text(facts.muscle),
        html_text(facts.nerve),
        _html_list(facts.actions),
        html_text(facts.origin),
        html_text(facts.insertion),
        html_text(facts.sources),
    ]


def _map(library: Library, point_id: str) -> bytes:
    """A trigger point's map as a card shows it: cropped to the pattern, self-contained."""
    figure = map_figure(library, point_id, "auto", "right", title=MAP_TITLE, frame="focus")
    return figure.svg.encode("utf-8")


@dataclass(frozen=True)
class _Deck:
    deck: genanki.Deck
    media: dict[str, bytes]
    """Each media file's name in Anki and its bytes, in the order they are packed."""


def _deck(library: Library) -> _Deck:
    deck = genanki.Deck(
        DECK_ID,
        DECK_NAME,
        description=html_text(
            "Each trigger point's referral pattern (its map to the muscle and point, and "
            "back), and each muscle's nerve supply, actions and attachments, with their "
            f"sources. A study aid. {NOT_A_DIAGNOSIS}"
        ),
    )
    point_model, muscle_model = _point_model(), _muscle_model()
    media: dict[str, bytes] = {}
    for point in point_facts(library):
        media[media_name(point.id)] = _map(library, point.id)
        deck.add_note(
            genanki.Note(
                point_model, point_fields(point), tags=list(point.tags), guid=note_guid(point.id)
            )
        )
    for muscle in muscle_facts(library):
        deck.add_note(
            genanki.Note(
                muscle_model,
                muscle_fields(muscle),
                tags=list(muscle.tags),
                guid=note_guid(muscle.id),
            )
        )
    return _Deck(deck, media)


def build_timestamp() -> float:
    """When the deck says it was made: now, or SOURCE_DATE_EPOCH for a reproducible build."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(fixed) if fixed.isdigit() else time.time()


def _collection(deck: genanki.Deck, timestamp: float) -> bytes:
    """The collection database (Anki's schema 11) as bytes, made in memory."""
    connection = sqlite3.connect(":memory:")
    try:
        ids = itertools.count(int(timestamp * 1000))
        genanki.Package(deck).write_to_db(connection.cursor(), timestamp, ids)
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    entry = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, data)


@dataclass(frozen=True)
class DeckReport:
    """What a written deck holds, for the command to say."""

    path: Path
    notes: int
    cards: int
    media: int
    size: int


def _package(made: _Deck, timestamp: float) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _zip_entry(archive, "collection.anki2", _collection(made.deck, timestamp))
        names = {str(index): name for index, name in enumerate(made.media)}
        _zip_entry(archive, "media", json.dumps(names, sort_keys=True).encode("utf-8"))
        for index, data in enumerate(made.media.values()):
            _zip_entry(archive, str(index), data)
    return buffer.getvalue()


def deck_bytes(library: Library, *, timestamp: float | None = None) -> bytes:
    """The whole deck as an .apkg file's bytes; the same library and timestamp, the same bytes.

    `timestamp` (seconds since 1970) is when the notes say they were changed:
    by default `build_timestamp()`.
    """
    stamp = build_timestamp() if timestamp is None else timestamp
    return _package(_deck(library), stamp)


def write_deck(library: Library, path: Path, *, timestamp: float | None = None) -> DeckReport:
    """Write the deck to `path` whole, or leave what is there untouched.

    Raises the errors of `files.write_file` (FileNotFoundError for a missing
    folder, IsADirectoryError, PermissionError), each naming `path`.
    """
    stamp = build_timestamp() if timestamp is None else timestamp
    made = _deck(library)
    data = _package(made, stamp)
    write_file(path, data)
    notes: list[Any] = made.deck.notes
    cards = sum(len(note.cards) for note in notes)
    return DeckReport(path, len(notes), cards, len(made.media), len(data))
