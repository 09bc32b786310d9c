"""The small style sheet of a standalone map styles it exactly as the whole of map.css does.

A self-contained drawing carries only the rules its classes can match, written without
the spaces CSS does not need (figure.style_sheet). Chromium computes every element's
style both ways; they must agree, property by property.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from trigger_points.charts import render_regions_chart
from trigger_points.figure import map_style
from trigger_points.library import Library
from trigger_points.maps import render_map

pytestmark = pytest.mark.browser

PROPERTIES = (
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "font-family",
    "font-size",
    "font-weight",
    "letter-spacing",
    "paint-order",
    "pointer-events",
    "cursor",
)

COMPUTED = """(properties) => Array.from(document.querySelectorAll("svg *"), (element) => {
    const style = getComputedStyle(element);
    return [element.tagName, ...properties.map((name) => style.getPropertyValue(name))];
})"""


def computed_styles(browser: Any, svg: str) -> list[list[str]]:
    page = browser.new_page()
    try:
        page.set_content(f"<body>{svg}</body>")
        styles: list[list[str]] = page.evaluate(COMPUTED, list(PROPERTIES))
    finally:
        page.close()
    return styles


def with_whole_sheet(svg: str) -> str:
    """The drawing with its own style sheet replaced by the whole of map.css."""
    return re.sub(
        r"<style type=\"text/css\"><!\[CDATA\[.*?\]\]></style>",
        lambda _: f'<style type="text/css"><![CDATA[{map_style()}]]></style>',
        svg,
        count=1,
        flags=re.DOTALL,
    )


@pytest.mark.parametrize(
    "draw",
    [
        lambda lib: render_map(lib, "quadratus_lumborum", side="left"),
        lambda lib: render_map(lib, "piriformis", view="posterior"),
        lambda lib: render_map(lib, ["l5", "gluteus_minimus.anterior"], side="left"),
        render_regions_chart,
    ],
    ids=["three-views", "named-landmarks", "dermatome", "regions-chart"],
)
def test_the_small_sheet_styles_every_element_as_the_whole_sheet_does(
    browser: Any, library: Library, draw: Any
) -> None:
    svg = draw(library)
    whole = with_whole_sheet(svg)
    assert whole != svg
    small = computed_styles(browser, svg)
    assert small == computed_styles(browser, whole)
    assert len(small) > 50
