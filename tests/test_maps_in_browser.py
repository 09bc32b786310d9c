"""The small style sheet of a standalone map styles it exactly as the whole of map.css does.

A self-contained drawing carries only the rules its classes can match, written without
the spaces CSS does not need (figure.style_sheet). Chromium computes every element's
style both ways; they must agree, property by property.

A map on a page of the site draws its figure and its zones as images of shared files
(figure.figure_files): opened from `file://`, it must look as the self-contained map does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from png import read_png

from trigger_points.charts import render_regions_chart
from trigger_points.figure import figure_files, map_style
from trigger_points.library import Library
from trigger_points.maps import Frame, map_figure, render_map
from trigger_points.model import Side

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


SHADE = 64
"""The most a pixel's channel may differ between the two drawings, of 255: an image of a
file and the same path drawn inline are smoothed a little differently at their edges,
while a zone misplaced, left out or styled otherwise differs by far more."""


def drawn(browser: Any, page: Path) -> tuple[int, int, list[bytearray]]:
    """The page's first drawing as Chromium paints it from `file://`, once its images load."""
    tab = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        tab.goto(page.as_uri())
        tab.wait_for_load_state("networkidle")
        return read_png(tab.locator("svg").first.screenshot())
    finally:
        tab.close()


@pytest.mark.parametrize(
    ("target", "side", "bare"),
    [
        ("quadratus_lumborum", "right", False),
        ("gluteus_minimus", "left", False),
        ("piriformis", "left", False),
        ("piriformis", "right", True),
    ],
)
def test_a_site_map_drawn_from_its_files_looks_as_the_self_contained_map(
    browser: Any, library: Library, tmp_path: Path, target: str, side: Side, bare: bool
) -> None:
    """Both zones, both placements of a symmetric view, the mirrored side view, and a
    bare map focused on a window of the body (as a handout shows it)."""
    for name, text in figure_files(library.views).items():
        (tmp_path / "figures" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "figures" / name).write_text(text, encoding="utf-8")
    (tmp_path / "map.css").write_text(map_style(), encoding="utf-8")
    (tmp_path / "pages").mkdir()
    frame: Frame = "focus" if bare else "whole"
    site, alone = (
        map_figure(library, target, side=side, frame=frame, bare=bare, figure_href=href).svg
        for href in ("../figures/", None)
    )
    assert 'class="zone spillover"' in site and 'class="zone essential"' in site
    body = "<body style='margin:0'><div style='width:1100px'>{}</div>"
    pages = {
        "alone": body.format(alone),
        "site": "<link rel='stylesheet' href='../map.css'>" + body.format(site),
    }
    shots = {}
    for name, html in pages.items():
        (tmp_path / "pages" / f"{name}.html").write_text(html, encoding="utf-8")
        shots[name] = drawn(browser, tmp_path / "pages" / f"{name}.html")
    (width, height, inline), (_, _, from_files) = shots["alone"], shots["site"]
    assert (width, height) == shots["site"][:2]
    channels = len(inline[0]) // width
    red = 0
    for y in range(height):
        if inline[y] == from_files[y]:
            continue
        for x in range(0, width * channels, channels):
            for channel in range(3):
                assert abs(inline[y][x + channel] - from_files[y][x + channel]) <= SHADE, (x, y)
    for row in from_files:
        red += sum(
            row[x] > 150 and row[x + 1] < 90 and row[x + 2] < 90
            for x in range(0, width * channels, channels)
        )
    assert red > 1000  # the zones are there, not two blank drawings alike
