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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from trigger_points.errors import DataError, Problem, UnknownIdError, did_you_mean
from trigger_points.loader import Document, PathKey, read_yaml, validate
from trigger_points.model import (
    Citation,
    Condition,
    ConditionsFile,
    Muscle,
    Region,
    RegionsFile,
    Source,
    SourcesFile,
    TriggerPoint,
)
from trigger_points.resources import bundled_path

MUSCLE_FOLDER = "muscles"
FOLDERS_NOT_DATA = frozenset({"schema"})

ItemT = TypeVar("ItemT", Source, Condition, Region, Muscle)


@dataclass(frozen=True)
class _Entry(Generic[ItemT]):
    """An item with the document and path it was written at, to place later problems."""

    item: ItemT
    document: Document
    path: PathKey

    def problem(self, path: PathKey, message: str) -> Problem:
        return self.document.problem((*self.path, *path), message)


@dataclass
class _Collection(Generic[ItemT]):
    """The entries of one kind, merged across folders by id."""

    kind: str
    entries: dict[str, _Entry[ItemT]]

    def merge(self, folder: Iterable[_Entry[ItemT]], problems: list[Problem]) -> None:
        """Add one folder's entries, theirs replacing earlier folders' by id."""
        seen: dict[str, _Entry[ItemT]] = {}
        for entry in folder:
            key: str = entry.item.id
            if key in seen:
                first: _Entry[ItemT] = seen[key]
                line = first.document.locate((*first.path, "id"))[0]
                where = "" if first.document is entry.document else f"{first.document.file}:"
                problems.append(
                    entry.problem(
                        ("id",), f"duplicate {self.kind} id {key!r} (first at {where}line {line})"
                    )
                )
                continue
            seen[key] = entry
        self.entries.update(seen)

    def check_reference(self, key: str, entry: _Entry[Any], path: PathKey) -> Problem | None:
        """A problem placed at `path` of `entry` if `key` names no item of this collection."""
        if key in self.entries:
            return None
        return entry.problem(path, f"unknown {self.kind} {key!r}{did_you_mean(key, self.entries)}")

    def items(self) -> dict[str, ItemT]:
        return {key: self.entries[key].item for key in sorted(self.entries)}


_LIST_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "sources.yaml": (SourcesFile, "sources"),
    "conditions.yaml": (ConditionsFile, "conditions"),
    "regions.yaml": (RegionsFile, "regions"),
}


def _read_list_file(folder: Path, name: str, problems: list[Problem]) -> list[_Entry[Any]]:
    """The entries of `sources.yaml`, `conditions.yaml` or `regions.yaml`; none if absent."""
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
    return [_Entry(item, document, (field, index)) for index, item in enumerate(items)]


def _read_muscles(folder: Path, problems: list[Problem]) -> list[_Entry[Muscle]]:
    """The muscle files of a folder, each named `<id>.yaml` after the muscle it holds."""
    entries: list[_Entry[Muscle]] = []
    for path in sorted((folder / MUSCLE_FOLDER).glob("*.y*ml")):
        try:
            document = read_yaml(path)
        except DataError as error:
            problems.extend(error.problems)
            continue
        written_id = document.content.get("id") if isinstance(document.content, dict) else None
        if path.suffix != ".yaml":
            problems.append(
                document.problem((), f"muscle files are named <id>.yaml, not {path.name!r}")
            )
        elif isinstance(written_id, str) and written_id != path.stem:
            message = f"the muscle id {written_id!r} must match its file name {path.name!r}"
            problems.append(document.problem(("id",), message))
        try:
            entries.append(_Entry(validate(document, Muscle), document, ()))
        except DataError as error:
            problems.extend(error.problems)
    return entries


def _citations(muscle: Muscle) -> Iterator[tuple[PathKey, Citation]]:
    """Every citation in a muscle, with its path in the muscle's file."""
    sections: list[tuple[PathKey, tuple[Citation, ...]]] = [(("sources",), muscle.sources)]
    sections += [
        (("trigger_points", i, "sources"), p.sources) for i, p in enumerate(muscle.trigger_points)
    ]
    sections.append((("needling", "sources"), muscle.needling.sources))
    sections += [
        (("self_care", i, "sources"), care.sources) for i, care in enumerate(muscle.self_care)
    ]
    for path, citations in sections:
        for index, citation in enumerate(citations):
            yield (*path, index, "source"), citation


def _zones(muscle: Muscle) -> Iterator[tuple[PathKey, str]]:
    """Every region a muscle's trigger points refer to, with its path in the file."""
    for index, point in enumerate(muscle.trigger_points):
        for zone in ("essential", "spillover"):
            for position, region in enumerate(getattr(point, zone)):
                yield ("trigger_points", index, zone, position), region


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
    ) -> None:
        self._sources = dict(sorted(sources.items()))
        self._conditions = dict(sorted(conditions.items()))
        self._regions = dict(sorted(regions.items()))
        self._muscles = dict(sorted(muscles.items()))
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

    def condition(self, condition_id: str) -> Condition:
        """The condition with this id; raises UnknownIdError naming close matches."""
        return _look_up("condition", self._conditions, condition_id)

    def source(self, source_id: str) -> Source:
        """The source with this id; raises UnknownIdError naming close matches."""
        return _look_up("source", self._sources, source_id)

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
            raise FileNotFoundError(f"{folder}: no such data folder")
    problems: list[Problem] = []
    sources = _Collection[Source]("source", {})
    conditions = _Collection[Condition]("condition", {})
    regions = _Collection[Region]("region", {})
    muscles = _Collection[Muscle]("muscle", {})
    for folder in layers:
        _check_folder_contents(folder, problems)
        sources.merge(_read_list_file(folder, "sources.yaml", problems), problems)
        conditions.merge(_read_list_file(folder, "conditions.yaml", problems), problems)
        regions.merge(_read_list_file(folder, "regions.yaml", problems), problems)
        muscles.merge(_read_muscles(folder, problems), problems)
    problems += _check_references(sources, conditions, regions, muscles)
    if problems:
        raise DataError(problems)
    return Library(
        sources=sources.items(),
        conditions=conditions.items(),
        regions=regions.items(),
        muscles=muscles.items(),
    )


def _check_folder_contents(folder: Path, problems: list[Problem]) -> None:
    """Name a misspelt data file instead of silently skipping it."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".yaml", ".yml") and path.name not in _LIST_FILES:
            hint = did_you_mean(path.name, _LIST_FILES)
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "",
                    f"unknown data file; expected one of "
                    f"{', '.join(_LIST_FILES)} or {MUSCLE_FOLDER}/<id>.yaml{hint}",
                )
            )


def _check_references(
    sources: _Collection[Source],
    conditions: _Collection[Condition],
    regions: _Collection[Region],
    muscles: _Collection[Muscle],
) -> list[Problem]:
    """Every id a file cites must name something the library holds."""
    found: list[Problem | None] = []
    for condition in conditions.entries.values():
        for index, citation in enumerate(condition.item.sources):
            found.append(
                sources.check_reference(citation.source, condition, ("sources", index, "source"))
            )
    for muscle in muscles.entries.values():
        for path, citation in _citations(muscle.item):
            found.append(sources.check_reference(citation.source, muscle, path))
        for path, region in _zones(muscle.item):
            found.append(regions.check_reference(region, muscle, path))
        for field in ("conditions", "mimics"):
            for index, condition_id in enumerate(getattr(muscle.item, field)):
                found.append(conditions.check_reference(condition_id, muscle, (field, index)))
    return [problem for problem in found if problem is not None]
