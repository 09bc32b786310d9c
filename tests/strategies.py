"""Hypothesis strategies for valid models, shared by every test module."""

from __future__ import annotations

from typing import get_args

from hypothesis import strategies as st

from trigger_points.drawing import QUALITIES, Mark, PainDrawing
from trigger_points.geometry import HEIGHT, WIDTH
from trigger_points.model import (
    VIEW_NAMES,
    Citation,
    Hazard,
    Innervation,
    Laterality,
    Muscle,
    MuscleGroup,
    Needling,
    Position,
    SelfCare,
    TriggerPoint,
)

slugs = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)

_NON_CHARACTERS = [
    *range(0xFDD0, 0xFDF0),
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
]
_printable = st.characters(
    exclude_categories=["Cs"],  # surrogates cannot be encoded
    exclude_characters=[
        chr(c) for c in [*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *_NON_CHARACTERS]
    ],
)

free_text = st.text(_printable, min_size=1, max_size=60).filter(lambda text: text.strip() != "")
"""Any text an author may write: unicode, quotes, markup, YAML syntax, newlines and tabs."""

tricky_text = st.one_of(
    free_text,
    st.sampled_from(
        [
            "no",
            "yes",
            "on",
            "off",
            "null",
            "~",
            "1.10",
            "2020-01-01",
            "0o17",
            ".inf",
            "- a",
            "a: b",
            "#not a comment",
            "&anchor",
            "*alias",
            "!!python/object",
            "'quoted'",
            '"dq"',
            "<script>",
            " leading space",
            "trailing space ",
            "multi\nline",
            "tab\there",
            "é ü ß 中文 🦴",
        ]
    ),
)

citations = st.builds(
    Citation,
    source=slugs,
    chapter=st.none() | tricky_text,
    figure=st.none() | tricky_text,
    pages=st.none() | tricky_text,
)
citation_tuples = st.lists(citations, min_size=1, max_size=2).map(tuple)
text_tuples = st.lists(tricky_text, max_size=3).map(tuple)

xy_points = st.tuples(
    st.floats(min_value=0, max_value=WIDTH).map(lambda v: round(v, 2)),
    st.floats(min_value=0, max_value=HEIGHT).map(lambda v: round(v, 2)),
)
"""A point of a view's frame."""
positions = st.one_of(
    st.builds(Position, xy=xy_points),
    st.builds(Position, at=slugs, offset=st.tuples(st.integers(-50, 50), st.integers(-50, 50))),
    st.builds(
        Position,
        between=st.tuples(slugs, slugs),
        fraction=st.floats(0, 1).map(lambda v: round(v, 3)),
    ),
)


@st.composite
def trigger_points(draw: st.DrawFn, muscle_id: str) -> TriggerPoint:
    regions = draw(st.lists(slugs, min_size=1, max_size=6, unique=True))
    split = draw(st.integers(1, len(regions)))
    return TriggerPoint(
        id=f"{muscle_id}.{draw(slugs)}",
        name=draw(tricky_text),
        location=draw(tricky_text),
        essential=tuple(regions[:split]),
        spillover=tuple(regions[split:]),
        laterality=draw(st.sampled_from(get_args(Laterality))),
        depth=draw(st.none() | st.sampled_from(["superficial", "deep"])),
        notes=draw(st.none() | tricky_text),
        positions=draw(st.dictionaries(st.sampled_from(VIEW_NAMES), positions, max_size=2)),
        sources=draw(citation_tuples),
    )


@st.composite
def muscles(draw: st.DrawFn) -> Muscle:
    muscle_id = draw(slugs)
    points = draw(
        st.lists(trigger_points(muscle_id), min_size=1, max_size=3, unique_by=lambda p: p.id)
    )
    polygons = st.lists(xy_points, min_size=3, max_size=6).map(tuple)
    return Muscle(
        id=muscle_id,
        name=draw(tricky_text),
        aliases=draw(text_tuples),
        group=draw(st.sampled_from(get_args(MuscleGroup))),
        anatomy_ids=draw(
            st.lists(st.from_regex(r"UBERON:\d{7}|FMA:\d{1,6}", fullmatch=True), max_size=2).map(
                tuple
            )
        ),
        origin=draw(tricky_text),
        insertion=draw(tricky_text),
        innervation=Innervation(nerve=draw(tricky_text), roots=draw(st.none() | tricky_text)),
        actions=tuple(draw(st.lists(tricky_text, min_size=1, max_size=3))),
        trigger_points=tuple(points),
        symptoms=draw(text_tuples),
        conditions=draw(st.lists(slugs, max_size=3).map(tuple)),
        mimics=draw(st.lists(slugs, max_size=3).map(tuple)),
        differential=draw(text_tuples),
        perpetuating_factors=draw(text_tuples),
        needling=Needling(
            patient_position=draw(tricky_text),
            approach=draw(tricky_text),
            depth=draw(st.none() | tricky_text),
            hazards=tuple(
                draw(
                    st.lists(
                        st.builds(
                            Hazard, structure=tricky_text, risk=tricky_text, avoid=tricky_text
                        ),
                        min_size=1,
                        max_size=2,
                    )
                )
            ),
            precautions=draw(text_tuples),
            specialist_only=draw(st.booleans()),
            sources=draw(citation_tuples),
        ),
        self_care=(
            SelfCare(
                name=draw(tricky_text),
                steps=tuple(draw(st.lists(tricky_text, min_size=1, max_size=3))),
                cautions=draw(text_tuples),
                sources=draw(citation_tuples),
            ),
        ),
        outlines=draw(st.dictionaries(st.sampled_from(VIEW_NAMES), polygons, max_size=2)),
        sources=draw(citation_tuples),
    )


def pain_drawings(region_keys: list[str]) -> st.SearchStrategy[PainDrawing]:
    """Valid pain drawings over these region keys: any marks, date and note."""
    mark = st.builds(
        Mark,
        region=st.sampled_from(region_keys),
        intensity=st.integers(0, 10),
        qualities=st.lists(st.sampled_from(QUALITIES), min_size=1, unique=True).map(tuple),
    )
    marks = st.lists(mark, max_size=8, unique_by=lambda m: m.region).map(tuple)
    dates = st.none() | st.dates().map(lambda day: day.isoformat())
    note_characters = st.characters(
        exclude_categories=["Cs"],
        exclude_characters=[
            chr(c) for c in [*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
        ],
    )
    notes = st.none() | st.text(note_characters, min_size=1, max_size=80).filter(str.strip)
    return st.builds(PainDrawing, date=dates, note=notes, marks=marks)
