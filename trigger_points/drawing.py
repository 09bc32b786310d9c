"""The intake pain drawing: marked regions with an intensity and a quality, as a small JSON file.

A patient or therapist marks regions on the body chart, each with an intensity
0-10 and one or more of the classic pain-drawing qualities (Ransford et al.
1976: aching, burning, pins and needles, numbness, stabbing), plus a date and
a note. The file is versioned (`format` and `version`) and has a published
JSON Schema (`trigger-points schema pain-drawing`).

A file is untrusted: it is read as strict JSON (no duplicate keys, no NaN),
capped in size, validated against the model and then checked against a
Library's regions; every problem is reported at once, placed at its line as
`file:line:col: field: message`. Saving writes canonical JSON (marks sorted by
region, qualities in their fixed order, keys sorted), so a saved drawing loads
and saves to the same bytes.

This module holds the model and its reading and writing; it draws nothing
(`charts.render_marked_drawing` and `report` do).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator

from trigger_points.errors import DataError, Problem, UnknownIdError, excerpt, shown_path
from trigger_points.explain import describe, validate
from trigger_points.library import Library
from trigger_points.loader import Document, not_a_regular_file, parse_yaml
from trigger_points.model import REGION_KEY_PATTERN, Model, RegionKey

__all__ = [
    "DRAWING_FORMAT",
    "DRAWING_VERSION",
    "MAX_DRAWING_BYTES",
    "MAX_MARKS",
    "MAX_NOTE_LENGTH",
    "QUALITIES",
    "QUALITY_LABELS",
    "QUALITY_SOURCE",
    "QUALITY_SYMBOLS",
    "Mark",
    "PainDrawing",
    "Quality",
    "drawing_json",
    "parse_drawing",
    "read_drawing",
]

DRAWING_FORMAT: Literal["trigger-points/pain-drawing"] = "trigger-points/pain-drawing"
"""What a drawing file says it is, so that another JSON file is refused by name."""
DRAWING_VERSION: Literal[1] = 1
"""The version of the file's shape; a reader refuses versions it does not know."""

Quality = Literal["aching", "burning", "pins_and_needles", "numbness", "stabbing"]
"""How the pain feels, in the categories of Ransford et al.'s pain drawing."""
QUALITIES: tuple[Quality, ...] = get_args(Quality)
"""The qualities in their fixed order: a mark lists its qualities in this order."""
QUALITY_LABELS: dict[Quality, str] = {
    "aching": "Aching",
    "burning": "Burning",
    "pins_and_needles": "Pins and needles",
    "numbness": "Numbness",
    "stabbing": "Stabbing",
}
QUALITY_SYMBOLS: dict[Quality, str] = {
    "aching": "\u2227\u2227\u2227",
    "burning": "xxx",
    "pins_and_needles": "ooo",
    "numbness": "===",
    "stabbing": "///",
}
"""The symbol a patient draws for each quality on Ransford's form."""
QUALITY_SOURCE = "ransford_1976"
"""The source of the qualities and their symbols (in sources.yaml)."""

MAX_NOTE_LENGTH = 2000
"""A note is a few sentences for the chart, not a record: a longer one is refused."""
MAX_MARKS = 400
"""More than every region on both sides: a file with more is not a drawing."""
MAX_DRAWING_BYTES = 200_000
"""A drawing of every region with a full note is under 40 KB; a bigger file is refused unread."""

MARKED_TWICE = "is marked more than once: mark a region once"

_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def _note_text(text: str) -> str:
    """A note may run over lines, but holds no other control character and is not blank."""
    bad = _NOTE_CONTROL.search(text)
    if bad:
        raise ValueError(f"contains the control character {bad.group()!r}")
    if not text.strip():
        raise ValueError("is blank: leave the note out instead")
    return text


def _iso_date(text: str) -> str:
    """A calendar date written YYYY-MM-DD, kept as written so that it saves the same."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{excerpt(text)} is not a date written YYYY-MM-DD") from None
    return text


class Mark(Model):
    """One marked region of the drawing: where, how strong, what it feels like.

    Examples:
        >>> from trigger_points.drawing import Mark
        >>> mark = Mark(region="buttock_upper:right", intensity=6, qualities=["numbness", "aching"])
        >>> mark.qualities  # in their fixed order
        ('aching', 'numbness')
        >>> try:
        ...     Mark(region="calf:left", intensity=4, qualities=["aching", "aching"])
        ... except ValueError as error:  # pydantic's ValidationError
        ...     print(error.errors()[0]["msg"])
        Value error, aching is listed more than once

    """

    region: Annotated[
        str, StringConstraints(strict=True, pattern=REGION_KEY_PATTERN, max_length=80)
    ]
    """The region, with the patient's side for a paired region (`buttock_lower:right`) and
    without one for a midline region (`sacrum`)."""
    intensity: Annotated[int, Field(strict=True, ge=0, le=10)]
    """How strong the pain is there, from 0 (none) to 10 (the worst imaginable), a whole
    number."""
    qualities: Annotated[tuple[Quality, ...], Field(min_length=1, max_length=len(QUALITIES))]
    """What it feels like there: one or more of `aching`, `burning`, `pins_and_needles`,
    `numbness`, `stabbing` (Ransford's pain-drawing symbols), each at most once."""

    @field_validator("qualities")
    @classmethod
    def _qualities_once_in_order(cls, qualities: tuple[Quality, ...]) -> tuple[Quality, ...]:
        repeated = sorted({q for q in qualities if qualities.count(q) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} is listed more than once")
        return tuple(q for q in QUALITIES if q in qualities)


class PainDrawing(Model):
    """An intake pain drawing: the marked regions, the date and a note.

    Marks are kept sorted by region and each mark's qualities in their fixed
    order, so two equal drawings save to the same bytes. A file must say its
    `format` and `version` (the schema requires them); in Python they default.

    Examples:
        >>> from trigger_points.drawing import Mark
        >>> drawing = tp.PainDrawing(
        ...     date="2026-03-14",
        ...     marks=[
        ...         Mark(region="sacrum", intensity=3, qualities=["aching"]),
        ...         Mark(region="buttock_upper:right", intensity=6, qualities=["aching"]),
        ...     ],
        ... )
        >>> drawing.regions  # sorted
        ('buttock_upper:right', 'sacrum')
        >>> drawing.format, drawing.version  # what its file says it is
        ('trigger-points/pain-drawing', 1)
        >>> try:
        ...     tp.PainDrawing(marks=[*drawing.marks, drawing.mark("sacrum")])
        ... except ValueError as error:
        ...     print(error.errors()[0]["msg"])
        Value error, sacrum is marked more than once: mark a region once

    """

    model_config = ConfigDict(json_schema_extra={"required": ["format", "version"]})

    format: Literal["trigger-points/pain-drawing"] = DRAWING_FORMAT
    """What the file is: always `trigger-points/pain-drawing`."""
    version: Literal[1] = DRAWING_VERSION
    """The version of the file's shape: `1`."""
    date: Annotated[str, StringConstraints(strict=True), AfterValidator(_iso_date)] | None = None
    """The day the drawing was made, as `YYYY-MM-DD`; left out when not given."""
    note: (
        Annotated[
            str,
            StringConstraints(strict=True, max_length=MAX_NOTE_LENGTH),
            AfterValidator(_note_text),
        ]
        | None
    ) = None
    """A free note for the chart, at most 2000 characters; left out when empty."""
    marks: Annotated[tuple[Mark, ...], Field(max_length=MAX_MARKS)] = ()
    """The marked regions, each region once; an empty list is a drawing with no pain marked."""

    @field_validator("version", mode="before")
    @classmethod
    def _a_version_we_read(cls, version: object) -> object:
        if type(version) is not int:  # not `true`, which Python counts as 1
            raise ValueError(f"expected the number {DRAWING_VERSION}, got {describe(version)}")
        if version != DRAWING_VERSION:
            raise ValueError(
                f"version {excerpt(version)} is not one this reader knows: it reads version "
                f"{DRAWING_VERSION}; use a trigger-points that reads version {excerpt(version)}"
            )
        return version

    @field_validator("marks")
    @classmethod
    def _each_region_once_sorted(cls, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
        regions = [mark.region for mark in marks]
        repeated = sorted({region for region in regions if regions.count(region) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} {MARKED_TWICE}")
        return tuple(sorted(marks, key=lambda mark: mark.region))

    @property
    def regions(self) -> tuple[str, ...]:
        """The marked regions' keys, sorted.

        Examples:
            >>> from trigger_points.drawing import parse_drawing
            >>> drawing = parse_drawing(
            ...     '{"format": "trigger-points/pain-drawing", "version": 1, "marks": ['
            ...     '{"region": "sacrum", "intensity": 3, "qualities": ["aching"]},'
            ...     '{"region": "calf:left", "intensity": 5, "qualities": ["burning"]}]}'
            ... )
            >>> drawing.regions
            ('calf:left', 'sacrum')

        """
        return tuple(mark.region for mark in self.marks)

    def mark(self, region: str) -> Mark:
        """The mark of one region; raises KeyError when it is not marked.

        Examples:
            >>> from trigger_points.drawing import Mark, PainDrawing
            >>> sacrum = Mark(region="sacrum", intensity=3, qualities=["aching"])
            >>> drawing = PainDrawing(marks=[sacrum])
            >>> drawing.mark("sacrum").intensity
            3
            >>> drawing.mark("coccyx")
            Traceback (most recent call last):
            ...
            KeyError: 'coccyx'

        """
        for mark in self.marks:
            if mark.region == region:
                return mark
        raise KeyError(region)


def drawing_json(drawing: PainDrawing) -> str:
    """The drawing as its canonical file: sorted keys, two-space indents, a final newline.

    Loading the text and saving it again gives the same bytes.

    Examples:
        >>> from trigger_points.drawing import Mark, PainDrawing, drawing_json, parse_drawing
        >>> drawing = PainDrawing(marks=[Mark(region="sacrum", intensity=3, qualities=["aching"])])
        >>> text = drawing_json(drawing)
        >>> print(text, end="")
        {
          "format": "trigger-points/pain-drawing",
          "marks": [
            {
              "intensity": 3,
              "qualities": [
                "aching"
              ],
              "region": "sacrum"
            }
          ],
          "version": 1
        }
        >>> drawing_json(parse_drawing(text)) == text
        True

    """
    data = drawing.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def parse_drawing(
    text: str, file: str = "<drawing>", library: Library | None = None
) -> PainDrawing:
    """Read a drawing from JSON text; with a library, check its regions too.

    Raises DataError listing every problem, each placed at its line and column:
    text that is not JSON, a repeated key, another format or version, an unknown
    field, an intensity out of 0-10, an unknown quality, an unknown region, or a
    paired region without its side.

    Examples:
        >>> from trigger_points.drawing import parse_drawing
        >>> text = (
        ...     '{"format": "trigger-points/pain-drawing", "version": 1, "marks": ['
        ...     '{"region": "buttock_upper:right", "intensity": 6, "qualities": ["aching"]}]}'
        ... )
        >>> parse_drawing(text, library=lib).mark("buttock_upper:right").qualities
        ('aching',)

        Every problem comes at once, each at its line and column:

        >>> text = (
        ...     '{"format": "trigger-points/pain-drawing", "version": 1, "marks": ['
        ...     '{"region": "buttock_upper", "intensity": 11, "qualities": ["aching"]}]}'
        ... )
        >>> try:
        ...     parse_drawing(text, "drawing.json", library=lib)
        ... except tp.DataError as error:
        ...     for problem in error.problems:
        ...         print(problem)
        drawing.json:1:...: marks[0].region: unknown region 'buttock_upper': say which side: ...
        drawing.json:1:...: marks[0].intensity: input should be less than or equal to 10, ...

    """
    content = _strict_json(text, file)
    document = _placed(text, file, content)
    problems: list[Problem] = []
    if isinstance(content, dict):
        problems += (
            document.problem([name], f"missing: a drawing file says {name!r}: {default!r}")
            for name, default in (("format", DRAWING_FORMAT), ("version", DRAWING_VERSION))
            if name not in content
        )
    drawing: PainDrawing | None = None
    found = list(_region_problems(document, library))
    try:
        drawing = validate(document, PainDrawing)
    except DataError as error:
        # A repeated region is placed at the repeat (below), not at the whole list.
        problems += (p for p in error.problems if not p.message.endswith(MARKED_TWICE))
    problems += found
    if problems or drawing is None:
        raise DataError(problems)
    return drawing


def read_drawing(path: Path, library: Library | None = None) -> PainDrawing:
    """Read a drawing file (UTF-8 JSON of at most MAX_DRAWING_BYTES); see `parse_drawing`.

    With a library, the drawing's regions are checked against it too. A file that cannot
    be read, is too large or is not UTF-8 raises DataError, like a file that is not a
    drawing.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from trigger_points.drawing import read_drawing
        >>> folder = Path(tempfile.mkdtemp())
        >>> path = folder / "drawing.json"
        >>> _ = path.write_text(
        ...     '{"format": "trigger-points/pain-drawing", "version": 1, "marks": '
        ...     '[{"region": "sacrum", "intensity": 4, "qualities": ["aching"]}]}',
        ...     encoding="utf-8",
        ... )
        >>> read_drawing(path, lib).regions
        ('sacrum',)

    """
    file = shown_path(path)

    def refused(message: str) -> DataError:
        return DataError([Problem(file, 1, 1, "", message)])

    try:
        why = not_a_regular_file(path.stat().st_mode)
        if why:
            raise refused(why)
        with path.open("rb") as stream:
            raw = stream.read(MAX_DRAWING_BYTES + 1)
    except OSError as error:
        raise refused(f"cannot read the file: {error.strerror}") from None
    if len(raw) > MAX_DRAWING_BYTES:
        raise refused(f"the file is over {MAX_DRAWING_BYTES:,} bytes: not a pain drawing")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise refused("the file is not UTF-8 text") from None
    return parse_drawing(text, file, library)


class _DuplicateKeyError(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a repeated key (json.loads would keep the last silently)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKeyError(f"the key {excerpt(key)} is written twice")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _strict_json(text: str, file: str) -> Any:
    """The text as strict JSON; DataError placed at the mistake otherwise."""
    if len(text) > MAX_DRAWING_BYTES:
        message = f"the text is over {MAX_DRAWING_BYTES:,} characters: not a pain drawing"
        raise DataError([Problem(file, 1, 1, "", message)])
    try:
        return json.loads(
            text.removeprefix("\ufeff"), object_pairs_hook=_object, parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg}"
        raise DataError([Problem(file, error.lineno, error.colno, "", message)]) from None
    except _DuplicateKeyError as error:
        try:  # the YAML reader refuses the same key, and says where
            parse_yaml(text, file)
        except DataError as placed:
            raise placed from None
        raise DataError([Problem(file, 1, 1, "", f"not valid JSON: {error}")]) from None
    except (ValueError, RecursionError) as error:  # NaN, a number too long to convert
        raise DataError([Problem(file, 1, 1, "", f"not valid JSON: {error}")]) from None


def _placed(text: str, file: str, content: Any) -> Document:
    """The JSON content with the place of every value, read through the safe YAML reader.

    JSON is YAML, so the reader that places data files places a drawing's values; the
    content itself is the strict JSON parser's (YAML would read `1e3` as text). A file the
    YAML reader refuses but JSON accepts is placed at its start.
    """
    try:
        marks = parse_yaml(text, file)
    except DataError:
        return Document(file, content, {}, {})
    return Document(file, content, marks.value_marks, marks.key_marks)


def _region_problems(document: Document, library: Library | None) -> Iterator[Problem]:
    """Each mark's region marked once and, with a library, known, sided and not overlapping.

    Read from the content as written, so that each problem names the mark's place
    in the file (and is found even when another mark fails); what the model refuses
    anyway is left to it.
    """
    content = document.content
    marks = content.get("marks") if isinstance(content, dict) else None
    if not isinstance(marks, list):
        return
    covered: dict[RegionKey, str] = {}
    first: dict[str, int] = {}
    for index, mark in enumerate(marks):
        region = mark.get("region") if isinstance(mark, dict) else None
        if not isinstance(region, str) or not re.fullmatch(REGION_KEY_PATTERN, region):
            continue
        path = ("marks", index, "region")
        if first.setdefault(region, index) != index:
            message = f"{region} {MARKED_TWICE} (first at marks[{first[region]}])"
            yield document.problem(path, message)
            continue
        if library is None:
            continue
        try:
            library.region_key(region, sided=True)
        except UnknownIdError as error:
            yield document.problem(path, str(error))
            continue
        for leaf in library.leaves(region):
            other = covered.setdefault(leaf, region)
            if other != region:
                message = f"{region} overlaps {other} (both hold {leaf}): mark each place once"

                yield document.problem(path, message)
                break
