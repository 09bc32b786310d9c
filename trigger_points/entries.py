"""Items as loaded from files, kept with their place so later checks can point at them.

The library merges folders by id and runs checks that span files; both need
to say *where* a problem is, long after the file was parsed. An Entry pairs
an item with its Document and its path inside it; a Catalogue holds the
entries of one kind, merged across folders by id.

A body view a user adds to (`ViewAdditions`) becomes one merged view whose
parts come from two files: its entry keeps, for each added region and
landmark, the file and path it was written at, so that a check of the merged
view places a problem in the file that wrote the part.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from trigger_points.errors import Problem, did_you_mean
from trigger_points.loader import Document
from trigger_points.model import BodyView, FieldPath, FrozenMap, ViewAdditions

__all__ = ["Catalogue", "Entry", "extend_view", "unplaced"]

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Entry(Generic[ItemT]):
    """An item with the document and path it was written at."""

    item: ItemT
    document: Document
    path: FieldPath
    written_apart: Mapping[FieldPath, tuple[Document, FieldPath]] = field(default_factory=dict)
    """Parts of the item written in another file, by their path in the item: where."""

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A problem placed at `path` inside this item, in the file that wrote that part."""
        for length in range(len(path), 0, -1):
            apart = self.written_apart.get(path[:length])
            if apart is not None:
                document, written_at = apart
                return document.problem((*written_at, *path[length:]), message)
        return self.document.problem((*self.path, *path), message)

    def is_written_apart(self, path: FieldPath) -> bool:
        """Whether the part at `path` was written in another file than the item."""
        return any(path[:length] in self.written_apart for length in range(1, len(path) + 1))


def extend_view(base: Entry[BodyView], additions: Entry[ViewAdditions]) -> Entry[BodyView]:
    """The view `base` with the regions and landmarks `additions` adds or replaces by id.

    What the additions do not name stays as it was, in its order; new ones follow.
    """
    added = additions.item
    regions = dict(base.item.regions)
    regions.update(added.regions)
    landmarks = {landmark.id: landmark for landmark in base.item.landmarks}
    landmarks.update((landmark.id, landmark) for landmark in added.landmarks)
    order = list(landmarks)
    view = base.item.model_copy(
        update={"regions": FrozenMap(regions), "landmarks": tuple(landmarks.values())}
    )
    apart = dict(base.written_apart)
    for region_id in added.regions:
        apart[("regions", region_id)] = (
            additions.document,
            (*additions.path, "regions", region_id),
        )
    for index, landmark in enumerate(added.landmarks):
        where = (additions.document, (*additions.path, "landmarks", index))
        apart[("landmarks", order.index(landmark.id))] = where
    return Entry(view, base.document, base.path, apart)


def unplaced(kind: str, items: Iterable[ItemT]) -> list[Entry[ItemT]]:
    """Entries for items made in Python, not read from a file: problems name the argument."""
    document = Document(f"<{kind}>", None, {}, {})
    return [Entry(item, document, (index,)) for index, item in enumerate(items)]


@dataclass
class Catalogue(Generic[ItemT]):
    """The entries of one kind, merged across folders by id."""

    kind: str
    entries: dict[str, Entry[ItemT]] = field(default_factory=dict)

    def merge(self, folder: Iterable[Entry[ItemT]]) -> Iterator[Problem]:
        """Add one folder's entries over earlier ones; an id twice in one folder is a problem."""
        seen: dict[str, Entry[ItemT]] = {}
        for entry in folder:
            key: str = getattr(entry.item, "id")  # noqa: B009 (every item kind has an id)
            if key in seen:
                first = seen[key]
                line = first.document.locate((*first.path, "id"))[0]
                where = "" if first.document is entry.document else f"{first.document.file}:"
                message = f"duplicate {self.kind} id {key!r} (first at {where}line {line})"
                yield entry.problem(("id",), message)
                continue
            seen[key] = entry
        self.entries.update(seen)

    def check_reference(self, key: str, entry: Entry[Any], path: FieldPath) -> Iterator[Problem]:
        """A problem placed at `path` of `entry` if `key` names no item of this catalogue."""
        if key not in self.entries:
            hint = did_you_mean(key, self.entries)
            yield entry.problem(path, f"unknown {self.kind} {key!r}{hint}")

    def items(self) -> dict[str, ItemT]:
        """The items by id, in id order."""
        return {key: self.entries[key].item for key in sorted(self.entries)}

    def in_order_written(self) -> list[ItemT]:
        """The items in the order they were read (guidance keeps its authors' order)."""
        return [entry.item for entry in self.entries.values()]
