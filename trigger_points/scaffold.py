"""`trigger-points new`: a complete, valid, commented skeleton of a muscle, region or condition.

A skeleton is a starting file an author fills in, not an excerpt: every required
field is there, every optional one is a commented line saying what it is for,
and the file validates as written, so the author's first `validate` shows only
their own mistakes. What must be written is obvious: text fields hold
SKELETON_MARK ("FILL IN: ..."), and `unfilled` finds every value still holding
it, which `validate` reports as warnings, placed, until none is left.

Ids that must name something real (a source, a region, a group) are given real
ones from the library, with a comment saying what to put there. Each file starts
with the modeline that finds its schema in the user's folder (`../schema/`), and
the schemas are written there when absent.

A new region also needs a shape: it is added to the user's `body/<view>.yaml`
as a view addition (`ViewAdditions`, our view is not copied), a small square at a
spot of the view no region covers yet, for the author to redraw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from trigger_points.datafiles import SKELETON_MARK
from trigger_points.errors import Problem, UnknownIdError
from trigger_points.files import write_text_file
from trigger_points.geometry import (
    Outline,
    Strips,
    body_outline,
    bounds,
    centroid,
    placed_shapes,
    viewer_side,
)
from trigger_points.library import Library, load_library
from trigger_points.loader import Document
from trigger_points.model import MAX_ID_LENGTH, SLUG_PATTERN, BodyView, Point, Region, ViewName

__all__ = [
    "NEW_KINDS",
    "SKELETON_MARK",
    "NewKind",
    "free_square",
    "new_condition",
    "new_muscle",
    "new_region",
    "unfilled",
]

NewKind = Literal["muscle", "region", "condition"]
NEW_KINDS: tuple[NewKind, ...] = ("muscle", "region", "condition")


SQUARE = 16.0
"""The side of a new region's placeholder square, in view units: big enough to click."""


def unfilled(document: Document) -> Iterator[Problem]:
    """A problem for every text of the document still holding a skeleton's SKELETON_MARK."""
    yield from _unfilled(document, document.content, ())


def _unfilled(document: Document, value: Any, path: tuple[str | int, ...]) -> Iterator[Problem]:
    if isinstance(value, str) and value.startswith(SKELETON_MARK):
        yield document.problem(path, "still holds the skeleton's text: write your own")
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _unfilled(document, inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _unfilled(document, inner, (*path, index))


def _checked_id(kind: str, new_id: str, yours: Iterable[str], *, force: bool) -> None:
    """Refuse an id that is not a slug, that your folder has, or that ours has unless `force`.

    `yours` are the ids of this kind in the library with the user's folder over ours.
    """
    if not re.fullmatch(SLUG_PATTERN, new_id) or len(new_id) > MAX_ID_LENGTH:
        raise ValueError(
            f"{new_id!r} is not a valid {kind} id: lower-case letters, digits and underscores, "
            f"starting with a letter, at most {MAX_ID_LENGTH} characters (such as adductor_longus)"
        )
    ours = {item.id for item in getattr(load_library(), PLURALS[kind])}
    if new_id in ours and not force:
        raise FileExistsError(
            f"the bundled data has a {kind} {new_id!r}: choose another id, or give --force "
            "to write one of yours that replaces ours"
        )
    if new_id in set(yours) - ours:
        raise FileExistsError(f"your folder already has a {kind} {new_id!r}: nothing written")


PLURALS = {"muscle": "muscles", "region": "regions", "condition": "conditions"}


def _refuse_existing(paths: list[Path], *, force: bool) -> None:
    existing = [path for path in paths if path.exists()]
    if existing and not force:
        shown = ", ".join(str(path) for path in existing)
        raise FileExistsError(f"{shown} already exists: nothing written (--force replaces it)")


def _schemas_for(folder: Path) -> list[Path]:
    """Write the schemas into `folder/schema` when it has none, so modelines resolve.

    Imported here: `validate` imports this module for `unfilled` and builds no schema.
    """
    from trigger_points.schema import write_schemas

    schema_folder = folder / "schema"
    if schema_folder.is_dir() and any(schema_folder.glob("*.schema.json")):
        return []
    return write_schemas(schema_folder)


def _first(candidates: list[str], preferred: str) -> str:
    return preferred if preferred in candidates else candidates[0]


def _source(library: Library) -> str:
    return _first([source.id for source in library.sources], "ts_vol2")


def _citation(library: Library, indent: str) -> str:
    return (
        f"{indent}- source: {_source(library)}  # a source id of sources.yaml (add yours there)\n"
        f'{indent}  topic: "{SKELETON_MARK}: the chapter or section cited"  '
        "# or chapter:, figure:, pages:\n"
    )


def new_muscle(
    library: Library, folder: Path, muscle_id: str, *, force: bool = False
) -> list[Path]:
    """Write `muscles/<id>.yaml` (and the schemas); return the paths written."""
    path = folder / "muscles" / f"{muscle_id}.yaml"
    _refuse_existing([path], force=force)
    _checked_id("muscle", muscle_id, [], force=force)
    region = _first([r.id for r in library.regions if not r.composite], "buttock_lower")
    text = MUSCLE_SKELETON.format(
        id=muscle_id,
        mark=SKELETON_MARK,
        region=region,
        cite2=_citation(library, "      "),
        cite4=_citation(library, "    "),
        cite6=_citation(library, "      "),
        cite0=_citation(library, "  "),
    )
    written = _schemas_for(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_file(path, text)
    return [*written, path]


def new_condition(
    library: Library, folder: Path, condition_id: str, *, force: bool = False
) -> list[Path]:
    """Add a condition to `conditions.yaml`, making the file if need be; return what was written."""
    _checked_id("condition", condition_id, [c.id for c in library.conditions], force=force)
    item = CONDITION_SKELETON.format(
        id=condition_id, mark=SKELETON_MARK, cite=_citation(library, "      ")
    )
    path = folder / "conditions.yaml"
    text = _with_item(path, "conditions", item, HEADER.format(name="conditions"))
    written = _schemas_for(folder)
    write_text_file(path, text)
    return [*written, path]


def new_region(
    library: Library, folder: Path, region_id: str, view_id: ViewName, *, force: bool = False
) -> list[Path]:
    """Add a region to `regions.yaml` and its shape to `body/<view>.yaml`; return what was written.

    The shape is a placeholder square where the view has no region yet; our view is
    not copied: the view file only adds to it. Raises FileExistsError, naming what to
    add by hand, when `body/<view>.yaml` already exists.
    """
    _checked_id("region", region_id, [r.id for r in library.regions], force=force)
    view = library.view(view_id)
    view_path = folder / "body" / f"{view_id}.yaml"
    square = free_square(library, view)
    shape = ", ".join(f"[{x:g}, {y:g}]" for x, y in square)
    if view_path.exists():
        raise FileExistsError(
            f"{view_path} already exists: nothing written; add the region to its regions: "
            f"({region_id}: [{shape}]) and to regions.yaml yourself"
        )
    neighbour = _nearest_paired_region(library, view, centroid(square))
    groups = [group.id for group in library.region_groups]
    item = REGION_SKELETON.format(
        id=region_id,
        mark=SKELETON_MARK,
        group=neighbour.group if neighbour else groups[0],
        groups=", ".join(groups),
        choir=", ".join(neighbour.choir) if neighbour else "",
        michigan=", ".join(str(area) for area in neighbour.michigan) if neighbour else "",
        neighbour=neighbour.id if neighbour else "none",
    )
    regions_path = folder / "regions.yaml"
    text = _with_item(regions_path, "regions", item, HEADER.format(name="regions"))
    written = _schemas_for(folder)
    write_text_file(regions_path, text)
    view_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_file(
        view_path,
        VIEW_SKELETON.format(view=view_id, id=region_id, shape=shape, mark=SKELETON_MARK),
    )
    return [*written, regions_path, view_path]


def _with_item(path: Path, field: str, item: str, header: str) -> str:
    """A list file's text with one item added at the end of its list `field`, or a new file.

    Appending keeps every comment of the author's file. Raises FileExistsError, and
    nothing is written, when the file's last field is not a block list `field` (the item
    would land in the wrong list).
    """
    if not path.exists():
        return f"{header}{field}:\n{item}"
    text = path.read_text(encoding="utf-8")
    fields = re.findall(r"^([a-z_]+):", text, flags=re.MULTILINE)
    if not fields or fields[-1] != field or re.search(rf"^{field}:\s*\[", text, re.MULTILINE):
        raise FileExistsError(
            f"{path}: nothing written: its last field is not a block list `{field}:` to add "
            f"to; move {field} to the end of the file, or add the item yourself"
        )
    return text.rstrip("\n") + "\n\n" + item


def free_square(library: Library, view: BodyView) -> tuple[Point, ...]:
    """A small square inside the body, on the patient's right, that no region covers.

    The search runs down the view from the shoulders (then over the head), nearest the
    midline first, so the same view always gives the same square. Raises ValueError when
    no spot is free.
    """
    paired = {r.id: r.laterality == "paired" for r in library.regions if not r.composite}
    shapes = [Strips(shape) for _, shape in placed_shapes(view, paired)]
    boxes = [bounds(shape) for _, shape in placed_shapes(view, paired)]
    outline = Outline(body_outline(view))
    right = viewer_side(view, "right") == "right"
    margin = 8.0
    for top in [*range(120, 990 - int(SQUARE), 4), *range(30, 120, 4)]:
        for step in range(4, 180, 4):
            left = 200 + step if right or not view.symmetric else 200 - step - SQUARE
            if not view.symmetric:
                left = 60 + step
            square = (
                (left, float(top)),
                (left + SQUARE, float(top)),
                (left + SQUARE, top + SQUARE),
                (left, top + SQUARE),
            )
            if not all(outline.contains(corner) for corner in _grown(square, margin)):
                continue
            box = bounds(square)
            near = [
                strips
                for strips, other in zip(shapes, boxes, strict=True)
                if not (box[2] <= other[0] or other[2] <= box[0])
                and not (box[3] <= other[1] or other[3] <= box[1])
            ]
            if not near or all(Strips(square).shared(strips) == 0 for strips in near):
                return square
    raise ValueError(f"the {view.id} view has no free spot for a new region: draw one yourself")


def _grown(square: tuple[Point, ...], margin: float) -> tuple[Point, ...]:
    (x0, y0), _, (x1, y1), _ = square
    return (
        (x0 - margin, y0 - margin),
        (x1 + margin, y0 - margin),
        (x1 + margin, y1 + margin),
        (x0 - margin, y1 + margin),
    )


def _nearest_paired_region(library: Library, view: BodyView, point: Point) -> Region | None:
    """The paired region drawn nearest a point: its group and codes are a new one's start."""
    paired = [
        (region_id, shape)
        for region_id, shape in view.regions.items()
        if _laterality(library, region_id) == "paired"
    ]
    if not paired:
        return None
    region_id, _ = min(
        paired,
        key=lambda item: (
            (centroid(item[1])[0] - point[0]) ** 2 + (centroid(item[1])[1] - point[1]) ** 2
        ),
    )
    return library.region(region_id)


def _laterality(library: Library, region_id: str) -> str | None:
    try:
        return library.region(region_id).laterality
    except UnknownIdError:
        return None


HEADER = (
    "# yaml-language-server: $schema=schema/{name}.schema.json\n"
    "# Your own {name}, added to the bundled ones (same id: yours replaces ours).\n"
)

MUSCLE_SKELETON = """\
# yaml-language-server: $schema=../schema/muscle.schema.json
# A new muscle: replace every "{mark}" text, then run `trigger-points validate` on
# this folder. A line starting "# name:" is an optional field: remove the "# " to use it.
id: {id}
# former_ids: [old_id]  # ids it had before a rename, still found (docs/ids.md)
name: "{mark}: the muscle's name as readers see it"
# aliases: [Other name]  # other names it goes by, shown as "Also called"
group: hip  # where it is listed: lumbar, abdominal, gluteal, hip, pelvic_floor or thigh
# anatomy_ids: ["UBERON:0000000"]  # its ids in UBERON or FMA
origin: "{mark}: where the muscle arises, in anatomical terms"
insertion: "{mark}: where it attaches at its other end"
innervation:
  nerve: "{mark}: the nerve that supplies it"
  # roots: L2-L4  # the spinal roots of that nerve
actions:
  - "{mark}: what the muscle does, one action per item"
trigger_points:
  - id: {id}.trp1  # the muscle's id, a dot and the point's own id
    name: "{mark}: the point's name, such as Central trigger point (TrP1)"
    location: "{mark}: where to palpate the point, by landmarks"
    essential:  # region ids where nearly every patient feels it (trigger-points regions)
      - {region}
    # spillover: [region_id]  # region ids where some patients also feel it
    # laterality: bilateral  # every zone felt on both sides (the default: ipsilateral)
    # depth: deep  # superficial, or deep when reached through other muscle
    # notes: Further remarks for clinicians
    # former_ids: [old_muscle.trp1]  # ids it had before a rename (docs/ids.md)
    # positions:  # where the point is marked on each view: needs the muscle's outlines
    #   posterior: {{at: greater_trochanter, offset: [0, -10]}}
    sources:
{cite6}# symptoms: [What a patient notices]  # one symptom per item
# conditions: [low_back_pain]  # condition ids this pain relates to (conditions.yaml)
# mimics: [sciatica]  # condition ids this pain can be mistaken for
# differential: [Another cause, and what tells it apart]
# patient_warning_signs:  # signs that need a doctor, each with urgency and sources
#   - {{text: A sign, urgency: soon, sources: [{{source: ts_vol2}}]}}
# perpetuating_factors: [What keeps the trigger points going]
needling:
  patient_position: "{mark}: how the patient lies or sits for needling"
  approach: "{mark}: how to find the point, where and which way the needle goes"
  # depth: How deep the needle goes
  # needle_length: 40-50 mm  # for an average adult, and what changes it
  hazards:  # the structures a needle can injure here, at least one
    - structure: "{mark}: the structure at risk"
      risk: "{mark}: where it lies relative to the needle, and what injury can follow"
      avoid: "{mark}: how to keep the needle away from it"
  # precautions: [A check before needling]
  # specialist_only: true  # needled only by pelvic-health specialists
  sources:
{cite4}self_care:
  - name: "{mark}: the name of the stretch or exercise"
    steps:
      - "{mark}: the first step, addressed to the patient"
    # cautions: [When to stop or ease off]
    sources:
{cite2}# outlines:  # the muscle's shape on each view, [x, y] corners (x 0-400, y 0-1000)
#   posterior: [[230, 560], [300, 560], [300, 620], [230, 620]]
sources:  # citations for the muscle as a whole
{cite0}"""

CONDITION_SKELETON = """\
  - id: {id}
    # former_ids: [old_id]  # ids it had before a rename, still found (docs/ids.md)
    name: "{mark}: the condition's name as readers see it"
    # icd10cm: [M54.50]  # ICD-10-CM codes, only those checked against the code table cited
    # coding_note: What the codes cover or exclude
    description: "{mark}: what the condition is, in a few plain sentences"
    sources:
{cite}"""

REGION_SKELETON = """\
  - id: {id}
    # former_ids: [old_id]  # ids it had before a rename, still found (docs/ids.md)
    label: "{mark}: the region's name in plain words"
    group: {group}  # one of: {groups}
    laterality: paired  # paired (both sides, shapes drawn for the right) or midline
    choir: [{choir}]  # CHOIR codes of the areas it lies in (here: those of {neighbour})
    michigan: [{michigan}]  # Michigan Body Map areas it lies in (here: those of {neighbour})
    # description: Where the region lies, by palpable landmarks
    # parts: [region_a, region_b]  # for a composite made of other regions (then no shape)
"""

VIEW_SKELETON = """\
# yaml-language-server: $schema=../schema/body.schema.json
# Adds to our {view} view: no outline here, so only what this file names changes
# (a region or landmark with one of our ids replaces ours; the rest of the view stays).
id: {view}
regions:
  # {mark}: a placeholder square at a free spot; draw the region's corners for the
  # patient's right side, x 0-400 (midline 200), y 0-1000 (crown to soles).
  {id}: [{shape}]
# landmarks:  # landmarks to add, or to replace by id
#   - {{id: my_landmark, label: My landmark, at: [250, 600]}}
"""
