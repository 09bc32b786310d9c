"""A map stays small without drawing less: the budget, and the ways it is kept (issue 16).

The figure's left half is the right's mirror image (`<use>`), its lines of one weight are
one path, and a self-contained drawing carries only the style rules it uses. These tests
hold what a reader and a page rely on through all that: every reference resolves, ids stay
unique on a page of several maps, and no rule a drawing needs is left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trigger_points import maps, render_sheet
from trigger_points.charts import render_pain_drawing, render_regions_chart
from trigger_points.figure import figure_files, map_style, style_sheet
from trigger_points.geometry import WIDTH
from trigger_points.library import Library
from trigger_points.maps import map_figure, render_map
from trigger_points.model import SIDES, Muscle, Side

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"

MAP_BUDGET = 30 * 1024
"""The most bytes a bundled muscle's standalone map may take (issue 16: one map <= 30 KB)."""


@pytest.mark.parametrize("side", SIDES)
def test_every_bundled_muscle_map_keeps_to_the_budget(library: Library, side: Side) -> None:
    for muscle in library.muscles:
        svg = render_map(library, muscle.id, side=side)
        assert len(svg.encode()) <= MAP_BUDGET, (muscle.id, side, len(svg.encode()))


def references(svg: str) -> tuple[list[str], list[str]]:
    """The ids a drawing (or page) defines, and the ids its `href`s and `url()`s point at."""
    ids = re.findall(r' id="([^"]+)"', svg)
    pointed = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
    return ids, pointed


def test_every_reference_of_a_standalone_drawing_is_to_an_id_it_defines_once(
    library: Library,
) -> None:
    drawings = [render_map(library, m.id, side=s) for m in library.muscles for s in SIDES]
    drawings += [render_map(library, [r.id, "piriformis"]) for r in library.nerve_roots]
    drawings += [render_pain_drawing(library), render_regions_chart(library)]
    for svg in drawings:
        ids, pointed = references(svg)
        assert len(ids) == len(set(ids))
        assert set(pointed) <= set(ids)
        assert "\x00" not in svg  # the figure's placeholder id was put in everywhere


def test_a_sheet_of_several_maps_keeps_its_ids_unique(library: Library) -> None:
    """Each map puts its own id into the figure's mirrored parts, which all maps share."""
    for muscle in library.muscles:
        page = render_sheet(library, muscle.id)
        ids, pointed = references(page)
        assert page.count("<svg") > 1
        assert len(ids) == len(set(ids)), muscle.id
        assert set(pointed) <= set(ids), muscle.id


def test_the_left_half_of_a_symmetric_view_is_the_right_mirrored(library: Library) -> None:
    root = ET.fromstring(render_map(library, "quadratus_lumborum", view="posterior"))
    mirrors = [use for use in root.iter(f"{SVG}use") if use.get("transform")]
    assert len(mirrors) == 2  # the paired lines and the paired landmarks
    defined = {element.get("id"): element for element in root.iter() if element.get("id")}
    for use in mirrors:
        assert use.get("transform") == f"matrix(-1 0 0 1 {WIDTH:g} 0)"
        assert len(defined[use.get(HREF, "")[1:]]) > 0
    # A one-sided view has no pairs: nothing mirrored within it.
    lateral = ET.fromstring(render_map(library, "quadratus_lumborum", view="lateral"))
    assert not [use for use in lateral.iter(f"{SVG}use") if use.get("transform")]


def test_the_shared_figure_files_carry_their_own_style_and_resolve_their_mirrors(
    library: Library,
) -> None:
    for name, svg in figure_files(library.views).items():
        ids, pointed = references(svg)
        assert set(pointed) <= set(ids), name
        assert ("<style" in svg) == (not name.endswith("-silhouette.svg")), name


AN_IMAGE = "<an image>"
"""What a selector of images needs: no class a drawing may use."""


def rules() -> list[tuple[str, list[set[str]]]]:
    """map.css read plainly: each rule's text, whitespace collapsed, and its selectors' classes.

    A selector of images needs what no drawing with its own style has (only a site's
    drawings show images, and they use the page's map.css).
    """
    css = re.sub(r"/\*.*?\*/", "", map_style(), flags=re.DOTALL)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        needs = [
            set(re.findall(r"\.([\w-]+)", s)) | ({AN_IMAGE} if " image" in s else set())
            for s in selectors.split(",")
        ]
        found.append((" ".join(f"{selectors}{{{body}}}".split()), needs))
    return found


CLASSES = sorted({css for _, needs in rules() for need in needs for css in need} - {AN_IMAGE})


@given(st.sets(st.sampled_from(CLASSES)))
def test_a_drawing_keeps_every_rule_that_can_match_it_and_only_those(used: set[str]) -> None:
    sheet = style_sheet(used)
    kept = re.findall(r"[^{}]+\{[^{}]*\}", sheet)
    expected = [rule for rule, needs in rules() if any(need <= used for need in needs)]
    assert len(kept) == len(expected)
    for written, plain in zip(kept, expected, strict=True):
        # Written small: only spaces CSS does not need are gone.
        assert " ".join(written.split()) == re.sub(r"\s*([{};:,])\s*", r"\1", plain).replace(
            ";}", "}"
        )


def test_a_map_that_names_no_landmarks_leaves_their_rule_out(library: Library) -> None:
    three_views = render_map(library, "quadratus_lumborum")
    one_view = render_map(library, "piriformis", view="posterior")
    assert ".landmark-label{" not in three_views and ".landmark-label{" in one_view
    assert ".zone.essential{" in three_views and ".pick{" not in three_views


def moved(muscle: Muscle, essential: tuple[str, ...]) -> Muscle:
    """The muscle with its first trigger point's essential zone replaced."""
    first = muscle.trigger_points[0].model_copy(update={"essential": essential})
    update = {"trigger_points": (first, *muscle.trigger_points[1:])}
    return Muscle.model_validate(muscle.model_copy(update=update).model_dump())


def test_what_maps_remember_of_a_library_is_never_another_librarys(library: Library) -> None:
    """Views, selections and descriptions are worked out once per library, never shared."""
    point = "piriformis.lateral"
    before = map_figure(library, point)
    other = library.replace(muscles=[moved(library.muscle("piriformis"), ("lateral_thigh_upper",))])
    after = map_figure(other, point)
    assert 'data-region="lateral_thigh_upper:right"' in after.svg
    assert 'data-region="lateral_thigh_upper:right"' not in before.svg
    assert map_figure(library, point) == before


def test_the_maps_memo_stays_small_and_never_changes_a_map(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site draws thousands of maps: the memo keeps the last few answers, not every one."""
    muscles = [muscle.id for muscle in library.muscles][:6]
    first = {(m, side): render_map(library, m, side=side) for m in muscles for side in SIDES}
    monkeypatch.setattr(maps, "MEMO_SIZE", 3)
    fresh = library.replace()  # a new library: a memo of its own
    for (muscle_id, side), svg in first.items():
        assert render_map(fresh, muscle_id, side=side) == svg
        assert len(maps._MEMOS[fresh]) <= 3
