"""The map as Chromium draws it: red where the pattern is, on the side it belongs to."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import pytest
from png import pixel, read_png

from trigger_points.figure import HEADER, panel_left
from trigger_points.geometry import bounds, mirror_shape
from trigger_points.library import Library
from trigger_points.maps import render_map
from trigger_points.model import Point, Side

pytestmark = pytest.mark.browser


def screenshot(browser: Any, svg: str) -> tuple[list[bytearray], int, float]:
    """The map drawn at one pixel per unit: rows, channels, and the drawing's width."""
    width, height = (float(v) for v in ET.fromstring(svg).get("viewBox", "").split()[2:])
    page = browser.new_page(viewport={"width": int(width), "height": int(height)})
    try:
        page.set_content(
            f"<body style='margin:0'><div style='width:{width}px;height:{height}px'>{svg}</div>"
        )
        _, _, rows = read_png(page.screenshot())
    finally:
        page.close()
    return rows, len(rows[0]) // int(width), width


def red_share(rows: list[bytearray], channels: int, box: tuple[int, int, int, int]) -> float:
    x0, y0, x1, y1 = box
    red = total = 0
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            r, g, b = pixel(rows, x, y, channels)
            total += 1
            red += r > 150 and g < 90 and b < 90
    return red / total


def on_screen(points: Sequence[Point]) -> tuple[int, int, int, int]:
    """The box around these points of a whole-body map's only panel, in screen pixels."""
    x0, y0, x1, y1 = bounds(points)
    left, top = panel_left(0), HEADER  # where the panel's frame starts in the drawing
    return (round(left + x0), round(top + y0), round(left + x1), round(top + y1))


@pytest.mark.parametrize("side", ["right", "left"])
def test_piriformis_pain_is_red_in_the_buttock_of_its_side(
    browser: Any, library: Library, side: Side
) -> None:
    svg = render_map(library, "piriformis", view="posterior", side=side)
    rows, channels, _ = screenshot(browser, svg)
    view = library.view("posterior")
    essential = {r for p in library.muscle("piriformis").trigger_points for r in p.essential}
    # The essential zone as the data writes it, for the patient's right, and its mirror image.
    written = [p for region in sorted(essential & set(view.regions)) for p in view.regions[region]]
    mirrored = mirror_shape(written)
    near, far = (written, mirrored) if side == "right" else (mirrored, written)
    assert red_share(rows, channels, on_screen(near)) > 0.25
    assert red_share(rows, channels, on_screen(far)) == 0
