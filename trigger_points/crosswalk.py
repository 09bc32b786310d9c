"""The codes of two pain body maps, CHOIR and Michigan, and which code mirrors which.

Clinics record where a patient hurts on one of two standard drawings; an area of ours
is filed beside those records by the codes of the areas it lies in:

- the CHOIR body map (Collaborative Health Outcomes Information Registry), 74 areas:
  f01-f36 on the front figure, b01-b38 on the back one. Its development and validation
  paper is PubMed Central PMC7813550.
- the Michigan Body Map, 35 areas numbered 0-34 (and "no chronic pain", not an area),
  seven of them without a side (face, abdomen, pelvis, head, neck, upper and lower back).
  Its preliminary validation paper is PubMed Central PMC4868633.

Codes and labels were read from the open-source REDCap image-map module that draws both
(`ctsit/imagemap`: `maps/choirbodymap_male.html`, `maps/mbody.html`). In both maps left
and right are the patient's own. CHOIR numbers the right side first on the front figure
and the left side first on the back one, so a code's side is looked up, never worked out
from its number.

This module is the bottom layer of the crosswalk: the tables, the code types that
`model.Region` validates its `choir` and `michigan` fields with, and `Codes`, a set of
codes of both maps. Which region carries which code is data (`regions.yaml`); turning
painful regions into codes is the Library's (`Library.codes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, Field

from trigger_points.errors import did_you_mean, excerpt

__all__ = [
    "CHOIR_AREAS",
    "MICHIGAN_AREAS",
    "Area",
    "ChoirCode",
    "Codes",
    "MichiganCode",
    "choir_mirror",
    "known_choir_code",
    "known_michigan_code",
    "michigan_mirror",
]

CodeSide = Literal["left", "right"]
"""The patient's side an area is on: the same values as `model.Side`, which sits above
this module."""

CodeT = TypeVar("CodeT", str, int)


@dataclass(frozen=True)
class Area(Generic[CodeT]):
    """One area of a body map: its code, its label and the patient's side it is on."""

    code: CodeT
    """The code the map records the area by: `b24` (CHOIR), `34` (Michigan)."""
    label: str
    """The area's name, as the map's key says it: `buttocks`."""
    side: CodeSide | None
    """The patient's side; None for an area across the midline (Michigan's `lower back`)."""
    mirror: CodeT
    """The code of the same area on the patient's other side; its own code if unsided."""


def _paired(right: CodeT, left: CodeT, label: str) -> tuple[Area[CodeT], Area[CodeT]]:
    return Area(right, label, "right", left), Area(left, label, "left", right)


# Each row is (right, left, label). CHOIR's back figure numbers the left side first,
# so its rows read "b02, b01": the order of the columns is the same everywhere.
_CHOIR_ROWS: tuple[tuple[str, str, str], ...] = (
    # front, f01-f36
    ("f01", "f02", "cranium"),
    ("f03", "f04", "face"),
    ("f05", "f06", "neck"),
    ("f07", "f10", "shoulder"),
    ("f08", "f09", "chest"),
    ("f11", "f12", "bicep"),
    ("f13", "f14", "elbow"),
    ("f15", "f18", "forearm"),
    ("f16", "f17", "abdomen"),
    ("f19", "f24", "wrist"),
    ("f20", "f23", "hip"),
    ("f21", "f22", "pubic"),
    ("f25", "f28", "hand (palm)"),
    ("f26", "f27", "upper leg"),
    ("f29", "f30", "knee"),
    ("f31", "f32", "lower leg"),
    ("f33", "f34", "ankle"),
    ("f35", "f36", "foot (top)"),
    # back, b01-b38
    ("b02", "b01", "cranium"),
    ("b04", "b03", "head"),
    ("b06", "b05", "neck"),
    ("b10", "b07", "shoulder"),
    ("b09", "b08", "upper back"),
    ("b14", "b11", "bicep"),
    ("b13", "b12", "middle back"),
    ("b16", "b15", "elbow"),
    ("b20", "b17", "forearm"),
    ("b19", "b18", "lower back"),
    ("b26", "b21", "wrist"),
    ("b25", "b22", "hip"),
    ("b24", "b23", "buttocks"),
    ("b30", "b27", "hand (top)"),
    ("b29", "b28", "upper leg"),
    ("b32", "b31", "knee"),
    ("b34", "b33", "lower leg"),
    ("b36", "b35", "ankle"),
    ("b38", "b37", "foot (bottom)"),
)

_MICHIGAN_ROWS: tuple[tuple[int, int, str], ...] = (
    (1, 2, "jaw"),
    (3, 4, "chest"),
    (5, 6, "upper arm"),
    (7, 8, "elbow"),
    (9, 10, "lower arm"),
    (11, 12, "wrist and hand"),
    (15, 16, "groin"),
    (17, 18, "upper leg"),
    (19, 20, "knee"),
    (21, 22, "lower leg"),
    (23, 24, "ankle and foot"),
    # the back figure numbers the left side first
    (28, 27, "shoulder"),
    (32, 31, "hip"),
    (34, 33, "buttocks"),
)
_MICHIGAN_UNSIDED: tuple[tuple[int, str], ...] = (
    (0, "face"),
    (13, "abdomen"),
    (14, "pelvis"),
    (25, "head"),
    (26, "neck"),
    (29, "upper back"),
    (30, "lower back"),
)

CHOIR_AREAS: dict[str, Area[str]] = {
    area.code: area
    for area in sorted(
        (area for row in _CHOIR_ROWS for area in _paired(*row)),
        key=lambda area: (area.code[0] == "b", area.code),
    )
}
"""The 74 CHOIR areas by code, front (f01-f36) then back (b01-b38)."""

MICHIGAN_AREAS: dict[int, Area[int]] = {
    area.code: area
    for area in sorted(
        [
            *(area for row in _MICHIGAN_ROWS for area in _paired(*row)),
            *(Area(code, label, None, code) for code, label in _MICHIGAN_UNSIDED),
        ],
        key=lambda area: area.code,
    )
}
"""The 35 Michigan areas by number, 0-34."""


def known_choir_code(code: str) -> str:
    """The code, if CHOIR has an area by it; ValueError saying what the codes are if not."""
    if code not in CHOIR_AREAS:
        raise ValueError(
            f"{excerpt(code)} is not a CHOIR body map code: they are f01 to f36 on the front "
            f"figure and b01 to b38 on the back one, always with two digits{_hint(code)}"
        )
    return code


def _hint(code: str) -> str:
    """`; did you mean 'f05'?` for `f5` or `F05`, else the closest codes there are."""
    if not isinstance(code, str):
        return ""
    padded = code[:1].lower() + code[1:].zfill(2)
    if padded in CHOIR_AREAS:
        return f"; did you mean {padded!r}?"
    return did_you_mean(code, CHOIR_AREAS)


def known_michigan_code(code: int) -> int:
    """The number, if the Michigan Body Map has an area by it; ValueError if not."""
    if code not in MICHIGAN_AREAS:
        raise ValueError(f"{excerpt(code)} is not a Michigan Body Map area: they are 0 to 34")
    return code


ChoirCode = Annotated[
    str,
    Field(strict=True, json_schema_extra={"enum": list(CHOIR_AREAS)}),
    AfterValidator(known_choir_code),
]
"""A CHOIR body map code, `f01` to `f36` (front) or `b01` to `b38` (back)."""

MichiganCode = Annotated[
    int,
    Field(strict=True, json_schema_extra={"enum": list(MICHIGAN_AREAS)}),
    AfterValidator(known_michigan_code),
]
"""A Michigan Body Map area, 0 to 34."""


def choir_mirror(code: str) -> str:
    """The CHOIR code of the same area on the patient's other side: `b24` -> `b23`.

    Raises ValueError for a code CHOIR does not have.
    """
    return CHOIR_AREAS[known_choir_code(code)].mirror


def michigan_mirror(code: int) -> int:
    """The Michigan area on the patient's other side (`34` -> `33`); an unsided one is itself.

    Raises ValueError for a number the map does not have.
    """
    return MICHIGAN_AREAS[known_michigan_code(code)].mirror


@dataclass(frozen=True)
class Codes:
    """The codes of both body maps that some painful regions are filed under.

    Each code comes once: CHOIR codes sorted as text (`b24` before `f21`), Michigan areas
    as numbers, however they were given. Raises ValueError for a code a map does not have.

    Examples:
        [`Library.codes`][trigger_points.library.Library.codes] files regions under both maps:

        >>> lib.codes("buttock:right")
        Codes(choir=('b24',), michigan=(34,))
        >>> tp.Codes(choir=("f21", "b24", "b24"))
        Codes(choir=('b24', 'f21'), michigan=())
        >>> tp.Codes(choir=("b99",))
        Traceback (most recent call last):
        ...
        ValueError: 'b99' is not a CHOIR body map code: ...

    """

    choir: tuple[str, ...] = ()
    """CHOIR body map codes, such as `b24` (right buttocks)."""
    michigan: tuple[int, ...] = ()
    """Michigan Body Map areas, such as `34` (right buttocks)."""

    def __post_init__(self) -> None:
        choir = tuple(sorted({known_choir_code(code) for code in self.choir}))
        michigan = tuple(sorted({known_michigan_code(code) for code in self.michigan}))
        object.__setattr__(self, "choir", choir)
        object.__setattr__(self, "michigan", michigan)

    @classmethod
    def union(cls, many: Iterable[Codes]) -> Codes:
        """Every code of any of them; `a | b` is the same for two.

        Examples:
            >>> tp.Codes.union([lib.codes("buttock:right"), lib.codes("sacrum")])
            Codes(choir=('b18', 'b19', 'b24'), michigan=(30, 34))
            >>> tp.Codes(michigan=(34,)) | tp.Codes(michigan=(33,))
            Codes(choir=(), michigan=(33, 34))

        """
        found = list(many)
        choir = (code for codes in found for code in codes.choir)
        michigan = (code for codes in found for code in codes.michigan)
        return cls(tuple(choir), tuple(michigan))

    def __or__(self, other: Codes) -> Codes:
        return Codes.union((self, other))

    def mirrored(self) -> Codes:
        """The same areas on the patient's other side; unsided Michigan areas stay.

        Examples:
            >>> lib.codes("buttock:right").mirrored()
            Codes(choir=('b23',), michigan=(33,))

        """
        return Codes(
            tuple(choir_mirror(code) for code in self.choir),
            tuple(michigan_mirror(code) for code in self.michigan),
        )

    def as_data(self) -> dict[str, Any]:
        """Plain JSON-ready data, as the export and the report's JSON write it.

        Examples:
            >>> lib.codes("buttock:right").as_data()
            {'choir': ['b24'], 'michigan': [34]}

        """
        return {"choir": list(self.choir), "michigan": list(self.michigan)}
