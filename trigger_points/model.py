"""The shape of the data: pydantic models, the one source of truth for every file.

Models validate one file at a time. Rules that need several files (does this
region exist? is this source known?) belong to `checks.py`. Nothing here
knows how the data is drawn or where it came from.

Models are frozen, hashable and forbid unknown fields, so a misspelt key is
an error, not a silently ignored line, and no caller can change the shared
library: mappings inside a model are `FrozenMap`s. Text and numbers are
strict: YAML 1.1 reads `no` as false and `1.10` as 1.1, and a strict field
refuses both instead of storing the wrong thing.

The value types every layer shares live here too: `Side` and `opposite`,
and `RegionKey`, a region with its side as written `sacroiliac:right`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Annotated, Any, Generic, Literal, NamedTuple, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from trigger_points.crosswalk import ChoirCode, MichiganCode
from trigger_points.words import SIDES, VIEW_NAMES, Side, ViewName

__all__ = [
    "BOTH_SIDES",
    "MAX_ID_LENGTH",
    "MAX_TRIGGER_POINT_ID_LENGTH",
    "MUSCLE_GROUP_LABELS",
    "SIDES",
    "URGENCIES",
    "VIEW_NAMES",
    "ZONES",
    "BodyView",
    "Citation",
    "Condition",
    "ConditionsFile",
    "Contour",
    "FieldPath",
    "FrozenMap",
    "GuidanceFile",
    "GuidanceSection",
    "Hazard",
    "Innervation",
    "Landmark",
    "Muscle",
    "MuscleGroup",
    "Needling",
    "NerveRoot",
    "NerveRootsFile",
    "Overlay",
    "Point",
    "Position",
    "Region",
    "RegionGroup",
    "RegionKey",
    "RegionsFile",
    "SelfCare",
    "Side",
    "Source",
    "SourcesFile",
    "Statement",
    "TriggerPoint",
    "Urgency",
    "ViewAdditions",
    "ViewName",
    "WarningSign",
    "Zone",
    "ZoneEntry",
    "ZoneText",
    "opposite",
]

FieldPath = tuple[str | int, ...]
"""Where a value sits inside its file: `("trigger_points", 0, "essential", 2)`."""


def opposite(side: Side) -> Side:
    """The patient's other side."""
    return "left" if side == "right" else "right"


class RegionKey(NamedTuple):
    """A region on a side, or a midline region: written `sacroiliac:right` or `sacrum`.

    `parse` reads the text form without knowing the vocabulary; whether the region
    exists and takes a side is the library's question (`Library.region_key`).

    Examples:
        >>> key = tp.RegionKey.parse("sacroiliac:right")
        >>> key.region, key.side, str(key)
        ('sacroiliac', 'right', 'sacroiliac:right')
        >>> str(key.opposite())
        'sacroiliac:left'
        >>> lib.region_key("sacrum")  # checked against the vocabulary
        RegionKey(region='sacrum', side=None)

    """

    region: str
    """The region's id: `sacroiliac`."""
    side: Side | None = None
    """`left` or `right` for a paired region; None for a midline one (`sacrum`)."""

    @staticmethod
    def region_of(text: str) -> str:
        """The region a written key names, whether or not its side is a valid one.

        Examples:
            >>> tp.RegionKey.region_of("sacroiliac:up")
            'sacroiliac'

        """
        return text.partition(":")[0]

    @classmethod
    def parse(cls, text: str) -> RegionKey:
        """Split `region:side`; raises ValueError for a side other than left or right.

        Examples:
            >>> tp.RegionKey.parse("sacroiliac:left")
            RegionKey(region='sacroiliac', side='left')
            >>> tp.RegionKey.parse("sacrum")
            RegionKey(region='sacrum', side=None)
            >>> tp.RegionKey.parse("sacroiliac:both")
            Traceback (most recent call last):
            ...
            ValueError: the side is left or right, not 'both'

        """
        region, colon, side = text.partition(":")
        if not colon:
            return cls(region)
        if side not in SIDES:
            raise ValueError(f"the side is left or right, not {side!r}")
        return cls(region, side)

    @classmethod
    def felt_on(cls, region: Region, side: Side) -> RegionKey:
        """A region as felt on a side: `sacroiliac:right`, or `sacrum` whatever the side.

        Examples:
            >>> str(tp.RegionKey.felt_on(lib.region("sacroiliac"), "left"))
            'sacroiliac:left'
            >>> str(tp.RegionKey.felt_on(lib.region("sacrum"), "left"))
            'sacrum'

        """
        return cls(region.id, None if region.laterality == "midline" else side)

    def __str__(self) -> str:
        return self.region if self.side is None else f"{self.region}:{self.side}"

    def opposite(self) -> RegionKey:
        """The same region on the patient's other side (a midline key is its own mirror).

        Examples:
            >>> tp.RegionKey("sacroiliac", "right").opposite()
            RegionKey(region='sacroiliac', side='left')
            >>> tp.RegionKey("sacrum").opposite()
            RegionKey(region='sacrum', side=None)

        """
        return self if self.side is None else RegionKey(self.region, opposite(self.side))


Key = TypeVar("Key")
Value = TypeVar("Value")


class FrozenMap(Mapping[Key, Value], Generic[Key, Value]):
    """An immutable, hashable mapping that keeps its order: the dicts of a frozen model.

    pydantic validates it as a dict of its key and value types (so errors and the
    JSON Schema read as for a dict) and serialises it as one.

    Examples:
        >>> positions = lib.trigger_point("piriformis.lateral").positions
        >>> list(positions), positions["posterior"].between
        (['posterior'], ('greater_trochanter', 'sciatic_notch'))
        >>> positions["anterior"] = positions["posterior"]
        Traceback (most recent call last):
        ...
        TypeError: 'FrozenMap' object does not support item assignment
        >>> tp.FrozenMap({"a": 1}) == {"a": 1}  # a Mapping like any other, and hashable
        True

    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[Key, Value] | Iterable[tuple[Key, Value]] = ()) -> None:
        self._items: dict[Key, Value] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: Key) -> Value:
        return self._items[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate as `dict[Key, Value]`, then freeze; serialise back to a dict."""
        key_type, value_type = get_args(source) or (Any, Any)
        as_dict = handler.generate_schema(dict[key_type, value_type])  # type: ignore[valid-type]
        freeze: Callable[[dict[Any, Any]], FrozenMap[Any, Any]] = cls
        return core_schema.no_info_after_validator_function(
            freeze,
            as_dict,
            serialization=core_schema.plain_serializer_function_ser_schema(
                dict, return_schema=as_dict
            ),
        )


SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
TRIGGER_POINT_ID_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
ZONE_ENTRY_PATTERN = r"^[a-z][a-z0-9_]*(:both)?$"
REGION_KEY_PATTERN = r"^[a-z][a-z0-9_]*(:(left|right))?$"
"""A region key as written: a region id, and `:left` or `:right` for a paired region."""
"""A zone entry: a region id, and `:both` when it is felt on both sides."""

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NON_CHARACTERS = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
"""Code points Unicode reserves as never being characters; XML refuses U+FFFE and U+FFFF.
(A lone surrogate never gets this far: pydantic refuses it as not a valid string.)"""


def _printable(text: str) -> str:
    """Refuse control characters, non-characters, and blank text.

    They are invisible in every output we make, and some make an SVG malformed.
    """
    if not text.isprintable() and _REFUSED.search(text):  # both kinds are unprintable
        _refuse_unprintable(text)
    if not text.strip():
        raise ValueError("is blank")
    return text


_REFUSED = re.compile(f"{_CONTROL_CHARACTERS.pattern}|{_NON_CHARACTERS.pattern}")


def _refuse_unprintable(text: str) -> None:
    """Name the first control character, or failing one the first non-character."""
    for pattern, what in (
        (_CONTROL_CHARACTERS, "the control character"),
        (_NON_CHARACTERS, "the non-character"),
    ):
        bad = pattern.search(text)
        if bad:
            raise ValueError(f"contains {what} {bad.group()!r}")


MAX_ID_LENGTH = 64
"""The longest id: a muscle's id also names its files (`handouts/<id>-patient.html`), and
file systems refuse names over 255 bytes."""
MAX_TRIGGER_POINT_ID_LENGTH = 2 * MAX_ID_LENGTH + 1
"""`<muscle>.<point>`: two ids and a dot."""


def _at_most(limit: int) -> Callable[[str], str]:
    def short_enough(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"the id is {len(text):,} characters long; ids are limited to {limit}")
        return text

    return short_enough


Slug = Annotated[
    str,
    StringConstraints(strict=True, pattern=SLUG_PATTERN),
    AfterValidator(_at_most(MAX_ID_LENGTH)),
]
"""An id: lower case letters, digits and underscores, starting with a letter; at most 64."""

Text = Annotated[str, StringConstraints(strict=True, min_length=1), AfterValidator(_printable)]
"""Free text written by a data author: any printable unicode, never blank."""

TriggerPointId = Annotated[
    str,
    StringConstraints(strict=True, pattern=TRIGGER_POINT_ID_PATTERN),
    AfterValidator(_at_most(MAX_TRIGGER_POINT_ID_LENGTH)),
]


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
Zone = Literal["essential", "spillover"]
"""A trigger point's two zones: where nearly every patient feels it, and where some do."""
ZONES: tuple[Zone, ...] = ("essential", "spillover")

BOTH_SIDES = "both"
"""The side a zone entry may name: `lumbar_lower:both` is felt on both sides."""

ZoneText = Annotated[
    str,
    StringConstraints(strict=True, pattern=ZONE_ENTRY_PATTERN),
    AfterValidator(_at_most(MAX_ID_LENGTH + len(BOTH_SIDES) + 1)),
    Field(
        description=(
            "A region id (`iliac_crest`), felt on the trigger point's own side; or a region id "
            "and `:both` (`lumbar_lower:both`) for a region felt on both sides."
        )
    ),
]
"""A zone entry as written: `iliac_crest`, or `lumbar_lower:both` for both sides."""


class ZoneEntry(NamedTuple):
    """One entry of a zone, read: the region it names and whether it is felt on both sides.

    Examples:
        >>> [str(entry) for entry in lib.trigger_point("gluteus_medius.trp3").entries("essential")]
        ['iliac_crest', 'lumbar_lower:both', 'sacrum']
        >>> str(tp.ZoneEntry("lumbar_lower", both=True))  # as written in a zone
        'lumbar_lower:both'

    """

    region: str
    """The region's id as the zone names it: `lumbar_lower` (a composite stays whole)."""
    both: bool = False
    """Whether it is felt on both sides, not only on the trigger point's own side."""

    @classmethod
    def parse(cls, text: str) -> ZoneEntry:
        """`lumbar_lower:both` -> ZoneEntry("lumbar_lower", True); no other side is written.

        Examples:
            >>> tp.ZoneEntry.parse("lumbar_lower:both")
            ZoneEntry(region='lumbar_lower', both=True)
            >>> tp.ZoneEntry.parse("iliac_crest")
            ZoneEntry(region='iliac_crest', both=False)
            >>> tp.ZoneEntry.parse("lumbar_lower:left")
            Traceback (most recent call last):
            ...
            ValueError: a zone entry is a region, or region:both, not 'lumbar_lower:left'...

        """
        region, colon, side = text.partition(":")
        if colon and side != BOTH_SIDES:
            # A zone is written for the point's own side: `:left` would be silently lost.
            raise ValueError(
                f"a zone entry is a region, or region:both, not {text!r}: zones are "
                "written for the trigger point's own side"
            )
        return cls(region, side == BOTH_SIDES)

    def __str__(self) -> str:
        return f"{self.region}:{BOTH_SIDES}" if self.both else self.region


X = Annotated[float, Field(strict=True, ge=0, le=400)]
Y = Annotated[float, Field(strict=True, ge=0, le=1000)]
Point = tuple[X, Y]
"""x, y in a view's frame: x 0..400 (midline 200), y 0..1000 (crown to soles).

Numbers are strict: YAML's `true` or a quoted `'12'` is refused, not read as a number.
"""

Shift = tuple[Annotated[float, Field(strict=True)], Annotated[float, Field(strict=True)]]
"""A displacement (dx, dy) in the view's units: either may be negative."""

MOST_POINTS = 500
"""The most corners a shape may have: the figure's outline has about 130, a region under 80."""

Polygon = Annotated[tuple[Point, ...], Field(min_length=3, max_length=MOST_POINTS)]
"""Corner points of a closed shape, written for the patient's right side."""


class Model(BaseModel):
    """Base of every model: immutable, and strict about unknown fields.

    Each field's docstring is its description in the JSON Schemas, which editors
    show on hover: write it for a data author editing YAML. schema.py reads the
    docstrings when a schema is asked for; pydantic's `use_attribute_docstrings`
    would read every class's source at import, a quarter of what `validate` costs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Citation(Model):
    """Where a fact comes from: a source id and, where known, the place in it.

    Examples:
        >>> citation = lib.muscle("piriformis").sources[0]
        >>> citation.source, citation.chapter
        ('ts_vol2', '10')
        >>> try:
        ...     tp.Citation(source="ts_vol2", chapter=10)
        ... except ValueError as error:  # pydantic's ValidationError: a chapter is text
        ...     print(error.errors()[0]["msg"])
        Input should be a valid string

    """

    source: Slug
    """The id of the cited source in `sources.yaml`, such as `ts_vol2`."""
    chapter: Text | None = None
    """The chapter cited, as text: quote a number (`chapter: "10"`) so YAML does not read it
    as one."""
    figure: Text | None = None
    """The figure cited, as text: quote it (`figure: "10.1"`) so YAML does not read it as a
    number."""
    pages: Text | None = Field(default=None, examples=["112-118"])
    """The pages cited, as text, such as `112-118`."""
    topic: Text | None = None
    """What the cited chapter or section is about, where its number is not confirmed:
    `quadratus lumborum` (shown as "chapter on quadratus lumborum")."""


Citations = Annotated[tuple[Citation, ...], Field(min_length=1)]


class Source(Model):
    """A book, chapter or paper the data cites.

    Examples:
        >>> source = lib.source("ts_vol2")
        >>> source.title
        'Myofascial Pain and Dysfunction: The Trigger Point Manual. Volume 2: ...'
        >>> source.year, source.publisher
        (1992, 'Williams & Wilkins')

    """

    id: Slug
    """The id citations name this source by (`source: ts_vol2`): lower case letters, digits
    and underscores."""
    former_ids: tuple[Slug, ...] = Field(default=(), examples=[["old_id"]])
    """Ids this source had before it was renamed: each still finds it, with a deprecation
    warning naming this id, until it is removed (docs/ids.md): `[old_id]`."""

    authors: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The authors, or a book's editors, in the order of the title page, each as surname and
    initials: `Travell JG`."""
    title: Text
    """The full title, with any subtitle."""
    year: Annotated[int, Field(strict=True, ge=1800, le=2100)]
    """The year the cited edition or paper was published, as a number: `1992`."""
    publisher: Text | None = None
    """The publisher of a book. A source needs a publisher or a journal."""
    journal: Text | None = None
    """The journal a paper appeared in. A source needs a publisher or a journal."""
    edition: Text | None = None
    """The edition cited, as text: `2nd`."""
    volume: Text | None = None
    """The volume of a book or journal, as text: quote a number (`volume: "2"`)."""
    chapter: Text | None = Field(default=None, examples=["10"])
    """The chapter, when the source is one chapter of a larger book, as text."""
    pages: Text | None = None
    """The pages of a paper or chapter, as text: `205-217`, `e11225`."""
    isbn: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9X-]{10,17}$")] | None = (
        Field(default=None, examples=["0-306-40615-2"])
    )
    """The book's ISBN-10 or ISBN-13 as printed: digits (and a final X) with optional
    hyphens."""
    doi: Annotated[str, StringConstraints(strict=True, pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    """The DOI without `https://doi.org/` in front: `10.1016/S0140-6736(11)60610-7`."""
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https?://\S+$")] | None = Field(
        default=None, examples=["https://example.org/guidelines/low-back-pain"]
    )
    """A web address for the source, starting `http://` or `https://`."""

    @model_validator(mode="after")
    def _published_somewhere(self) -> Source:
        if self.publisher is None and self.journal is None:
            raise ValueError("a source needs a publisher (a book) or a journal (a paper)")
        return self


IcdCode = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
]


class Condition(Model):
    """A diagnosis a muscle's pain relates to or can be mistaken for.

    Examples:
        >>> condition = lib.condition("piriformis_syndrome")
        >>> condition.name, condition.icd10cm[0]
        ('Piriformis syndrome', 'G57.00')
        >>> [muscle.id for muscle in lib.muscles_relating_to(condition.id)]
        ['piriformis', 'short_lateral_rotators']

    """

    id: Slug
    """The id muscles name this condition by in their `conditions` and `mimics`: `sciatica`."""
    former_ids: tuple[Slug, ...] = Field(default=(), examples=[["old_id"]])
    """Ids this condition had before it was renamed: each still finds it, with a deprecation
    warning naming this id, until it is removed (docs/ids.md): `[old_id]`."""

    name: Text
    """The condition's name as readers see it: `Low back pain`."""
    icd10cm: tuple[IcdCode, ...] = ()
    """Its ICD-10-CM codes, such as `M54.50`: only codes checked against the code table
    cited in `sources`; leave the list out when no code has been checked."""
    coding_note: Text | None = None
    """A note for coders: what the codes cover or exclude, or why a code is not used."""
    description: Text
    """What the condition is, in a few plain sentences, shown on its page."""
    sources: Citations
    """Citations for the description and the codes; at least one."""


class Region(Model):
    """A named area of the body surface that pain can be felt in.

    `paired` regions exist on both sides and are written as `id:left` or
    `id:right` wherever a side matters; `midline` regions have no side.

    Examples:
        >>> region = lib.region("sacroiliac:right")  # the region, whatever the side
        >>> region.laterality, region.group
        ('paired', 'low_back')
        >>> lib.region("calf").parts
        ('calf_upper', 'calf_lower')

    """

    id: Slug
    """The id zones and body views name this region by: `sacroiliac`. Where a side matters
    a paired region is written `sacroiliac:left` or `sacroiliac:right`."""
    former_ids: tuple[Slug, ...] = Field(default=(), examples=[["old_id"]])
    """Ids this region had before it was renamed: each still finds it, with a deprecation
    warning naming this id, until it is removed (docs/ids.md): `[old_id]`."""

    label: Text
    """The region's name as patients and readers see it, in plain words: `Lower tip of the
    shoulder blade`."""
    group: Slug
    """The id of a group in `regions.yaml`'s `groups`: where a region is listed and tinted."""
    laterality: Literal["paired", "midline"]
    """`paired` for a region found on both sides of the body, `midline` for one with no
    side, such as `sacrum`."""
    description: Text | None = None
    """Where the region lies, by palpable landmarks: a note for data authors."""
    parts: tuple[Slug, ...] = ()
    """For a composite region, the ids of the regions it is made of: `calf` is `[calf_upper,
    calf_lower]`. A composite has no shape of its own (its parts are drawn and tile it);
    zones and the pain guide may name it for all of its parts at once. Parts have the
    composite's laterality; leave it out for a region drawn in the body views."""
    choir: tuple[ChoirCode, ...] = ()
    """The CHOIR body map codes of the areas the region lies in, so that a drawing can be
    filed beside CHOIR records: `[b24]` (buttocks, right). Write a paired region's codes
    for the patient's right side, as its shapes are (the left side's are their mirror):
    front codes run f01-f36 and number the right side first, back codes run b01-b38 and
    number the left side first. A midline region lists both sides' codes of the area it
    lies in (`[b18, b19]`). A region drawn in the front and the back view may have a code
    of each; a composite has none of its own (its parts' codes are its codes)."""
    michigan: tuple[MichiganCode, ...] = ()
    """The Michigan Body Map areas (0-34) the region lies in, written like `choir`: for the
    right side of a paired region (`[34]`, buttocks, right), both sides' for a midline one.
    Areas without a side (13 abdomen, 14 pelvis, 29 upper back, 30 lower back, and the
    head's) suit either."""

    @property
    def composite(self) -> bool:
        """Whether the region is made of parts rather than drawn.

        Examples:
            >>> lib.region("calf").composite, lib.region("calf_upper").composite
            (True, False)

        """
        return bool(self.parts)


Colour = Annotated[str, StringConstraints(strict=True, pattern=r"^#[0-9a-f]{6}$")]


class RegionGroup(Model):
    """A group of regions, as the charts and lists show them: its label and its tint.

    Examples:
        >>> group = lib.region_group(lib.region("sacroiliac").group)
        >>> group.label, group.tint
        ('Back and low back', '#9ecae1')

    """

    id: Slug
    """The id regions name their group by in `group`: `low_back`."""
    label: Text
    """The group's heading in lists and on the region chart: `Back and low back`."""
    tint: Colour
    """The colour its regions are filled with on the region chart: `#` and six lower-case hex
    digits, quoted (`"#9ecae1"`) because YAML reads `#` as a comment."""


class Position(Model):
    """Where a point lies in one view: at coordinates, at a landmark, or between two.

    Clinicians find trigger points by palpable landmarks, so a position may be
    written the same way: `at: greater_trochanter` (with an `offset`), or
    `between: [greater_trochanter, sciatic_notch]` at a `fraction` of the way.

    Examples:
        >>> lib.trigger_point("piriformis.lateral").positions["posterior"].between
        ('greater_trochanter', 'sciatic_notch')
        >>> tp.Position(at="greater_trochanter", offset=(9, -12)).offset
        (9.0, -12.0)
        >>> try:
        ...     tp.Position(at="greater_trochanter", xy=(284, 492))
        ... except ValueError as error:
        ...     print(error.errors()[0]["msg"])
        Value error, give exactly one of xy, at or between

    """

    xy: Point | None = None
    """Coordinates `[x, y]` in the view's frame (x 0-400 with the midline at 200, y 0-1000
    from crown to soles), for the patient's right side. Give one of `xy`, `at` or `between`."""
    at: Slug | None = None
    """The id of a landmark of this view that the point lies at, such as
    `greater_trochanter`; move it off the landmark with `offset`."""
    between: tuple[Slug, Slug] | None = None
    """Two landmark ids of this view; the point lies on the straight line from the first to
    the second, `fraction` of the way along: `[greater_trochanter, sciatic_notch]`."""
    fraction: Annotated[float, Field(strict=True, ge=0, le=1)] | None = None
    """How far along the `between` line the point lies, from 0 at the first landmark to 1 at
    the second: `0.3`. Give it with `between` and only then."""
    offset: Shift = (0.0, 0.0)
    """A shift `[dx, dy]` in view units added to the position, as written for the right
    side: positive dx to the picture's right, positive dy downward. `[9, -12]`."""

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

    Zones are region ids written for the trigger point's own side; an entry
    `region:both` is felt on both sides, and `laterality: bilateral` puts every
    entry on both sides. A composite region (`calf`) stands for all of its parts.

    Examples:
        >>> point = lib.trigger_point("piriformis.lateral")
        >>> point.name, point.essential[0], point.depth
        ('Lateral trigger point (TrP1)', 'sacroiliac', 'deep')

    """

    id: TriggerPointId
    """The muscle's id, a dot and the point's own id: `piriformis.lateral`."""
    former_ids: tuple[TriggerPointId, ...] = Field(default=(), examples=[["old_muscle.trp1"]])
    """Ids this trigger point had before it was renamed: each still finds it, with a
    deprecation warning naming this id, until it is removed (docs/ids.md). A muscle's former
    ids find its points too: `old_muscle.trp1` finds `new_muscle.trp1`."""

    name: Text
    """The point's name as readers see it: `Lateral trigger point (TrP1)`."""
    location: Text
    """Where to palpate the point, described by landmarks, and how it is best reached."""
    essential: Annotated[tuple[ZoneText, ...], Field(min_length=1)]
    """Region ids of the essential zone, where nearly every patient with this trigger point
    feels pain; written for the point's own side (`sacroiliac`, not `sacroiliac:right`), or
    with `:both` for a region felt on both sides (`lumbar_lower:both`)."""
    spillover: tuple[ZoneText, ...] = ()
    """Region ids of the spillover zone, where some patients also feel pain, usually less
    strongly; written like `essential`. What `essential` already covers on a side is not
    spillover there."""
    laterality: Laterality = "ipsilateral"
    """`ipsilateral` (the default) when each zone entry is felt on the trigger point's own
    side unless it says `:both`; `bilateral` when every entry is felt on both sides."""
    depth: Literal["superficial", "deep"] | None = None
    """How deep the point lies: `superficial`, or `deep` when it is reached through other
    muscle (piriformis through gluteus maximus)."""
    notes: Text | None = None
    """Further remarks for clinicians on the point or its pattern."""
    positions: FrozenMap[ViewName, Position] = Field(default_factory=FrozenMap)
    """Where the point is marked on each body view, keyed by view name: `posterior:
    {between: [greater_trochanter, sciatic_notch], fraction: 0.3}`. A view left out does not
    show it."""
    sources: Citations
    """Citations for the point and its referral pattern; at least one."""

    @model_validator(mode="after")
    def _zones_do_not_repeat(self) -> TriggerPoint:
        both = sorted(set(self.essential) & set(self.spillover))
        if both:
            raise ValueError(f"region(s) {', '.join(both)} are both essential and spillover")
        for name, zone in (("essential", self.essential), ("spillover", self.spillover)):
            regions = [ZoneEntry.parse(text).region for text in zone]
            if len(set(regions)) != len(regions):
                raise ValueError(f"{name} lists a region twice")
        return self

    @property
    def local_id(self) -> str:
        """The part of the id after the muscle: `trp1` of `gluteus_medius.trp1`.

        Examples:
            >>> lib.trigger_point("gluteus_medius.trp3").local_id
            'trp3'

        """
        return self.id.split(".", 1)[1]

    @property
    def muscle_id(self) -> str:
        """The muscle this trigger point belongs to.

        Examples:
            >>> lib.trigger_point("gluteus_medius.trp3").muscle_id
            'gluteus_medius'

        """
        return self.id.split(".", 1)[0]

    def zone(self, zone: Zone) -> tuple[str, ...]:
        """The entries of the essential or the spillover zone, as written.

        Examples:
            >>> lib.trigger_point("piriformis.lateral").zone("spillover")
            ('buttock_upper', 'gluteal_fold', 'posterior_thigh_upper')

        """
        return self.essential if zone == "essential" else self.spillover

    def entries(self, zone: Zone) -> tuple[ZoneEntry, ...]:
        """The entries of a zone, read; every one on both sides if the point is bilateral.

        Examples:
            >>> lib.trigger_point("gluteus_medius.trp3").entries("essential")
            (ZoneEntry(region='iliac_crest', both=False),
             ZoneEntry(region='lumbar_lower', both=True),
             ZoneEntry(region='sacrum', both=False))

        """
        bilateral = self.laterality == "bilateral"
        read = (ZoneEntry.parse(text) for text in self.zone(zone))
        return tuple(ZoneEntry(entry.region, entry.both or bilateral) for entry in read)

    def felt_on_both_sides(self) -> Literal["all", "some", "none"]:
        """Whether all, some or none of the point's zone entries are felt on both sides.

        Examples:
            >>> lib.trigger_point("gluteus_medius.trp3").felt_on_both_sides()
            'some'
            >>> lib.trigger_point("piriformis.lateral").felt_on_both_sides()
            'none'

        """
        both = [entry.both for zone in ZONES for entry in self.entries(zone)]
        return "all" if all(both) else "some" if any(both) else "none"


class WarningSign(Model):
    """A sign that pain near this muscle may come from something else, and how soon.

    The muscle's patient handout prints it beside the general red flags, in its tier.
    """

    text: Text
    """The sign in plain words a patient understands: `Fever, or pain or burning when passing
    urine`."""
    urgency: Urgency
    """How soon it needs a doctor: `emergency` (go to an emergency department now), `soon`
    (within days) or `review` (if it is not settling)."""
    sources: Citations
    """Citations for the sign and its urgency; at least one."""


class Innervation(Model):
    """The nerve that supplies a muscle and its spinal roots.

    Examples:
        >>> lib.muscle("piriformis").innervation.roots
        'S1-S2'

    """

    nerve: Text
    """The nerve that supplies the muscle: `Nerve to piriformis (branches of the sacral
    plexus)`."""
    roots: Text | None = None
    """The spinal roots of that nerve, as text: `S1-S2`."""


class Hazard(Model):
    """A structure a needle can injure, set apart so that a sheet cannot bury it.

    Examples:
        >>> [hazard.structure for hazard in lib.muscle("piriformis").needling.hazards][0]
        'Sciatic nerve'

    """

    structure: Text
    """The structure at risk: `Sciatic nerve`."""
    risk: Text
    """Where the structure lies relative to the needle, and what injury can follow."""
    avoid: Text
    """How to keep the needle away from it, and what to do if it is struck."""


class Needling(Model):
    """How the muscle is needled, and what can go wrong.

    Examples:
        >>> needling = lib.muscle("levator_ani").needling
        >>> needling.specialist_only  # sheets and handouts say so
        True
        >>> len(needling.hazards) >= 1
        True

    """

    patient_position: Text
    """How the patient lies or sits for needling: `Side-lying on the unaffected side with the
    upper hip flexed`."""
    approach: Text
    """How to find the point and where and in which direction the needle goes in."""
    depth: Text | None = None
    """How deep the needle goes, as text, and what it passes through on the way."""
    needle_length: Text | None = None
    """An indicative needle length for an average adult, and what changes it: `60-75 mm;
    longer in obesity`. Given for every muscle reached through others or deep in the trunk."""
    hazards: Annotated[tuple[Hazard, ...], Field(min_length=1)]
    """The structures a needle can injure here, one entry each; at least one."""
    precautions: tuple[Text, ...] = ()
    """Checks and contraindications before needling, one per item: red flags, bleeding risk,
    patients not to needle."""
    specialist_only: bool = False
    """`true` when the muscle is needled only by pelvic-health specialists; sheets and
    handouts then say so."""
    sources: Citations
    """Citations for the technique and its hazards; at least one."""


class SelfCare(Model):
    """A stretch or exercise a patient can do, in plain words.

    Examples:
        >>> care = lib.muscle("piriformis").self_care[0]
        >>> care.name
        'Figure-4 stretch'
        >>> care.steps[0]  # addressed to the patient
        'Lie on your back with both knees bent and your feet flat on the floor.'

    """

    name: Text
    """The name of the stretch or exercise: `Figure-4 stretch`."""
    steps: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The steps in order, one per item, addressed to the patient in plain words: `Lie on
    your back with both knees bent`."""
    cautions: tuple[Text, ...] = ()
    """When to stop or ease off, and who should ask a clinician first, one per item."""
    sources: Citations
    """Citations for the exercise; at least one."""


AnatomyId = Annotated[str, StringConstraints(strict=True, pattern=r"^(UBERON:\d{7}|FMA:\d+)$")]


class Muscle(Model):
    """A muscle, its anatomy, its trigger points and how it is treated.

    Examples:
        >>> muscle = lib.muscle("piriformis")
        >>> muscle.name, muscle.group, [point.local_id for point in muscle.trigger_points]
        ('Piriformis', 'gluteal', ['lateral', 'medial'])

    """

    id: Slug
    """The muscle's id, the same as its file's name (`piriformis` in
    `muscles/piriformis.yaml`); every trigger point id starts with it."""
    former_ids: tuple[Slug, ...] = Field(default=(), examples=[["old_id"]])
    """Ids this muscle had before it was renamed: each still finds it, with a deprecation
    warning naming this id, until it is removed (docs/ids.md). Ids only: the other names
    the muscle goes by are its `aliases`, text shown as "Also called"."""

    name: Text
    """The muscle's name as readers see it: `Piriformis`."""
    aliases: tuple[Text, ...] = ()
    """Other names the muscle goes by, shown as "Also called": `Pyriformis`."""
    group: MuscleGroup
    """The group the muscle is listed under: `lumbar`, `abdominal`, `gluteal`, `hip`,
    `pelvic_floor` or `thigh`."""
    anatomy_ids: tuple[AnatomyId, ...] = ()
    """The muscle's ids in the anatomy ontologies: `UBERON:` and seven digits, or `FMA:` and
    digits, such as `UBERON:0008529` or `FMA:19082`."""
    origin: Text
    """Where the muscle arises, in anatomical terms."""
    insertion: Text
    """Where the muscle attaches at its other end, in anatomical terms."""
    innervation: Innervation
    """The nerve that supplies the muscle, and its spinal roots."""
    actions: Annotated[tuple[Text, ...], Field(min_length=1)]
    """What the muscle does, one action per item: `Rotates the extended thigh laterally.`"""
    trigger_points: Annotated[tuple[TriggerPoint, ...], Field(min_length=1)]
    """The muscle's trigger points, each with its referral zones; at least one."""
    symptoms: tuple[Text, ...] = ()
    """What a patient with these trigger points notices, one symptom or group of symptoms per
    item."""
    conditions: tuple[Slug, ...] = ()
    """Ids of conditions in `conditions.yaml` that this muscle's pain relates to, shown as
    "Relates to": `piriformis_syndrome`."""
    mimics: tuple[Slug, ...] = ()
    """Ids of conditions in `conditions.yaml` that this muscle's pain can be mistaken for,
    shown as "Can be mistaken for": `sciatica`."""
    differential: tuple[Text, ...] = ()
    """Other causes of similar pain, one per item, each with what tells it apart."""
    patient_warning_signs: tuple[WarningSign, ...] = ()
    """Signs that pain in this muscle's area may come from something else that needs a
    doctor (an infected kidney, appendicitis, a clot in the calf), each with its urgency and
    sources; the patient handout prints them with the general red flags."""
    perpetuating_factors: tuple[Text, ...] = ()
    """What keeps the trigger points going or brings them back, one per item: postures,
    overloads, other conditions."""
    needling: Needling
    """How the muscle is needled: the patient's position, the approach, depth, hazards and
    precautions."""
    self_care: Annotated[tuple[SelfCare, ...], Field(min_length=1)]
    """Stretches or exercises the patient can do, in plain words; at least one."""
    outlines: FrozenMap[ViewName, Polygon] = Field(default_factory=FrozenMap)
    """The muscle's shape on each body view, keyed by view name: at least three `[x, y]`
    corner points in the view's frame, for the patient's right side."""
    sources: Citations
    """Citations for the muscle as a whole: its anatomy, actions, symptoms and the other
    text without citations of its own; at least one."""

    @field_validator("trigger_points")
    @classmethod
    def _trigger_points_belong_here(
        cls, points: tuple[TriggerPoint, ...], info: ValidationInfo
    ) -> tuple[TriggerPoint, ...]:
        # A field validator, not a model validator, so that the problem is placed at the
        # list of trigger points; `id` is declared first, so it is in `info.data` by now.
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

    def citations(self) -> Iterator[tuple[FieldPath, Citation]]:
        """Every citation in the muscle's file, with its path there, in the order written.

        Examples:
            >>> path, citation = next(lib.muscle("piriformis").citations())
            >>> path, citation.source
            (('sources', 0, 'source'), 'ts_vol2')

        """
        sections: list[tuple[FieldPath, tuple[Citation, ...]]] = [(("sources",), self.sources)]
        for index, point in enumerate(self.trigger_points):
            sections.append((("trigger_points", index, "sources"), point.sources))
        sections.append((("needling", "sources"), self.needling.sources))
        for index, sign in enumerate(self.patient_warning_signs):
            sections.append((("patient_warning_signs", index, "sources"), sign.sources))
        for index, care in enumerate(self.self_care):
            sections.append((("self_care", index, "sources"), care.sources))
        for path, cited in sections:
            for index, citation in enumerate(cited):
                yield (*path, index, "source"), citation

    def zones(self) -> Iterator[tuple[FieldPath, Zone, ZoneEntry]]:
        """Every zone entry of the trigger points, read, with its path and the zone it is in.

        Examples:
            >>> next(lib.muscle("piriformis").zones())
            (('trigger_points', 0, 'essential', 0), 'essential',
             ZoneEntry(region='sacroiliac', both=False))

        """
        for index, point in enumerate(self.trigger_points):
            for zone in ZONES:
                for position, entry in enumerate(point.entries(zone)):
                    yield ("trigger_points", index, zone, position), zone, entry

    def referral_regions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The whole muscle's pattern as written: essential entries, then spillover ones left.

        Entries are region ids, with `:both` where felt on both sides (a bilateral point's
        entries all are). Each comes once, in the order written; a spillover entry that
        another point has as essential counts as essential. Composites stay as written:
        their labels read better than a list of parts.

        Examples:
            >>> essential, spillover = lib.muscle("piriformis").referral_regions()
            >>> essential
            ('sacroiliac', 'buttock_mid', 'buttock_lower', 'buttock_lateral')
            >>> spillover
            ('buttock_upper', 'gluteal_fold', 'posterior_thigh_upper')

        """
        written = [(zone, str(entry)) for _, zone, entry in self.zones()]
        essential = tuple(dict.fromkeys(r for zone, r in written if zone == "essential"))
        spillover = tuple(
            dict.fromkeys(r for zone, r in written if zone == "spillover" and r not in essential)
        )
        return essential, spillover


class Landmark(Model):
    """A bony landmark drawn as an orientation aid, and an anchor for positions.

    A `paired` landmark is written for the patient's right side and mirrored.

    Examples:
        >>> landmarks = {landmark.id: landmark for landmark in lib.view("posterior").landmarks}
        >>> landmarks["greater_trochanter"].label, landmarks["greater_trochanter"].paired
        ('Greater trochanter', True)
        >>> landmarks["sacrum"].paired  # on the midline
        False

    """

    id: Slug
    """The landmark's id, which positions name in `at` and `between`: `greater_trochanter`;
    each id once per view."""
    label: Text
    """The name written beside the landmark on the maps: `Greater trochanter`."""
    at: Point
    """Where the landmark lies, `[x, y]` in the view's frame; a paired landmark is written
    for the patient's right side."""
    paired: bool = True
    """`true` (the default) for a landmark on both sides, written for the right side and
    mirrored; `false` for one on the midline, such as `c7` or `sacrum`."""
    show_label: bool = True
    """Whether the label is written on the maps; `false` draws only the landmark's circle."""
    label_offset: Shift = (6.0, 3.0)
    """Where the label goes relative to the landmark, `[dx, dy]` in view units, as drawn for
    the right side and mirrored for the left: a positive dx starts the label there, a
    negative one ends it there."""


class Contour(Model):
    """An interior line of the figure: the spine, a scapula, a crease or a fold.

    Examples:
        >>> contours = {contour.id: contour for contour in lib.view("posterior").contours}
        >>> contours["spine"].paired, contours["scapula"].paired, contours["scapula"].closed
        (False, True, True)

    """

    id: Slug
    """A name for the line, such as `spine` or `gluteal_fold`, for readers of the file."""
    points: Annotated[tuple[Point, ...], Field(min_length=2)]
    """The points the line runs through, at least two `[x, y]` in the view's frame; it is
    drawn as a smooth curve."""
    closed: bool = False
    """`true` to join the last point back to the first, for a closed shape such as the
    scapula."""
    paired: bool = True
    """`true` (the default) for a line on both sides, written for the right side and
    mirrored in a symmetric view; `false` for a midline line such as the spine."""
    weight: Literal["fine", "faint"] = "fine"
    """How the line is drawn: `fine` (the default), or `faint`, a lighter and thinner line
    for lesser details such as the edges of bones."""


class Overlay(Model):
    """A part of the figure drawn over the regions, such as the arm in the side view.

    Examples:
        >>> [overlay.id for overlay in lib.view("lateral").overlays]
        ['arm']

    """

    id: Slug
    """A name for the part, such as `arm`; the drawing marks the shape with it."""
    outline: Polygon
    """The part's closed outline, at least three `[x, y]` corner points in the view's frame."""


def _each_landmark_once(landmarks: tuple[Landmark, ...]) -> tuple[Landmark, ...]:
    """A view's landmarks, refused when an id comes twice: positions name them by id."""
    ids = [landmark.id for landmark in landmarks]
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    if repeated:
        raise ValueError(f"landmark id(s) {', '.join(repeated)} are used twice")
    return landmarks


class BodyView(Model):
    """One view of the body: its outline, interior lines, landmarks and region shapes.

    In a `symmetric` view the outline is written as the right half, from the
    crown on the midline round to the crotch on the midline, and completed by
    mirroring. Region shapes of paired regions are written for the right side.

    `right_side_on` says on which half of the picture the patient's right side
    is: the viewer's right when the back is seen, the viewer's left when the
    front is. A one-sided view (the side view) shows the patient's right with
    its front toward `right_side_on`, and is mirrored whole for the left side.
    `geometry` reads these two fields; nothing else decides the orientation.

    Examples:
        >>> view = lib.view("anterior")
        >>> view.label, view.symmetric, view.right_side_on  # the patient faces us
        ('Front view', True, 'viewer_left')
        >>> "sacroiliac" in lib.view("posterior").regions
        True

    """

    id: ViewName
    """Which view the file holds, and its file's name: `posterior` (back), `anterior`
    (front) or `lateral` (side)."""
    label: Text
    """The view's name, written under it on the maps: `Back view`."""
    symmetric: bool
    """`true` for a view of both sides (back, front), whose outline is the right half,
    mirrored; `false` for a one-sided view (the side view), whose outline is whole."""
    right_side_on: Literal["viewer_left", "viewer_right"] = "viewer_right"
    """The half of the picture the patient's right side is on: `viewer_right` for the back
    view, `viewer_left` for the front; in a one-sided view, the way the patient's front faces."""
    outline: Annotated[tuple[Point, ...], Field(min_length=3, max_length=MOST_POINTS)]
    """The body's silhouette as `[x, y]` points: in a symmetric view the right half, from the
    crown on the midline round to the crotch on the midline; otherwise the whole figure."""
    overlays: tuple[Overlay, ...] = ()
    """Parts of the figure drawn over the regions, such as the arm in the side view."""
    arm: Polygon | None = None
    """In a view whose outline takes in the arm (back, front), the arm's outline for the
    patient's right side: regions need not cover it, so the coverage of the regions is
    measured on the body without it (and without the overlays)."""
    contours: tuple[Contour, ...] = ()
    """Interior lines of the figure: the spine, a scapula, creases and folds."""
    landmarks: tuple[Landmark, ...] = ()
    """Bony landmarks, drawn to orient the reader and named by trigger point positions."""
    regions: FrozenMap[Slug, Polygon] = Field(default_factory=FrozenMap)
    """The shape of each region seen in this view, keyed by region id: at least three
    `[x, y]` corner points, for the patient's right side if the region is paired."""

    _landmark_ids_unique = field_validator("landmarks")(_each_landmark_once)


class ViewAdditions(Model):
    """A view file written without an `outline`: regions and landmarks added to our view.

    It adds to the view of the same name in the folders below it (the bundled one at
    the least) instead of replacing it: a region or landmark with a new id is added, one
    with an id the view has replaces only that one, and everything else of the view
    stays. Checks run on the view as merged.
    """

    id: ViewName
    """The view added to, and the file's name: `posterior`, `anterior` or `lateral`."""
    regions: FrozenMap[Slug, Polygon] = Field(default_factory=FrozenMap)
    """Region shapes to add (or to replace, for a region the view already draws), keyed by
    region id: at least three `[x, y]` corner points, for the patient's right side if the
    region is paired."""
    landmarks: tuple[Landmark, ...] = ()
    """Landmarks to add (or to replace, by id) for positions to name."""

    _landmark_ids_unique = field_validator("landmarks")(_each_landmark_once)


Urgency = Literal["emergency", "soon", "review"]
"""How soon a warning sign needs a doctor: `emergency` (go to an emergency department now),
`soon` (see a doctor within days) or `review` (see a clinician if it is not settling)."""
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)


class Statement(Model):
    """One sourced sentence of general guidance, optionally under a short label.

    Examples:
        >>> statement = lib.guidance_section("red_flags").statements[0]
        >>> statement.label, statement.urgency
        ('Cauda equina', 'emergency')
        >>> [citation.source for citation in statement.sources][0]
        'finucane_2020'

    """

    id: Slug | None = None
    """An id for a statement that sheets and handouts print on their own: `specialist_only`."""
    label: Text | None = None
    """A short label shown before the text: `Cauda equina`."""
    text: Text
    """The statement itself, in a sentence or two of plain English."""
    urgency: Urgency | None = None
    """For a warning sign, how soon it needs a doctor: `emergency`, `soon` or `review`.
    Every statement of the `red_flags` section has one; pages group them by it."""
    sources: Citations
    """Citations for the statement; at least one."""


class GuidanceSection(Model):
    """A section of the general guidance shown on the about page and in handouts.

    Examples:
        >>> section = lib.guidance_section("red_flags")
        >>> section.title
        'Screen for red flags first'
        >>> sorted({statement.urgency for statement in section.statements})
        ['emergency', 'review', 'soon']

    """

    id: Slug
    """The section's id: `red_flags`."""
    title: Text
    """The section's heading: `Screen for red flags first`."""
    intro: Text | None = None
    """A paragraph shown before the statements; it needs `intro_sources`."""
    intro_sources: tuple[Citation, ...] = ()
    """Citations for the intro; required when there is an intro."""
    statements: Annotated[tuple[Statement, ...], Field(min_length=1)]
    """The section's statements, in the order shown; at least one."""

    @model_validator(mode="after")
    def _intro_is_sourced(self) -> GuidanceSection:
        if self.intro and not self.intro_sources:
            raise ValueError("an intro states facts too: give its intro_sources")
        return self

    def statement(self, statement_id: str) -> Statement:
        """The statement with this id; raises KeyError when the section has none.

        Examples:
            >>> lib.guidance_section("needling_scope").statement("specialist_only").text
            'The muscles of the pelvic floor are examined and treated from inside the pelvis, ...'
            >>> lib.guidance_section("needling_scope").statement("no_such_statement")
            Traceback (most recent call last):
            ...
            KeyError: 'needling_scope.no_such_statement'

        """
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(f"{self.id}.{statement_id}")

    def citations(self) -> Iterator[tuple[FieldPath, Citation]]:
        """Every citation of the section (intro first), with its path in the file.

        Examples:
            >>> path, citation = next(lib.guidance_section("red_flags").citations())
            >>> path
            ('intro_sources', 0, 'source')

        """
        for position, citation in enumerate(self.intro_sources):
            yield ("intro_sources", position, "source"), citation
        for index, statement in enumerate(self.statements):
            for position, citation in enumerate(statement.sources):
                yield ("statements", index, "sources", position, "source"), citation


class GuidanceFile(Model):
    """`guidance.yaml`: what applies to every muscle (safety, evidence, epidemiology)."""

    sections: tuple[GuidanceSection, ...]
    """The sections of guidance, in the order they are shown."""


ROOT_ID_PATTERN = r"^(l[1-5]|s[1-3]|s4_s5)$"
RootId = Annotated[str, StringConstraints(strict=True, pattern=ROOT_ID_PATTERN)]
"""A lumbosacral nerve root: `l1` to `l5`, `s1` to `s3`, and `s4_s5` for the saddle."""


class NerveRoot(Model):
    """A lumbosacral nerve root: where it is felt (its dermatome) and how it is examined.

    The dermatome is the most consistent area of the root's skin (after Lee et al.
    2008), not the whole area it can reach: a pain drawing can be *consistent with*
    it, never proof of it. The root is written for the right side, like a zone.
    """

    id: RootId
    """The root's id: `l5`; `s4_s5` for the saddle roots together."""
    name: Text
    """The root as clinicians write it: `L5`."""
    dermatome: Annotated[tuple[ZoneText, ...], Field(min_length=1)]
    """The regions of its dermatome's consistent area, written for the right side like a
    zone (composites stand for their parts); midline regions for the saddle."""
    key_point: Text
    """Where sensation is tested, by landmarks: `Dorsum of the foot at the third
    metatarsophalangeal joint`."""
    key_point_positions: FrozenMap[ViewName, Position] = Field(default_factory=FrozenMap)
    """Where the key sensory point is marked on each body view, placed like a trigger point."""
    key_muscle: Text | None = None
    """The key muscle and the movement that tests it: `Extensor hallucis longus (great-toe
    extension)`; none for a root without one."""
    reflex: Text | None = None
    """The reflex it serves, if one is reliable: `Achilles (mainly S1)`."""
    disc_level: Text | None = None
    """Which disc herniation usually compresses it: `A posterolateral L4-L5 herniation`."""
    notes: Text | None = None
    """What a clinician should keep in mind about this root's pattern."""
    emergency: bool = False
    """`true` for a root whose loss is an emergency sign (S4-S5, the saddle: cauda equina)."""
    alert_regions: tuple[ZoneText, ...] = ()
    """For an emergency root, the regions where pain alone should prompt the questions for
    its emergency signs (saddle numbness, bladder and bowel), beside its dermatome: the
    perineum and the tailbone for the saddle."""
    sources: Citations
    """Citations for the dermatome, the key point, muscle and reflex; at least one."""


class NerveRootsFile(Model):
    """`nerve_roots.yaml`: the lumbosacral roots beside the trigger points."""

    nerve_roots: tuple[NerveRoot, ...]
    """The roots, L1 to S4-S5."""


class SourcesFile(Model):
    """`sources.yaml`: the bibliography."""

    sources: tuple[Source, ...]
    """Every book, chapter or paper the data cites, each under its own id."""


class ConditionsFile(Model):
    """`conditions.yaml`: the conditions muscles relate to or mimic."""

    conditions: tuple[Condition, ...]
    """The conditions muscles relate to (their `conditions`) or can be mistaken for (their
    `mimics`)."""


class RegionsFile(Model):
    """`regions.yaml`: the vocabulary that referral zones are drawn from, and its groups."""

    groups: tuple[RegionGroup, ...] = ()
    """The groups regions are listed under and tinted by, in the order they are shown."""
    regions: tuple[Region, ...] = ()
    """The regions that referral zones, body views and the pain guide are written in."""
