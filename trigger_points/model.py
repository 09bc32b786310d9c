"""The shape of the data: pydantic models, the one source of truth for every file.

Models validate one file at a time. Rules that need several files (does this
region exist? is this source known?) belong to `library.py`. Nothing here
knows how the data is drawn or where it came from.

Models are frozen and forbid unknown fields, so a misspelt key is an error,
not a silently ignored line. Text fields are strict: YAML 1.1 reads `no` as
false and `1.10` as 1.1, and a strict string refuses both instead of storing
the wrong thing.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
TRIGGER_POINT_ID_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Refuse control characters: they are invisible in every output we make."""
    bad = _CONTROL_CHARACTERS.search(text)
    if bad:
        raise ValueError(f"contains the control character {bad.group()!r}")
    if not text.strip():
        raise ValueError("is blank")
    return text


Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
"""An id: lower case letters, digits and underscores, starting with a letter."""

Text = Annotated[str, StringConstraints(strict=True, min_length=1), AfterValidator(_printable)]
"""Free text written by a data author: any printable unicode, never blank."""

TriggerPointId = Annotated[str, StringConstraints(strict=True, pattern=TRIGGER_POINT_ID_PATTERN)]

ViewName = Literal["posterior", "anterior", "lateral"]
VIEW_NAMES: tuple[ViewName, ...] = ("posterior", "anterior", "lateral")

RegionGroup = Literal["low_back", "buttock_hip", "thigh", "leg", "abdomen_groin"]
REGION_GROUP_LABELS: dict[RegionGroup, str] = {
    "low_back": "Back and low back",
    "buttock_hip": "Buttock, hip and tailbone",
    "thigh": "Thigh",
    "leg": "Knee, leg and ankle",
    "abdomen_groin": "Abdomen, groin and pelvis",
}

MuscleGroup = Literal["lumbar", "abdominal", "gluteal", "hip", "pelvic_floor", "thigh"]
MUSCLE_GROUP_LABELS: dict[MuscleGroup, str] = {
    "lumbar": "Lumbar",
    "abdominal": "Abdominal",
    "gluteal": "Gluteal",
    "hip": "Hip",
    "pelvic_floor": "Pelvic floor",
    "thigh": "Thigh",
}

Laterality = Literal["ipsilateral", "bilateral"]

Coordinate = Annotated[float, Field(ge=0, le=1000)]
Point = tuple[Coordinate, Coordinate]
"""x, y in a view's frame: x 0..400 (midline 200), y 0..1000 (crown to soles)."""

Polygon = Annotated[tuple[Point, ...], Field(min_length=3)]
"""Corner points of a closed shape, written for the patient's right side."""


class Model(BaseModel):
    """Base of every model: immutable, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(Model):
    """Where a fact comes from: a source id and, where known, the place in it."""

    source: Slug
    chapter: Text | None = None
    figure: Text | None = None
    pages: Text | None = None


Citations = Annotated[tuple[Citation, ...], Field(min_length=1)]


class Source(Model):
    """A book, chapter or paper the data cites."""

    id: Slug
    authors: Annotated[tuple[Text, ...], Field(min_length=1)]
    title: Text
    year: Annotated[int, Field(strict=True, ge=1800, le=2100)]
    publisher: Text | None = None
    journal: Text | None = None
    edition: Text | None = None
    volume: Text | None = None
    chapter: Text | None = None
    pages: Text | None = None
    isbn: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9X-]{10,17}$")] | None = None
    doi: Annotated[str, StringConstraints(strict=True, pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https?://\S+$")] | None = None

    @model_validator(mode="after")
    def _published_somewhere(self) -> Source:
        if self.publisher is None and self.journal is None:
            raise ValueError("a source needs a publisher (a book) or a journal (a paper)")
        return self


IcdCode = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
]


class Condition(Model):
    """A diagnosis a muscle's pain relates to or can be mistaken for."""

    id: Slug
    name: Text
    icd10cm: tuple[IcdCode, ...] = ()
    coding_note: Text | None = None
    description: Text
    sources: Citations


class Region(Model):
    """A named area of the body surface that pain can be felt in.

    `paired` regions exist on both sides and are written as `id:left` or
    `id:right` wherever a side matters; `midline` regions have no side.
    """

    id: Slug
    label: Text
    group: RegionGroup
    laterality: Literal["paired", "midline"]
    description: Text | None = None


class Position(Model):
    """Where a point lies in one view: at coordinates, at a landmark, or between two.

    Clinicians find trigger points by palpable landmarks, so a position may be
    written the same way: `at: greater_trochanter` (with an `offset`), or
    `between: [greater_trochanter, sciatic_notch]` at a `fraction` of the way.
    """

    xy: Point | None = None
    at: Slug | None = None
    between: tuple[Slug, Slug] | None = None
    fraction: Annotated[float, Field(ge=0, le=1)] | None = None
    offset: tuple[float, float] = (0.0, 0.0)

    @model_validator(mode="after")
    def _one_way_of_placing(self) -> Position:
        given = [name for name in ("xy", "at", "between") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of xy, at or between")
        if (self.between is None) != (self.fraction is None):
            raise ValueError("between and fraction go together")
        return self


class TriggerPoint(Model):
    """One trigger point of a muscle and the zones it refers pain to.

    Zones are region ids without a side: they are on the trigger point's own
    side, or on both sides when `laterality` is `bilateral`.
    """

    id: TriggerPointId
    name: Text
    location: Text
    essential: Annotated[tuple[Slug, ...], Field(min_length=1)]
    spillover: tuple[Slug, ...] = ()
    laterality: Laterality = "ipsilateral"
    depth: Literal["superficial", "deep"] | None = None
    notes: Text | None = None
    positions: dict[ViewName, Position] = Field(default_factory=dict)
    sources: Citations

    @model_validator(mode="after")
    def _zones_do_not_repeat(self) -> TriggerPoint:
        both = sorted(set(self.essential) & set(self.spillover))
        if both:
            raise ValueError(f"region(s) {', '.join(both)} are both essential and spillover")
        for name, zone in (("essential", self.essential), ("spillover", self.spillover)):
            if len(set(zone)) != len(zone):
                raise ValueError(f"{name} lists a region twice")
        return self

    @property
    def local_id(self) -> str:
        """The part of the id after the muscle: `trp1` of `gluteus_medius.trp1`."""
        return self.id.split(".", 1)[1]

    @property
    def muscle_id(self) -> str:
        """The muscle this trigger point belongs to."""
        return self.id.split(".", 1)[0]


class Innervation(Model):
    """The nerve that supplies a muscle and its spinal roots."""

    nerve: Text
    roots: Text | None = None


class Hazard(Model):
    """A structure a needle can injure, set apart so that a sheet cannot bury it."""

    structure: Text
    risk: Text
    avoid: Text


class Needling(Model):
    """How the muscle is needled, and what can go wrong."""

    patient_position: Text
    approach: Text
    depth: Text | None = None
    hazards: Annotated[tuple[Hazard, ...], Field(min_length=1)]
    precautions: tuple[Text, ...] = ()
    specialist_only: bool = False
    sources: Citations


class SelfCare(Model):
    """A stretch or exercise a patient can do, in plain words."""

    name: Text
    steps: Annotated[tuple[Text, ...], Field(min_length=1)]
    cautions: tuple[Text, ...] = ()
    sources: Citations


AnatomyId = Annotated[str, StringConstraints(strict=True, pattern=r"^(UBERON:\d{7}|FMA:\d+)$")]


class Muscle(Model):
    """A muscle, its anatomy, its trigger points and how it is treated."""

    id: Slug
    name: Text
    aliases: tuple[Text, ...] = ()
    group: MuscleGroup
    anatomy_ids: tuple[AnatomyId, ...] = ()
    origin: Text
    insertion: Text
    innervation: Innervation
    actions: Annotated[tuple[Text, ...], Field(min_length=1)]
    trigger_points: Annotated[tuple[TriggerPoint, ...], Field(min_length=1)]
    symptoms: tuple[Text, ...] = ()
    conditions: tuple[Slug, ...] = ()
    mimics: tuple[Slug, ...] = ()
    differential: tuple[Text, ...] = ()
    perpetuating_factors: tuple[Text, ...] = ()
    needling: Needling
    self_care: Annotated[tuple[SelfCare, ...], Field(min_length=1)]
    outlines: dict[ViewName, Polygon] = Field(default_factory=dict)
    sources: Citations

    @field_validator("trigger_points")
    @classmethod
    def _trigger_points_belong_here(
        cls, points: tuple[TriggerPoint, ...], info: ValidationInfo
    ) -> tuple[TriggerPoint, ...]:
        muscle_id = info.data.get("id")
        seen: set[str] = set()
        for point in points:
            if muscle_id is not None and point.muscle_id != muscle_id:
                raise ValueError(
                    f"trigger point {point.id} must start with this muscle's id: "
                    f"{muscle_id}.{point.local_id}"
                )
            if point.id in seen:
                raise ValueError(f"trigger point id {point.id} is used twice")
            seen.add(point.id)
        return points


class Landmark(Model):
    """A bony landmark drawn as an orientation aid, and an anchor for positions.

    A `paired` landmark is written for the patient's right side and mirrored.
    """

    id: Slug
    label: Text
    at: Point
    paired: bool = True
    show_label: bool = True
    label_offset: tuple[float, float] = (6.0, 3.0)


class Contour(Model):
    """An interior line of the figure: the spine, a scapula, a crease or a fold."""

    id: Slug
    points: Annotated[tuple[Point, ...], Field(min_length=2)]
    closed: bool = False
    paired: bool = True
    weight: Literal["fine", "faint"] = "fine"


class Overlay(Model):
    """A part of the figure drawn over the regions, such as the arm in the side view."""

    id: Slug
    outline: Polygon


class BodyView(Model):
    """One view of the body: its outline, interior lines, landmarks and region shapes.

    In a `symmetric` view the outline is written as the right half, from the
    crown on the midline round to the crotch on the midline, and completed by
    mirroring. Region shapes of paired regions are written for the right side.
    """

    id: ViewName
    label: Text
    symmetric: bool
    outline: Annotated[tuple[Point, ...], Field(min_length=3)]
    overlays: tuple[Overlay, ...] = ()
    contours: tuple[Contour, ...] = ()
    landmarks: tuple[Landmark, ...] = ()
    regions: dict[Slug, Polygon] = Field(default_factory=dict)

    @field_validator("landmarks")
    @classmethod
    def _landmark_ids_unique(cls, landmarks: tuple[Landmark, ...]) -> tuple[Landmark, ...]:
        ids = [landmark.id for landmark in landmarks]
        repeated = sorted({name for name in ids if ids.count(name) > 1})
        if repeated:
            raise ValueError(f"landmark id(s) {', '.join(repeated)} are used twice")
        return landmarks


class Statement(Model):
    """One sourced sentence of general guidance, optionally under a short label."""

    label: Text | None = None
    text: Text
    sources: Citations


class GuidanceSection(Model):
    """A section of the general guidance shown on the about page and in handouts."""

    id: Slug
    title: Text
    intro: Text | None = None
    intro_sources: tuple[Citation, ...] = ()
    statements: Annotated[tuple[Statement, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _intro_is_sourced(self) -> GuidanceSection:
        if self.intro and not self.intro_sources:
            raise ValueError("an intro states facts too: give its intro_sources")
        return self


class GuidanceFile(Model):
    """`guidance.yaml`: what applies to every muscle (safety, evidence, epidemiology)."""

    sections: tuple[GuidanceSection, ...]


class SourcesFile(Model):
    """`sources.yaml`: the bibliography."""

    sources: tuple[Source, ...]


class ConditionsFile(Model):
    """`conditions.yaml`: the conditions muscles relate to or mimic."""

    conditions: tuple[Condition, ...]


class RegionsFile(Model):
    """`regions.yaml`: the vocabulary that referral zones are drawn from."""

    regions: tuple[Region, ...]
