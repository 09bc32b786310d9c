"""The map as Chromium draws it: red where the pattern is, on the side it belongs to."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from png import pixel, read_png

from trigger_points.library import Library
from trigger_points.svg import render_map


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


@pytest.mark.parametrize("side", ["right", "left"])
def test_piriformis_pain_is_red_in_the_buttock_of_its_side(
    browser: Any, library: Library, side: str
) -> None:
    svg = render_map(library, "piriformis", view="posterior", side=side)  # type: ignore[arg-type]
    rows, channels, width = screenshot(browser, svg)
    left = int((width - 400) / 2)  # the panel's left edge; the frame is 400 units wide
    top = 78  # the header above the figure
    viewer_right = (left + 205, top + 445, left + 295, top + 560)
    viewer_left = (left + 105, top + 445, left + 195, top + 560)
    near, far = (viewer_right, viewer_left) if side == "right" else (viewer_left, viewer_right)
    assert red_share(rows, channels, near) > 0.25
    assert red_share(rows, channels, far) == 0
