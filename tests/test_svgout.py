"""The fast serialiser: exactly the bytes svgwrite writes, for every drawing we make."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import svgwrite
import svgwrite.text
from hypothesis import given
from hypothesis import strategies as st

from trigger_points import figure
from trigger_points.charts import (
    render_marked_drawing,
    render_pain_drawing,
    render_region_picker,
    render_regions_chart,
)
from trigger_points.drawing import Mark, PainDrawing
from trigger_points.library import Library
from trigger_points.maps import map_figure, render_map
from trigger_points.model import SIDES
from trigger_points.svgout import Fragment, SvgDocument, markup, text_markup, tostring

SITE = "../figures/"


@pytest.fixture
def both_ways(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every drawing serialised by svgout and by svgwrite: (fast, svgwrite) pairs."""
    written: list[tuple[str, str]] = []

    def compared(drawing: svgwrite.Drawing) -> str:
        fast = tostring(drawing)
        written.append((fast, drawing.tostring()))
        return fast

    # Every drawing is written through figure.finished.
    monkeypatch.setattr(figure, "tostring", compared)
    yield written


def every_drawing(library: Library, figure_href: str | None) -> None:
    """Every map and chart the library makes, standalone or for the site."""
    for muscle in library.muscles:
        for side in SIDES:
            map_figure(library, muscle.id, side=side, figure_href=figure_href)
            map_figure(
                library, muscle.id, side=side, frame="focus", bare=True, figure_href=figure_href
            )
        for point in muscle.trigger_points:
            map_figure(library, point.id, frame="focus", figure_href=figure_href)
    for root in library.nerve_roots:
        map_figure(library, [root.id, "gluteus_minimus.anterior"], figure_href=figure_href)
    render_pain_drawing(library, figure_href=figure_href)
    render_region_picker(library, figure_href=figure_href)
    if figure_href is None:
        render_regions_chart(library)
        marks = (Mark(region="buttock_lower:right", intensity=7, qualities=("burning",)),)
        render_marked_drawing(library, PainDrawing(marks=marks))
    else:
        figure.figure_files(library.views)


@pytest.mark.parametrize("figure_href", [None, SITE], ids=["standalone", "site"])
def test_every_map_and_chart_is_written_as_svgwrite_writes_it(
    library: Library, both_ways: list[tuple[str, str]], figure_href: str | None
) -> None:
    every_drawing(library, figure_href)
    assert len(both_ways) > 2 * len(library.muscles)
    for fast, plain in both_ways:
        assert fast == plain


def test_the_shared_parts_of_the_figure_are_the_bytes_drawn_afresh(library: Library) -> None:
    """The figure's parts are built once per view and reused: reuse changes nothing."""
    targets = [m.id for m in library.muscles] + [r.id for r in library.nerve_roots]
    warm = {(t, s): render_map(library, t, side=s) for t in targets for s in SIDES}
    for (target, side), svg in warm.items():
        figure._per_view_parts.clear()
        assert render_map(library, target, side=side) == svg, (target, side)


def test_a_standalone_map_and_chart_point_at_nothing_outside_themselves(library: Library) -> None:
    drawings = [render_map(library, m.id, side=s) for m in library.muscles for s in SIDES]
    drawings += [render_pain_drawing(library), render_regions_chart(library)]
    drawings += [panel.svg for panel in render_region_picker(library)]
    for svg in drawings:
        assert "<image" not in svg
        assert 'href="' not in svg.replace('href="#', "")


SITE_MAP_BUDGET = 30 * 1024
"""The most bytes a muscle's map may take on a page of the site (issue 16)."""


def test_a_site_map_carries_only_what_it_shows(library: Library) -> None:
    """No outline, clip path or style sheet: the site's figure files and map.css hold them."""
    for muscle in library.muscles:
        site = map_figure(library, muscle.id, frame="focus", figure_href=SITE).svg
        assert "<style" not in site and "<clipPath" not in site, muscle.id
        assert len(site.encode()) <= SITE_MAP_BUDGET, muscle.id
    site = map_figure(library, "piriformis", frame="focus", figure_href=SITE).svg
    for part in ("posterior-silhouette", "posterior-body", "posterior"):
        assert f'xlink:href="{SITE}{part}.svg"' in site


TEXT = st.text(st.characters(exclude_categories=["Cs"]))
"""Any text UTF-8 can carry: control characters, quotes, ampersands, angle brackets."""


@given(text=TEXT, value=TEXT)
def test_text_and_attributes_are_escaped_as_elementtree_escapes_them(text: str, value: str) -> None:
    drawing = SvgDocument(debug=False)
    group = drawing.g(class_=value, data_note=f"{value}\r\n\t")
    group.add(drawing.text(text, insert=(1.5, 2)))
    group.add(drawing.path(d=value or "M0 0"))
    drawing.add(group)
    assert tostring(drawing) == drawing.tostring()


ELEMENTS: dict[str, Callable[[svgwrite.Drawing], svgwrite.base.BaseElement]] = {
    "text path (left to svgwrite)": lambda d: svgwrite.text.TextPath("#p", "along"),
    "empty text": lambda d: d.text(""),
    "path of commands": lambda d: d.path(["M", 0, 0, "L", (1, 2)]),
    "use of an element": lambda d: d.use(d.rect(id="r")),
    "style": lambda d: d.style("a > b { fill: red }"),
    "nested svg": lambda d: d.svg(insert=(1, 2), size=(3, 4)),
}


@pytest.mark.parametrize("kind", sorted(ELEMENTS))
def test_an_element_of_any_kind_is_written_as_svgwrite_writes_it(kind: str) -> None:
    drawing = SvgDocument(debug=False)
    drawing.add(ELEMENTS[kind](drawing))
    assert tostring(drawing) == drawing.tostring()


XML_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("&<>\"'"))
"""Text an XML parser reads back as it was written: no control characters."""


@given(text=XML_TEXT, value=XML_TEXT)
def test_a_fragment_is_written_as_svgwrite_writes_what_it_stands_for(text: str, value: str) -> None:
    """A layer written as text reads back, through svgwrite's own serialisation, the same."""
    inner = markup("use", {"class": value, "x": 1.5, "xlink:href": f"#{value}"})
    inner += text_markup("text", {"class": "label", "y": 2}, text)
    drawing = SvgDocument(debug=False)
    drawing.add(Fragment(markup("g", {"data-note": value, "transform": "scale(2)"}, inner)))
    assert tostring(drawing) == drawing.tostring()
