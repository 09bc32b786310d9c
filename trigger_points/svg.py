"""Body maps as SVG, drawn the way the trigger point manuals draw them.

A map shows the figure in one or more views, the muscle faintly tinted, each
trigger point as a bold X with its number, the essential zone in solid red
and the spillover zone stippled, with a legend and the patient's left and
right written on every view. Stipple against solid carries the meaning, so
the map reads in greyscale and for red-green colour blindness.

Every shape is computed here from the library's models; nothing is read from
files. The same input gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points.checks import body_outline, landmark_points
from trigger_points.errors import UnknownIdError
from trigger_points.geometry import (
    HEIGHT,
    WIDTH,
    Shape,
    Side,
    area,
    bounds,
    centroid,
    figure_is_mirrored,
    for_side,
    mirror_point,
    mirror_shape,
    resolve,
    smooth_path,
    viewer_side,
)
from trigger_points.library import Library
from trigger_points.model import VIEW_NAMES, BodyView, Muscle, Point, Region, TriggerPoint, ViewName

ViewChoice = ViewName | Literal["auto"]
Frame = Literal["whole", "focus"]
Strength = Literal["essential", "spillover"]

PANEL_GAP = 24.0
MARGIN = 60.0
HEADER = 78.0
FOOTER = 92.0
SIDE_LABEL_Y = 16.0
FOCUS_MARGIN = 60.0
PROMINENT_SHARE = 0.5
TITLE_SIZE = 21.0
TITLE_CHARACTER_WIDTH = 0.6
"""The average width of a bold sans-serif character, in ems: enough to keep titles inside."""
FOCUS_MIN_HEIGHT = 440.0

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
STYLE = f"""
text {{ font-family: {FONT}; fill: #2b2b2b; }}
.body {{ fill: #fbf4ee; stroke: #4a4a4a; stroke-width: 1.6; stroke-linejoin: round; }}
.overlay {{ fill: #fbf4ee; stroke: #4a4a4a; stroke-width: 1.4; stroke-linejoin: round; }}
.contour {{ fill: none; stroke: #8d8580; stroke-width: 0.9; stroke-linecap: round; }}
.contour.faint {{ stroke: #bdb5ae; stroke-width: 0.7; }}
.landmark {{ fill: #fff; stroke: #8d8580; stroke-width: 0.8; }}
.landmark-label {{ font-size: 9px; fill: #6f6863;
  paint-order: stroke; stroke: #fbf4ee; stroke-width: 2.5px; stroke-linejoin: round; }}
.muscle {{ fill: #c98f7a; fill-opacity: 0.35; stroke: none; }}
.muscle-edge {{ fill: none; stroke: #8a4a36; stroke-width: 1; stroke-dasharray: 3 2; }}
.zone.essential {{ fill: #c62828; stroke: #c62828; stroke-width: 1.2; stroke-linejoin: round; }}
.zone.spillover {{ fill: url(#{{prefix}}stipple); stroke: none; }}
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

GROUP_TINTS = {
    "low_back": "#9ecae1",
    "buttock_hip": "#fdae6b",
    "thigh": "#a1d99b",
    "leg": "#bcbddc",
    "abdomen_groin": "#fdd0a2",
}


@dataclass(frozen=True)
class _Selection:
    """What a map shows: trigger points, their muscles, and each region's strongest zone."""

    muscles: tuple[Muscle, ...]
    points: tuple[tuple[int, TriggerPoint], ...]
    zones: dict[str, Strength]
    """`region:side` (or a midline `region`) -> the strongest zone it belongs to."""


def _select(library: Library, targets: Sequence[str], side: Side) -> _Selection:
    """Resolve muscle and trigger point ids into what is drawn.

    Points keep their number within their muscle (as the sheet's table numbers them),
    unless the map shows several muscles: then they are numbered through the map.
    """
    muscles: dict[str, Muscle] = {}
    points: dict[str, tuple[int, TriggerPoint]] = {}
    for target in targets:
        if "." in target:
            point = library.trigger_point(target)
            muscle = library.muscle(point.muscle_id)
            chosen: Iterable[TriggerPoint] = (point,)
        else:
            try:
                muscle = library.muscle(target)
            except UnknownIdError:
                known = [m.id for m in library.muscles] + [p.id for p in library.trigger_points]
                raise UnknownIdError("muscle or trigger point", target, known) from None
            chosen = muscle.trigger_points
        muscles[muscle.id] = muscle
        for point in chosen:
            points[point.id] = (muscle.trigger_points.index(point) + 1, point)
    if len(muscles) > 1:
        points = {
            key: (number, point) for number, (key, (_, point)) in enumerate(points.items(), 1)
        }
    zones: dict[str, Strength] = {}
    for _, point in points.values():
        sides: tuple[Side, ...] = ("right", "left") if point.laterality == "bilateral" else (side,)
        for strength, region_ids in (
            ("spillover", point.spillover),
            ("essential", point.essential),
        ):
            for region_id in region_ids:
                for key in _region_keys(library.region(region_id), sides):
                    if zones.get(key) != "essential":
                        zones[key] = strength  # type: ignore[assignment]
    return _Selection(tuple(muscles.values()), tuple(points.values()), zones)


def _region_keys(region: Region, sides: Iterable[Side]) -> list[str]:
    if region.laterality == "midline":
        return [region.id]
    return [f"{region.id}:{side}" for side in sides]


def choose_views(library: Library, targets: Sequence[str], side: Side = "right") -> list[ViewName]:
    """The fewest views that show every zone and every trigger point, in the usual order.

    A region counts as shown in a view where it is drawn at least half as large as
    in the view that shows it best (the side of the thigh is a sliver from behind).
    Greedy: take the view that shows most of what is wanted, then the view that adds
    most, until everything any view can show is shown.
    """
    selection = _select(library, targets, side)
    wanted = {key.partition(":")[0] for key in selection.zones}
    largest = {
        region_id: max(area(v.regions[region_id]) for v in library.views if region_id in v.regions)
        for region_id in wanted
        if any(region_id in v.regions for v in library.views)
    }
    available: dict[str, set[str]] = {}
    for view in library.views:
        shown = {
            region_id
            for region_id in set(view.regions) & wanted
            if area(view.regions[region_id]) >= PROMINENT_SHARE * largest[region_id]
        }
        shown |= {f"{point.id} (X)" for _, point in selection.points if view.id in point.positions}
        available[view.id] = shown
    chosen: list[ViewName] = []
    remaining = set().union(*available.values()) if available else set()
    while remaining:
        best = max(
            VIEW_NAMES,
            key=lambda name: (len(available.get(name, set()) & remaining), -VIEW_NAMES.index(name)),
        )
        chosen.append(best)
        remaining -= available[best]
    return sorted(chosen, key=VIEW_NAMES.index) or ["posterior"]


class _Panel:
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

    def point(self, point: Point) -> Point:
        return mirror_point(point) if self.mirrored else point

    def sided(self, points: Sequence[Point], side: Side | None) -> Shape:
        """A shape written for the right side, placed for `side` (None: a midline shape)."""
        placed = tuple(points) if side is None else for_side(points, side)
        return self.shape(placed)


def _path_data(points: Sequence[Point], closed: bool = True) -> str:
    return smooth_path(points, closed=closed)


def _text(
    drawing: svgwrite.Drawing, text: str, at: Point, css: str, anchor: str = "start"
) -> svgwrite.base.BaseElement:
    attributes = {"class_": css}
    if anchor != "start":
        attributes["text_anchor"] = anchor
    return drawing.text(text, insert=(round(at[0], 1), round(at[1], 1)), **attributes)


def _add_title(drawing: svgwrite.Drawing, prefix: str, title: str, description: str) -> None:
    elements = []
    for kind, text in ((svgwrite.base.Title, title), (svgwrite.base.Desc, description)):
        element = kind(text)
        element.xml.set("id", f"{prefix}{kind.elementname}")
        elements.append(element)
    drawing.elements[0:0] = elements
    drawing.attribs["role"] = "img"
    drawing.attribs["aria-labelledby"] = f"{prefix}title {prefix}desc"


class _Drawing(svgwrite.Drawing):  # type: ignore[misc]
    """svgwrite's Drawing without the attributes HTML does not allow on an inline SVG."""

    def get_xml(self) -> Any:
        xml = super().get_xml()
        for name in ("xmlns:ev", "baseProfile", "version"):
            xml.attrib.pop(name, None)
        return xml


def _new_drawing(width: float, height: float, prefix: str) -> svgwrite.Drawing:
    drawing = _Drawing(size=("100%", "100%"), viewBox=f"0 0 {width:g} {height:g}", debug=False)
    drawing.defs.add(drawing.style(STYLE.replace("{prefix}", prefix)))
    pattern = drawing.pattern(id=f"{prefix}stipple", size=(5, 5), patternUnits="userSpaceOnUse")
    pattern.add(drawing.rect((0, 0), (5, 5), fill="#c62828", fill_opacity=0.1))
    pattern.add(drawing.circle((1.25, 1.25), 1.05, fill="#c62828"))
    pattern.add(drawing.circle((3.75, 3.75), 1.05, fill="#c62828"))
    drawing.defs.add(pattern)
    drawing.defs.add(drawing.path(d="M-5 -5L5 5M-5 5L5 -5", id=f"{prefix}cross"))
    return drawing


def _figure(drawing: svgwrite.Drawing, panel: _Panel) -> svgwrite.container.Group:
    """The body outline (defined once, used for the fill and as the clip) with its clip path."""
    drawing.defs.add(
        drawing.path(d=_path_data(panel.shape(body_outline(panel.view))), id=panel.body_id)
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


def _details(
    drawing: svgwrite.Drawing,
    panel: _Panel,
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
            contours.add(drawing.path(d=_path_data(points, contour.closed), class_=css))
    group.add(contours)
    for overlay in panel.view.overlays:
        group.add(
            drawing.path(
                d=_path_data(panel.shape(overlay.outline)), class_="overlay", data_part=overlay.id
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
                marks.add(_text(drawing, landmark.label, place, "landmark-label", anchor))
    group.add(marks)


def _side_labels(drawing: svgwrite.Drawing, panel: _Panel, group: svgwrite.container.Group) -> None:
    """Write the patient's left and right over each half, so the side cannot be misread."""
    if panel.view.symmetric:
        for side in ("right", "left"):
            on_right = viewer_side(panel.view.id, side) == "right"
            x = WIDTH - 6 if on_right else 6
            label = f"Patient's {side}"
            group.add(
                _text(
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
        group.add(_text(drawing, label, (WIDTH / 2, top), "side-label", "middle"))


def _view_label(drawing: svgwrite.Drawing, panel: _Panel, group: svgwrite.container.Group) -> None:
    bottom = panel.window[1] - 4
    group.add(_text(drawing, panel.view.label, (WIDTH / 2, bottom), "view-label", "middle"))


def _muscle_id(panel: _Panel, muscle: Muscle) -> str:
    return f"{panel.prefix}{panel.view.id}-{panel.side}-{muscle.id}-muscle"


def _zone_layer(
    drawing: svgwrite.Drawing, panel: _Panel, selection: _Selection
) -> svgwrite.container.Group:
    """The muscles' tint, then spillover, then essential zones, clipped to the body."""
    layer = drawing.g(clip_path=f"url(#{panel.body_id}-clip)")
    for muscle in selection.muscles:
        outline = muscle.outlines.get(panel.view.id)
        if outline is not None:
            path = _path_data(panel.sided(outline, panel.side))
            drawing.defs.add(drawing.path(d=path, id=_muscle_id(panel, muscle)))
            layer.add(
                drawing.use(f"#{_muscle_id(panel, muscle)}", class_="muscle", data_muscle=muscle.id)
            )
    for strength in ("spillover", "essential"):
        for key in sorted(selection.zones):
            if selection.zones[key] != strength:
                continue
            region_id, _, side = key.partition(":")
            shape = panel.view.regions.get(region_id)
            if shape is None or (side and not panel.view.symmetric and side != panel.side):
                continue
            placed = panel.sided(shape, "left" if side == "left" else "right" if side else None)
            layer.add(
                drawing.path(d=_path_data(placed), class_=f"zone {strength}", data_region=key)
            )
    return layer


def _muscle_edges(
    drawing: svgwrite.Drawing, panel: _Panel, selection: _Selection
) -> svgwrite.container.Group:
    """The muscles' outlines, dashed, drawn over the zones so the muscle stays readable."""
    edges = drawing.g(class_="muscle-edges")
    for muscle in selection.muscles:
        if panel.view.id in muscle.outlines:
            edges.add(drawing.use(f"#{_muscle_id(panel, muscle)}", class_="muscle-edge"))
    return edges


def _trigger_point_marks(
    drawing: svgwrite.Drawing, panel: _Panel, selection: _Selection
) -> svgwrite.container.Group:
    marks = drawing.g(class_="trigger-points")
    landmarks = landmark_points(panel.view)
    for number, point in selection.points:
        position = point.positions.get(panel.view.id)
        if position is None:
            continue
        x, y = panel.sided((resolve(position, landmarks),), panel.side)[0]
        mark = drawing.g(class_="trigger-point", data_trigger_point=point.id)
        for css in ("trp-halo", "trp-x"):
            mark.add(drawing.use(f"#{panel.prefix}cross", x=round(x, 1), y=round(y, 1), class_=css))
        mark.add(_text(drawing, str(number), (x + 7, y - 6), "trp-number"))
        marks.add(mark)
    return marks


def _legend(
    drawing: svgwrite.Drawing, prefix: str, top: float, width: float
) -> svgwrite.container.Group:
    legend = drawing.g(class_="legend", transform=f"translate(0 {top:g})")
    items: list[tuple[str, svgwrite.base.BaseElement]] = [
        ("Trigger point", drawing.use(f"#{prefix}cross", x=12, y=12, class_="trp-x")),
        ("Essential zone (solid)", drawing.rect((2, 4), (20, 16), class_="zone essential")),
        (
            "Spillover zone (stippled)",
            drawing.rect(
                (2, 4), (20, 16), fill=f"url(#{prefix}stipple)", stroke="#c62828", stroke_width=0.6
            ),
        ),
        ("Muscle", drawing.rect((2, 4), (20, 16), class_="muscle")),
    ]
    per_row = 4 if width >= 4 * 190 else 2
    column = (width - 40) / per_row
    for index, (label, swatch) in enumerate(items):
        row, col = divmod(index, per_row)
        item = drawing.g(transform=f"translate({20 + col * column:g} {row * 28:g})")
        item.add(swatch)
        item.add(_text(drawing, label, (30, 17), "legend-text"))
        legend.add(item)
    return legend


def _describe(
    library: Library, selection: _Selection, side: Side, views: Sequence[ViewName]
) -> str:
    def labels(strength: Strength) -> str:
        named = []
        for key in sorted(selection.zones):
            if selection.zones[key] == strength:
                region_id, _, region_side = key.partition(":")
                label = library.region(region_id).label
                named.append(f"{label} ({region_side})" if region_side else label)
        return "; ".join(named) or "none"

    points = "; ".join(
        f"{number}: {point.name}, {point.location}" for number, point in selection.points
    )
    names = ", ".join(muscle.name for muscle in selection.muscles)
    view_names = ", ".join(library.view(view).label.lower() for view in views)
    return (
        f"{names}, patient's {side} side, {view_names}. Trigger points marked X: {points}. "
        f"Essential zone, solid red: {labels('essential')}. "
        f"Spillover zone, stippled: {labels('spillover')}."
    )


def _focus_window(
    bodies: Sequence[BodyView], side: Side, selection: _Selection
) -> tuple[float, float]:
    """The span of y that holds every zone, muscle and trigger point drawn, with a margin."""
    ys: list[float] = []
    for body in bodies:
        for key in selection.zones:
            shape = body.regions.get(key.partition(":")[0])
            ys.extend(y for _, y in shape or ())
        landmarks = landmark_points(body)
        for muscle in selection.muscles:
            ys.extend(y for _, y in muscle.outlines.get(body.id, ()))
        for _, point in selection.points:
            position = point.positions.get(body.id)
            if position is not None:
                ys.append(resolve(position, landmarks)[1])
    if not ys:
        return (0.0, HEIGHT)
    low, high = min(ys) - FOCUS_MARGIN, max(ys) + FOCUS_MARGIN
    if high - low < FOCUS_MIN_HEIGHT:
        middle = (low + high) / 2
        low, high = middle - FOCUS_MIN_HEIGHT / 2, middle + FOCUS_MIN_HEIGHT / 2
    low, high = max(0.0, low), min(HEIGHT, high)
    return (round(low), round(high))


def _title(drawing: svgwrite.Drawing, heading: str, width: float) -> svgwrite.base.BaseElement:
    """The map's title, in a smaller size when a long one would not fit the width."""
    title = _text(drawing, heading, (width / 2, 30), "title", "middle")
    fitting = (width - 24) / (TITLE_CHARACTER_WIDTH * max(1, len(heading)))
    if fitting < TITLE_SIZE:
        title.attribs["style"] = f"font-size: {max(9.0, fitting):.1f}px"
    return title


def _drawing_width(panels: int) -> float:
    return 2 * MARGIN + panels * WIDTH + (panels - 1) * PANEL_GAP


def _panel_left(index: int) -> float:
    return MARGIN + index * (WIDTH + PANEL_GAP)


def _prefix(targets: Sequence[str], side: Side) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"tp-{'-'.join(targets)}-{side}-") or "tp-"


def render_map(
    library: Library,
    target: str | Sequence[str],
    view: ViewChoice = "posterior",
    side: Side = "right",
    *,
    title: str | None = None,
    frame: Frame = "whole",
) -> str:
    """The body map of a muscle, a trigger point, or several, as SVG text.

    `view="auto"` lays out side by side the fewest views that show every zone.
    `frame="focus"` crops every view to the part of the body the pattern covers,
    which keeps a small map legible. Raises UnknownIdError for an unknown id or view.
    """
    targets = [target] if isinstance(target, str) else list(target)
    if side not in ("left", "right"):
        raise UnknownIdError("side", str(side), ("left", "right"))
    selection = _select(library, targets, side)
    views: list[ViewName] = choose_views(library, targets, side) if view == "auto" else [view]
    bodies = [library.view(name) for name in views]
    prefix = _prefix(targets, side)
    width = _drawing_width(len(bodies))
    window = _focus_window(bodies, side, selection) if frame == "focus" else (0.0, HEIGHT)
    height = window[1] - window[0]
    drawing = _new_drawing(width, HEADER + height + FOOTER, prefix)
    heading = title or f"{', '.join(m.name for m in selection.muscles)}: referred pain"
    _add_title(drawing, prefix, heading, _describe(library, selection, side, views))
    drawing.add(_title(drawing, heading, width))
    subtitle = f"Trigger points on the patient's {side} side"
    drawing.add(_text(drawing, subtitle, (width / 2, 52), "subtitle", "middle"))
    for index, body in enumerate(bodies):
        panel = _Panel(body, side, _panel_left(index), HEADER, prefix, window)
        group = _figure(drawing, panel)
        group.add(_zone_layer(drawing, panel, selection))
        other: Side = "left" if side == "right" else "right"
        _details(drawing, panel, group, other if body.symmetric else side)
        group.add(_muscle_edges(drawing, panel, selection))
        group.add(_trigger_point_marks(drawing, panel, selection))
        _side_labels(drawing, panel, group)
        _view_label(drawing, panel, group)
        drawing.add(group)
    drawing.add(_legend(drawing, prefix, HEADER + height + 22, width))
    return str(drawing.tostring())


def _region_label(
    drawing: svgwrite.Drawing, region_id: str, shape: Shape
) -> svgwrite.base.BaseElement:
    """A region's id at its centre, turned upright along tall narrow regions."""
    x, y = centroid(shape)
    low_x, low_y, high_x, high_y = bounds(shape)
    label = _text(drawing, region_id, (x, y + 2.5), "region-label", "middle")
    if high_y - low_y > 2.5 * (high_x - low_x):
        label.attribs["transform"] = f"rotate(-90 {x:.1f} {y + 2.5:.1f})"
    return label


RegionAttributes = Callable[[str, Region, Side | None], dict[str, str]]


def _regions_figure(
    library: Library,
    panels: Sequence[tuple[BodyView, Side]],
    *,
    prefix: str,
    heading: str,
    subtitle: str,
    description: str,
    attributes: RegionAttributes,
    labelled: bool,
) -> str:
    """Views of the figure with every region drawn; `attributes` says how each region looks."""
    width = _drawing_width(len(panels))
    drawing = _new_drawing(width, HEADER + HEIGHT + 20, prefix)
    _add_title(drawing, prefix, heading, description)
    drawing.add(_title(drawing, heading, width))
    drawing.add(_text(drawing, subtitle, (width / 2, 52), "subtitle", "middle"))
    for index, (body, panel_side) in enumerate(panels):
        panel = _Panel(body, panel_side, _panel_left(index), HEADER, prefix)
        group = _figure(drawing, panel)
        layer = drawing.g(clip_path=f"url(#{panel.body_id}-clip)", class_="regions")
        labels = drawing.g(class_="region-labels")
        for region_id, shape in sorted(body.regions.items()):
            region = library.region(region_id)
            sides: tuple[Side | None, ...] = (None,)
            if region.laterality == "paired":
                sides = ("right", "left") if body.symmetric else (panel_side,)
            for region_side in sides:
                key = region_id if region_side is None else f"{region_id}:{region_side}"
                placed = panel.sided(shape, region_side)
                path = drawing.path(d=_path_data(placed), data_region=key)
                path.attribs.update(attributes(key, region, region_side))
                layer.add(path)
                if labelled and region_side in (None, "right"):
                    labels.add(_region_label(drawing, region_id, placed))
        group.add(layer)
        label_side: Side = "left" if body.symmetric else panel_side
        _details(drawing, panel, group, label_side, landmarks=labelled)
        group.add(labels)
        _side_labels(drawing, panel, group)
        _view_label(drawing, panel, group)
        drawing.add(group)
    return str(drawing.tostring())


def render_regions_chart(library: Library, view: ViewName | None = None) -> str:
    """A labelled chart of the region vocabulary: the reference for drawing referral zones."""
    bodies = [library.view(view)] if view else list(library.views)

    def tinted(key: str, region: Region, side: Side | None) -> dict[str, str]:
        return {"class": "region", "fill": GROUP_TINTS[region.group]}

    return _regions_figure(
        library,
        [(body, "right") for body in bodies],
        prefix="tp-regions-",
        heading="Regions of the body maps",
        subtitle="Labelled on the patient's right; the left is its mirror image",
        description=(
            "Every region referral zones are drawn from, labelled by id on the patient's right."
        ),
        attributes=tinted,
        labelled=True,
    )


def _picker_panels(library: Library) -> list[tuple[BodyView, Side]]:
    """Back and front (both sides at once), then the side view of each side."""
    panels: list[tuple[BodyView, Side]] = []
    for body in library.views:
        panels += [(body, "right")] if body.symmetric else [(body, "right"), (body, "left")]
    return panels


def region_phrase(region: Region, side: Side | None) -> str:
    """A region as a reader says it: `Groin (right)`, or `Tailbone` on the midline."""
    return f"{region.label} ({side})" if side else region.label


def render_region_picker(library: Library) -> str:
    """Every view with every region focusable and toggleable: the pain guide's body chart.

    Each region is a checkbox to assistive technology (`role`, `aria-checked`,
    `aria-label`) and is reached with Tab; the page's script toggles it.
    """

    def selectable(key: str, region: Region, side: Side | None) -> dict[str, str]:
        return {
            "class": "pick",
            "tabindex": "0",
            "role": "checkbox",
            "aria-checked": "false",
            "aria-label": region_phrase(region, side),
        }

    return _regions_figure(
        library,
        _picker_panels(library),
        prefix="tp-guide-",
        heading="Where does it hurt?",
        subtitle="Click or tab to a region and press Enter to mark it; again to clear it",
        description="Body views whose regions can be marked as painful, one by one.",
        attributes=selectable,
        labelled=False,
    )


def render_pain_drawing(library: Library) -> str:
    """The blank body views with the region outlines, for a patient to mark by hand."""

    def outlined(key: str, region: Region, side: Side | None) -> dict[str, str]:
        return {"class": "outline"}

    return _regions_figure(
        library,
        _picker_panels(library),
        prefix="tp-drawing-",
        heading="Pain drawing",
        subtitle="Shade where you feel pain. Mark an X where it is worst.",
        description="Blank back, front and side views of the body for marking pain by hand.",
        attributes=outlined,
        labelled=False,
    )
