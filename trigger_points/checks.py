"""The rules that span files, each problem placed where the author must fix it.

References: every region, condition and source a file cites must exist.
Codes: every drawn region is filed under CHOIR and Michigan codes of its own side.
Geometry: the figure's regions lie inside the body and do not overlap beyond
a small tolerance; a muscle's outline lies inside the body; a trigger point
lies inside its muscle's outline in every view it is drawn in.

Measuring how much each pair of regions overlaps is the costly part of a load.
Each view's measures are kept in the parse cache's folder (`cache.py`), keyed
on the SHA-256 of its placed shapes and of the code that measures them, so a
run over unchanged shapes reads the same numbers instead of measuring again.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any, Generic, TypeVar

from trigger_points.cache import read_entry, write_entry
from trigger_points.crosswalk import CHOIR_AREAS, MICHIGAN_AREAS, Area
from trigger_points.entries import Catalogue, Entry
from trigger_points.errors import Problem, did_you_mean, some_of
from trigger_points.geometry import (
    MIDLINE,
    Outline,
    Shape,
    Strips,
    body_outline,
    bounds,
    centroid,
    contains,
    landmark_points,
    placed_shapes,
    resolve,
    viewer_half,
    viewer_side,
)
from trigger_points.model import (
    MAX_ID_LENGTH,
    SLUG_PATTERN,
    ZONES,
    BodyView,
    Condition,
    FieldPath,
    GuidanceSection,
    Muscle,
    NerveRoot,
    Point,
    Position,
    Region,
    RegionGroup,
    RegionKey,
    Source,
    ZoneEntry,
)
from trigger_points.referral import entry_keys
from trigger_points.resources import bundled_path

__all__ = [
    "EDGE_TOLERANCE",
    "OVERLAP_TOLERANCE",
    "REQUIRED_GUIDANCE",
    "check_codes",
    "check_former_ids",
    "check_geometry",
    "check_nerve_roots",
    "check_references",
    "check_required_guidance",
    "check_unvalidated",
    "follow_former_ids",
    "former_ids",
]

EDGE_TOLERANCE = 6.0
"""How far a shape may reach past the body's outline: the renderer clips it to the outline."""

OVERLAP_TOLERANCE = 0.05
"""The share of the smaller of two regions that the two may have in common."""

OVERLAP_STEP = 1.0
"""The height, in units, of the strips in which shared area is measured."""

MOST_REGIONS = 200
"""The most regions one view may draw (the bundled views draw under 30): every pair of them
is compared for overlap."""

MOST_OVERLAPS = 20
"""Overlaps reported per view before the check stops: past that, the view needs redrawing,
and measuring every pair of a hostile file's hundreds of regions would take minutes."""

REQUIRED_GUIDANCE: dict[str, tuple[str, ...]] = {
    "red_flags": (),
    "contraindications": (),
    "trigger_points": ("zones",),
    "in_plain_words": ("referred_pain",),
    "needling_scope": ("specialist_only",),
}
"""The guidance sections (and statement ids) that sheets and handouts print: required."""


def check_references(
    sources: Catalogue[Source],
    conditions: Catalogue[Condition],
    regions: Catalogue[Region],
    region_groups: Catalogue[RegionGroup],
    muscles: Catalogue[Muscle],
    guidance: Catalogue[GuidanceSection],
) -> Iterator[Problem]:
    """Every id a file cites must name something the library holds."""
    for section in guidance.entries.values():
        for path, citation in section.item.citations():
            yield from sources.check_reference(citation.source, section, path)
    for condition in conditions.entries.values():
        for index, citation in enumerate(condition.item.sources):
            cited_at: FieldPath = ("sources", index, "source")
            yield from sources.check_reference(citation.source, condition, cited_at)
    for region in regions.entries.values():
        yield from region_groups.check_reference(region.item.group, region, ("group",))
        yield from _check_parts(region, regions)
    for muscle in muscles.entries.values():
        for path, citation in muscle.item.citations():
            yield from sources.check_reference(citation.source, muscle, path)
        yield from _check_zones(muscle, regions)
        for field in ("conditions", "mimics"):
            for index, condition_id in enumerate(getattr(muscle.item, field)):
                yield from conditions.check_reference(condition_id, muscle, (field, index))


def _reaches(regions: Catalogue[Region], start: str, target: str) -> bool:
    """Whether following parts from `start` leads to `target` (a composite made of itself)."""
    seen: set[str] = set()
    waiting = [start]
    while waiting:
        current = waiting.pop()
        if current == target:
            return True
        entry = regions.entries.get(current)
        if current in seen or entry is None:
            continue
        seen.add(current)
        waiting.extend(entry.item.parts)
    return False


def _check_parts(region: Entry[Region], regions: Catalogue[Region]) -> Iterator[Problem]:
    """A composite's parts exist, share its laterality and never lead back to it."""
    item = region.item
    for index, part_id in enumerate(item.parts):
        path: FieldPath = ("parts", index)
        part = regions.entries.get(part_id)
        if part is None:
            yield from regions.check_reference(part_id, region, path)
        elif _reaches(regions, part_id, item.id):
            yield region.problem(path, f"region {item.id} is made of itself through {part_id}")
        elif part.item.laterality != item.laterality:
            yield region.problem(
                path,
                f"part {part_id} is {part.item.laterality} but {item.id} is "
                f"{item.laterality}: a composite and its parts take sides alike",
            )
    if len(set(item.parts)) != len(item.parts):
        yield region.problem(("parts",), f"region {item.id} lists a part twice")


def _check_zones(muscle: Entry[Muscle], regions: Catalogue[Region]) -> Iterator[Problem]:
    """Each zone entry names a region, takes a side only where it can, and adds something.

    An entry adds nothing when the entries before it in its zone (and, for spillover,
    the essential zone) already cover every drawn region it stands for: `calf_upper`
    after `calf`, say. Such an entry is a slip the map would hide.
    """
    known = {region_id: entry.item for region_id, entry in regions.entries.items()}
    for index, point in enumerate(muscle.item.trigger_points):
        covered: set[RegionKey] = set()
        for zone in ZONES:
            for position, entry in enumerate(point.entries(zone)):
                path: FieldPath = ("trigger_points", index, zone, position)
                region = known.get(entry.region)
                if region is None:
                    yield from regions.check_reference(entry.region, muscle, path)
                    continue
                written = ZoneEntry.parse(point.zone(zone)[position])
                if written.both and region.laterality == "midline":
                    yield muscle.problem(
                        path,
                        f"{entry.region} is on the midline: it is felt whatever the side, "
                        f"so write {entry.region}, not {written}",
                    )
                    continue
                keys = set(entry_keys(known, entry, "right"))
                if keys <= covered:
                    earlier = (
                        "the essential zone and the entries"
                        if zone == "spillover"
                        else ("the entries")
                    )
                    yield muscle.problem(
                        path, f"{written} adds nothing: {earlier} before it already cover it"
                    )
                covered |= keys


def _check_urgencies(red_flags: Entry[GuidanceSection]) -> Iterator[Problem]:
    """Every red flag says how soon it needs a doctor, and some need one now.

    Pages group the flags by urgency, so that an emergency is never listed beside
    "if it is not settling"; a flag without one would fall out of every group.
    """
    for index, statement in enumerate(red_flags.item.statements):
        if statement.urgency is None:
            message = (
                "a red flag needs an urgency (emergency, soon or review): pages group "
                "the flags by how soon they need a doctor"
            )
            yield red_flags.problem(("statements", index), message)
    if not any(s.urgency == "emergency" for s in red_flags.item.statements):
        message = "the red flags need at least one emergency sign (cauda equina, at the least)"
        yield red_flags.problem(("statements",), message)


def check_required_guidance(guidance: Catalogue[GuidanceSection]) -> Iterator[Problem]:
    """The sections and statements the pages print must be there, or a page would fail."""
    for section_id, statement_ids in REQUIRED_GUIDANCE.items():
        entry = guidance.entries.get(section_id)
        if entry is None:
            known = ", ".join(sorted(guidance.entries)) or "none"
            message = (
                f"the guidance section {section_id!r} is required: sheets and handouts print "
                f"it (sections given: {known})"
            )
            yield Problem("<guidance>", 1, 1, "sections", message)
            continue
        if section_id == "red_flags":
            yield from _check_urgencies(entry)
        written = {statement.id for statement in entry.item.statements}
        for statement_id in statement_ids:
            if statement_id not in written:
                message = (
                    f"the section {section_id} needs a statement with id {statement_id!r}: "
                    "sheets and handouts print it"
                )
                yield entry.problem(("statements",), message)


CODE_FIELDS: dict[str, tuple[str, Mapping[Any, Area[Any]]]] = {
    "choir": ("CHOIR", CHOIR_AREAS),
    "michigan": ("Michigan", MICHIGAN_AREAS),
}
"""A region's code fields: the map's name, and its areas by code."""


def check_codes(regions: Catalogue[Region], views: Catalogue[BodyView]) -> Iterator[Problem]:
    """Every drawn region has codes of both maps, for its own side; a composite has none.

    A paired region is written for the patient's right side, so a left-side code is a
    slip; a midline region lies across both sides, so it names each sided area with its
    mirror. A composite's codes are its parts': codes of its own could disagree with them.
    """
    drawn = {region_id for view in views.entries.values() for region_id in view.item.regions}
    for region in regions.entries.values():
        item = region.item
        for field, (name, areas) in CODE_FIELDS.items():
            written: tuple[str | int, ...] = getattr(item, field)
            if item.composite:
                if written:
                    parts = ", ".join(item.parts)
                    message = (
                        f"{item.id} is made of parts ({parts}): its {name} codes are theirs, "
                        "so write the codes on the parts"
                    )
                    yield region.problem((field,), message)
                continue
            if not written and item.id in drawn:
                message = (
                    f"region {item.id} has no {name} code: give the codes of the areas it "
                    f"lies in, so that drawings can be filed by them ({field}: [...])"
                )
                yield region.problem(("id",), message)
            for index in range(len(written)):
                problem = _misplaced_code(item, index, written, areas, name)
                if problem:
                    yield region.problem((field, index), problem)


def _misplaced_code(
    region: Region,
    index: int,
    written: tuple[str | int, ...],
    areas: Mapping[Any, Area[Any]],
    name: str,
) -> str | None:
    """What is wrong with a region's code at `index` among those written; or None."""
    code = written[index]
    area = areas[code]
    if code in written[:index]:
        return f"{code} is listed twice"
    shown = f"{code} ({area.label}, {area.side})"
    if region.laterality == "paired" and area.side == "left":
        return (
            f"{shown} is on the patient's left: write a paired region's {name} codes for "
            f"its right side ({area.mirror}), as its shapes are"
        )
    if region.laterality == "midline" and area.side is not None and area.mirror not in written:
        return (
            f"{region.id} is on the midline: it lies on both sides of the area, so list "
            f"{area.mirror} beside {shown}"
        )
    return None


def _outside(shape: Shape, outline: Outline) -> tuple[int, Point] | None:
    for index, point in enumerate(shape):
        if not outline.within(point, EDGE_TOLERANCE):
            return index, point
    return None


Outside = tuple[int, Point] | None
"""The first point of a shape beyond the body's outline and its index, or None: it fits."""
Question = TypeVar("Question")
Answer = TypeVar("Answer")


class _Remembered(Generic[Question, Answer]):
    """Answers kept in the cache folder under `key`, beside the code that finds them.

    What a run found that the table lacked is added to it (`keep`), so the next run
    over the same shapes reads its answers instead of measuring them again.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.known = self._read()
        self.measured: dict[Question, Answer] = {}

    def _read(self) -> dict[Question, Answer]:
        payload = read_entry(_measures_version(), self.key)
        try:
            table = marshal.loads(payload) if payload is not None else {}
        except (EOFError, ValueError, TypeError):
            return {}
        return table if isinstance(table, dict) and self.well_formed(table) else {}

    def well_formed(self, table: dict[Any, Any]) -> bool:
        """Whether a table read is whole and of the right form (by default: checked on use)."""
        return True

    def keep(self) -> None:
        if self.measured:
            table = {**self.known, **self.measured}
            write_entry(_measures_version(), self.key, marshal.dumps(table))


class _Fits(_Remembered[Shape, Outside]):
    """Which shapes fit inside one view's body outline: remembered, then measured.

    Every region and landmark of a view, and every muscle's outline in it, is asked
    whether it lies inside; the answers are kept beside the overlaps (`_Measures`),
    keyed on the outline's points, so unchanged shapes are not measured again, and a
    library of many muscles drawn alike measures each shape once. Each answer read
    is checked when it is used.
    """

    def __init__(self, polygon: Shape) -> None:
        self.polygon = polygon
        super().__init__("fits-" + hashlib.sha256(marshal.dumps(polygon)).hexdigest())

    @functools.cached_property
    def outline(self) -> Outline:
        """The outline, indexed for questions: made only when a shape must be measured."""
        return Outline(self.polygon)

    def outside(self, shape: Shape) -> Outside:
        if shape in self.known:
            answer = self.known[shape]
            if answer is None or _is_outside(answer):
                return answer
        if shape not in self.measured:
            self.measured[shape] = _outside(shape, self.outline)
        return self.measured[shape]


def _is_point(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(number, float) for number in value)
    )


def _is_outside(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and _is_point(value[1])
    )


def _written_on_wrong_side(view: BodyView, region: Region, shape: Shape) -> str | None:
    if not view.symmetric:
        return None  # one side seen whole: the midline is the body's front or back edge
    if region.laterality == "midline":
        low, _, high, _ = bounds(shape)
        straddles = low <= MIDLINE <= high
        return None if straddles else f"a midline region must straddle x = {MIDLINE:g}"
    expected = viewer_side(view, "right")
    if viewer_half(centroid(shape)[0]) != expected:
        relation = ">" if expected == "right" else "<"
        return (
            f"write paired regions for the right side: x {relation} {MIDLINE:g} "
            f"in the {view.id} view"
        )
    return None


def _defined_elsewhere(region: Entry[Region], view: Entry[BodyView]) -> str:
    """Where a user's folder redefined a region that one of our views then fails on.

    The problem is placed in our view, a file the user cannot edit; the cause is a
    line of theirs, so it is named too.
    """
    ours = bundled_path("data").resolve()
    in_our_view = Path(view.document.file).resolve().is_relative_to(ours)
    if not in_our_view or Path(region.document.file).resolve().is_relative_to(ours):
        return ""
    line, column = region.document.locate((*region.path, "laterality"))
    return f" (region {region.item.id} is made {region.item.laterality} at " + (
        f"{region.document.file}:{line}:{column})"
    )


@lru_cache(maxsize=1024)
def _strips(shape: Shape) -> Strips:
    return Strips(shape, OVERLAP_STEP)


@lru_cache(maxsize=16384)
def _overlap(first: Shape, second: Shape) -> tuple[float, float]:
    """The area two shapes share, and the smaller one's area.

    Remembered: every load of a user's folder checks our views again, and their shapes
    do not change.
    """
    one, other = _strips(first), _strips(second)
    return one.shared(other), min(one.area, other.area)


@functools.cache
def _measures_version() -> str:
    """The cache sub-folder of overlap measures, named for the code that takes them."""
    try:
        here = Path(__file__)
        code = here.read_bytes() + here.with_name("geometry.py").read_bytes()
    except OSError:  # pragma: no cover - installed without its source
        code = b"no source"
    return f"overlaps/{hashlib.sha256(code + sys.version.encode()).hexdigest()[:16]}"


class _Measures(_Remembered[tuple[int, int], tuple[float, float]]):
    """The overlaps of one view's placed shapes by pair of indices: remembered, then measured.

    A cached table is used only whole and well formed; a pair it lacks (a view that
    stopped at MOST_OVERLAPS last time) is measured. Floats keep every bit in marshal.
    """

    def __init__(self, shapes: Sequence[tuple[str, Shape]]) -> None:
        super().__init__(hashlib.sha256(marshal.dumps(list(shapes))).hexdigest())

    def well_formed(self, table: dict[Any, Any]) -> bool:
        return all(
            isinstance(pair, tuple)
            and isinstance(measure, tuple)
            and len(measure) == 2
            and all(isinstance(value, float) for value in measure)
            for pair, measure in table.items()
        )

    def overlap(self, pair: tuple[int, int], first: Shape, second: Shape) -> tuple[float, float]:
        known = self.known.get(pair)
        if known is not None:
            return known
        self.measured[pair] = _overlap(first, second)
        return self.measured[pair]


def _check_view(
    view: Entry[BodyView], fits: _Fits, regions: Catalogue[Region]
) -> Iterator[Problem]:
    body = view.item
    for index, landmark in enumerate(body.landmarks):
        if fits.outside((landmark.at,)):
            yield view.problem(
                ("landmarks", index, "at"), f"landmark {landmark.id} lies outside the body"
            )
    for region_id, shape in body.regions.items():
        path = ("regions", region_id)
        if region_id not in regions.entries:
            yield view.problem(
                path, f"unknown region {region_id!r}{did_you_mean(region_id, regions.entries)}"
            )
            continue
        outside = fits.outside(shape)
        if outside:
            index, (x, y) = outside
            yield view.problem(
                (*path, index), f"region {region_id} reaches outside the body at ({x:g}, {y:g})"
            )
        region = regions.entries[region_id]
        if region.item.composite:
            parts = ", ".join(region.item.parts)
            message = (
                f"region {region_id} is made of parts ({parts}): draw the parts, "
                "and the composite is their union"
            )
            yield view.problem(path, message)
            continue
        wrong_side = _written_on_wrong_side(body, region.item, shape)
        if wrong_side:
            yield view.problem(path, wrong_side + _defined_elsewhere(region, view))
    if len(body.regions) > MOST_REGIONS:
        message = f"{len(body.regions)} regions: a view draws at most {MOST_REGIONS}"
        yield view.problem(("regions",), message)
        return
    paired = {
        region_id: entry.item.laterality == "paired"
        for region_id, entry in regions.entries.items()
        if not entry.item.composite
    }
    shapes = placed_shapes(body, paired)
    measures = _Measures(shapes)
    placed = [(index, key, shape, bounds(shape)) for index, (key, shape) in enumerate(shapes)]
    overlaps = 0
    for (i, first_id, first, a), (j, second_id, second, b) in combinations(placed, 2):
        if a[0] >= b[2] or b[0] >= a[2] or a[1] >= b[3] or b[1] >= a[3]:
            continue  # boxes apart: nothing shared
        shared, smaller = measures.overlap((i, j), first, second)
        if shared > OVERLAP_TOLERANCE * smaller:
            share = round(100 * shared / smaller)
            where: FieldPath = ("regions", RegionKey.parse(second_id).region)
            first_at: FieldPath = ("regions", RegionKey.parse(first_id).region)
            if view.is_written_apart(first_at) and not view.is_written_apart(where):
                where = first_at  # in the user's file that added it, not in ours
            yield view.problem(
                where, f"region {second_id} overlaps {first_id} by {share}% of the smaller"
            )
            overlaps += 1
            if overlaps == MOST_OVERLAPS:
                measures.keep()
                message = f"{MOST_OVERLAPS} overlapping regions: the rest were not measured"
                yield view.problem(("regions",), message)
                return
    measures.keep()


def _check_muscle_figure(
    muscle: Entry[Muscle], views: Catalogue[BodyView], fits: Mapping[str, _Fits]
) -> Iterator[Problem]:
    item = muscle.item
    for view_id, shape in item.outlines.items():
        view = views.entries.get(view_id)
        if view is None:
            yield muscle.problem(("outlines", view_id), f"there is no {view_id} view of the body")
            continue
        outside = fits[view_id].outside(shape)
        if outside:
            index, (x, y) = outside
            where = ("outlines", view_id, index)
            yield muscle.problem(where, f"the outline reaches outside the body at ({x:g}, {y:g})")
    for index, point in enumerate(item.trigger_points):
        for view_id, position in point.positions.items():
            path: FieldPath = ("trigger_points", index, "positions", view_id)
            view = views.entries.get(view_id)
            if view is None:
                yield muscle.problem(path, f"there is no {view_id} view of the body")
                continue
            unknown = _unknown_landmark(position, view.item)
            if unknown:
                yield muscle.problem(path, unknown)
                continue
            landmarks = landmark_points(view.item)
            outline = item.outlines.get(view_id)
            if outline is None:
                yield muscle.problem(
                    path, f"{item.id} has no outline in the {view_id} view to place this in"
                )
                continue
            x, y = resolve(position, landmarks)
            if not contains(outline, (x, y)):
                yield muscle.problem(
                    path,
                    f"trigger point {point.id} at ({x:g}, {y:g}) lies outside the outline of "
                    f"{item.id} in the {view_id} view",
                )


LANDMARKS_SHOWN = 6
"""Landmarks an unknown-landmark problem names when nothing written is close."""


def _unknown_landmark(position: Position, view: BodyView) -> str | None:
    """The problem with a position naming a landmark the view does not have, if it does."""
    landmarks = landmark_points(view)
    named = [position.at] if position.at else list(position.between or ())
    unknown = [name for name in named if name not in landmarks]
    if not unknown:
        return None
    # A view has dozens of landmarks: a few name the kind, and the line stays one line.
    hint = did_you_mean(unknown[0], landmarks) or (
        f"; its landmarks include {some_of(sorted(landmarks), LANDMARKS_SHOWN)}"
    )
    return f"unknown landmark {unknown[0]!r} in the {view.id} view{hint}"


def check_nerve_roots(
    roots: Catalogue[NerveRoot],
    regions: Catalogue[Region],
    sources: Catalogue[Source],
    views: Catalogue[BodyView],
) -> Iterator[Problem]:
    """A root's dermatome names regions, its citations sources, its key point landmarks."""
    for root in roots.entries.values():
        item = root.item
        for index, citation in enumerate(item.sources):
            yield from sources.check_reference(citation.source, root, ("sources", index, "source"))
        for field in ("dermatome", "alert_regions"):
            for index, text in enumerate(getattr(item, field)):
                entry = ZoneEntry.parse(text)
                yield from regions.check_reference(entry.region, root, (field, index))
                if entry.both:
                    message = f"a root is one-sided: write {entry.region}, not {text}"
                    yield root.problem((field, index), message)
        for view_id, position in item.key_point_positions.items():
            path: FieldPath = ("key_point_positions", view_id)
            view = views.entries.get(view_id)
            if view is None:
                yield root.problem(path, f"there is no {view_id} view of the body")
                continue
            unknown = _unknown_landmark(position, view.item)
            if unknown:
                yield root.problem(path, unknown)


def check_geometry(
    views: Catalogue[BodyView], regions: Catalogue[Region], muscles: Catalogue[Muscle]
) -> Iterator[Problem]:
    """The figure's shapes fit the body, regions tile without overlapping, points lie in muscles."""
    drawn = {region_id for view in views.entries.values() for region_id in view.item.regions}
    for region in regions.entries.values():
        if region.item.id not in drawn and not region.item.composite:
            message = (
                f"region {region.item.id} has no shape in any body view, so no map can show it"
            )
            yield region.problem(("id",), message)
    fits = {key: _Fits(body_outline(view.item)) for key, view in views.entries.items()}
    for key, view in views.entries.items():
        yield from _check_view(view, fits[key], regions)
    for muscle in muscles.entries.values():
        yield from _check_muscle_figure(muscle, views, fits)
    for answers in fits.values():
        answers.keep()


ANY = "*"
"""In a reference's path: every item of a list, or every value of a mapping."""
KEY = "<key>"
"""At the end of a reference's path: every key of a mapping is the reference."""

_CITED: tuple[tuple[str, ...], ...] = (
    ("sources", ANY, "source"),
    ("trigger_points", ANY, "sources", ANY, "source"),
    ("needling", "sources", ANY, "source"),
    ("self_care", ANY, "sources", ANY, "source"),
    ("patient_warning_signs", ANY, "sources", ANY, "source"),
)

_SOURCES = (ANY, "source")

REFERENCES_WRITTEN: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "muscles": (
        *((path, "sources") for path in _CITED),
        (("trigger_points", ANY, "essential", ANY), "regions"),
        (("trigger_points", ANY, "spillover", ANY), "regions"),
        (("conditions", ANY), "conditions"),
        (("mimics", ANY), "conditions"),
    ),
    "views": ((("regions", KEY), "regions"),),
    "conditions": ((("sources", *_SOURCES), "sources"),),
    "regions": ((("parts", ANY), "regions"),),
    "guidance": (
        (("intro_sources", *_SOURCES), "sources"),
        (("statements", ANY, "sources", *_SOURCES), "sources"),
    ),
    "nerve_roots": (
        (("sources", *_SOURCES), "sources"),
        (("dermatome", ANY), "regions"),
        (("alert_regions", ANY), "regions"),
    ),
}
"""Where each kind of item names other items: each path in the item, and the kind of item
named there (by plural). Read from a file that failed its model, so that its references
are checked in the same run as its other mistakes, and to follow renamed ids."""

RENAMED_KINDS = ("sources", "conditions", "regions", "muscles")
"""The kinds of item whose items may list `former_ids` (trigger points too, in muscles)."""


def check_unvalidated(
    plural: str, file: Entry[None], catalogues: Mapping[str, Catalogue[Any]]
) -> Iterator[Problem]:
    """The references of a file that failed its model, checked as far as they can be read.

    `file` is the whole file, with no item; `plural` the kind of item it holds. Only
    text where a reference is written is looked at (a zone entry's region before its
    `:both`); whatever else is wrong with the file its own problems say.
    """
    for pattern, target in REFERENCES_WRITTEN.get(plural, ()):
        for path, value in _written_at(file.document.content, pattern, ()):
            if isinstance(value, str):
                key = value.partition(":")[0]
                # Text that is no id at all (too long, other characters) is refused by the
                # file's own model, placed there; said again here it would only be longer.
                if len(key) <= MAX_ID_LENGTH and re.fullmatch(SLUG_PATTERN, key):
                    yield from catalogues[target].check_reference(key, file, path)


def former_ids(catalogue: Catalogue[Any]) -> dict[str, str]:
    """Each former id of the catalogue's items, and the id it now has."""
    return {
        old: key
        for key, entry in catalogue.entries.items()
        for old in getattr(entry.item, "former_ids", ())
    }


def check_former_ids(catalogues: Mapping[str, Catalogue[Any]]) -> Iterator[Problem]:
    """A former id names nothing alive, and one item at most: otherwise it is ambiguous."""
    for plural in RENAMED_KINDS:
        catalogue = catalogues[plural]
        claimed: dict[str, str] = {}
        for key, entry in catalogue.entries.items():
            for index, old in enumerate(getattr(entry.item, "former_ids", ())):
                yield from _former_id_trouble(
                    catalogue.kind, entry, ("former_ids", index), old, catalogue.entries, claimed
                )
                claimed.setdefault(old, key)
        if plural == "muscles":
            yield from _check_former_point_ids(catalogue)


def _check_former_point_ids(muscles: Catalogue[Muscle]) -> Iterator[Problem]:
    live = {point.id for entry in muscles.entries.values() for point in entry.item.trigger_points}
    claimed: dict[str, str] = {}
    for entry in muscles.entries.values():
        for number, point in enumerate(entry.item.trigger_points):
            for index, old in enumerate(point.former_ids):
                path: FieldPath = ("trigger_points", number, "former_ids", index)
                yield from _former_id_trouble("trigger point", entry, path, old, live, claimed)
                claimed.setdefault(old, point.id)


def _former_id_trouble(
    kind: str,
    entry: Entry[Any],
    path: FieldPath,
    old: str,
    live: Iterable[str],
    claimed: Mapping[str, str],
) -> Iterator[Problem]:
    if old in live:
        yield entry.problem(
            path, f"{old!r} is the id of a {kind} there is: a former id must name none"
        )
    elif old in claimed:
        yield entry.problem(path, f"{old!r} is already a former id of {kind} {claimed[old]}")


def follow_former_ids(catalogues: dict[str, Catalogue[Any]]) -> Iterator[Problem]:
    """Rewrite every reference to a former id to the id it now has; say where each was.

    What is yielded are warnings, not problems: the data loads, reading as if the new
    id had been written. A catalogue with a rewritten entry is replaced in `catalogues`
    by a new one (another library may share the old). Costs nothing while no item has
    former ids.
    """
    renamed = {plural: former_ids(catalogues[plural]) for plural in RENAMED_KINDS}
    if not any(renamed.values()):
        return
    for plural, patterns in REFERENCES_WRITTEN.items():
        shared = catalogue = catalogues[plural]
        for key, entry in list(catalogue.entries.items()):
            data = entry.item.model_dump(mode="json")
            changed = False
            for pattern, target in patterns:
                table = renamed.get(target, {})
                for path, value in list(_written_at(data, pattern, ())) if table else ():
                    old, colon, side = str(value).partition(":")
                    if old not in table:
                        continue
                    new = table[old]
                    what = catalogues[target].kind
                    yield entry.problem(
                        path,
                        f"{what} {old!r} is now {new!r}: write {new!r} (the former id is "
                        "read as the new one until it is removed; see docs/ids.md)",
                    )
                    _rewrite(data, path, new + colon + side, key_of_mapping=pattern[-1] == KEY)
                    changed = True
            if changed:
                item = type(entry.item).model_validate(data)
                if catalogue is shared:
                    catalogue = Catalogue(shared.kind, dict(shared.entries))
                    catalogues[plural] = catalogue
                catalogue.entries[key] = Entry(
                    item, entry.document, entry.path, entry.written_apart
                )


def _rewrite(data: Any, path: FieldPath, new: str, *, key_of_mapping: bool) -> None:
    """Put `new` at `path` in plain data; with `key_of_mapping`, rename the key there."""
    *parents, last = path
    container = data
    for part in parents:
        container = container[part]
    if key_of_mapping:
        renamed = {(new if key == last else key): value for key, value in container.items()}
        container.clear()
        container.update(renamed)
    else:
        container[last] = new


def _written_at(
    value: Any, pattern: tuple[str, ...], path: FieldPath
) -> Iterator[tuple[FieldPath, Any]]:
    """Each value (or mapping key, for KEY) at a path matching `pattern`, with its path."""
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == KEY and isinstance(value, dict):
        for key in value:
            yield (*path, key), key
    elif head == ANY and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _written_at(item, rest, (*path, index))
    elif head == ANY and isinstance(value, dict):
        for key, item in value.items():
            yield from _written_at(item, rest, (*path, key))
    elif isinstance(value, dict) and head in value:
        yield from _written_at(value[head], rest, (*path, head))
