"""The drawn figure, shared by the body maps and the region charts.

A drawing is one SVG document holding one panel per view: the body's outline
(defined once and used both as the fill and as the clip of everything drawn
on it), its interior lines and landmarks, the patient's left and right, and
the view's name. The maps (svg.py) and the charts (charts.py) add what they
show on top. Nothing here reads files; the same models give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points.checks import body_outline
from trigger_points.geometry import (
    HEIGHT,
    WIDTH,
    Shape,
    Side,
    figure_is_mirrored,
    for_side,
    mirror_shape,
    smooth_path,
    viewer_side,
)
from trigger_points.model import BodyView, Point

PANEL_GAP = 24.0
MARGIN = 60.0
HEADER = 78.0
FOOTER = 92.0
SIDE_LABEL_Y = 16.0
TITLE_SIZE = 21.0
TITLE_CHARACTER_WIDTH = 0.6
"""The average width of a bold sans-serif character, in ems: enough to keep titles inside."""

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
STYLE = f"""
text {{ font-family: {FONT}; fill: #2b2b2b; }}
.body {{ fill: #fbf4ee; stroke: #4a4a4a; stroke-width: 1.6; stroke-linejoin: round; }}
.overlay {{ fill: #fbf4ee; stroke: #4a4a4a; stroke-width: 1.4; stroke-linejoin: round; }}
.contours, .landmarks, .region-labels, .side-label, .view-label {{ pointer-events: none; }}
.contour {{ fill: none; stroke: #8d8580; stroke-width: 0.9; stroke-linecap: round; }}
.contour.faint {{ stroke: #bdb5ae; stroke-width: 0.7; }}
.landmark {{ fill: none; stroke: #8d8580; stroke-width: 0.8; }}
.landmark-label {{ font-size: 9px; fill: #6f6863;
  paint-order: stroke; stroke: #fbf4ee; stroke-width: 2.5px; stroke-linejoin: round; }}
.muscle {{ fill: #c98f7a; fill-opacity: 0.35; stroke: none; }}
.muscle-edge {{ fill: none; stroke: #8a4a36; stroke-width: 1; stroke-dasharray: 3 2; }}
.zone.essential {{ fill: #c62828; stroke: #c62828; stroke-width: 4; stroke-linejoin: round; }}
.zone.spillover {{ stroke-width: 4; stroke-linejoin: round; }}
.trp-halo {{ stroke: #fff; stroke-width: 6; stroke-linecap: round; }}
.trp-x {{ stroke: #111; stroke-width: 2.8; stroke-linecap: round; }}
.trp-number {{ font-size: 13px; font-weight: 700; fill: #111;
  paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
.side-label {{ font-size: 12px; font-weight: 600; fill: #555; letter-spacing: 0.02em;
  paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
.view-label {{ font-size: 13px; fill: #555;
  paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
.title {{ font-size: 21px; font-weight: 700; }}
.subtitle {{ font-size: 13px; fill: #555; }}
.legend-text {{ font-size: 12px; }}
.region {{ stroke: #fff; stroke-width: 1; }}
.pick {{ fill: #c62828; fill-opacity: 0; stroke: #b7aca3; stroke-width: 0.7; cursor: pointer; }}
.pick:hover {{ fill-opacity: 0.18; }}
.pick:focus {{ outline: none; stroke: #1f2328; stroke-width: 2.2; }}
.pick[aria-checked="true"] {{ fill-opacity: 1; stroke: #8c1c13; }}
.outline {{ fill: none; stroke: #c9bfb6; stroke-width: 0.6; stroke-dasharray: 2 2; }}
.region-label {{ font-size: 7.5px; fill: #222; text-anchor: middle; }}
"""


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
        self.mirrored = figure_is_mirrored(view.id, side)
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


def add_title(drawing: svgwrite.Drawing, prefix: str, title: str, description: str) -> None:
    """Give the drawing its accessible name and description (`<title>`, `<desc>`, `role`)."""
    elements = []
    for kind, text in ((svgwrite.base.Title, title), (svgwrite.base.Desc, description)):
        element = kind(text)
        element.xml.set("id", f"{prefix}{kind.elementname}")
        elements.append(element)
    drawing.elements[0:0] = elements
    drawing.attribs["role"] = "img"
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
    drawing.defs.add(drawing.style(STYLE))
    pattern = drawing.pattern(id=f"{prefix}stipple", size=(5, 5), patternUnits="userSpaceOnUse")
    pattern.add(drawing.rect((0, 0), (5, 5), fill="#c62828", fill_opacity=0.1))
    pattern.add(drawing.circle((1.25, 1.25), 1.05, fill="#c62828"))
    pattern.add(drawing.circle((3.75, 3.75), 1.05, fill="#c62828"))
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
    group = drawing.svg(
        insert=(panel.left, panel.top),
        size=(WIDTH, high - low),
        viewBox=f"0 {low:g} {WIDTH:g} {high - low:g}",
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
) -> None:
    """Interior lines, overlays such as the arm, and the landmarks, labelled on `label_side`.

    A patient's pain drawing leaves the landmarks out: their names are a clinician's.
    """
    contours = drawing.g(class_="contours")
    for contour in panel.view.contours:
        sides: tuple[Side | None, ...] = (
            ("right", "left") if contour.paired and panel.view.symmetric else (None,)
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
        sides = ("right", "left") if landmark.paired and panel.view.symmetric else (None,)
        for side in sides:
            at = panel.sided((landmark.at,), side if landmark.paired else None)[0]
            marks.add(drawing.circle((round(at[0], 1), round(at[1], 1)), 2, class_="landmark"))
            labelled = landmark.show_label and (side is None or side == label_side)
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
        for side in ("right", "left"):
            on_right = viewer_side(panel.view.id, side) == "right"
            x = WIDTH - 6 if on_right else 6
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


def view_label(drawing: svgwrite.Drawing, panel: Panel, group: svgwrite.container.Group) -> None:
    """The view's name under the figure."""
    bottom = panel.window[1] - 4
    group.add(svg_text(drawing, panel.view.label, (WIDTH / 2, bottom), "view-label", "middle"))


def title_text(drawing: svgwrite.Drawing, heading: str, width: float) -> svgwrite.base.BaseElement:
    """The map's title, in a smaller size when a long one would not fit the width."""
    title = svg_text(drawing, heading, (width / 2, 30), "title", "middle")
    fitting = (width - 24) / (TITLE_CHARACTER_WIDTH * max(1, len(heading)))
    if fitting < TITLE_SIZE:
        title.attribs["style"] = f"font-size: {max(9.0, fitting):.1f}px"
    return title


def drawing_width(panels: int) -> float:
    """How wide a drawing of this many panels is, margins included."""
    return 2 * MARGIN + panels * WIDTH + (panels - 1) * PANEL_GAP


def panel_left(index: int) -> float:
    """Where the panel of this index starts."""
    return MARGIN + index * (WIDTH + PANEL_GAP)
