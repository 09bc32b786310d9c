"""The Library: every data file loaded, merged, cross-checked, and looked up by id.

A data folder holds the files `datafiles.DATA_FILES` names (`sources.yaml`,
`conditions.yaml`, `regions.yaml`, `guidance.yaml`, `muscles/<id>.yaml`,
`body/<view>.yaml`), each optional in a user's folder. Folders are layered:
the bundled data first, then each folder the user names, a later folder
replacing an earlier one's entry with the same id. Within one folder an id
may appear only once. The rules that span files are `checks.py`'s; a Library
exists only once they pass, however it was made.

Two exceptions to "replacing": a body view written without an outline adds to
the view below it (`entries.extend_view`), and a reference to an item's former
id is read as its id, with a warning (docs/ids.md). Every problem of every
layer is reported in one DataError, including the references of files that
failed their models, as far as they can be read.

The bundled folder is read once per process: its validated entries are kept,
keyed on the paths, sizes and modification times of its files.
"""

from __future__ import annotations

import fnmatch
import gc
import marshal
import stat
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from trigger_points.branding import DEFAULT_SITE, IMAGES, Site, read_site
from trigger_points.checks import (
    check_codes,
    check_former_ids,
    check_geometry,
    check_nerve_roots,
    check_references,
    check_required_guidance,
    check_unvalidated,
    follow_former_ids,
    former_ids,
)
from trigger_points.datafiles import DATA_FILES, KINDS, SITE, SKELETON_MARK, DataFile, Kind
from trigger_points.entries import Catalogue, Entry, extend_view, unplaced
from trigger_points.errors import (
    DataError,
    Problem,
    UnknownIdError,
    did_you_mean,
    excerpt,
    shown_path,
)
from trigger_points.explain import validate
from trigger_points.geometry import coverage
from trigger_points.loader import Document, not_a_regular_file, read_yaml
from trigger_points.model import (
    MUSCLE_GROUP_LABELS,
    SIDES,
    VIEW_NAMES,
    BodyView,
    Condition,
    GuidanceSection,
    Muscle,
    MuscleGroup,
    NerveRoot,
    Region,
    RegionGroup,
    RegionKey,
    Side,
    Source,
    TriggerPoint,
    ViewAdditions,
    Zone,
)
from trigger_points.referral import felt, leaves
from trigger_points.resources import bundled_path

if TYPE_CHECKING:  # imported where used: `validate` and most verbs need neither
    from trigger_points.crosswalk import Codes
    from trigger_points.dermatomes import DermatomeMatch, Resemblance
    from trigger_points.guide import Guide, MuscleCandidate, Pattern, Ranking

__all__ = ["Library", "load_file", "load_library"]

Catalogues = dict[str, Catalogue[Any]]
"""One catalogue per kind of item, by the kind's plural name (`muscles`)."""

FOLDERS = tuple(data_file.path for data_file in DATA_FILES if data_file.one_item_each)
OTHER_FOLDERS = ("schema", IMAGES)
"""Sub-folders a data folder may hold that are not data: `schema` holds the JSON Schemas,
`images` the clinic's logo (`site.yaml`)."""
LIST_FILES = tuple(data_file.path for data_file in DATA_FILES if not data_file.one_item_each)


@dataclass(frozen=True)
class Unvalidated:
    """A one-item file that failed its model: what checks across files can still read of it."""

    data_file: DataFile
    document: Document


Read = tuple[Kind, Entry[Any]] | Problem | Unvalidated
"""What reading a file gives, item by item: an entry, a problem, or a file that failed."""
_FolderRead = tuple[dict[str, list[Entry[Any]]], list[Problem], list[Unvalidated]]


def _empty_catalogues() -> Catalogues:
    return {kind.plural: Catalogue[Any](kind.name) for kind in KINDS}


def _kinds_of(data_file: DataFile) -> list[Kind]:
    return [kind for kind in KINDS if kind.file is data_file]


def _read_list_file(path: Path, data_file: DataFile) -> Iterator[Read]:
    """The entries of a list file (`sources.yaml`, ...), each with its kind."""
    try:
        document = read_yaml(path)
    except DataError as error:
        yield from error.problems
        return
    try:
        parsed = validate(document, data_file.model)
    except DataError as error:
        yield from error.problems
        yield from _items_valid_alone(document, data_file)
        return
    kept = _kept(document)
    for kind in _kinds_of(data_file):
        assert kind.field is not None
        for index, item in enumerate(getattr(parsed, kind.field)):
            yield kind, Entry(item, kept, (kind.field, index))


def _items_valid_alone(
    document: Document, data_file: DataFile
) -> Iterator[tuple[Kind, Entry[Any]]]:
    """The items of a list file that failed, each that validates on its own kept.

    Its problems are already reported (by the whole file's validation); what is kept
    lets the checks across files see its good items in the same run, instead of
    calling every reference to them unknown.
    """
    content = document.content if isinstance(document.content, dict) else {}
    for kind in _kinds_of(data_file):
        assert kind.field is not None
        items = content.get(kind.field)
        item_model = _item_model(data_file, kind.field)
        if not isinstance(items, list) or item_model is None:
            continue
        for index, raw in enumerate(items):
            try:
                item = item_model.model_validate(raw)
            except ValidationError:
                continue
            yield kind, Entry(item, document, (kind.field, index))


def _item_model(data_file: DataFile, field: str) -> type[BaseModel] | None:
    """The model of one item of a list file's field (`Source` of `sources`)."""
    annotation = data_file.model.model_fields[field].annotation
    for argument in get_args(annotation):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
    return None


def _read_item_file(path: Path, data_file: DataFile) -> Iterator[Read]:
    """The entry of a file holding one item, which must be named `<id>.yaml`."""
    try:
        document = read_yaml(path)
    except DataError as error:
        yield from error.problems
        return
    written_id = document.content.get("id") if isinstance(document.content, dict) else None
    if path.suffix != ".yaml":
        yield document.problem((), f"name the file <id>.yaml, not {excerpt(path.name)}")
    elif isinstance(written_id, str) and written_id != path.stem:
        yield document.problem(
            ("id",),
            f"the id {excerpt(written_id)} must match the file name {excerpt(path.name)}",
        )
    try:
        item = validate(document, data_file.model_of(document.content))
    except DataError as error:
        yield from error.problems
        yield Unvalidated(data_file, document)
        return
    (kind,) = _kinds_of(data_file)
    yield kind, Entry(item, _kept(document), ())


def _kept(document: Document) -> Document:
    """What a library keeps of a file whose items validated: the marks packed, no content.

    The marks place a problem the checks (or `Library.replace`) find later; the
    content is kept only where it still holds a skeleton's text, which
    `validate` warns of (`_warnings`). At 1,000 muscles this is 70 MB less.
    """
    return document.packed(keep_content=_holds_skeleton_text(document.content))


def _holds_skeleton_text(content: Any) -> bool:
    """Whether any text in plain data starts with the mark a skeleton leaves (`scaffold`).

    marshal writes every text's characters as they are (UTF-8), so data whose
    bytes lack the mark holds no text with it, and is not walked.
    """
    try:
        if SKELETON_MARK.encode() not in marshal.dumps(content):
            return False
    except ValueError:  # pragma: no cover - parsed YAML is plain data, always marshallable
        pass
    pending = [content]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if value.startswith(SKELETON_MARK):
                return True
        elif isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
    return False


def _read_folder(folder: Path) -> _FolderRead:
    """Every entry of one data folder by kind, and every problem met reading it.

    Only regular files are read (a FIFO would block, a device never end), and a
    symbolic link only when it leads to somewhere inside the folder: a data folder
    from elsewhere must not make us print a private file into a problem.
    """
    found: dict[str, list[Entry[Any]]] = {kind.plural: [] for kind in KINDS}
    unvalidated: list[Unvalidated] = []
    if folder.name in FOLDERS and not any((folder / name).exists() for name in LIST_FILES):
        message = (
            f"this is the {folder.name}/ folder of a data folder: validate the folder that "
            f"holds it ({shown_path(folder.resolve().parent)}), or one file of it"
        )
        return found, [Problem(shown_path(folder), 1, 1, "", message)], unvalidated
    problems = list(_misplaced_files(folder))
    inside = folder.resolve()
    for data_file in DATA_FILES:
        if data_file is SITE:
            continue  # no items: `load_library` reads it, with its logo (`read_site`)
        place = folder / data_file.path
        results: Iterator[Read]
        if not (place.exists() or place.is_symlink()):
            continue
        refusal = _refusal(place, inside, data_file if data_file.one_item_each else None)
        if refusal:
            problems.append(Problem(shown_path(place), 1, 1, "", refusal))
            continue
        if data_file.one_item_each:
            results = _read_item_folder(place, data_file, inside)
        elif place.is_file():
            results = _read_list_file(place, data_file)
        else:
            continue  # a folder named like a list file: `_misplaced_files` names it
        _sort(results, found, problems, unvalidated)
    return found, problems, unvalidated


def _sort(
    results: Iterable[Read],
    found: dict[str, list[Entry[Any]]],
    problems: list[Problem],
    unvalidated: list[Unvalidated],
) -> None:
    """File each result of reading under what it is."""
    for result in results:
        if isinstance(result, Problem):
            problems.append(result)
        elif isinstance(result, Unvalidated):
            unvalidated.append(result)
        else:
            kind, entry = result
            found[kind.plural].append(entry)


def _read_item_folder(place: Path, data_file: DataFile, inside: Path) -> Iterator[Read]:
    """The entries of a folder of one-item files (`muscles/`), and what is wrong in it.

    Files that look like data in any case (`X.YAML`) are read, to be told their name;
    a sub-folder is named, since nothing in it would be read.
    """
    for path in sorted(place.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            message = (
                f"a folder inside {data_file.path}/ is not read: "
                f"put each file in {data_file.path}/ itself, as {data_file.written_as}"
            )
            yield Problem(shown_path(path), 1, 1, "", message)
        elif fnmatch.fnmatchcase(path.name.lower(), "*.y*ml"):
            refusal = _refusal(path, inside)
            if refusal:
                yield Problem(shown_path(path), 1, 1, "", refusal)
            else:
                yield from _read_item_file(path, data_file)


def _refusal(path: Path, inside: Path, folder_of: DataFile | None = None) -> str | None:
    """Why a data file, or the folder of one-item files `folder_of`, is not read; or None.

    A symbolic link is followed only to somewhere inside the data folder `inside`
    (resolved); then only a regular file (or a folder, for `folder_of`) is read.
    """
    try:
        if path.is_symlink() and not path.resolve(strict=True).is_relative_to(inside):
            return "refusing a symlink that leads outside the data folder"
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    except RuntimeError:  # a symlink loop, before Python 3.13
        return "cannot read the file: a loop of symbolic links"
    if folder_of is None:
        return not_a_regular_file(mode)
    if stat.S_ISDIR(mode):
        return None
    return f"should be a folder holding one file per item: {folder_of.written_as}"


def _misplaced_files(folder: Path, only: str | None = None) -> Iterator[Problem]:
    """Name a misspelt data file or folder instead of silently skipping it (or only `only`)."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or (only is not None and path.name != only):
            continue
        if path.is_dir() and path.name not in (*FOLDERS, *OTHER_FOLDERS):
            hint = did_you_mean(path.name, (*FOLDERS, *OTHER_FOLDERS))
            expected = " or ".join(f"{name}/" for name in FOLDERS)
            message = f"unknown data folder; expected {expected}{hint}"
            yield Problem(shown_path(path), 1, 1, "", message)
        elif (
            path.is_file()
            and path.suffix.lower() in (".yaml", ".yml")
            and path.name not in LIST_FILES
        ):
            hint = did_you_mean(path.name, LIST_FILES)
            items = " or ".join(
                data_file.written_as for data_file in DATA_FILES if data_file.one_item_each
            )
            message = f"unknown data file; expected one of {', '.join(LIST_FILES)}, {items}{hint}"
            yield Problem(shown_path(path), 1, 1, "", message)


_Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class _Bundled:
    """The bundled folder as last read, and the library it makes on its own once checked."""

    fingerprint: _Fingerprint
    read: _FolderRead
    library: Library | None = None


_bundled: _Bundled | None = None


def _fingerprint(folder: Path) -> _Fingerprint:
    """The paths, sizes and modification times of a folder's files: what a cache is keyed on."""
    stats = ((path, path.stat()) for path in sorted(folder.rglob("*")) if path.is_file())
    return tuple((str(path), stat.st_size, stat.st_mtime_ns) for path, stat in stats)


def _read_bundled(folder: Path) -> _Bundled:
    """The bundled folder, read and validated once per process while its files are unchanged."""
    global _bundled
    fingerprint = _fingerprint(folder)
    if _bundled is None or _bundled.fingerprint != fingerprint:
        _bundled = _Bundled(fingerprint, _read_folder(folder))
    return _bundled


def _check(catalogues: Catalogues) -> list[Problem]:
    """Every rule that spans files, over the merged catalogues."""
    return [
        *check_former_ids(catalogues),
        *check_references(
            catalogues["sources"],
            catalogues["conditions"],
            catalogues["regions"],
            catalogues["region_groups"],
            catalogues["muscles"],
            catalogues["guidance"],
        ),
        *check_required_guidance(catalogues["guidance"]),
        *check_codes(catalogues["regions"], catalogues["views"]),
        *check_geometry(catalogues["views"], catalogues["regions"], catalogues["muscles"]),
        *check_nerve_roots(
            catalogues["nerve_roots"],
            catalogues["regions"],
            catalogues["sources"],
            catalogues["views"],
        ),
    ]


def load_library(*folders: str | Path) -> Library:
    """Load the bundled data, then each folder in turn, later ids replacing earlier ones.

    Raises DataError listing every problem in every file, each with its place,
    and FileNotFoundError for a folder that does not exist.

    Examples:
        >>> lib = tp.load_library()  # the bundled data, read and checked once per process
        >>> lib.muscle("piriformis").name
        'Piriformis'

        A folder of your own goes over ours; every mistake in it comes at once, placed:

        >>> from pathlib import Path
        >>> Path("my_data").mkdir(exist_ok=True)
        >>> _ = Path("my_data/conditions.yaml").write_text(
        ...     "conditions: [{id: Sciatica, name: Sciatica}]", encoding="utf-8"
        ... )
        >>> try:
        ...     tp.load_library("my_data")
        ... except tp.DataError as error:
        ...     print(error)
        my_data/conditions.yaml:1:14: conditions[0].description: missing required field ...
        my_data/conditions.yaml:1:14: conditions[0].sources: missing required field 'sources'
        my_data/conditions.yaml:1:19: conditions[0].id: 'Sciatica' is not a valid id: ...

    """
    bundled = bundled_path("data")
    layers = [Path(folder) for folder in folders]
    for folder in [bundled, *layers]:
        if not folder.is_dir():
            what = "not a folder" if folder.exists() else "no such data folder"
            raise FileNotFoundError(f"{folder}: {what}")
    with _collector_paused():
        ours = _read_bundled(bundled)
        if not layers and ours.library is not None:
            return ours.library  # immutable, so one is as good as another
        library = _layered(
            [ours.read, *(_read_folder(folder) for folder in layers)], [bundled, *layers]
        )
    if not layers:
        ours.library = library
    return library


def load_file(path: str | Path) -> Library:
    """Load the bundled data with one data file of the user's over it, checked as a folder is.

    The file's kind comes from its name and place: `sources.yaml` (any list file by
    its name), `muscles/<id>.yaml`, `body/<view>.yaml`. Raises DataError, placed,
    for a file of no known kind or with problems, and FileNotFoundError for no file.
    """
    path = Path(path)
    if not path.is_file():
        what = "not a file" if path.exists() else "no such file"
        raise FileNotFoundError(f"{path}: {what}")
    with _collector_paused():
        ours = _read_bundled(bundled_path("data"))
        found: dict[str, list[Entry[Any]]] = {kind.plural: [] for kind in KINDS}
        problems: list[Problem] = []
        unvalidated: list[Unvalidated] = []
        data_file = _kind_of_file(path)
        if data_file is SITE:
            pass  # read by _layered, with its logo beside it
        elif data_file is None:
            problems += _misplaced_files(path.parent, only=path.name)
            if not problems:  # a list file's name in an item folder, or the like
                problems.append(Problem(shown_path(path), 1, 1, "", _UNKNOWN_FILE))
        elif data_file.one_item_each:
            _sort(_read_item_file(path, data_file), found, problems, unvalidated)
        else:
            _sort(_read_list_file(path, data_file), found, problems, unvalidated)
        sites = [path.parent] if data_file is SITE else []
        return _layered([ours.read, (found, problems, unvalidated)], sites)


_UNKNOWN_FILE = "not a data file: name it as one (sources.yaml, muscles/<id>.yaml, ...)"


def _kind_of_file(path: Path) -> DataFile | None:
    """The kind of data file a path is, by its name and its folder's name; None if none."""
    for data_file in DATA_FILES:
        if data_file.one_item_each and path.parent.name == data_file.path:
            return data_file
        if not data_file.one_item_each and path.name == data_file.path:
            return data_file
    return None


def _layered(read: Sequence[_FolderRead], site_folders: Sequence[Path]) -> Library:
    """The library of folders read, bottom first: merged by id, checked, with its warnings.

    Every problem of every layer is raised together: those of files that failed their
    models, and those the checks across files find in all the rest, and in what can
    be read of the files that failed; and those of the `site.yaml` of `site_folders`.
    """
    catalogues = _empty_catalogues()
    problems: list[Problem] = []
    failed: list[Unvalidated] = []
    for entries, found, unvalidated in read:
        problems += found
        failed += unvalidated
        entries["views"] = list(_extended_views(entries["views"], catalogues["views"], problems))
        for plural, catalogue in catalogues.items():
            problems += catalogue.merge(entries[plural])
    renamed = list(follow_former_ids(catalogues))
    problems += _check(catalogues)
    for file in failed:
        whole = Entry(None, file.document, ())
        (kind,) = _kinds_of(file.data_file)
        problems += check_unvalidated(kind.plural, whole, catalogues)
    site, found = read_site(site_folders)
    problems += found
    if problems:
        raise DataError(problems)
    library = Library._checked(catalogues, site)
    library._warnings = (*renamed, *_warnings(read[1:]))
    for warning in renamed:
        warnings.warn(str(warning), DeprecationWarning, stacklevel=_first_frame_outside())
    return library


def _warnings(layers: Iterable[_FolderRead]) -> Iterator[Problem]:
    """What a user's folders hold that is not wrong but not finished: skeleton text left."""
    for entries, _, _ in layers:
        documents = {
            id(entry.document): entry.document for kind in entries.values() for entry in kind
        }
        for document in documents.values():
            if document.content is not None:  # kept only when it holds skeleton text (`_kept`)
                from trigger_points.scaffold import unfilled  # only then: it costs an import

                yield from unfilled(document)


def _extended_views(
    views: Iterable[Entry[Any]], below: Catalogue[BodyView], problems: list[Problem]
) -> Iterator[Entry[BodyView]]:
    """A folder's views, those written as additions merged into the view below them."""
    for entry in views:
        if not isinstance(entry.item, ViewAdditions):
            yield entry
        elif entry.item.id in below.entries:
            yield extend_view(below.entries[entry.item.id], entry)
        else:
            message = (
                f"there is no {entry.item.id} view below this folder to add to: "
                "give the whole view (its label, symmetric and outline)"
            )
            problems.append(entry.problem(("id",), message))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while files are read and checked.

    Loading makes many objects and frees few, so each full collection walks a heap
    that only grows: at 1,000 muscles collections took a quarter of the load, and a
    growing share as the library grows. Loading makes no garbage cycles worth
    collecting early; the collector runs as usual afterwards. What was made is
    filed with the oldest generation (`freeze` then `unfreeze` moves it there
    without walking it), or the next young collection would walk all of it once
    more: a sixth of the load at 1,000 muscles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:  # never undo a program's own gc.freeze()
                # All that loading made is long-lived: filed at once with the oldest
                # objects, instead of walked whole by the next young collection.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


LookedUp = TypeVar("LookedUp")
Items = Mapping[str, LookedUp] | Iterable[LookedUp]


def _as_items(value: Items[Any]) -> list[Any]:
    return list(value.values()) if isinstance(value, Mapping) else list(value)


class Library:
    """The loaded, cross-checked data, with look-ups by id.

    Build one with `load_library()`; every attribute is immutable and ordered by
    id. `Library(muscles=..., ...)` and `library.replace(muscles=...)` build one
    from models made in Python; both run every check `load_library` runs and
    raise DataError, naming the argument, for what fails.

    Examples:
        >>> lib = tp.load_library()
        >>> lib.trigger_point("piriformis.lateral").name
        'Lateral trigger point (TrP1)'
        >>> [view.id for view in lib.views]
        ['posterior', 'anterior', 'lateral']

    """

    def __init__(
        self,
        *,
        sources: Items[Source] = (),
        conditions: Items[Condition] = (),
        regions: Items[Region] = (),
        muscles: Items[Muscle] = (),
        views: Items[BodyView] = (),
        guidance: Items[GuidanceSection] = (),
        region_groups: Items[RegionGroup] = (),
    ) -> None:
        given = {
            "sources": sources,
            "conditions": conditions,
            "regions": regions,
            "muscles": muscles,
            "views": views,
            "guidance": guidance,
            "region_groups": region_groups,
        }
        self._adopt(self._validated(given, _empty_catalogues()))

    _site: Site = DEFAULT_SITE

    @classmethod
    def _checked(cls, catalogues: Catalogues, site: Site = DEFAULT_SITE) -> Library:
        """A library of catalogues `load_library` has already checked."""
        library = cls.__new__(cls)
        library._adopt(catalogues)
        library._site = site
        return library

    @property
    def site(self) -> Site:
        """The clinic's identity from the last data folder with a `site.yaml` (branding.py).

        Examples:
            >>> lib.site.title  # no `site.yaml` in the bundled data: the library's own
            'Trigger points of the low back and hip'
            >>> lib.site.branded  # no clinic named, so handouts carry none
            False

        """
        return self._site

    @staticmethod
    def _validated(given: Mapping[str, Items[Any]], catalogues: Catalogues) -> Catalogues:
        """`catalogues` with the given kinds replaced by items made in Python, checked."""
        problems: list[Problem] = []
        for plural, value in given.items():
            catalogue = Catalogue[Any](catalogues[plural].kind)
            problems += catalogue.merge(unplaced(plural, _as_items(value)))
            catalogues[plural] = catalogue
        for warning in follow_former_ids(catalogues):
            warnings.warn(str(warning), DeprecationWarning, stacklevel=_first_frame_outside())
        problems += _check(catalogues)
        if problems:
            raise DataError(problems)
        return catalogues

    def _adopt(self, catalogues: Catalogues) -> None:
        self._catalogues = catalogues
        self._warnings: tuple[Problem, ...] = ()
        self._sources: dict[str, Source] = catalogues["sources"].items()
        self._conditions: dict[str, Condition] = catalogues["conditions"].items()
        self._regions: dict[str, Region] = catalogues["regions"].items()
        self._region_groups: dict[str, RegionGroup] = {
            group.id: group for group in catalogues["region_groups"].in_order_written()
        }
        self._muscles: dict[str, Muscle] = catalogues["muscles"].items()
        self._guidance: dict[str, GuidanceSection] = {
            section.id: section for section in catalogues["guidance"].in_order_written()
        }
        known_views: dict[str, BodyView] = catalogues["views"].items()
        self._views: dict[str, BodyView] = {
            name: known_views[name] for name in VIEW_NAMES if name in known_views
        }
        self._trigger_points = {
            point.id: point for muscle in self._muscles.values() for point in muscle.trigger_points
        }
        self._nerve_roots: dict[str, NerveRoot] = catalogues["nerve_roots"].items()
        self._felt: dict[tuple[str, Zone, Side], tuple[RegionKey, ...]] = {}
        self._former = {
            kind: former_ids(catalogues[plural])
            for kind, plural in (("source", "sources"), ("condition", "conditions"))
        }
        self._former["region"] = former_ids(catalogues["regions"])
        self._former["muscle"] = former_ids(catalogues["muscles"])
        self._former["trigger point"] = {
            old: point.id for point in self._trigger_points.values() for old in point.former_ids
        }
        for old, muscle_id in self._former["muscle"].items():
            for point in self._muscles[muscle_id].trigger_points:
                self._former["trigger point"].setdefault(f"{old}.{point.local_id}", point.id)

    def replace(self, **kinds: Items[Any]) -> Library:
        """A new library with some kinds of item replaced, checked as `load_library` checks.

        Name kinds as `Library(...)` does: `lib.replace(muscles=[...])`. Raises
        TypeError for an unknown kind and DataError for what fails a check.

        Examples:
            A kind is replaced whole: give every item of it you want to keep.

            >>> piriformis = lib.muscle("piriformis")
            >>> renamed = piriformis.model_copy(update={"name": "Pyriformis"})
            >>> mine = lib.replace(muscles=[renamed])
            >>> [muscle.name for muscle in mine.muscles], len(lib.muscles) > 1
            (['Pyriformis'], True)

            What a loaded library would refuse, it refuses, naming the argument:

            >>> wrong = piriformis.model_copy(update={"conditions": ("sciatika",)})
            >>> try:
            ...     lib.replace(muscles=[wrong])
            ... except tp.DataError as error:
            ...     print(error)
            <muscles>:1:1: [0].conditions[0]: unknown condition 'sciatika';
            did you mean 'sciatica'...

        """
        unknown = sorted(set(kinds) - {kind.plural for kind in KINDS})
        if unknown:
            raise TypeError(f"unknown kind(s) of item: {', '.join(unknown)}")
        catalogues = dict(self._catalogues)
        return Library._checked(self._validated(kinds, catalogues), self._site)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the user's folders hold that loads but is not finished, each placed.

        Values still holding a skeleton's text (`trigger-points new`), and references
        to former ids (docs/ids.md); `validate` prints them as warnings.

        Examples:
            >>> lib.warnings  # the bundled data is finished
            ()

        """
        return self._warnings

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Every muscle, ordered by id.

        Examples:
            >>> ids = [muscle.id for muscle in lib.muscles]
            >>> "piriformis" in ids, ids == sorted(ids)
            (True, True)

        """
        return tuple(self._muscles.values())

    @property
    def trigger_points(self) -> tuple[TriggerPoint, ...]:
        """Every trigger point of every muscle, ordered by muscle, then as the muscle lists them.

        Examples:
            >>> [point.id for point in lib.trigger_points if point.muscle_id == "piriformis"]
            ['piriformis.lateral', 'piriformis.medial']

        """
        return tuple(self._trigger_points.values())

    @property
    def views(self) -> tuple[BodyView, ...]:
        """The body views the figure is drawn in: posterior, anterior, lateral.

        Examples:
            >>> [(view.id, view.label) for view in lib.views]
            [('posterior', 'Back view'), ('anterior', 'Front view'), ('lateral', 'Side view')]

        """
        return tuple(self._views.values())

    @property
    def guidance(self) -> tuple[GuidanceSection, ...]:
        """The general guidance (safety, evidence, epidemiology), in the order written.

        Examples:
            >>> [section.id for section in lib.guidance][:3]
            ['trigger_points', 'in_plain_words', 'red_flags']

        """
        return tuple(self._guidance.values())

    def guidance_section(self, section_id: str) -> GuidanceSection:
        """One section of the guidance; raises UnknownIdError naming close matches.

        Examples:
            >>> lib.guidance_section("red_flags").title
            'Screen for red flags first'

        """
        return _look_up("guidance section", self._guidance, section_id)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The region vocabulary, ordered by id.

        Examples:
            >>> ids = [region.id for region in lib.regions]
            >>> "sacroiliac" in ids, ids == sorted(ids)
            (True, True)

        """
        return tuple(self._regions.values())

    @property
    def region_groups(self) -> tuple[RegionGroup, ...]:
        """The groups regions are listed and tinted in, in the order written.

        Examples:
            >>> [group.id for group in lib.region_groups]
            ['low_back', 'buttock_hip', 'thigh', 'leg', 'foot', 'abdomen_groin']

        """
        return tuple(self._region_groups.values())

    def region_group(self, group_id: str) -> RegionGroup:
        """One group of regions; raises UnknownIdError naming close matches.

        Examples:
            >>> lib.region_group("low_back").label
            'Back and low back'

        """
        return _look_up("region group", self._region_groups, group_id)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, ordered by id.

        Examples:
            >>> ids = [condition.id for condition in lib.conditions]
            >>> "sciatica" in ids, ids == sorted(ids)
            (True, True)

        """
        return tuple(self._conditions.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, ordered by id.

        Examples:
            >>> ids = [source.id for source in lib.sources]
            >>> "ts_vol2" in ids, ids == sorted(ids)
            (True, True)

        """
        return tuple(self._sources.values())

    @property
    def nerve_roots(self) -> tuple[NerveRoot, ...]:
        """The lumbosacral nerve roots, L1 to S4-S5.

        Examples:
            >>> [root.name for root in lib.nerve_roots]
            ['L1', 'L2', 'L3', 'L4', 'L5', 'S1', 'S2', 'S3', 'S4-S5']

        """
        return tuple(self._nerve_roots.values())

    def nerve_root(self, root_id: str) -> NerveRoot:
        """The nerve root with this id (`l5`); raises UnknownIdError naming close matches.

        Examples:
            >>> lib.nerve_root("l5").key_muscle
            'Extensor hallucis longus (great-toe extension)'

        """
        return _look_up("nerve root", self._nerve_roots, root_id)

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id; raises UnknownIdError naming close matches.

        Examples:
            >>> lib.muscle("piriformis").name
            'Piriformis'
            >>> lib.muscle("piriformus")
            Traceback (most recent call last):
            ...
            trigger_points.errors.UnknownIdError: unknown muscle 'piriformus';
            did you mean 'piriformis'?

        """
        return _look_up("muscle", self._muscles, muscle_id, self._former["muscle"])

    def trigger_point(self, trigger_point_id: str) -> TriggerPoint:
        """The trigger point `<muscle>.<point>`; raises UnknownIdError naming close matches.

        Examples:
            >>> lib.trigger_point("gluteus_medius.trp3").essential
            ('iliac_crest', 'lumbar_lower:both', 'sacrum')

        """
        return _look_up(
            "trigger point", self._trigger_points, trigger_point_id, self._former["trigger point"]
        )

    def region_key(self, text: str | RegionKey, *, sided: bool = False) -> RegionKey:
        """A region key checked against the vocabulary: the one validator of region keys.

        A midline region takes no side; a paired one takes left or right, and must
        have one when `sided` (pain is felt on a side). Raises UnknownIdError with a
        `hint` saying what is wrong and the closest keys there are, and TypeError for
        a key that is not text.

        Examples:
            >>> lib.region_key("sacroiliac:right")
            RegionKey(region='sacroiliac', side='right')
            >>> lib.region_key("sacroiliac", sided=True)
            Traceback (most recent call last):
            ...
            trigger_points.errors.UnknownIdError: unknown region 'sacroiliac': say which side: ...

        """
        if not isinstance(text, str | RegionKey):
            raise TypeError(f"a region key is text, not {type(text).__name__}: {excerpt(text)}")
        shown = str(text)
        try:
            key = text if isinstance(text, RegionKey) else RegionKey.parse(text)
        except ValueError as error:
            raise UnknownIdError("region", shown, self._all_keys, hint=str(error)) from None
        region = self._regions.get(key.region)
        if region is None and key.region in self._former["region"]:
            new = self._former["region"][key.region]
            _warn_former("region", key.region, new)
            key, region = RegionKey(new, key.side), self._regions[new]
        if region is None:
            raise UnknownIdError("region", shown, self._all_keys)
        if region.laterality == "midline" and key.side is not None:
            hint = f"{region.id} is on the midline and takes no side"
            raise UnknownIdError("region", shown, self._all_keys, hint=hint)
        if region.laterality == "paired" and key.side is None and sided:
            left, right = RegionKey(region.id, "left"), RegionKey(region.id, "right")
            hint = f"say which side: {left} or {right}"
            raise UnknownIdError("region", shown, self._all_keys, hint=hint)
        return key

    @cached_property
    def _all_keys(self) -> tuple[str, ...]:
        """Every key a region can be written as, for suggestions."""
        return tuple(
            str(RegionKey(region.id, side))
            for region in self._regions.values()
            for side in ((None,) if region.laterality == "midline" else SIDES)
        )

    def region(self, region_id: str | RegionKey) -> Region:
        """The region with this id; a side (`sacroiliac:right`) is accepted and checked.

        Raises UnknownIdError naming close matches, with a hint for a wrong side.

        Examples:
            >>> lib.region("sacroiliac:right").label
            'Sacroiliac joint (the dimple at the back of the pelvis)'
            >>> lib.region("sacrum:left")
            Traceback (most recent call last):
            ...
            trigger_points.errors.UnknownIdError: unknown region 'sacrum:left':
            sacrum is on the midline and takes no side...

        """
        return self._regions[self.region_key(region_id).region]

    def leaves(self, region_id: str | RegionKey) -> tuple[RegionKey, ...]:
        """The drawn regions a region stands for, on the key's side.

        `calf:right` gives `calf_upper:right` and `calf_lower:right`; a drawn region
        gives itself. Raises UnknownIdError like `region_key`.

        Examples:
            >>> [str(key) for key in lib.leaves("calf:right")]
            ['calf_upper:right', 'calf_lower:right']

        """
        key = self.region_key(region_id)
        return tuple(RegionKey(leaf, key.side) for leaf in leaves(self._regions, key.region))

    def felt(self, point: TriggerPoint, zone: Zone, side: Side = "right") -> tuple[RegionKey, ...]:
        """Where a trigger point on `side` refers pain in a zone, as drawn regions on sides.

        Composites are expanded to their parts, entries felt on both sides are on both,
        and spillover leaves out what the essential zone covers on that side.

        Examples:
            >>> point = lib.trigger_point("gluteus_medius.trp3")
            >>> point.essential
            ('iliac_crest', 'lumbar_lower:both', 'sacrum')
            >>> [str(key) for key in lib.felt(point, "essential", "left")]
            ['iliac_crest:left', 'lumbar_lower:right', 'lumbar_lower:left',
             'sacrum_upper', 'sacrum_lower']

        """
        if self._trigger_points.get(point.id) is not point:  # not one of ours: worked out
            return felt(self._regions, point, zone, side)
        # Ours: asked for on every page and map that shows it, and never changing.
        key = (point.id, zone, side)
        found = self._felt.get(key)
        if found is None:
            found = self._felt[key] = felt(self._regions, point, zone, side)
        return found

    def coverage(self) -> dict[str, float | None]:
        """Per view, the share of the body from rib 10 to the soles that regions cover.

        Arms are left out (`BodyView.arm`, the overlays); None for a view without a
        `rib_10` landmark. The bundled views cover at least 90 %, so that anywhere a
        patient points in that span is a region.

        Examples:
            >>> coverage = lib.coverage()
            >>> list(coverage)
            ['posterior', 'anterior', 'lateral']
            >>> all(share >= 0.9 for share in coverage.values())
            True

        """
        paired = {
            region.id: region.laterality == "paired"
            for region in self._regions.values()
            if not region.composite
        }
        return {view.id: coverage(view, paired) for view in self.views}

    def view(self, view_id: str) -> BodyView:
        """The body view with this id; raises UnknownIdError naming the views there are.

        Examples:
            >>> lib.view("posterior").label
            'Back view'

        """
        return _look_up("view", self._views, view_id)

    def condition(self, condition_id: str) -> Condition:
        """The condition with this id; raises UnknownIdError naming close matches.

        Examples:
            >>> lib.condition("sciatica").icd10cm
            ('M54.30', 'M54.31', 'M54.32')

        """
        return _look_up("condition", self._conditions, condition_id, self._former["condition"])

    def source(self, source_id: str) -> Source:
        """The source with this id; raises UnknownIdError naming close matches.

        Examples:
            >>> source = lib.source("ts_vol2")
            >>> source.authors, source.year
            (('Travell JG', 'Simons DG'), 1992)

        """
        return _look_up("source", self._sources, source_id, self._former["source"])

    @cached_property
    def _guide(self) -> Guide:
        """The referral patterns of every trigger point on each side, indexed for the guide."""
        from trigger_points.guide import Guide

        return Guide(self._muscles.values(), self._regions)

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every trigger point's referral pattern on each side, as the guide ranks them.

        Examples:
            >>> sorted(p.side for p in lib.patterns if p.trigger_point.id == "piriformis.lateral")
            ['left', 'right']

            A point whose pattern is the same from either side (all on the midline) has one:

            >>> [p.side for p in lib.patterns if p.trigger_point.id == "multifidus.s1"]
            ['either']

        """
        return self._guide.patterns

    def guide(self, regions: str | Sequence[str], *, limit: int | None = None) -> Ranking:
        """The trigger points that may refer pain to these regions, best first.

        `regions` are region ids with their side (`lateral_thigh:right`) or midline
        ids (`sacrum`); a composite (`calf:right`) means all of its parts, and the
        reasons name the parts. Each candidate carries its score in [0, 1] and its
        reasons. The ranking reads as a list and builds each candidate when it is first
        read (a [`Ranking`][trigger_points.guide.Ranking]). Raises UnknownIdError for an
        unknown region or a missing side, and ValueError for a negative limit.

        Examples:
            >>> candidates = lib.guide(["lateral_thigh:right"], limit=2)
            >>> candidates
            [<Candidate tensor_fasciae_latae.trp right 0.94>,
             <Candidate gluteus_minimus.anterior right 0.90>]
            >>> candidates[0].essential  # the composite's parts
            ('lateral_thigh_lower:right', 'lateral_thigh_upper:right')

        """
        pain = self._painful(regions)
        return self._guide.rank(pain, limit=limit)

    def guide_muscles(
        self, regions: str | Sequence[str], *, limit: int | None = None
    ) -> list[MuscleCandidate]:
        """The muscles that may refer pain to these regions, best first, their points under them.

        Regions are written and checked as for `guide`. A muscle on a side is scored on
        the union of its trigger points' patterns there, so two points that each explain
        part of the pain explain it together; each point keeps its own score. A muscle
        (or point) whose right and left explain the pain alike is one candidate on
        `either` side. Raises UnknownIdError and ValueError as `guide` does.

        Examples:
            >>> lib.guide_muscles(["sacroiliac:right", "buttock_lower:right"], limit=2)
            [<MuscleCandidate quadratus_lumborum right 1.00>,
             <MuscleCandidate longissimus_thoracis right 0.94>]

        """
        pain = self._painful(regions)
        return self._guide.rank_muscles(pain, limit=limit)

    def _painful(self, regions: str | Sequence[str]) -> frozenset[RegionKey]:
        """Painful regions as written for the guide, checked, composites as their parts."""
        given = [regions] if isinstance(regions, str) else list(regions)
        keys = [self.region_key(text, sided=True) for text in given]
        return frozenset(leaf for key in keys for leaf in self.leaves(key))

    def codes(self, regions: str | Sequence[str]) -> Codes:
        """The CHOIR and Michigan body-map codes these painful regions are filed under.

        Regions are written as for `guide` and checked the same way: a composite
        (`buttock:right`) means all of its parts, a left key gives the mirror of the codes
        written for the right side, a midline region (`sacrum`) its codes as written.
        `lib.codes("buttock:right")` is `Codes(choir=("b24",), michigan=(34,))`. Raises
        UnknownIdError for an unknown region or a missing side.

        Examples:
            >>> lib.codes("buttock:right")
            Codes(choir=('b24',), michigan=(34,))
            >>> lib.codes("buttock:left")  # the mirror of the right side's
            Codes(choir=('b23',), michigan=(33,))

        """
        from trigger_points.crosswalk import Codes

        return Codes.union(self._codes_of(key) for key in self._painful(regions))

    def _codes_of(self, key: RegionKey) -> Codes:
        """The codes of one drawn region on its side."""
        from trigger_points.crosswalk import Codes

        region = self._regions[key.region]
        written = Codes(region.choir, region.michigan)
        return written.mirrored() if key.side == "left" else written

    def dermatomes(self, regions: str | Sequence[str]) -> list[DermatomeMatch]:
        """The nerve roots whose dermatomes these painful regions are consistent with.

        Regions are written as for `guide` and checked the same way. Each match says
        how much of the pain lies in the dermatome; `consistent` when at least half
        does. A match never says that a root is involved: examine (the root's key
        point, key muscle and reflex). `guide` is not changed by it.

        Examples:
            >>> match = lib.dermatomes(["lateral_leg:right", "foot_dorsum:right"])[0]
            >>> match.root.name, match.side, match.score, match.consistent
            ('L5', 'right', 1.0, True)

        """
        pain = self._painful(regions)
        from trigger_points.dermatomes import match_dermatomes

        return match_dermatomes(self._nerve_roots.values(), self._regions, pain)

    def emergency_roots(self, regions: str | Sequence[str]) -> tuple[NerveRoot, ...]:
        """The emergency roots (the saddle) whose area these painful regions reach.

        Pain there alone is not the emergency sign; it is the cue to ask now about saddle
        numbness and new bladder or bowel trouble.

        Examples:
            >>> [root.name for root in lib.emergency_roots(["perineum"])]
            ['S4-S5']
            >>> lib.emergency_roots(["sacroiliac:right"])
            ()

        """
        pain = self._painful(regions)
        from trigger_points.dermatomes import emergency_roots

        return emergency_roots(self._nerve_roots.values(), self._regions, pain)

    def alert_keys(self, root: NerveRoot) -> frozenset[str]:
        """Where pain prompts an emergency root's questions (none for other roots).

        Examples:
            >>> sorted(lib.alert_keys(lib.nerve_root("s4_s5")))
            ['anal', 'coccyx', 'perineum']
            >>> lib.alert_keys(lib.nerve_root("l5"))
            frozenset()

        """
        from trigger_points.dermatomes import alert_keys

        return alert_keys(self._regions, root)

    def resembling(
        self, root: NerveRoot, among: Iterable[TriggerPoint] | None = None
    ) -> list[Resemblance]:
        """The trigger points whose patterns reach into a root's dermatome, most first.

        `among` limits the search to those points (one muscle's): every point is
        scored on its own, so they keep their scores and order.

        Examples:
            >>> best = lib.resembling(lib.nerve_root("s1"))[0]
            >>> best.trigger_point.id, best.shared
            ('gluteus_minimus.posterior', ('calf_lower:right',))
            >>> points = lib.muscle("gluteus_minimus").trigger_points
            >>> [match.trigger_point.id for match in lib.resembling(lib.nerve_root("l5"), points)]
            ['gluteus_minimus.anterior']

        """
        points = self._trigger_points.values() if among is None else among
        from trigger_points.dermatomes import resembling

        return resembling(root, self._regions, points, self.felt)

    def dermatome(self, root: NerveRoot, side: Side = "right") -> tuple[RegionKey, ...]:
        """The drawn regions of a root's dermatome on a side.

        Examples:
            >>> [str(key) for key in lib.dermatome(lib.nerve_root("l5"), "left")]
            ['lateral_leg:left', 'foot_dorsum:left']

        """
        from trigger_points.dermatomes import dermatome_keys

        return dermatome_keys(self._regions, root, side)

    def muscles_by_group(self) -> list[tuple[MuscleGroup, tuple[Muscle, ...]]]:
        """The non-empty muscle groups in their usual order, each with its muscles by id.

        Examples:
            >>> groups = dict(lib.muscles_by_group())
            >>> list(groups)[:3]
            ['lumbar', 'abdominal', 'gluteal']
            >>> [muscle.id for muscle in groups["pelvic_floor"]]
            ['coccygeus', 'levator_ani']

        """
        grouped = [
            (group, tuple(m for m in self.muscles if m.group == group))
            for group in MUSCLE_GROUP_LABELS
        ]
        return [(group, members) for group, members in grouped if members]

    def muscles_for_condition(self, condition_id: str) -> tuple[Muscle, ...]:
        """The muscles that relate to or mimic a condition, ordered by id.

        Examples:
            >>> [muscle.id for muscle in lib.muscles_for_condition("piriformis_syndrome")]
            ['piriformis', 'short_lateral_rotators']

        """
        self.condition(condition_id)
        return tuple(
            m for m in self.muscles if condition_id in m.conditions or condition_id in m.mimics
        )

    def muscles_relating_to(self, condition_id: str) -> tuple[Muscle, ...]:
        """The muscles whose trigger points relate to a condition, ordered by id.

        Examples:
            >>> [muscle.id for muscle in lib.muscles_relating_to("piriformis_syndrome")]
            ['piriformis', 'short_lateral_rotators']

        """
        self.condition(condition_id)
        return tuple(m for m in self.muscles if condition_id in m.conditions)

    def muscles_mimicking(self, condition_id: str) -> tuple[Muscle, ...]:
        """The muscles whose trigger points can be mistaken for a condition, ordered by id.

        Examples:
            >>> "piriformis" in [muscle.id for muscle in lib.muscles_mimicking("sciatica")]
            True

        """
        self.condition(condition_id)
        return tuple(m for m in self.muscles if condition_id in m.mimics)


def _look_up(
    kind: str, items: Mapping[str, LookedUp], key: str, former: Mapping[str, str] | None = None
) -> LookedUp:
    """The item with this id, or with it as a former id (with a DeprecationWarning).

    Raises UnknownIdError naming close matches, and TypeError for a non-text id.
    """
    if not isinstance(key, str):
        raise TypeError(f"a {kind} id is text, not {type(key).__name__}: {excerpt(key)}")
    if key in items:
        return items[key]
    if former and key in former:
        _warn_former(kind, key, former[key])
        return items[former[key]]
    raise UnknownIdError(kind, key, items)


def _warn_former(kind: str, old: str, new: str) -> None:
    """A DeprecationWarning, pointing at the caller of the library, for a former id used."""
    message = (
        f"{kind} id {old!r} is now {new!r}: use {new!r}; the former id will be removed "
        "(see the id policy, docs/ids.md)"
    )
    warnings.warn(message, DeprecationWarning, stacklevel=_first_frame_outside())


_PACKAGE = str(Path(__file__).parent)


def _first_frame_outside() -> int:
    """The stack level, for `warnings.warn` in the caller, of the first frame not ours.

    A former id reaches a warning through one to four of our calls (`region`,
    `region_key`, `guide`): the warning names the line of the program that used it.
    """
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level
