"""The drawn figure, shared by the body maps and the region charts.

A drawing is one SVG document holding one panel per view: the body's outline
(defined once and used both as the fill and as the clip of everything drawn
on it), its interior lines and landmarks, the patient's left and right, and
the view's name. The maps (svg.py) and the charts (charts.py) add what they
show on top. Nothing here reads files; the same models give the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points.geometry import (
    HEIGHT,
    WIDTH,
    Shape,
    body_outline,
    figure_is_mirrored,
    for_side,
    mirror_shape,
    smooth_path,
    viewer_side,
)
from trigger_points.model import SIDES, BodyView, Point, Side
from trigger_points.resources import bundled_path

__all__ = [
    "FOOTER",
    "HEADER",
    "SUBTITLE_Y",
    "ZONE_RED",
    "Panel",
    "add_title",
    "body_group",
    "details",
    "drawing_width",
    "heading",
    "map_style",
    "new_drawing",
    "panel_left",
    "path_data",
    "side_labels",
    "svg_text",
    "view_label",
]

PANEL_GAP = 24.0
MARGIN = 50.0
HEADER = 84.0
FOOTER = 110.0
SIDE_LABEL_Y = 20.0
TITLE_SIZE = 21.0
TITLE_CHARACTER_WIDTH = 0.6
"""The average width of a bold sans-serif character, in ems: enough to keep titles inside."""
TITLE_Y = 30
SUBTITLE_Y = 58
TITLE_INSET = 24
"""How much of the drawing's width a title leaves free, both ends together."""
TITLE_LINE = 26.0
"""The distance between the lines of a title too long for one."""
SIDE_LABEL_INSET = 6
VIEW_LABEL_DROP = 20
"""How far below the panel's bottom edge the view's name's baseline sits."""
LANDMARK_RADIUS = 2
STIPPLE_CELL = 5
"""The stipple's repeat, in units: two dots per cell on a faint wash of the zone's red."""
STIPPLE_DOT = 1.05
ZONE_RED = "#c62828"

# Text sizes (map.css) are in the drawing's units. A one- or two-view map is shown at
# about 0.65 pixels to the unit or more (sheet cards at 1280 px; two columns of A4), so
# 15-unit landmark names stay at 11 px or more on screen and 7 pt or more in print. A
# three-view map is shown smaller: it leaves the landmark names out, and every other
# text is 18 units.


@lru_cache(maxsize=1)
def map_style() -> str:
    """The style sheet every drawing carries (`templates/map.css`), read once per process."""
    css = (bundled_path("templates") / "map.css").read_text(encoding="utf-8")
    return "\n" + css.split("\n", 1)[1]  # without its heading comment, on lines of its own


class Panel:
    """One view of the figure placed in the drawing, mirrored when it shows the left side."""

    def __init__(
        self,
        view: BodyView,
        side: Side,
        left: float,
        top: float,
        prefix: str,
        window: tuple[float, float] = (0.0, HEIGHT),
    ) -> None:
        self.view = view
        self.side = side
        self.mirrored = figure_is_mirrored(view, side)
        self.left = left
        self.top = top
        self.prefix = prefix
        self.window = window
        """The span of y, in the view's frame, that the panel shows."""
        self.body_id = f"{prefix}{view.id}{'-mirrored' if self.mirrored else ''}-body"

    def shape(self, points: Sequence[Point]) -> Shape:
        """A shape of the figure itself (outline, overlays), as this panel shows it."""
        return mirror_shape(points) if self.mirrored else tuple(points)

    def sided(self, points: Sequence[Point], side: Side | None) -> Shape:
        """A shape written for the right side, placed for `side` (None: a midline shape).

        A symmetric view shows both sides, so the left is the mirror image within it; a
        side view shows one side only, and its panel is already mirrored for the left.
        """
        if side is None or not self.view.symmetric:
            return self.shape(points)
        return for_side(points, side)


def path_data(points: Sequence[Point], closed: bool = True) -> str:
    """The smoothed SVG path through a shape's points (a site draws the same body many times)."""
    return _cached_path(tuple(points), closed)


@lru_cache(maxsize=4096)
def _cached_path(points: tuple[Point, ...], closed: bool) -> str:
    return smooth_path(points, closed=closed)


def svg_text(
    drawing: svgwrite.Drawing, text: str, at: Point, css: str, anchor: str = "start"
) -> svgwrite.base.BaseElement:
    """A text element at a point, styled by a class and anchored at its start, middle or end."""
    attributes = {"class_": css}
    if anchor != "start":
        attributes["text_anchor"] = anchor
    return drawing.text(text, insert=(round(at[0], 1), round(at[1], 1)), **attributes)


def add_title(
    drawing: svgwrite.Drawing, prefix: str, title: str, description: str, role: str | None = "img"
) -> None:
    """Give the drawing its accessible name and description (`<title>`, `<desc>`, `role`).

    A picture is an `img`. A chart whose regions are controls takes no role (`None`):
    an image's children are hidden from assistive technology, and HTML allows no
    `group` on an inline SVG; the SVG's own role keeps its controls reachable.
    """
    elements = []
    for kind, text in ((svgwrite.base.Title, title), (svgwrite.base.Desc, description)):
        element = kind(text)
        element.xml.set("id", f"{prefix}{kind.elementname}")
        elements.append(element)
    drawing.elements[0:0] = elements
    if role is not None:
        drawing.attribs["role"] = role
    drawing.attribs["aria-labelledby"] = f"{prefix}title {prefix}desc"


class SvgDocument(svgwrite.Drawing):  # type: ignore[misc]
    """svgwrite's Drawing without the attributes HTML does not allow on an inline SVG."""

    def get_xml(self) -> Any:
        """The XML tree, less `xmlns:ev`, `baseProfile` and `version`."""
        xml = super().get_xml()
        for name in ("xmlns:ev", "baseProfile", "version"):
            xml.attrib.pop(name, None)
        return xml


def new_drawing(width: float, height: float, prefix: str) -> svgwrite.Drawing:
    """An empty document with the shared style, the stipple pattern and the X, ids prefixed."""
    drawing = SvgDocument(size=("100%", "100%"), viewBox=f"0 0 {width:g} {height:g}", debug=False)
    drawing.defs.add(drawing.style(map_style()))
    cell = STIPPLE_CELL
    pattern = drawing.pattern(
        id=f"{prefix}stipple", size=(cell, cell), patternUnits="userSpaceOnUse"
    )
    pattern.add(drawing.rect((0, 0), (cell, cell), fill=ZONE_RED, fill_opacity=0.1))
    for dot in (cell / 4, 3 * cell / 4):
        pattern.add(drawing.circle((dot, dot), STIPPLE_DOT, fill=ZONE_RED))
    drawing.defs.add(pattern)
    drawing.defs.add(drawing.path(d="M-5 -5L5 5M-5 5L5 -5", id=f"{prefix}cross"))
    return drawing


def body_group(drawing: svgwrite.Drawing, panel: Panel) -> svgwrite.container.Group:
    """The body outline (defined once, used for the fill and as the clip) with its clip path."""
    drawing.defs.add(
        drawing.path(d=path_data(panel.shape(body_outline(panel.view))), id=panel.body_id)
    )
    clip = drawing.clipPath(id=f"{panel.body_id}-clip")
    clip.add(drawing.use(f"#{panel.body_id}"))
    drawing.defs.add(clip)
    low, high = panel.window
    # The panel reaches into the margins beside it, so that a landmark's name may run past
    # the figure; above and below, it shows only its window of the body (a focused map).
    group = drawing.svg(
        insert=(panel.left - MARGIN, panel.top),
        size=(WIDTH + 2 * MARGIN, high - low),
        viewBox=f"{-MARGIN:g} {low:g} {WIDTH + 2 * MARGIN:g} {high - low:g}",
        class_="view",
        data_view=panel.view.id,
    )
    group.add(drawing.use(f"#{panel.body_id}", class_="body"))
    return group


def details(
    drawing: svgwrite.Drawing,
    panel: Panel,
    group: svgwrite.container.Group,
    label_side: Side,
    *,
    landmarks: bool = True,
    names: bool = True,
) -> None:
    """Interior lines, overlays such as the arm, and the landmarks, labelled on `label_side`.

    A patient's pain drawing leaves the landmarks out: their names are a clinician's.
    `names=False` keeps the landmarks' circles but not their names, for a drawing shown
    too small for them to be read (they are left out, never shrunk).
    """
    contours = drawing.g(class_="contours")
    for contour in panel.view.contours:
        sides: tuple[Side | None, ...] = (
            SIDES if contour.paired and panel.view.symmetric else (None,)
        )
        for side in sides:
            points = panel.sided(contour.points, side if contour.paired else None)
            css = "contour faint" if contour.weight == "faint" else "contour"
            contours.add(drawing.path(d=path_data(points, contour.closed), class_=css))
    group.add(contours)
    for overlay in panel.view.overlays:
        group.add(
            drawing.path(
                d=path_data(panel.shape(overlay.outline)), class_="overlay", data_part=overlay.id
            )
        )
    if not landmarks:
        return
    marks = drawing.g(class_="landmarks")
    for landmark in panel.view.landmarks:
        sides = SIDES if landmark.paired and panel.view.symmetric else (None,)
        for side in sides:
            at = panel.sided((landmark.at,), side if landmark.paired else None)[0]
            centre = (round(at[0], 1), round(at[1], 1))
            marks.add(drawing.circle(centre, LANDMARK_RADIUS, class_="landmark"))
            labelled = names and landmark.show_label and (side is None or side == label_side)
            if labelled:
                dx, dy = landmark.label_offset
                if (side == "left") != panel.mirrored:
                    dx = -dx
                anchor = "end" if dx < 0 else "start"
                place = (at[0] + dx, at[1] + dy)
                marks.add(svg_text(drawing, landmark.label, place, "landmark-label", anchor))
    group.add(marks)


def side_labels(drawing: svgwrite.Drawing, panel: Panel, group: svgwrite.container.Group) -> None:
    """Write the patient's left and right over each half, so the side cannot be misread."""
    if panel.view.symmetric:
        for side in SIDES:
            on_right = viewer_side(panel.view, side) == "right"
            x = WIDTH - SIDE_LABEL_INSET if on_right else SIDE_LABEL_INSET
            label = f"Patient's {side}"
            group.add(
                svg_text(
                    drawing,
                    label,
                    (x, panel.window[0] + SIDE_LABEL_Y),
                    "side-label",
                    "end" if on_right else "start",
                )
            )
    else:
        front_right = not panel.mirrored
        label = (
            f"Patient's {panel.side} side, front \u2192"
            if front_right
            else f"\u2190 front, patient's {panel.side} side"
        )
        top = panel.window[0] + SIDE_LABEL_Y
        group.add(svg_text(drawing, label, (WIDTH / 2, top), "side-label", "middle"))


def view_label(drawing: svgwrite.Drawing, panel: Panel) -> None:
    """The view's name just under the figure, outside its window: never over the feet."""
    height = panel.window[1] - panel.window[0]
    at = (panel.left + WIDTH / 2, panel.top + height + VIEW_LABEL_DROP)
    drawing.add(svg_text(drawing, panel.view.label, at, "view-label", "middle"))


def heading(drawing: svgwrite.Drawing, title: str, subtitle: str, width: float) -> float:
    """Write the title (wrapped onto more lines when long, never shrunk) and the subtitle.

    Returns how much taller than `HEADER` the heading came out: the caller moves the
    figure down by that much.
    """
    lines = textwrap.wrap(title, _title_characters(width)) or [""]
    for index, line in enumerate(lines):
        at = (width / 2, TITLE_Y + index * TITLE_LINE)
        drawing.add(svg_text(drawing, line, at, "title", "middle"))
    extra = (len(lines) - 1) * TITLE_LINE
    drawing.add(svg_text(drawing, subtitle, (width / 2, SUBTITLE_Y + extra), "subtitle", "middle"))
    return extra


def _title_characters(width: float) -> int:
    """How many characters of the title fit on one line of a drawing this wide."""
    return max(12, int((width - TITLE_INSET) / (TITLE_CHARACTER_WIDTH * TITLE_SIZE)))


def drawing_width(panels: int) -> float:
    """How wide a drawing of this many panels is, margins included."""
    return 2 * MARGIN + panels * WIDTH + (panels - 1) * PANEL_GAP


def panel_left(index: int) -> float:
    """Where the panel of this index starts."""
    return MARGIN + index * (WIDTH + PANEL_GAP)
