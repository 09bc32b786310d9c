"""Charts of the region vocabulary: the labelled reference, the guide's picker, the pain drawing.

Each draws every region of every view, on both sides where the view shows both;
they differ only in how a region looks and behaves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points.drawing import QUALITY_LABELS, PainDrawing, Quality
from trigger_points.figure import (
    HEADER,
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
    rounded,
    side_labels,
    svg_text,
    view_label,
)
from trigger_points.geometry import HEIGHT, WIDTH, Shape, area, centroid, viewer_side
from trigger_points.library import Library
from trigger_points.model import SIDES, BodyView, Point, Region, RegionKey, Side, ViewName
from trigger_points.phrases import key_phrase

__all__ = [
    "INTENSITY_COLOURS",
    "QUALITY_GLYPHS",
    "PickerPanel",
    "render_marked_drawing",
    "render_pain_drawing",
    "render_region_picker",
    "render_regions_chart",
]

ROW_GAP = 34.0
NUMBER_RADIUS = 10.0
"""The white disc a region's number sits on in the chart."""
NUMBER_DROP = 5.0
"""How far below the disc's centre the number's baseline sits, to centre it."""
KEY_TOP_GAP = 24.0
KEY_ROW = 22.0
KEY_COLUMN_WIDTH = 640.0
"""Room for one column of the chart's key: a number, an id and a label of up to ~60 letters."""
KEY_NUMBER_WIDTH = 34.0


def _number_places(shapes: Sequence[tuple[int, Shape]]) -> list[tuple[int, Point, Point]]:
    """Where each region's number goes: at its centre, or clear of numbers placed before.

    Small regions crowd (the coccyx, the anal region and the perineum share a few
    units of the midline), so a crowded number moves off its region on a leader line.
    Larger regions are placed first and keep their centres; a crowded number tries
    rings of places around its centre, nearest first. Returns (number, centre, place).
    """
    placed: list[tuple[int, Point, Point]] = []
    clearance = 2 * NUMBER_RADIUS + 1
    for number, shape in sorted(shapes, key=lambda item: -area(item[1])):
        centre = centroid(shape)
        spot = centre
        for distance, angle in _SEARCH:
            spot = (
                centre[0] + distance * math.cos(angle),
                centre[1] + distance * math.sin(angle),
            )
            if all(math.dist(spot, other) >= clearance for _, _, other in placed):
                break
        placed.append((number, centre, spot))
    return placed


_SEARCH = [(0.0, 0.0)] + [
    (distance, math.radians(degrees))
    for distance in (12.0, 22.0, 32.0, 44.0, 56.0)
    for degrees in (180, 0, 160, 200, 20, 340, 135, 225, 45, 315, 90, 270)
]
"""Places tried for a crowded number: rings round its region's centre, sideways first."""


def _region_number(
    drawing: svgwrite.Drawing, number: int, centre: Point, spot: Point
) -> svgwrite.container.Group:
    """A region's number on a white disc; a leader line when it had to move off the region."""
    marker = drawing.g(class_="region-number")
    x, y = spot
    if math.dist(centre, spot) > NUMBER_RADIUS:
        ends = (round(centre[0], 1), round(centre[1], 1)), rounded((x, y))
        marker.add(drawing.line(*ends, class_="leader"))
        marker.add(drawing.circle(ends[0], LEADER_DOT, class_="leader-dot"))
    marker.add(drawing.circle(rounded((x, y)), NUMBER_RADIUS))
    marker.add(svg_text(str(number), (x, y + NUMBER_DROP), "region-number-text", "middle"))
    return marker


LEADER_DOT = 1.6


KeyLine = tuple[str, str, str]
"""One line of the chart's key: its style, its number (or "" for a heading), its text."""


def _key_lines(library: Library, numbers: dict[str, int]) -> list[KeyLine]:
    """Each group's drawn regions by number, id and label; composites by their parts' numbers."""
    lines: list[KeyLine] = []
    for group in library.region_groups:
        entries: list[KeyLine] = []
        for region in (r for r in library.regions if r.group == group.id):
            if region.id in numbers:
                text = f"{region.id}: {region.label}"
                entries.append(("key-text", str(numbers[region.id]), text))
                continue
            parts = [numbers[k.region] for k in library.leaves(region.id) if k.region in numbers]
            if region.parts and parts:
                made_of = " + ".join(str(number) for number in parts)
                entries.append(("key-text", "=", f"{region.id} ({made_of}): {region.label}"))
        if entries:
            lines += [("key-heading", "", group.label), *entries]
    return lines


def _key_rows(lines: Sequence[KeyLine], width: float) -> int:
    """How many lines each column of the key holds, at as many columns as the width takes."""
    columns = max(1, int((width - 2 * KEY_INSET) // KEY_COLUMN_WIDTH))
    return -(-len(lines) // columns)


def _key(
    drawing: svgwrite.Drawing, lines: Sequence[KeyLine], top: float, width: float
) -> svgwrite.container.Group:
    """The chart's key under the views, its columns filled top to bottom."""
    rows = _key_rows(lines, width)
    columns = -(-len(lines) // rows)
    column_width = (width - 2 * KEY_INSET) / columns
    key = drawing.g(class_="region-key", transform=f"translate(0 {top:g})")
    for index, (css, number, text) in enumerate(lines):
        column, row = divmod(index, rows)
        left = KEY_INSET + column * column_width
        y = (row + 1) * KEY_ROW
        if number:
            at = (left + KEY_NUMBER_WIDTH - KEY_NUMBER_GAP, y)
            key.add(svg_text(number, at, "key-number", "end"))
        key.add(svg_text(text, (left + (KEY_NUMBER_WIDTH if number else 0), y), css))
    return key


KEY_NUMBER_GAP = 8.0
UNHEADED_TOP = 12.0
"""The space above the figure of a chart whose page writes its heading."""
KEY_INSET = 20.0


RegionAttributes = Callable[[RegionKey, Region], dict[str, str]]
"""How one region on one side looks and behaves in a chart."""
Decoration = Callable[[svgwrite.Drawing, Panel, svgwrite.container.Group], None]
"""What a chart adds over one view once its regions and labels are drawn."""


def _regions_figure(
    library: Library,
    panels: Sequence[tuple[BodyView, Side]],
    *,
    prefix: str,
    title: str,
    subtitle: str,
    description: str,
    attributes: RegionAttributes,
    labelled: bool,
    columns: int | None = None,
    headed: bool = True,
    role: str | None = "img",
    decorate: Decoration | None = None,
    figure_href: str | None = None,
) -> str:
    """Views of the figure with every region drawn; `attributes` says how each region looks.

    The views stand in one row, or in rows of `columns`. A `labelled` chart numbers
    each region (the same number in every view) and explains the numbers in a key
    under the views: names written inside the regions could not be read at a size
    that fits the small ones. A chart that is not `headed` leaves its title and
    subtitle to the page around it (they stay its accessible name) and gives the
    figure the space. `decorate`, when given, draws over each finished panel.
    `figure_href` points the views at the site's shared figure files (figure.details).
    """
    header = HEADER if headed else UNHEADED_TOP
    per_row = columns or len(panels)
    rows = -(-len(panels) // per_row)
    figures_width = drawing_width(per_row)
    width = max(figures_width, KEY_COLUMN_WIDTH + 2 * KEY_INSET) if labelled else figures_width
    indent = (width - figures_width) / 2
    figures_height = header + rows * (HEIGHT + ROW_GAP)
    drawn = {region_id for body, _ in panels for region_id in body.regions}
    in_key_order = sorted(
        (r for r in library.regions if r.id in drawn),
        key=lambda r: ([g.id for g in library.region_groups].index(r.group), r.id),
    )
    numbers = {region.id: number for number, region in enumerate(in_key_order, 1)}
    lines = _key_lines(library, numbers) if labelled else []
    key_height = _key_rows(lines, width) * KEY_ROW + KEY_TOP_GAP if lines else 0.0
    drawing = new_drawing(width, figures_height + key_height, prefix, styled=figure_href is None)
    add_title(drawing, prefix, title, description, role)
    extra = heading(drawing, title, subtitle, width) if headed else 0.0
    figures_height += extra
    drawing["viewBox"] = f"0 0 {width:g} {figures_height + key_height:g}"
    for index, (body, panel_side) in enumerate(panels):
        row, column = divmod(index, per_row)
        top = header + extra + row * (HEIGHT + ROW_GAP)
        panel = Panel(
            body, panel_side, indent + panel_left(column), top, prefix, figure_href=figure_href
        )
        group = body_group(drawing, panel)
        layer = drawing.g(class_="regions", **panel.clip)
        labels = drawing.g(class_="region-labels")
        to_number: list[tuple[int, Shape]] = []
        for region_id, shape in sorted(body.regions.items()):
            region = library.region(region_id)
            sides = SIDES if body.symmetric else (panel_side,)
            for key in dict.fromkeys(RegionKey.felt_on(region, side) for side in sides):
                placed = panel.sided(shape, key.side)
                path = drawing.path(d=path_data(placed), data_region=str(key))
                path.attribs.update(attributes(key, region))
                layer.add(path)
                if labelled and key.side in (None, "right"):
                    to_number.append((numbers[region_id], placed))
        for number, centre, spot in _number_places(to_number):
            labels.add(_region_number(drawing, number, centre, spot))
        group.add(layer)
        label_side: Side = "left" if body.symmetric else panel_side
        details(drawing, panel, group, label_side, landmarks=labelled)
        group.add(labels)
        side_labels(drawing, panel, group)
        if decorate is not None:
            decorate(drawing, panel, group)
        view_label(drawing, panel)
        drawing.add(group)
    if lines:
        drawing.add(_key(drawing, lines, figures_height, width))
    return finished(drawing)


def render_regions_chart(library: Library, view: ViewName | None = None) -> str:
    """A labelled chart of the region vocabulary: the reference for drawing referral zones.

    Every drawn region is numbered on the patient's right, with a key of numbers, ids and
    labels below, and each composite region listed with its parts; `view` draws one view
    only (default: all of them, side by side).

    Examples:
        >>> chart = tp.render_regions_chart(lib, "posterior")
        >>> chart.startswith("<svg") and "sacroiliac" in chart
        True

    """
    bodies = [library.view(view)] if view else list(library.views)

    def tinted(key: RegionKey, region: Region) -> dict[str, str]:
        return {"class": "region", "fill": library.region_group(region.group).tint}

    return _regions_figure(
        library,
        [(body, "right") for body in bodies],
        prefix="tp-regions-",
        title="Regions of the body maps",
        subtitle="Numbered on the patient's right (the key is below); the left is its mirror",
        description=(
            "Every region referral zones are drawn from, numbered on the patient's right, "
            "with a key of numbers, ids and labels; composite regions are listed by their parts."
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


PICKER_TAB_NAMES: dict[ViewName, str] = {"posterior": "Back", "anterior": "Front"}
"""The picker's name for a view that shows both sides; a side view is named by its side."""


@dataclass(frozen=True)
class PickerPanel:
    """One view of the guide's body chart, shown one at a time behind a view switcher."""

    id: str
    """`posterior`, `anterior`, `lateral-right`, `lateral-left`: unique on a page."""
    name: str
    """The switcher's name for it: `Back`, `Right side`."""
    svg: str


def render_region_picker(library: Library, *, figure_href: str | None = None) -> list[PickerPanel]:
    """Each view with every region focusable and toggleable: the pain guide's body chart.

    One SVG a view, so that a phone shows one view as wide as the screen (and zooms
    it) instead of four views squeezed into one. Each SVG holds labelled checkboxes
    (`role`, `aria-checked`, `aria-label`) and is not an image, because its regions are
    controls (an image's children are hidden from assistive technology); its view's
    tab panel groups them. The page's script (`picker.js`) toggles them.
    `figure_href`: the site's shared figure files, as for `maps.map_figure`.
    """

    def selectable(key: RegionKey, region: Region) -> dict[str, str]:
        return {
            "class": "pick",
            "tabindex": "0",
            "role": "checkbox",
            "aria-checked": "false",
            "aria-label": key_phrase(library, key),
        }

    found = []
    for body, side in _picker_panels(library):
        panel_id = body.id if body.symmetric else f"{body.id}-{side}"
        name = PICKER_TAB_NAMES.get(body.id) or f"{side.capitalize()} side"
        svg = _regions_figure(
            library,
            [(body, side)],
            prefix=f"tp-guide-{panel_id}-",
            title=f"{name}: regions to mark",
            subtitle="",
            description="Each region is a checkbox: press Enter or Space, or tap, to mark it.",
            attributes=selectable,
            labelled=False,
            headed=False,
            role=None,
            figure_href=figure_href,
        )
        found.append(PickerPanel(panel_id, name, svg))
    return found


def render_pain_drawing(library: Library, *, figure_href: str | None = None) -> str:
    """The blank body views with the region outlines, for a patient to mark by hand.

    `figure_href`: the site's shared figure files, as for `maps.map_figure`.
    """

    def outlined(key: RegionKey, region: Region) -> dict[str, str]:
        return {"class": "outline"}

    return _regions_figure(
        library,
        _picker_panels(library),
        prefix="tp-drawing-",
        title="Pain drawing",
        subtitle="Shade where you feel pain. Mark an X where it is worst.",
        description="Blank back, front and side views of the body for marking pain by hand.",
        attributes=outlined,
        labelled=False,
        columns=2,
        figure_href=figure_href,
    )


INTENSITY_COLOURS = (
    "#fffbe6",
    "#fff0b3",
    "#ffe080",
    "#ffcc4d",
    "#fdb042",
    "#f98e3a",
    "#ef6a32",
    "#dc4a2a",
    "#c62828",
    "#a31d1d",
    "#7a1212",
)
"""The fill of a marked region by intensity 0-10: each darker than the last, in colour and in
grey, so that a black-and-white copy still orders them."""

QUALITY_GLYPHS: dict[Quality, str] = {
    "aching": "M4 16L11 5L18 16",
    "burning": "M5 5L17 17M17 5L5 17",
    "pins_and_needles": "M11 6.5A4.5 4.5 0 1 1 10.99 6.5Z",
    "numbness": "M4 8H18M4 14H18",
    "stabbing": "M6 18L16 4",
}
"""Ransford's symbols in one cell of QUALITY_CELL units: ^, x, o, = and /."""
QUALITY_CELL = 22
BIG_SIDE_Y = 150.0
BIG_SIDE_INSET = 80.0


def _quality_pattern(
    drawing: svgwrite.Drawing, pattern_id: str, intensity: int, qualities: Sequence[Quality]
) -> svgwrite.base.BaseElement:
    """The fill of a region marked with this intensity and these qualities.

    The intensity's colour under one cell per quality, each holding its symbol in
    black on a white halo: the symbols stay legible on the darkest red and in grey.
    """
    width = QUALITY_CELL * len(qualities)
    pattern = drawing.pattern(
        id=pattern_id, size=(width, QUALITY_CELL), patternUnits="userSpaceOnUse"
    )
    pattern.add(drawing.rect((0, 0), (width, QUALITY_CELL), fill=INTENSITY_COLOURS[intensity]))
    for index, quality in enumerate(qualities):
        glyph = QUALITY_GLYPHS[quality]
        at = f"translate({index * QUALITY_CELL} 0)"
        for colour, width_ in (("#fff", 4.2), ("#111", 1.8)):
            pattern.add(
                drawing.path(
                    d=glyph,
                    transform=at,
                    fill="none",
                    stroke=colour,
                    stroke_width=width_,
                    stroke_linecap="round",
                    stroke_linejoin="round",
                )
            )
    return pattern


def render_marked_drawing(library: Library, drawing: PainDrawing, *, headed: bool = True) -> str:
    """The pain drawing with its marks: colour by intensity, Ransford's symbols by quality.

    Back, front and both side views; a marked composite region fills all of its
    parts. Big R and L letters say the patient's sides, so a copy in grey cannot be
    misread. A drawing that is not `headed` leaves its title and key to the page (the
    report writes both). Raises UnknownIdError for a region the library does not know.
    """
    prefix = "tp-marked-"
    marks = {}
    for mark in drawing.marks:
        for leaf in library.leaves(library.region_key(mark.region, sided=True)):
            marks[str(leaf)] = mark
    patterns: dict[str, svgwrite.base.BaseElement] = {}
    added: set[str] = set()

    def marked(key: RegionKey, region: Region) -> dict[str, str]:
        mark = marks.get(str(key))
        if mark is None:
            return {"class": "outline"}
        pattern_id = f"{prefix}fill-{mark.intensity}-{'-'.join(mark.qualities)}"
        if pattern_id not in patterns:
            patterns[pattern_id] = _quality_pattern(
                svgwrite.Drawing(debug=False), pattern_id, mark.intensity, mark.qualities
            )
        qualities = ", ".join(QUALITY_LABELS[q].lower() for q in mark.qualities)
        return {
            "class": "marked",
            "fill": f"url(#{pattern_id})",
            "stroke": "#1f2328",
            "stroke-width": "1.2",
            "data-intensity": str(mark.intensity),
            "aria-label": f"{key_phrase(library, key)}: {mark.intensity} of 10, {qualities}",
        }

    def letters(svg: svgwrite.Drawing, panel: Panel, group: svgwrite.container.Group) -> None:
        # Patterns are made as regions ask for them; each goes into the defs once.
        for pattern_id in sorted(patterns.keys() - added):
            svg.defs.add(patterns[pattern_id])
            added.add(pattern_id)
        if panel.view.symmetric:
            places = [(side, viewer_side(panel.view, side) == "right") for side in SIDES]
        else:  # behind the back, clear of the face
            places = [(panel.side, panel.mirrored)]
        for side, on_right in places:
            x = WIDTH - BIG_SIDE_INSET if on_right else BIG_SIDE_INSET
            letter = svg.text(
                "R" if side == "right" else "L",
                insert=(x, BIG_SIDE_Y),
                text_anchor="middle",
                font_size="84",
                font_weight="800",
                fill="#1f2328",
                class_="big-side",
            )
            group.add(letter)

    described = "; ".join(
        f"{key_phrase(library, m.region)} {m.intensity}/10 "
        f"{', '.join(QUALITY_LABELS[q].lower() for q in m.qualities)}"
        for m in drawing.marks
    )
    return _regions_figure(
        library,
        _picker_panels(library),
        prefix=prefix,
        title="Pain drawing",
        subtitle="Colour: intensity 0-10. Symbols: \u2227 aching, x burning, o pins and needles, "
        "= numbness, / stabbing",
        description=f"Marked regions: {described}." if described else "No region is marked.",
        attributes=marked,
        headed=headed,
        labelled=False,
        decorate=letters,
    )
