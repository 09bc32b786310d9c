"""Charts of the region vocabulary: the labelled reference, the guide's picker, the pain drawing.

Each draws every region of every view, on both sides where the view shows both;
they differ only in how a region looks and behaves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import svgwrite
import svgwrite.base

from trigger_points.figure import (
    HEADER,
    SUBTITLE_Y,
    Panel,
    add_title,
    body_group,
    details,
    drawing_width,
    new_drawing,
    panel_left,
    path_data,
    side_labels,
    svg_text,
    title_text,
    view_label,
)
from trigger_points.geometry import HEIGHT, Shape, bounds, centroid
from trigger_points.library import Library
from trigger_points.model import SIDES, BodyView, Region, RegionKey, Side, ViewName
from trigger_points.phrases import key_phrase

__all__ = ["render_pain_drawing", "render_region_picker", "render_regions_chart"]

ROW_GAP = 20.0
UPRIGHT_RATIO = 2.5
"""A region this many times taller than wide gets its label turned upright."""
LABEL_DROP = 2.5
"""How far below a region's centre its label's baseline sits, to centre the text."""


def _region_label(
    drawing: svgwrite.Drawing, region_id: str, shape: Shape
) -> svgwrite.base.BaseElement:
    """A region's id at its centre, turned upright along tall narrow regions."""
    x, y = centroid(shape)
    low_x, low_y, high_x, high_y = bounds(shape)
    label = svg_text(drawing, region_id, (x, y + LABEL_DROP), "region-label", "middle")
    if high_y - low_y > UPRIGHT_RATIO * (high_x - low_x):
        label.attribs["transform"] = f"rotate(-90 {x:.1f} {y + LABEL_DROP:.1f})"
    return label


RegionAttributes = Callable[[RegionKey, Region], dict[str, str]]
"""How one region on one side looks and behaves in a chart."""


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
    columns: int | None = None,
) -> str:
    """Views of the figure with every region drawn; `attributes` says how each region looks.

    The views stand in one row, or in rows of `columns`.
    """
    per_row = columns or len(panels)
    rows = -(-len(panels) // per_row)
    width = drawing_width(per_row)
    drawing = new_drawing(width, HEADER + rows * (HEIGHT + ROW_GAP), prefix)
    add_title(drawing, prefix, heading, description)
    drawing.add(title_text(drawing, heading, width))
    drawing.add(svg_text(drawing, subtitle, (width / 2, SUBTITLE_Y), "subtitle", "middle"))
    for index, (body, panel_side) in enumerate(panels):
        row, column = divmod(index, per_row)
        top = HEADER + row * (HEIGHT + ROW_GAP)
        panel = Panel(body, panel_side, panel_left(column), top, prefix)
        group = body_group(drawing, panel)
        layer = drawing.g(clip_path=f"url(#{panel.body_id}-clip)", class_="regions")
        labels = drawing.g(class_="region-labels")
        for region_id, shape in sorted(body.regions.items()):
            region = library.region(region_id)
            sides = SIDES if body.symmetric else (panel_side,)
            for key in dict.fromkeys(RegionKey.felt_on(region, side) for side in sides):
                placed = panel.sided(shape, key.side)
                path = drawing.path(d=path_data(placed), data_region=str(key))
                path.attribs.update(attributes(key, region))
                layer.add(path)
                if labelled and key.side in (None, "right"):
                    labels.add(_region_label(drawing, region_id, placed))
        group.add(layer)
        label_side: Side = "left" if body.symmetric else panel_side
        details(drawing, panel, group, label_side, landmarks=labelled)
        group.add(labels)
        side_labels(drawing, panel, group)
        view_label(drawing, panel, group)
        drawing.add(group)
    return str(drawing.tostring())


def render_regions_chart(library: Library, view: ViewName | None = None) -> str:
    """A labelled chart of the region vocabulary: the reference for drawing referral zones."""
    bodies = [library.view(view)] if view else list(library.views)

    def tinted(key: RegionKey, region: Region) -> dict[str, str]:
        return {"class": "region", "fill": library.region_group(region.group).tint}

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


def render_region_picker(library: Library) -> str:
    """Every view with every region focusable and toggleable: the pain guide's body chart.

    Each region is a checkbox to assistive technology (`role`, `aria-checked`,
    `aria-label`) and is reached with Tab; the page's script toggles it.
    """

    def selectable(key: RegionKey, region: Region) -> dict[str, str]:
        return {
            "class": "pick",
            "tabindex": "0",
            "role": "checkbox",
            "aria-checked": "false",
            "aria-label": key_phrase(library, key),
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

    def outlined(key: RegionKey, region: Region) -> dict[str, str]:
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
        columns=2,
    )
