"""The drawn figure, shared by the body maps and the region charts.

A drawing is one SVG document holding one panel per view: the body's outline
(defined once and used both as the fill and as the clip of everything drawn
on it), its interior lines and landmarks, the patient's left and right, and
the view's name. The maps (maps.py) and the charts (charts.py) add what they
show on top. Nothing here reads files; the same models give the same bytes.

A drawing is self-contained, or is part of a page of the site (`Panel.figure_href`):
then the body, its silhouette (the mask of every layer drawn on it), its lines and
each zone's shape are images of files the site writes once (`figure_files`), and the
drawing carries only what it shows.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal, TypeVar, cast

import svgwrite
import svgwrite.base
import svgwrite.container

from trigger_points import svgout
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
from trigger_points.model import SIDES, ZONES, BodyView, Landmark, Point, RegionKey, Side, Zone
from trigger_points.resources import bundled_path
from trigger_points.svgout import Fragment, Prerendered, SvgDocument, markup, tostring

__all__ = [
    "FIGURE_PARTS",
    "FOOTER",
    "HEADER",
    "SITE_FRAME",
    "SUBTITLE_Y",
    "ZONE_RED",
    "FigurePart",
    "Panel",
    "add_title",
    "body_group",
    "details",
    "drawing_width",
    "figure_file_name",
    "figure_files",
    "finished",
    "heading",
    "map_style",
    "new_drawing",
    "panel_left",
    "path_data",
    "per_view",
    "placed_region",
    "region_path",
    "rounded",
    "side_labels",
    "style_sheet",
    "svg_text",
    "text_markup",
    "view_label",
    "zone_file_name",
]

_T = TypeVar("_T")

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


@lru_cache(maxsize=1)
def _style_rules() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """Each rule of `map_style`, written small, with the classes each of its selectors needs.

    Comments go, and the spaces CSS does not need (around `{};:,`, and runs of them);
    a space between two words (`.region-number circle`, `4 2`) stays. A selector of
    images can match nothing a drawing carrying its own style has: the images are the
    site's shared figure files, and a site's drawings use the page's map.css.
    """
    css = re.sub(r"/\*.*?\*/", "", map_style(), flags=re.DOTALL)
    css = re.sub(r"\s*([{};:,])\s*", r"\1", re.sub(r"\s+", " ", css)).replace(";}", "}")
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css.strip()):
        needs = tuple(
            frozenset(re.findall(r"\.([\w-]+)", selector))
            for selector in selectors.split(",")
            if not _OF_IMAGES.search(selector)
        )
        rules.append((f"{selectors}{{{body}}}", needs))
    return tuple(rules)


_OF_IMAGES = re.compile(r"(?:^|[\s>+~])image\b")
"""A selector of `<image>` elements (`.view image`)."""


def style_sheet(classes: Iterable[str]) -> str:
    """The rules of `map_style` that can match a drawing using these classes, written small.

    A rule stays when one of its selectors needs only classes the drawing uses (`text`
    needs none); what cannot match anything in the drawing is left out of it.
    """
    used = set(classes)
    return "".join(rule for rule, needs in _style_rules() if any(n <= used for n in needs))


def finished(drawing: SvgDocument) -> str:
    """The drawing's text; a `styled` one with the style sheet it needs first in its defs.

    The sheet is worked out from the classes written, so it is put in after them.
    """
    text = tostring(drawing)
    if not drawing.styled:
        return text
    classes = {css for value in _CLASSES.findall(text) for css in value.split()}
    style = svgout.markup("style", {"type": "text/css"}, f"<![CDATA[{style_sheet(classes)}]]>")
    if "<defs />" in text:
        return text.replace("<defs />", f"<defs>{style}</defs>", 1)
    return text.replace("<defs>", f"<defs>{style}", 1)


_CLASSES = re.compile(r' class="([^"]*)"')


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
        figure_href: str | None = None,
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
        self.figure_href = figure_href
        """The folder of the site's shared figure files as the page reaches it (`../figures/`),
        or None for a self-contained drawing."""

    @property
    def clip(self) -> dict[str, str]:
        """The attribute that keeps a layer inside the body: what the panel drew in body_group.

        A self-contained drawing clips to the outline it defines; a drawing of the site
        masks with the view's silhouette file and so carries no outline of its own.
        As svgwrite's keywords; `clip_attribute` is the same as written.
        """
        if self.figure_href is None:
            return {"clip_path": f"url(#{self.body_id}-clip)"}
        return {"mask": f"url(#{self.body_id}-mask)"}

    @property
    def clip_attribute(self) -> dict[str, str]:
        """`clip` as the SVG writes it (`clip-path`), for a layer written as text."""
        return {name.replace("_", "-"): value for name, value in self.clip.items()}

    def figure(self, part: FigurePart) -> str:
        """Where the page finds a part of this panel's shared figure (site drawings only)."""
        assert self.figure_href is not None, "a self-contained drawing points at no file"
        return f"{self.figure_href}{figure_file_name(self.view, self.mirrored, part)}"

    def zone_file(self, key: RegionKey, zone: Zone) -> str:
        """Where the page finds a region's shape in a zone as this panel draws it (site only)."""
        assert self.figure_href is not None, "a self-contained drawing points at no file"
        return f"{self.figure_href}{zone_file_name(self.view, self.mirrored, key, zone)}"

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


def placed_region(panel: Panel, key: RegionKey) -> Shape | None:
    """A region on its side as this panel draws it, or None where the panel does not show it.

    A view may lack the region, and a one-sided view shows only its own side.
    """
    shape = panel.view.regions.get(key.region)
    if shape is None or (key.side and not panel.view.symmetric and key.side != panel.side):
        return None
    return panel.sided(shape, key.side)


def region_path(panel: Panel, key: RegionKey) -> str | None:
    """The path data of `placed_region`, worked out once per view, side and region."""
    placed = ("region", key, panel.side, panel.mirrored)
    return per_view(panel.view, placed, lambda: _path_or_none(placed_region(panel, key)))


def _path_or_none(shape: Shape | None) -> str | None:
    return None if shape is None else path_data(shape)


def svg_text(text: str, at: Point, css: str, anchor: str = "start") -> Fragment:
    """A text element at a point, styled by a class and anchored at its start, middle or end."""
    return Fragment(text_markup(text, at, css, anchor))


def text_markup(text: str, at: Point, css: str, anchor: str = "start") -> str:
    """`svg_text` as text, for a layer written whole (`svgout.markup`)."""
    x, y = rounded(at)
    attributes: dict[str, str | float] = {"class": css, "x": x, "y": y}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    return svgout.text_markup("text", attributes, text)


def add_title(
    drawing: svgwrite.Drawing,
    prefix: str,
    title: str,
    description: str | None,
    role: str | None = "img",
    *,
    described_by: str | None = None,
) -> None:
    """Give the drawing its accessible name and description (`<title>`, `<desc>`, `role`).

    A picture is an `img`. A chart whose regions are controls takes no role (`None`):
    an image's children are hidden from assistive technology, and HTML allows no
    `group` on an inline SVG; the SVG's own role keeps its controls reachable.
    `described_by`, the id of the page's own words for what the drawing shows (a
    sheet's table row), stands in for a `<desc>` that would repeat them.
    """
    parts: list[tuple[type[svgwrite.base.Title] | type[svgwrite.base.Desc], str]] = [
        (svgwrite.base.Title, title)
    ]
    if described_by is None and description is not None:
        parts.append((svgwrite.base.Desc, description))
    elements = []
    for kind, text in parts:
        element = kind(text)
        element.xml.set("id", f"{prefix}{kind.elementname}")
        elements.append(element)
    drawing.elements[0:0] = elements
    if role is not None:
        drawing.attribs["role"] = role
    drawing.attribs["aria-labelledby"] = " ".join(
        f"{prefix}{kind.elementname}" for kind, _ in parts
    )
    if described_by is not None:
        drawing.attribs["aria-describedby"] = described_by


def new_drawing(
    width: float, height: float, prefix: str, *, styled: bool = True, stipple: bool = True
) -> SvgDocument:
    """An empty document with the shared style, the stipple pattern and the X, ids prefixed.

    A drawing on a page of the site is not `styled`: the page links the same style
    sheet (`map.css`) once for all its drawings. One that fills nothing with the stipple
    (a site's map draws its zones from files, `zone_file_name`) leaves out the `stipple`.
    """
    drawing = SvgDocument(size=("100%", "100%"), viewBox=f"0 0 {width:g} {height:g}", debug=False)
    drawing.styled = styled
    if stipple:
        drawing.defs.add(Fragment(_stipple_markup(prefix)))
    drawing.defs.add(Fragment(markup("path", {"d": CROSS, "id": f"{prefix}cross"})))
    return drawing


CROSS = "M-5 -5L5 5M-5 5L5 -5"
"""The X of a trigger point, drawn about its centre (`<use>` places it)."""


def _stipple_markup(prefix: str) -> str:
    """The spillover zone's stipple: two dots a cell on a faint wash of the zone's red."""
    cell = STIPPLE_CELL
    wash = {"fill": ZONE_RED, "fill-opacity": 0.1, "height": cell, "width": cell, "x": 0, "y": 0}
    dots = "".join(
        markup("circle", {"cx": dot, "cy": dot, "fill": ZONE_RED, "r": STIPPLE_DOT})
        for dot in (cell / 4, 3 * cell / 4)
    )
    pattern = {
        "height": cell,
        "id": f"{prefix}stipple",
        "patternUnits": "userSpaceOnUse",
        "width": cell,
    }
    return markup("pattern", pattern, markup("rect", wash) + dots)


def body_group(drawing: svgwrite.Drawing, panel: Panel) -> svgwrite.container.Group:
    """The panel with the body drawn in it, and what keeps its layers inside the body.

    A self-contained drawing defines the outline once and uses it for the fill and as
    the clip path (`panel.clip`). A drawing of the site shows the view's body file and
    masks with its silhouette file: a clip path cannot point into another file, a mask's
    image can, and the outline is the largest part of a map.
    """
    if panel.figure_href is None:
        outline = per_view(
            panel.view,
            ("outline", panel.mirrored),
            lambda: path_data(panel.shape(body_outline(panel.view))),
        )
        drawing.defs.add(Fragment(markup("path", {"d": outline, "id": panel.body_id})))
        use = markup("use", {"xlink:href": f"#{panel.body_id}"})
        drawing.defs.add(Fragment(markup("clipPath", {"id": f"{panel.body_id}-clip"}, use)))
    else:
        mask = {"id": f"{panel.body_id}-mask", "maskUnits": "userSpaceOnUse", **SITE_FRAME}
        mask["y"] = "0"  # a mask's region starts above its box unless told
        image = markup("image", {"xlink:href": panel.figure("silhouette"), **SITE_FRAME})
        drawing.defs.add(Fragment(markup("mask", mask, image)))
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
    if panel.figure_href is None:
        group.add(Fragment(markup("use", {"class": "body", "xlink:href": f"#{panel.body_id}"})))
    else:
        group.add(_figure_image(panel, "body"))
    return group


SITE_FRAME = {"height": f"{HEIGHT:g}", "width": f"{WIDTH + 2 * MARGIN:g}", "x": f"{-MARGIN:g}"}
"""A panel's whole frame, the margins beside the figure included, as the attributes of
an image of a site's drawing: written short, for a site draws tens of thousands of
them (`y` is 0 unless given)."""


def _figure_image(panel: Panel, part: FigurePart) -> Fragment:
    """A part of the shared figure over the panel's whole frame.

    Seen, never in the way: map.css keeps every image of a view from taking the pointer
    (the region picker's regions lie under the lines), and the drawing's `img` role
    hides its parts from assistive technology, so neither is said on each image.
    """
    return Fragment(markup("image", {"xlink:href": panel.figure(part), **SITE_FRAME}))


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

    On a panel of the site (`panel.figure_href`) the lines, overlays and landmarks'
    circles are an image of the view's shared file, and only the landmarks' names are
    written here: they stay text, which the page's legibility checks can measure. A
    self-contained drawing has them all; they are the same for every drawing of a
    view, so they are built and serialised once per process, and each drawing puts its
    own ids into them (`PANEL_ID`).
    """
    if panel.figure_href is None:
        key = ("details", panel.mirrored, label_side, landmarks, names)
        for part in per_view(
            panel.view,
            key,
            lambda: _prerendered(_details(drawing, panel, label_side, landmarks, names)),
        ):
            group.add(Fragment(part.text.replace(PANEL_ID, panel.body_id)))
        return
    group.add(_figure_image(panel, "lines" if landmarks else "plain"))
    if landmarks and names:
        labels = ("labels", panel.mirrored, label_side)
        group.add(per_view(panel.view, labels, lambda: _landmark_labels(panel, label_side)))


_PER_VIEW_LIMIT = 4096
"""The most parts kept: a view has a few hundred (its regions on each side, its lines)."""
_per_view_parts: dict[tuple[int, Hashable], tuple[BodyView, Any]] = {}


def per_view(view: BodyView, key: Hashable, work_out: Callable[[], _T]) -> _T:
    """A part of the figure that depends only on the view and `key`, worked out once.

    Keyed on the view itself (held, so that its id is never another's): the figure's
    lines and outline are the same bytes for every drawing of a view.
    """
    found = _per_view_parts.get((id(view), key))
    if found is not None and found[0] is view:
        return cast(_T, found[1])
    if len(_per_view_parts) >= _PER_VIEW_LIMIT:
        _per_view_parts.clear()
    value = work_out()
    _per_view_parts[(id(view), key)] = (view, value)
    return value


def _prerendered(elements: list[svgwrite.base.BaseElement]) -> list[Prerendered]:
    """The elements written once, for every drawing that shows them."""
    return [Prerendered(element) for element in elements]


def _details(
    drawing: svgwrite.Drawing,
    panel: Panel,
    label_side: Side,
    landmarks: bool = True,
    names: bool = True,
    *,
    labels: bool = True,
) -> list[svgwrite.base.BaseElement]:
    """The elements `details` draws; `labels=False` leaves out the landmarks' names.

    Written small, the same picture: the lines of each weight are one path, and on a
    symmetric view the left of each pair of lines and landmarks is the right's mirror
    image (`<use>`), as the model draws it. Ids hold `PANEL_ID`, put in by the caller.
    """
    mirrored: dict[str, list[str]] = {"contour faint": [], "contour": []}
    single: dict[str, list[str]] = {"contour faint": [], "contour": []}
    symmetric = panel.view.symmetric
    for contour in panel.view.contours:
        css = "contour faint" if contour.weight == "faint" else "contour"
        paired = contour.paired and symmetric
        side: Side | None = "right" if paired else None
        d = path_data(panel.sided(contour.points, side), contour.closed)
        (mirrored if paired else single)[css].append(d)
    contours = drawing.g(class_="contours")
    if any(mirrored.values()):
        pair = drawing.g(id=f"{PANEL_ID}-lines")
        _add_paths(drawing, pair, mirrored)
        contours.add(pair)
        contours.add(_mirror_image(drawing, pair))
    _add_paths(drawing, contours, single)
    found = [contours]
    for overlay in panel.view.overlays:
        found.append(
            drawing.path(
                d=path_data(panel.shape(overlay.outline)), class_="overlay", data_part=overlay.id
            )
        )
    if not landmarks:
        return found
    # The circles share the style of their group; the names go over them all.
    circles = drawing.g(class_="landmark")
    pair = drawing.g(id=f"{PANEL_ID}-marks")
    named = []
    for landmark, side, at, labelled in _landmarks(panel, label_side):
        if side != "left":
            (pair if side == "right" else circles).add(drawing.circle(rounded(at), LANDMARK_RADIUS))
        if labelled and names and labels:
            named.append(_landmark_label(panel, landmark, side, at))
    if pair.elements:
        circles.elements[0:0] = [pair, _mirror_image(drawing, pair)]
    marks = drawing.g(class_="landmarks")
    for element in (circles, *named):
        marks.add(element)
    found.append(marks)
    return found


PANEL_ID = "\x00"
"""Stands for the panel's id (`Panel.body_id`) in the figure's parts, which every drawing
of a view shares: each drawing puts in its own, so that ids stay unique on a page."""


def _add_paths(
    drawing: svgwrite.Drawing, group: svgwrite.container.Group, paths: dict[str, list[str]]
) -> None:
    """One path of each class, of all its subpaths (every subpath starts with `M`)."""
    for css, data in paths.items():
        if data:
            group.add(drawing.path(d="".join(data), class_=css))


def _mirror_image(
    drawing: svgwrite.Drawing, element: svgwrite.base.BaseElement
) -> svgwrite.base.BaseElement:
    """The element again, mirrored across the midline as `mirror_point` mirrors a point."""
    return drawing.use(f"#{element['id']}", transform=f"matrix(-1 0 0 1 {WIDTH:g} 0)")


def _landmarks(
    panel: Panel, label_side: Side
) -> Iterator[tuple[Landmark, Side | None, Point, bool]]:
    """Each landmark as the panel places it, on its side, and whether it is named.

    A paired landmark is on both sides of a symmetric view; one of the pair is named.
    """
    for landmark in panel.view.landmarks:
        sides: tuple[Side | None, ...] = (
            SIDES if landmark.paired and panel.view.symmetric else (None,)
        )
        for side in sides:
            at = panel.sided((landmark.at,), side if landmark.paired else None)[0]
            labelled = landmark.show_label and (side is None or side == label_side)
            yield landmark, side, at, labelled


def _landmark_label(panel: Panel, landmark: Landmark, side: Side | None, at: Point) -> Fragment:
    """A landmark's name at its offset, turned outwards on the left half."""
    dx, dy = landmark.label_offset
    if (side == "left") != panel.mirrored:
        dx = -dx
    anchor = "end" if dx < 0 else "start"
    return svg_text(landmark.label, (at[0] + dx, at[1] + dy), "landmark-label", anchor)


def _landmark_labels(panel: Panel, label_side: Side) -> Fragment:
    """The landmarks' names alone, for a panel whose figure is a shared file."""
    labels = "".join(
        _landmark_label(panel, landmark, side, at).text
        for landmark, side, at, labelled in _landmarks(panel, label_side)
        if labelled
    )
    return Fragment(markup("g", {"class": "landmarks"}, labels))


def rounded(at: Point) -> Point:
    """A point to a tenth of a unit, a whole number written without `.0` (maps stay small)."""
    return (_short(at[0]), _short(at[1]))


def _short(value: float) -> float:
    tenth = round(float(value), 1)
    return int(tenth) if tenth.is_integer() else tenth


FigurePart = Literal["lines", "plain", "body", "silhouette"]
"""The parts of a view's shared figure on the site, each a file: its lines, overlays and
landmarks; the same without the landmarks (the charts that leave them out); the body's
fill and outline, drawn first; its silhouette in white, the mask of every layer."""
FIGURE_PARTS: tuple[FigurePart, ...] = ("lines", "plain", "body", "silhouette")


def figure_file_name(view: BodyView, mirrored: bool, part: FigurePart = "lines") -> str:
    """The file name of a part of a view's shared figure on the site.

    `posterior.svg` (the lines), `lateral-mirrored.svg`, `posterior-body.svg`, ...
    """
    suffix = "" if part == "lines" else f"-{part}"
    return f"{_variant(view, mirrored)}{suffix}.svg"


def _variant(view: BodyView, mirrored: bool) -> str:
    """A view as a panel draws it, in a file name: `posterior`, `lateral-mirrored`."""
    return f"{view.id}{'-mirrored' if mirrored else ''}"


def zone_file_name(view: BodyView, mirrored: bool, key: RegionKey, zone: Zone) -> str:
    """The file of a region's shape in a zone, as a panel of this view draws it, on the site.

    Named for the drawing, which is the same for every key that draws alike: a symmetric
    view draws a paired region's right side and a midline region as the view writes
    them (`zones/posterior-sacrum-essential.svg`, `zones/posterior-buttock_lower-...`),
    and a left side as their mirror image (`zones/posterior-buttock_lower-left-...`); a
    one-sided view shows one side, drawn as its figure is (`zones/lateral-mirrored-...`).
    """
    left = "-left" if view.symmetric and key.side == "left" else ""
    return f"zones/{_variant(view, mirrored)}-{key.region}{left}-{zone}.svg"


def figure_files(views: Sequence[BodyView]) -> dict[str, str]:
    """Every shared figure the site's drawings may point at, by file name.

    Each part (`FigurePart`) of each view, mirrored and not, in the panel's frame,
    with its own style sheet (a page's styles do not reach into an image). The
    landmarks' names are not in them: a drawing writes those itself. Then each
    region's shape in each zone, placed as every panel may draw it (`zone_file_name`),
    under `zones/`.
    """
    found: dict[str, str] = {}
    for view in views:
        for side in SIDES:
            panel = Panel(view, side, 0.0, 0.0, "")
            for part in FIGURE_PARTS:
                name = figure_file_name(view, panel.mirrored, part)
                if name in found:
                    continue
                drawing = _frame_drawing()
                drawing.styled = part != "silhouette"
                if part in ("lines", "plain"):
                    for element in _details(drawing, panel, side, part == "lines", labels=False):
                        drawing.add(element)
                else:
                    outline = path_data(panel.shape(body_outline(view)))
                    style = {"class_": "body"} if part == "body" else {"fill": "#fff"}
                    drawing.add(drawing.path(d=outline, **style))
                found[name] = finished(drawing).replace(PANEL_ID, panel.body_id)
            found.update(_zone_files(panel))
    return dict(sorted(found.items()))


def _frame_drawing() -> SvgDocument:
    """An empty file of the panel's whole frame (`SITE_FRAME`), which an image shows over it."""
    width = WIDTH + 2 * MARGIN
    return SvgDocument(
        size=(f"{width:g}", f"{HEIGHT:g}"),
        viewBox=f"{-MARGIN:g} 0 {width:g} {HEIGHT:g}",
        debug=False,
    )


def _zone_files(panel: Panel) -> dict[str, str]:
    """Every region of the panel's view in both zones, on each side the panel draws apart.

    Styled inside the file as map.css and the stipple style a zone drawn in the page:
    the page's own styles and patterns do not reach into an image. The page masks the
    zones with the body's silhouette, so they are not clipped here.
    """
    sides: tuple[Side, ...] = SIDES if panel.view.symmetric else (panel.side,)
    files = {}
    for region_id in sorted(panel.view.regions):
        for side in sides:
            key = RegionKey(region_id, side)
            d = region_path(panel, key)
            assert d is not None, "a view draws each of its regions on each side it shows"
            for zone in ZONES:
                name = zone_file_name(panel.view, panel.mirrored, key, zone)
                files[name] = _zone_file(zone).replace(_ZONE_PATH, d)
    return files


_ZONE_PATH = "ZONE-PATH"
"""Stands for a zone file's path data in `_zone_file`: path data is letters, digits,
spaces, dots and minus signs only, which nothing escapes."""


@lru_cache(maxsize=len(ZONES))
def _zone_file(zone: Zone) -> str:
    """A zone file whose path data is `_ZONE_PATH`: the same for every region, drawn once."""
    drawing = _frame_drawing()
    drawing.styled = True
    path = {"class": f"zone {zone}", "d": _ZONE_PATH}
    if zone == "spillover":
        drawing.defs.add(Fragment(_stipple_markup("")))
        path |= {"fill": "url(#stipple)", "stroke": "url(#stipple)"}
    drawing.add(Fragment(markup("path", path)))
    return finished(drawing)


def side_labels(drawing: svgwrite.Drawing, panel: Panel, group: svgwrite.container.Group) -> None:
    """Write the patient's left and right over each half, so the side cannot be misread."""
    if panel.view.symmetric:
        for side in SIDES:
            on_right = viewer_side(panel.view, side) == "right"
            x = WIDTH - SIDE_LABEL_INSET if on_right else SIDE_LABEL_INSET
            label = f"Patient's {side}"
            group.add(
                svg_text(
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
        group.add(svg_text(label, (WIDTH / 2, top), "side-label", "middle"))


def view_label(drawing: svgwrite.Drawing, panel: Panel) -> None:
    """The view's name just under the figure, outside its window: never over the feet."""
    height = panel.window[1] - panel.window[0]
    at = (panel.left + WIDTH / 2, panel.top + height + VIEW_LABEL_DROP)
    drawing.add(svg_text(panel.view.label, at, "view-label", "middle"))


def heading(drawing: svgwrite.Drawing, title: str, subtitle: str, width: float) -> float:
    """Write the title (wrapped onto more lines when long, never shrunk) and the subtitle.

    Returns how much taller than `HEADER` the heading came out: the caller moves the
    figure down by that much.
    """
    lines = textwrap.wrap(title, _title_characters(width)) or [""]
    for index, line in enumerate(lines):
        at = (width / 2, TITLE_Y + index * TITLE_LINE)
        drawing.add(svg_text(line, at, "title", "middle"))
    extra = (len(lines) - 1) * TITLE_LINE
    drawing.add(svg_text(subtitle, (width / 2, SUBTITLE_Y + extra), "subtitle", "middle"))
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
