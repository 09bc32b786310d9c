"""Body maps: what is highlighted, on which side, and the SVG a browser and a reader rely on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trigger_points.charts import render_regions_chart
from trigger_points.errors import NotShownError, UnknownIdError
from trigger_points.library import Library
from trigger_points.maps import render_map
from trigger_points.model import SIDES, Laterality, Muscle, Side, TriggerPoint

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def drawn_zones(root: ET.Element) -> dict[str, str]:
    """data-region -> essential/spillover, for every zone drawn."""
    zones = {}
    for element in root.iter():
        region = element.get("data-region")
        if region is not None:
            assert region not in zones, f"{region} drawn twice"
            zones[region] = "essential" if "essential" in element.get("class", "") else "spillover"
    return zones


def with_one_point(library: Library, point: TriggerPoint) -> Library:
    """The bundled library with piriformis reduced to one trigger point of our choosing."""
    muscle = library.muscle("piriformis").model_copy(update={"trigger_points": (point,)})
    return library.replace(muscles=[Muscle.model_validate(muscle.model_dump())])


@st.composite
def zone_patterns(
    draw: st.DrawFn, library: Library
) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]], Laterality]:
    """Drawn regions split into two zones, each entry perhaps felt on both sides."""
    drawn = sorted(r.id for r in library.regions if not r.parts)
    chosen = draw(st.lists(st.sampled_from(drawn), min_size=1, max_size=8, unique=True))
    split = draw(st.integers(1, len(chosen)))
    paired = {r.id for r in library.regions if r.laterality == "paired"}
    entries = [(region, region in paired and draw(st.booleans())) for region in chosen]
    return entries[:split], entries[split:], draw(st.sampled_from(get_args(Laterality)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), side=st.sampled_from(SIDES))
def test_a_map_highlights_exactly_the_zones_on_their_side(
    library: Library, data: st.DataObject, side: Side
) -> None:
    essential, spillover, laterality = data.draw(zone_patterns(library))
    point = TriggerPoint(
        id="piriformis.test",
        name="Test",
        location="Anywhere",
        essential=tuple(f"{r}:both" if both else r for r, both in essential),
        spillover=tuple(f"{r}:both" if both else r for r, both in spillover),
        laterality=laterality,
        sources=library.muscle("piriformis").sources,
    )
    synthetic = with_one_point(library, point)
    muscle = synthetic.muscle("piriformis")
    for view in synthetic.views:
        expected: dict[str, str] = {}
        for strength, entries in (("spillover", spillover), ("essential", essential)):
            for region_id, both in entries:
                if region_id not in view.regions:
                    continue
                if library.region(region_id).laterality == "midline":
                    expected[region_id] = strength
                    continue
                on_both = (both or laterality == "bilateral") and view.symmetric
                expected.update(
                    {f"{region_id}:{s}": strength for s in (SIDES if on_both else [side])}
                )
        shows_muscle = view.id in muscle.outlines or any(
            view.id in p.positions for p in muscle.trigger_points
        )
        if not expected and not shows_muscle:
            with pytest.raises(NotShownError):
                render_map(synthetic, "piriformis", view=view.id, side=side)
            continue
        root = parse(render_map(synthetic, "piriformis", view=view.id, side=side))
        assert drawn_zones(root) == expected


@pytest.mark.parametrize("side", SIDES)
def test_every_muscle_map_is_accessible_compact_and_without_repeated_paths(
    library: Library, side: Side
) -> None:
    for muscle in library.muscles:
        svg = render_map(library, muscle.id, view="auto", side=side)
        assert len(svg.encode()) < 100_000, muscle.id
        root = parse(svg)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby", "").split()
        ids = {element.get("id") for element in root.iter()}
        assert {title_id, desc_id} <= ids
        title = root.find(f"{SVG}title")
        assert title is not None and muscle.name in (title.text or "")
        paths = [element.get("d") for element in root.iter(f"{SVG}path")]
        assert len(paths) == len(set(paths)), f"{muscle.id}: a path is drawn twice"


def test_the_description_says_the_pattern_in_words(library: Library) -> None:
    root = parse(render_map(library, "gluteus_medius.trp3"))
    description = root.find(f"{SVG}desc")
    assert description is not None and description.text is not None
    # The crest is felt on the trigger point's side only; the low back on both (`:both`).
    assert "Top of the hip bone (the belt line) (right)" in description.text
    assert "Top of the hip bone (the belt line) (left)" not in description.text
    assert "Lower low back, beside the spine (left)" in description.text


def test_every_trigger_point_is_an_x_with_its_number(library: Library) -> None:
    root = parse(render_map(library, "quadratus_lumborum"))
    marks = [e for e in root.iter() if e.get("data-trigger-point")]
    assert [m.get("data-trigger-point") for m in marks] == [
        p.id for p in library.muscle("quadratus_lumborum").trigger_points
    ]
    numbers = [m.findtext(f"{SVG}text") for m in marks]
    assert numbers == ["1", "2", "3", "4"]


def test_both_sides_are_labelled_on_a_symmetric_view(library: Library) -> None:
    root = parse(render_map(library, "piriformis", view="posterior"))
    labels = {e.text for e in root.iter(f"{SVG}text") if "side-label" in e.get("class", "")}
    assert labels == {"Patient's right", "Patient's left"}


def test_unknown_targets_and_views_are_named(library: Library) -> None:
    with pytest.raises(UnknownIdError, match="piriformis"):
        render_map(library, "piriformus")
    with pytest.raises(UnknownIdError):
        render_map(library, "piriformis", view="sideways")  # type: ignore[arg-type]


def test_auto_view_shows_every_region_the_pattern_needs(library: Library) -> None:
    for muscle in library.muscles:
        drawn = parse(render_map(library, muscle.id, view="auto"))
        views = [e.get("data-view", "") for e in drawn.iter() if e.get("data-view")]
        shown = set().union(*(library.view(v).regions for v in views))
        every = set().union(*(v.regions for v in library.views))
        wanted = {r for p in muscle.trigger_points for r in (*p.essential, *p.spillover)}
        assert wanted & every <= shown


def test_the_regions_chart_draws_every_region_of_every_view(library: Library) -> None:
    root = parse(render_regions_chart(library))
    drawn = {e.get("data-region") for e in root.iter() if e.get("data-region")}
    for view in library.views:
        for region_id in view.regions:
            paired = library.region(region_id).laterality == "paired"
            assert (f"{region_id}:right" if paired else region_id) in drawn


def trigger_point_x(svg: str) -> float:
    root = parse(svg)
    (mark,) = [e for e in root.iter() if e.get("data-trigger-point")]
    return float(next(u for u in mark.iter(f"{SVG}use")).get("x", "nan"))


def test_the_left_side_view_is_the_mirror_image_of_the_right(library: Library) -> None:
    right = trigger_point_x(
        render_map(library, "tensor_fasciae_latae.trp", view="lateral", side="right")
    )
    left = trigger_point_x(
        render_map(library, "tensor_fasciae_latae.trp", view="lateral", side="left")
    )
    assert left == pytest.approx(400 - right, abs=0.11)


def test_a_map_needs_a_target_and_a_known_frame(library: Library) -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_map(library, [])
    with pytest.raises(ValueError, match="frame"):
        render_map(library, "piriformis", frame="zoom")  # type: ignore[arg-type]
