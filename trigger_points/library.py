"""The Library: every data file loaded, merged, cross-checked, and looked up by id.

A data folder holds `sources.yaml`, `conditions.yaml`, `regions.yaml` and
`muscles/<id>.yaml`, each optional in a user's folder. Folders are layered:
the bundled data first, then each folder the user names, a later folder
replacing an earlier one's entry with the same id. Within one folder an id
may appear only once.

The rules that span files live here (is every cited region, condition and
source known?), reported with the place of the reference, all at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from trigger_points.checks import check_geometry, check_references
from trigger_points.entries import Collection, Entry
from trigger_points.errors import DataError, Problem, UnknownIdError, did_you_mean
from trigger_points.guide import Candidate, Guide
from trigger_points.loader import read_yaml, validate
from trigger_points.model import (
    MUSCLE_GROUP_LABELS,
    VIEW_NAMES,
    BodyView,
    Condition,
    ConditionsFile,
    GuidanceFile,
    GuidanceSection,
    Muscle,
    MuscleGroup,
    Region,
    RegionsFile,
    Source,
    SourcesFile,
    TriggerPoint,
)
from trigger_points.resources import bundled_path

MUSCLE_FOLDER = "muscles"
BODY_FOLDER = "body"

_LIST_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "sources.yaml": (SourcesFile, "sources"),
    "conditions.yaml": (ConditionsFile, "conditions"),
    "regions.yaml": (RegionsFile, "regions"),
    "guidance.yaml": (GuidanceFile, "sections"),
}


def _read_list_file(folder: Path, name: str, problems: list[Problem]) -> list[Entry[Any]]:
    """The entries of one of the list files (`sources.yaml`, ...); none if it is absent."""
    path = folder / name
    if not path.is_file():
        return []
    file_model, field = _LIST_FILES[name]
    try:
        document = read_yaml(path)
        parsed = validate(document, file_model)
    except DataError as error:
        problems.extend(error.problems)
        return []
    items: tuple[Any, ...] = getattr(parsed, field)
    return [Entry(item, document, (field, index)) for index, item in enumerate(items)]


def _read_item_files(
    folder: Path, model: type[Muscle] | type[BodyView], problems: list[Problem]
) -> list[Entry[Any]]:
    """The files of a folder holding one item each, every file named `<id>.yaml`."""
    entries: list[Entry[Any]] = []
    for path in sorted(folder.glob("*.y*ml")):
        try:
            document = read_yaml(path)
        except DataError as error:
            problems.extend(error.problems)
            continue
        written_id = document.content.get("id") if isinstance(document.content, dict) else None
        if path.suffix != ".yaml":
            problems.append(document.problem((), f"name the file <id>.yaml, not {path.name!r}"))
        elif isinstance(written_id, str) and written_id != path.stem:
            message = f"the id {written_id!r} must match the file name {path.name!r}"
            problems.append(document.problem(("id",), message))
        try:
            entries.append(Entry(validate(document, model), document, ()))
        except DataError as error:
            problems.extend(error.problems)
    return entries


class Library:
    """The loaded, cross-checked data, with look-ups by id.

    Build one with `load_library()`; every attribute is immutable and ordered by id.
    """

    def __init__(
        self,
        *,
        sources: Mapping[str, Source],
        conditions: Mapping[str, Condition],
        regions: Mapping[str, Region],
        muscles: Mapping[str, Muscle],
        views: Mapping[str, BodyView] | None = None,
        guidance: Sequence[GuidanceSection] = (),
    ) -> None:
        self._sources = dict(sorted(sources.items()))
        self._conditions = dict(sorted(conditions.items()))
        self._regions = dict(sorted(regions.items()))
        self._muscles = dict(sorted(muscles.items()))
        self._guidance = {section.id: section for section in guidance}
        known_views = views or {}
        self._views: dict[str, BodyView] = {
            name: known_views[name] for name in VIEW_NAMES if name in known_views
        }
        self._trigger_points = {
            point.id: point for muscle in self._muscles.values() for point in muscle.trigger_points
        }

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Every muscle, ordered by id."""
        return tuple(self._muscles.values())

    @property
    def trigger_points(self) -> tuple[TriggerPoint, ...]:
        """Every trigger point of every muscle, ordered by muscle, then as the muscle lists them."""
        return tuple(self._trigger_points.values())

    @property
    def views(self) -> tuple[BodyView, ...]:
        """The body views the figure is drawn in: posterior, anterior, lateral."""
        return tuple(self._views.values())

    @property
    def guidance(self) -> tuple[GuidanceSection, ...]:
        """The general guidance (safety, evidence, epidemiology), in the order written."""
        return tuple(self._guidance.values())

    def guidance_section(self, section_id: str) -> GuidanceSection:
        """One section of the guidance; raises UnknownIdError naming close matches."""
        return _look_up("guidance section", self._guidance, section_id)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The region vocabulary, ordered by id."""
        return tuple(self._regions.values())

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, ordered by id."""
        return tuple(self._conditions.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, ordered by id."""
        return tuple(self._sources.values())

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id; raises UnknownIdError naming close matches."""
        return _look_up("muscle", self._muscles, muscle_id)

    def trigger_point(self, trigger_point_id: str) -> TriggerPoint:
        """The trigger point `<muscle>.<point>`; raises UnknownIdError naming close matches."""
        return _look_up("trigger point", self._trigger_points, trigger_point_id)

    def region(self, region_id: str) -> Region:
        """The region with this id; a side (`sacroiliac:right`) is accepted and checked."""
        name, _, side = region_id.partition(":")
        region = _look_up("region", self._regions, name)
        if side and (region.laterality == "midline" or side not in ("left", "right")):
            allowed = "no side" if region.laterality == "midline" else "the side left or right"
            raise UnknownIdError(f"region ({region.id} takes {allowed})", region_id, ())
        return region

    def view(self, view_id: str) -> BodyView:
        """The body view with this id; raises UnknownIdError naming the views there are."""
        return _look_up("view", self._views, view_id)

    def condition(self, condition_id: str) -> Condition:
        """The condition with this id; raises UnknownIdError naming close matches."""
        return _look_up("condition", self._conditions, condition_id)

    def source(self, source_id: str) -> Source:
        """The source with this id; raises UnknownIdError naming close matches."""
        return _look_up("source", self._sources, source_id)

    @cached_property
    def pain_guide(self) -> Guide:
        """The referral patterns of every trigger point on each side, indexed for the guide."""
        return Guide(self._muscles.values(), self._regions)

    def guide(self, regions: str | Sequence[str], *, limit: int | None = None) -> list[Candidate]:
        """The trigger points that may refer pain to these regions, best first.

        `regions` are region ids with their side (`lateral_thigh:right`) or midline
        ids (`sacrum`). Each candidate carries its score in [0, 1] and its reasons.
        Raises UnknownIdError for an unknown region or a missing side.
        """
        return self.pain_guide.rank(regions, limit=limit)

    def muscles_by_group(self) -> list[tuple[MuscleGroup, tuple[Muscle, ...]]]:
        """The non-empty muscle groups in their usual order, each with its muscles by id."""
        grouped = [
            (group, tuple(m for m in self.muscles if m.group == group))
            for group in MUSCLE_GROUP_LABELS
        ]
        return [(group, members) for group, members in grouped if members]

    def muscles_for_condition(self, condition_id: str) -> tuple[Muscle, ...]:
        """The muscles that relate to or mimic a condition, ordered by id."""
        self.condition(condition_id)
        return tuple(
            m for m in self.muscles if condition_id in m.conditions or condition_id in m.mimics
        )


LookedUp = TypeVar("LookedUp")


def _look_up(kind: str, items: Mapping[str, LookedUp], key: str) -> LookedUp:
    try:
        return items[key]
    except KeyError:
        raise UnknownIdError(kind, key, items) from None


def load_library(*folders: str | Path) -> Library:
    """Load the bundled data, then each folder in turn, later ids replacing earlier ones.

    Raises DataError listing every problem in every file, each with its place,
    and FileNotFoundError for a folder that does not exist.
    """
    layers = [bundled_path("data"), *(Path(folder) for folder in folders)]
    for folder in layers:
        if not folder.is_dir():
            what = "not a folder" if folder.exists() else "no such data folder"
            raise FileNotFoundError(f"{folder}: {what}")
    problems: list[Problem] = []
    sources = Collection[Source]("source", {})
    conditions = Collection[Condition]("condition", {})
    regions = Collection[Region]("region", {})
    muscles = Collection[Muscle]("muscle", {})
    views = Collection[BodyView]("view", {})
    guidance = Collection[GuidanceSection]("guidance section", {})
    for folder in layers:
        _check_folder_contents(folder, problems)
        sources.merge(_read_list_file(folder, "sources.yaml", problems), problems)
        conditions.merge(_read_list_file(folder, "conditions.yaml", problems), problems)
        regions.merge(_read_list_file(folder, "regions.yaml", problems), problems)
        guidance.merge(_read_list_file(folder, "guidance.yaml", problems), problems)
        muscles.merge(_read_item_files(folder / MUSCLE_FOLDER, Muscle, problems), problems)
        views.merge(_read_item_files(folder / BODY_FOLDER, BodyView, problems), problems)
    problems += check_references(sources, conditions, regions, muscles, guidance)
    problems += check_geometry(views, regions, muscles)
    if problems:
        raise DataError(problems)
    return Library(
        sources=sources.items(),
        conditions=conditions.items(),
        regions=regions.items(),
        muscles=muscles.items(),
        views=views.items(),
        guidance=[entry.item for entry in guidance.entries.values()],
    )


DATA_FOLDERS = (MUSCLE_FOLDER, BODY_FOLDER, "schema")
"""The sub-folders a data folder may hold; `schema` holds the JSON Schemas, not data."""


def _check_folder_contents(folder: Path, problems: list[Problem]) -> None:
    """Name a misspelt data file or folder instead of silently skipping it."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and path.name not in DATA_FOLDERS:
            hint = did_you_mean(path.name, DATA_FOLDERS)
            message = f"unknown data folder; expected {MUSCLE_FOLDER}/ or {BODY_FOLDER}/{hint}"
            problems.append(Problem(str(path), 1, 1, "", message))
        elif (
            path.is_file()
            and path.suffix.lower() in (".yaml", ".yml")
            and path.name not in _LIST_FILES
        ):
            hint = did_you_mean(path.name, _LIST_FILES)
            message = (
                f"unknown data file; expected one of {', '.join(_LIST_FILES)}, "
                f"{MUSCLE_FOLDER}/<id>.yaml or {BODY_FOLDER}/<view>.yaml{hint}"
            )
            problems.append(Problem(str(path), 1, 1, "", message))
