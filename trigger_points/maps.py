"""Body maps as SVG, drawn the way the trigger point manuals draw them.

A map shows the figure in one or more views, the muscle faintly tinted, each
trigger point as a bold X with its number, the essential zone in solid red
and the spillover zone stippled, with a legend and the patient's left and
right written on every view. Stipple against solid carries the meaning, so
the map reads in greyscale and for red-green colour blindness.

Every shape is computed here from the library's models; nothing is read from
files. The same input gives the same bytes. What a map shows is resolved once
(`_select`), and both the choice of views and the drawing read that selection.
"""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, TypeVar, cast

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points.errors import NotShownError, UnknownIdError
from trigger_points.figure import (
    FOOTER,
    HEADER,
    SITE_FRAME,
    ZONE_RED,
    Panel,
    add_title,
    body_group,
    details,
    drawing_width,
    finished,
    heading,
    new_drawing,
    panel_left,
    path_data,
    per_view,
    region_path,
    rounded,
    side_labels,
    text_markup,
    view_label,
)
from trigger_points.geometry import (
    HEIGHT,
    area,
    figure_is_mirrored,
    landmark_points,
    resolve,
    viewer_side,
)
from trigger_points.library import Library
from trigger_points.model import (
    SIDES,
    VIEW_NAMES,
    BodyView,
    Muscle,
    NerveRoot,
    RegionKey,
    Side,
    TriggerPoint,
    ViewName,
    Zone,
    opposite,
)
from trigger_points.phrases import key_phrase
from trigger_points.svgout import Fragment, markup

__all__ = ["Frame", "MapFigure", "ViewChoice", "map_figure", "remembered", "render_map"]

ViewChoice = ViewName | Literal["auto"]
Frame = Literal["whole", "focus"]

NUMBER_OFFSET = (8, -7)
"""Where a trigger point's number sits from its X: up and to the right, clear of the cross."""
LEGEND_GAP = 36.0
"""Between the lowest figure and the legend."""
FOCUS_MARGIN = 60.0
FOCUS_MIN_HEIGHT = 440.0
PROMINENT_SHARE = 0.5
ROOT_BLUE = "#1f4e9c"
HATCH_CELL = 6
KEY_POINT_RING, KEY_POINT_DOT = 6.0, 2.2
BARE_MARGIN = 8.0
"""Above and below the figure of a bare map, which has no title or legend there."""
MOST_NAMED_VIEWS = 2
"""The most views a map may have and still name its landmarks: three views side by side are
shown too small for the names to stay legible (see map.css), so they are left out."""


@dataclass(frozen=True)
class _Selection:
    """What a map shows: trigger points, their muscles, and each region's strongest zone."""

    muscles: tuple[Muscle, ...]
    points: tuple[tuple[int, TriggerPoint], ...]
    zones: dict[RegionKey, Zone]
    """Each region drawn, on its side -> the strongest zone it belongs to."""
    side: Side
    roots: tuple[NerveRoot, ...] = ()
    """Nerve roots whose dermatomes the map draws, hatched."""
    dermatome: dict[RegionKey, str] = field(default_factory=dict)
    """Each dermatome region drawn, on its side -> the root it belongs to."""


def _select(library: Library, targets: Sequence[str], side: Side) -> _Selection:
    """Resolve muscle and trigger point ids into what is drawn.

    Points keep their number within their muscle (as the sheet's table numbers them),
    unless the map shows several muscles: then they are numbered through the map.
    """
    muscles: dict[str, Muscle] = {}
    points: dict[str, tuple[int, TriggerPoint]] = {}
    roots: dict[str, NerveRoot] = {}
    root_ids = {root.id for root in library.nerve_roots}
    for target in targets:
        if target in root_ids:
            roots[target] = library.nerve_root(target)
            continue
        if "." in target:
            point = library.trigger_point(target)
            muscle = library.muscle(point.muscle_id)
            chosen: Iterable[TriggerPoint] = (point,)
        else:
            try:
                muscle = library.muscle(target)
            except UnknownIdError:
                known = [
                    *(m.id for m in library.muscles),
                    *(p.id for p in library.trigger_points),
                    *root_ids,
                ]
                raise UnknownIdError("muscle, trigger point or nerve root", target, known) from None
            chosen = muscle.trigger_points
        muscles[muscle.id] = muscle
        for point in chosen:
            points[point.id] = (muscle.trigger_points.index(point) + 1, point)
    if len(muscles) > 1:
        points = {
            key: (number, point) for number, (key, (_, point)) in enumerate(points.items(), 1)
        }
    zones: dict[RegionKey, Zone] = {}
    weakest_first: tuple[Zone, ...] = ("spillover", "essential")
    for _, point in points.values():
        for zone in weakest_first:
            for key in library.felt(point, zone, side):
                if zones.get(key) != "essential":
                    zones[key] = zone
    dermatome = {key: root.id for root in roots.values() for key in library.dermatome(root, side)}
    return _Selection(
        tuple(muscles.values()),
        tuple(points.values()),
        zones,
        side,
        tuple(roots.values()),
        dermatome,
    )


def _choose_views(library: Library, selection: _Selection) -> list[ViewName]:
    """The fewest views that show every zone and every trigger point, in the usual order.

    A region counts as shown in a view where it is drawn at least half as large as
    in the view that shows it best (the side of the thigh is a sliver from behind).
    Greedy: take the view that shows most of what is wanted, then the view that adds
    most, until everything any view can show is shown.
    """
    wanted = {key.region for key in [*selection.zones, *selection.dermatome]}
    prominent = remembered(library, ("prominent",), lambda: _prominent_regions(library))
    available: dict[str, set[str]] = {}
    for view in library.views:
        shown = wanted & prominent[view.id]
        shown |= {f"{point.id} (X)" for _, point in selection.points if view.id in point.positions}
        shown |= {
            f"{root.id} (key point)"
            for root in selection.roots
            if view.id in root.key_point_positions
        }
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


def _prominent_regions(library: Library) -> dict[str, frozenset[str]]:
    """Per view, the regions it draws at least `PROMINENT_SHARE` as large as the best view."""
    largest: dict[str, float] = {}
    for view in library.views:
        for region_id, shape in view.regions.items():
            largest[region_id] = max(largest.get(region_id, 0.0), area(shape))
    return {
        view.id: frozenset(
            region_id
            for region_id, shape in view.regions.items()
            if area(shape) >= PROMINENT_SHARE * largest[region_id]
        )
        for view in library.views
    }


_T = TypeVar("_T")
_MEMOS: weakref.WeakKeyDictionary[Library, OrderedDict[Hashable, Any]] = weakref.WeakKeyDictionary()
"""Per library, what its drawings work out from the library alone (a library never
changes): a site draws the same muscle's map for several pages and both sides, and the
same region picker for three pages."""
MEMO_SIZE = 512
"""How many answers each library's memo keeps, the least recently used dropped first.

A site draws one muscle's maps page after page, so a few hundred answers hold every
reuse; keeping all of them made a build's memory grow with the whole site."""


def remembered(library: Library, key: Hashable, work_out: Callable[[], _T]) -> _T:
    """What `work_out` gives for this library and key, worked out once while it is recent."""
    memo = _MEMOS.get(library)
    if memo is None:
        memo = _MEMOS[library] = OrderedDict()
    if key in memo:
        memo.move_to_end(key)
    else:
        memo[key] = work_out()
        if len(memo) > MEMO_SIZE:
            memo.popitem(last=False)
    return cast(_T, memo[key])


def _zone_layer(panel: Panel, selection: _Selection) -> Fragment:
    """The spillover zones, then the essential ones over them, clipped to the body.

    The spillover zones share one group that fills and outlines them with the stipple.
    On the group, not in the style sheet: a page holding several maps shares one
    cascade, and each map must point at its own pattern. A panel of the site draws
    each zone as an image of its shared file instead (`_zone_images`).
    """
    if panel.figure_href is not None:
        return _zone_images(panel, selection)
    drawn: dict[Zone, list[str]] = {"spillover": [], "essential": []}
    for key in sorted(selection.zones, key=str):
        d = region_path(panel, key)
        if d is not None:
            strength = selection.zones[key]
            zone = {"class": f"zone {strength}", "d": d, "data-region": str(key)}
            drawn[strength].append(markup("path", zone))
    stipple = f"url(#{panel.prefix}stipple)"
    spillover = "".join(drawn["spillover"])
    if spillover:
        spillover = markup("g", {"fill": stipple, "stroke": stipple}, spillover)
    return Fragment(markup("g", panel.clip_attribute, spillover + "".join(drawn["essential"])))


def _zone_images(panel: Panel, selection: _Selection) -> Fragment:
    """`_zone_layer` on a page of the site: each zone an image of its file, masked to the body.

    The files are styled as the paths were (figure.figure_files), and the images keep
    the paths' class and region, by which a reader's tools and the tests find zones.
    A site's maps draw tens of thousands of zones; a file drawn once is far less.
    """
    drawn: dict[Zone, list[str]] = {"spillover": [], "essential": []}
    for key in sorted(selection.zones, key=str):
        strength = selection.zones[key]
        image = per_view(
            panel.view,
            ("zone image", key, strength, panel.side, panel.mirrored, panel.figure_href),
            partial(_zone_image, panel, key, strength),
        )
        if image is not None:
            drawn[strength].append(image)
    images = "".join(drawn["spillover"]) + "".join(drawn["essential"])
    return Fragment(markup("g", panel.clip_attribute, images))


def _zone_image(panel: Panel, key: RegionKey, strength: Zone) -> str | None:
    """One zone's image as `_zone_images` writes it, or None where the panel does not show it.

    The same for every map of the view, side and site folder: worked out once (per_view).
    """
    if region_path(panel, key) is None:
        return None
    image = {
        "class": f"zone {strength}",
        "data-region": str(key),
        "xlink:href": panel.zone_file(key, strength),
        **SITE_FRAME,
    }
    return markup("image", image)


def orientation_phrase(view: BodyView, side: Side) -> str:
    """How a view of the patient's `side` is seen, for a caption or a screen reader."""
    if view.symmetric:
        return f"{view.label}: the patient's {side} is on your {viewer_side(view, side)}"
    front = "right" if not figure_is_mirrored(view, side) else "left"
    return f"{view.label} of the patient's {side} side, front to your {front}"


def _shown_in(view: BodyView, selection: _Selection) -> bool:
    """Whether a view draws anything of the selection: a zone, a muscle or an X."""
    return (
        any(key.region in view.regions for key in [*selection.zones, *selection.dermatome])
        or any(view.id in root.key_point_positions for root in selection.roots)
        or any(view.id in muscle.outlines for muscle in selection.muscles)
        or any(view.id in point.positions for _, point in selection.points)
    )


def _dermatome_layer(panel: Panel, selection: _Selection) -> Fragment:
    """The dermatomes, hatched in blue over the zones: never mistaken for referred pain.

    The hatch and its outline survive greyscale printing, where red and blue do not
    differ; the legend names both.
    """
    paths = []
    for key in sorted(selection.dermatome, key=str):
        d = region_path(panel, key)
        if d is None:
            continue
        path = {
            "class": "dermatome",
            "d": d,
            "data-region": str(key),
            "data-root": selection.dermatome[key],
            "fill": f"url(#{panel.prefix}hatch)",
        }
        paths.append(markup("path", path))
    layer = {"class": "dermatomes", **panel.clip_attribute}
    return Fragment(markup("g", layer, "".join(paths)))


def _key_point_marks(panel: Panel, selection: _Selection) -> Fragment:
    """Each root's key sensory point: a ringed dot with the root's name beside it."""
    marks = []
    landmarks = landmark_points(panel.view)
    for root in selection.roots:
        position = root.key_point_positions.get(panel.view.id)
        if position is None:
            continue
        x, y = panel.sided((resolve(position, landmarks),), panel.side)[0]
        cx, cy = rounded((x, y))
        mark = "".join(
            (
                markup("circle", {"class": "key-ring", "cx": cx, "cy": cy, "r": KEY_POINT_RING}),
                markup("circle", {"class": "key-dot", "cx": cx, "cy": cy, "r": KEY_POINT_DOT}),
                text_markup(root.name, (x + KEY_POINT_RING + 3, y + 5), "key-name"),
            )
        )
        marks.append(markup("g", {"class": "key-point", "data-root": root.id}, mark))
    return Fragment(markup("g", {"class": "key-points"}, "".join(marks)))


def _add_hatch(drawing: svgwrite.Drawing, prefix: str) -> None:
    """The dermatome's hatch: blue diagonal lines on a faint blue wash."""
    cell = HATCH_CELL
    wash = {"fill": ROOT_BLUE, "fill-opacity": 0.1, "height": cell, "width": cell, "x": 0, "y": 0}
    line = {"stroke": ROOT_BLUE, "stroke-width": 1.6, "x1": 0, "x2": 0, "y1": 0, "y2": cell}
    pattern = {
        "height": cell,
        "id": f"{prefix}hatch",
        "patternTransform": "rotate(45)",
        "patternUnits": "userSpaceOnUse",
        "width": cell,
    }
    drawing.defs.add(
        Fragment(markup("pattern", pattern, markup("rect", wash) + markup("line", line)))
    )


def _muscle_layer(panel: Panel, selection: _Selection) -> Fragment:
    """The muscles over their zones: a translucent fill and a firm outline.

    Drawn after the zones so that a muscle lying inside its own referral zone (piriformis
    in the buttock) is still seen; the X marks go on top of it.
    """
    paths = []
    for muscle in selection.muscles:
        outline = muscle.outlines.get(panel.view.id)
        if outline is None:
            continue
        d = path_data(panel.sided(outline, panel.side))
        paths.append(markup("path", {"class": "muscle", "d": d, "data-muscle": muscle.id}))
    layer = {"class": "muscles", **panel.clip_attribute}
    return Fragment(markup("g", layer, "".join(paths)))


def _trigger_point_marks(panel: Panel, selection: _Selection, *, numbered: bool = True) -> Fragment:
    marks = []
    landmarks = landmark_points(panel.view)
    cross = f"#{panel.prefix}cross"
    for number, point in selection.points:
        position = point.positions.get(panel.view.id)
        if position is None:
            continue
        x, y = panel.sided((resolve(position, landmarks),), panel.side)[0]
        at = {"x": round(x, 1), "xlink:href": cross, "y": round(y, 1)}
        mark = [markup("use", {"class": css, **at}) for css in ("trp-halo", "trp-x")]
        if numbered:
            number_at = (x + NUMBER_OFFSET[0], y + NUMBER_OFFSET[1])
            mark.append(text_markup(str(number), number_at, "trp-number"))
        element = {"class": "trigger-point", "data-trigger-point": point.id}
        marks.append(markup("g", element, "".join(mark)))
    return Fragment(markup("g", {"class": "trigger-points"}, "".join(marks)))


LEGEND_INSET = 20
"""The legend's margin at each side of the drawing."""
LEGEND_ITEM_WIDTH = 200
"""The least room one legend item needs; a narrower drawing puts two items a row."""
LEGEND_ROW = 30
LEGEND_CHARACTER = 10.0
"""The width of an average character of the legend's 18-unit text, generously."""
LEGEND_GAP_X = 16.0
FOOTER_MARGIN = 14.0
"""Below the legend's last row."""
SWATCH_AT, SWATCH_SIZE = (2, 2), (22, 18)
LEGEND_TEXT_AT = (32, 18)
CROSS_AT = 12
"""The centre of the legend's X, in both x and y: the middle of its swatch."""


def _default_title(selection: _Selection) -> str:
    """`Piriformis: referred pain`, `L5 dermatome`, or both joined for a combined map."""
    parts = []
    if selection.muscles:
        parts.append(f"{', '.join(m.name for m in selection.muscles)}: referred pain")
    if selection.roots:
        names = ", ".join(root.name for root in selection.roots)
        parts.append(f"{names} dermatome{'s' if len(selection.roots) > 1 else ''}")
    return " beside the ".join(parts) if len(parts) == 2 else parts[0]


def _legend(prefix: str, top: float, width: float, selection: _Selection) -> Fragment:
    swatches = _trigger_point_swatches(prefix) if selection.muscles else []
    if selection.roots:
        swatches += _root_swatches(prefix)
    items = list(zip(_legend_labels(selection), swatches, strict=True))
    per_row = _legend_per_row([label for label, _ in items], width)
    column = (width - 2 * LEGEND_INSET) / per_row
    written = []
    for index, (label, swatch) in enumerate(items):
        row, col = divmod(index, per_row)
        left = LEGEND_INSET + col * column
        item = swatch + text_markup(label, LEGEND_TEXT_AT, "legend-text")
        written.append(
            markup("g", {"transform": f"translate({left:g} {row * LEGEND_ROW:g})"}, item)
        )
    legend = {"class": "legend", "transform": f"translate(0 {top:g})"}
    return Fragment(markup("g", legend, "".join(written)))


TRIGGER_POINT_LABELS = ("Trigger point", "Essential zone", "Spillover zone", "Muscle")
ROOT_LABELS = ("Dermatome (hatched)", "Key sensory point")


def _legend_labels(selection: _Selection) -> list[str]:
    return [
        *(TRIGGER_POINT_LABELS if selection.muscles else ()),
        *(ROOT_LABELS if selection.roots else ()),
    ]


def _legend_per_row(labels: Sequence[str], width: float) -> int:
    """How many legend entries share a row: as many as fit their longest label."""
    longest = max(len(label) for label in labels)
    needed = max(LEGEND_ITEM_WIDTH, LEGEND_TEXT_AT[0] + longest * LEGEND_CHARACTER + LEGEND_GAP_X)
    return max(1, min(len(labels), int((width - 2 * LEGEND_INSET) // needed)))


def _footer(selection: _Selection, width: float) -> float:
    """The room under the figure: the view's name, then the legend's rows."""
    labels = _legend_labels(selection)
    rows = -(-len(labels) // _legend_per_row(labels, width))
    return max(FOOTER, LEGEND_GAP + rows * LEGEND_ROW + FOOTER_MARGIN)


_SWATCH = {"height": SWATCH_SIZE[1], "width": SWATCH_SIZE[0], "x": SWATCH_AT[0], "y": SWATCH_AT[1]}


def _trigger_point_swatches(prefix: str) -> list[str]:
    """The legend's swatches for TRIGGER_POINT_LABELS, in their order."""
    cross = {"class": "trp-x", "x": CROSS_AT, "xlink:href": f"#{prefix}cross", "y": CROSS_AT}
    essential = {"class": "zone essential", "style": "stroke-width: 0.6", **_SWATCH}
    stipple = f"url(#{prefix}stipple)"
    spillover = {"fill": stipple, "stroke": ZONE_RED, "stroke-width": 0.6, **_SWATCH}
    return [
        markup("use", cross),
        markup("rect", essential),
        markup("rect", spillover),
        markup("rect", {"class": "muscle", **_SWATCH}),
    ]


def _root_swatches(prefix: str) -> list[str]:
    """The legend's swatches for ROOT_LABELS: the hatch and the ringed key point."""
    ring = markup(
        "circle", {"class": "key-ring", "cx": CROSS_AT, "cy": CROSS_AT, "r": KEY_POINT_RING}
    )
    dot = markup("circle", {"class": "key-dot", "cx": CROSS_AT, "cy": CROSS_AT, "r": KEY_POINT_DOT})
    hatch = {"class": "dermatome", "fill": f"url(#{prefix}hatch)", **_SWATCH}
    return [markup("rect", hatch), markup("g", {"class": "key-point"}, ring + dot)]


def _describe(
    library: Library,
    selection: _Selection,
    side: Side,
    views: Sequence[ViewName],
    *,
    locations: bool = True,
) -> str:
    """What the map shows, in words for a screen reader.

    Without `locations` each trigger point is named but not placed in words: a page
    of the site prints each point's location in its table beside the map.
    """

    def labels(zone: Zone) -> str:
        keys = sorted(selection.zones, key=str)
        named = [key_phrase(library, key) for key in keys if selection.zones[key] == zone]
        return "; ".join(named) or "none"

    points = "; ".join(
        f"{number}: {point.name}, {point.location}" if locations else f"{number}: {point.name}"
        for number, point in selection.points
    )
    view_names = ", ".join(library.view(view).label.lower() for view in views)
    parts = []
    if selection.muscles:
        names = ", ".join(muscle.name for muscle in selection.muscles)
        parts.append(
            f"{names}, patient's {side} side, {view_names}. Trigger points marked X: {points}. "
            f"Essential zone, solid red: {labels('essential')}. "
            f"Spillover zone, stippled: {labels('spillover')}."
        )
    for root in selection.roots:
        keys = sorted((k for k, r in selection.dermatome.items() if r == root.id), key=str)
        regions = "; ".join(key_phrase(library, key) for key in keys)
        parts.append(
            f"{root.name} dermatome, hatched blue, patient's {side} side, {view_names}: "
            f"{regions}. Key sensory point, a ringed dot: {root.key_point}."
        )
    return " ".join(parts)


def _focus_window(bodies: Sequence[BodyView], selection: _Selection) -> tuple[float, float]:
    """The span of y that holds every zone, muscle and trigger point drawn, with a margin."""
    ys: list[float] = []
    for body in bodies:
        for key in [*selection.zones, *selection.dermatome]:
            ys.extend(_y_span(body, key.region))
        landmarks = landmark_points(body)
        for root in selection.roots:
            key_point = root.key_point_positions.get(body.id)
            if key_point is not None:
                ys.append(resolve(key_point, landmarks)[1])
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


def _y_span(body: BodyView, region_id: str) -> tuple[float, ...]:
    """The highest and lowest y of a region in a view (neither side moves y), or none."""

    def span() -> tuple[float, ...]:
        ys = [y for _, y in body.regions.get(region_id, ())]
        return (min(ys), max(ys)) if ys else ()

    return per_view(body, ("y span", region_id), span)


def _prefix(targets: Sequence[str], side: Side) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"tp-{'-'.join(targets)}-{side}-") or "tp-"


@dataclass(frozen=True)
class MapFigure:
    """A drawn map and how many views it lays side by side (a wide map takes a wide cell)."""

    svg: str
    views: int
    orientation: str = ""
    """How each view is seen, in words for a caption: `Back view: the patient's right is
    on your right`. A bare map says it here instead of on the drawing."""


def map_figure(
    library: Library,
    target: str | Sequence[str],
    view: ViewChoice = "auto",
    side: Side = "right",
    *,
    title: str | None = None,
    frame: Frame = "whole",
    bare: bool = False,
    figure_href: str | None = None,
    lines: bool = True,
    other_side_at: str | None = None,
    described_by: str | None = None,
) -> MapFigure:
    """The body map of `render_map`, with the number of views it chose.

    A `bare` map has no words on it (no title, legend, side or view labels, landmark
    names or numbers): it is for a page that shows several small maps and says those
    things once in its own text, where they keep a legible size (`orientation`).
    With `figure_href`, the folder of the site's shared figure files as the page
    reaches it (`../figures/`), the map is part of a site page: each view's body,
    lines and zones are images of its files (figure.body_group, figure.details,
    figure.zone_file_name), the page links the style sheet, and the map carries only
    what it shows; its description names the trigger points but leaves their
    locations to the page's table. Without it the map is
    self-contained. A map without `lines` draws the body's silhouette but not its
    contours and landmarks: a thumbnail, where they could not be made out anyway.

    `other_side_at` makes a bare map a document that draws either side: an empty
    element of that id goes before the views, and when the document's address targets
    it (`maps/piriformis.svg#left`) map.css mirrors every view in place, which is the
    other side's map (the left is the right's mirror image, view by view). The site's
    patient handout and guide show each muscle's one drawing so, for both sides.
    `described_by` names the element of the page that says what the map shows (the
    sheet's row of the trigger point): the map points at it rather than repeat it in
    a `<desc>`.

    Raises UnknownIdError for an unknown id, view or side, NotShownError for a view
    that draws nothing of the selection, ValueError for no target, an unknown frame,
    or `other_side_at` on a map with words (they would read backwards).
    """
    targets = [target] if isinstance(target, str) else list(target)
    if not targets:
        raise ValueError("give at least one muscle or trigger point to map")
    if other_side_at is not None and not bare:
        raise ValueError("only a bare map may be mirrored for the other side: it has no words")
    if frame not in ("whole", "focus"):
        raise ValueError(f"frame must be 'whole' or 'focus', not {frame!r}")
    if side not in SIDES:
        raise UnknownIdError("side", str(side), SIDES)
    plan = (tuple(targets), side)
    selection = _remembered_selection(library, targets, side)
    views = list(map_views(library, targets, side)) if view == "auto" else [view]
    bodies = [library.view(name) for name in views]
    if view != "auto" and not _shown_in(bodies[0], selection):
        shown = [v.id for v in library.views if _shown_in(v, selection)]
        raise NotShownError(", ".join(targets), view, shown)
    prefix = _prefix(targets, side) + ("bare-" if bare else "")
    width = drawing_width(len(bodies))
    planned = (plan, *views)
    window = (
        remembered(library, ("focus", planned), lambda: _focus_window(bodies, selection))
        if frame == "focus"
        else (0.0, HEIGHT)
    )
    height = window[1] - window[0]
    header, footer = (BARE_MARGIN, BARE_MARGIN) if bare else (HEADER, _footer(selection, width))
    standalone = figure_href is None
    # A site's map draws its zones from files: only the legend's swatch uses the stipple.
    stipple = standalone or (not bare and bool(selection.muscles))
    drawing = new_drawing(
        width, header + height + footer, prefix, styled=standalone, stipple=stipple
    )
    if selection.roots:
        _add_hatch(drawing, prefix)
    heading_text = title or _default_title(selection)
    description = (
        None
        if described_by is not None
        else remembered(
            library,
            ("describe", planned, standalone),
            lambda: _describe(library, selection, side, views, locations=standalone),
        )
    )
    add_title(drawing, prefix, heading_text, description, described_by=described_by)
    if not bare:
        midline = all(key.side is None for key in selection.dermatome)
        subtitle = (
            f"Trigger points on the patient's {side} side"
            if selection.points
            else "On the midline"
            if midline
            else f"On the patient's {side} side"
        )
        header += heading(drawing, heading_text, subtitle, width)
        drawing["viewBox"] = f"0 0 {width:g} {header + height + footer:g}"
    if other_side_at is not None:
        drawing.add(Fragment(markup("g", {"class": "side-anchor", "id": other_side_at})))
    for index, body in enumerate(bodies):
        panel = Panel(body, side, panel_left(index), header, prefix, window, figure_href)
        group = body_group(drawing, panel)
        group.add(_zone_layer(panel, selection))
        if selection.roots:
            group.add(_dermatome_layer(panel, selection))
        # Landmarks are named on the half without the pattern, where they hide nothing.
        label_side = opposite(side) if body.symmetric else side
        named = not bare and len(bodies) <= MOST_NAMED_VIEWS
        if lines:
            details(drawing, panel, group, label_side, names=named)
        group.add(_muscle_layer(panel, selection))
        group.add(_trigger_point_marks(panel, selection, numbered=not bare))
        if selection.roots:
            group.add(_key_point_marks(panel, selection))
        if not bare:
            side_labels(drawing, panel, group)
            view_label(drawing, panel)
        drawing.add(group)
    if not bare:
        drawing.add(_legend(prefix, header + height + LEGEND_GAP, width, selection))
    orientation = "; ".join(orientation_phrase(body, side) for body in bodies)
    return MapFigure(finished(drawing), len(bodies), orientation)


def render_map(
    library: Library,
    target: str | Sequence[str],
    view: ViewChoice = "auto",
    side: Side = "right",
    *,
    title: str | None = None,
    frame: Frame = "whole",
) -> str:
    """The body map of a muscle, a trigger point, or several, as SVG text.

    `view="auto"` (the default, as for `trigger-points map`) lays out side by side
    the fewest views that show every zone and X; a named view must show some of
    them. `frame="focus"` crops every view to the part of the body the pattern
    covers, which keeps a small map legible. Raises UnknownIdError for an unknown
    id, view or side, NotShownError (a ValueError) for a view that shows nothing of
    the selection, and ValueError for no target or an unknown frame.

    Examples:
        A muscle's map is one `<svg>` element, titled and described for screen readers:

        >>> svg = tp.render_map(lib, "piriformis")
        >>> svg.startswith("<svg") and 'role="img"' in svg
        True

        Trigger points, muscles and nerve roots mix; the left side is the mirror:

        >>> svg = tp.render_map(lib, ["l5", "gluteus_minimus.anterior"], side="left")
        >>> svg = tp.render_map(lib, "gluteus_medius.trp3", view="posterior", frame="focus")

        A view that shows nothing of the selection is refused rather than drawn blank:

        >>> tp.render_map(lib, "piriformis", view="anterior")
        Traceback (most recent call last):
        ...
        trigger_points.errors.NotShownError: nothing of piriformis is drawn in the anterior ...

    """
    return map_figure(library, target, view, side, title=title, frame=frame).svg


def map_views(
    library: Library, target: str | Sequence[str], side: Side = "right"
) -> tuple[ViewName, ...]:
    """The views `map_figure(..., view="auto")` lays out for the targets, without drawing.

    For a page that embeds a map drawn once elsewhere (the site's `maps/<id>.svg`) and
    says in its own words how each view is seen (`orientation_phrase`).
    """
    targets = [target] if isinstance(target, str) else list(target)
    selection = _remembered_selection(library, targets, side)
    chosen = ("views", (tuple(targets), side))
    return remembered(library, chosen, lambda: (*_choose_views(library, selection),))


def _remembered_selection(library: Library, targets: Sequence[str], side: Side) -> _Selection:
    """`_select`, worked out once per library, targets and side (`remembered`)."""
    plan = ("select", (tuple(targets), side))
    return remembered(library, plan, lambda: _select(library, targets, side))
