"""Items as loaded from files, kept with their place so later checks can point at them.

The library merges folders by id and runs checks that span files; both need
to say *where* a problem is, long after the file was parsed. An Entry pairs
an item with its Document and its path inside it; a Collection merges the
entries of one kind across folders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from trigger_points.errors import Problem, did_you_mean
from trigger_points.loader import Document, PathKey
from trigger_points.model import BodyView, Condition, GuidanceSection, Muscle, Region, Source

ItemT = TypeVar("ItemT", Source, Condition, Region, Muscle, BodyView, GuidanceSection)


@dataclass(frozen=True)
class Entry(Generic[ItemT]):
    """An item with the document and path it was written at."""

    item: ItemT
    document: Document
    path: PathKey

    def problem(self, path: PathKey, message: str) -> Problem:
        """A problem placed at `path` inside this item."""
        return self.document.problem((*self.path, *path), message)


@dataclass
class Collection(Generic[ItemT]):
    """The entries of one kind, merged across folders by id."""

    kind: str
    entries: dict[str, Entry[ItemT]] = field(default_factory=dict)

    def merge(self, folder: Iterable[Entry[ItemT]], problems: list[Problem]) -> None:
        """Add one folder's entries over earlier ones; an id twice in one folder is a problem."""
        seen: dict[str, Entry[ItemT]] = {}
        for entry in folder:
            key: str = entry.item.id
            if key in seen:
                first: Entry[ItemT] = seen[key]
                line = first.document.locate((*first.path, "id"))[0]
                where = "" if first.document is entry.document else f"{first.document.file}:"
                message = f"duplicate {self.kind} id {key!r} (first at {where}line {line})"
                problems.append(entry.problem(("id",), message))
                continue
            seen[key] = entry
        self.entries.update(seen)

    def check_reference(self, key: str, entry: Entry[Any], path: PathKey) -> Problem | None:
        """A problem placed at `path` of `entry` if `key` names no item of this collection."""
        if key in self.entries:
            return None
        return entry.problem(path, f"unknown {self.kind} {key!r}{did_you_mean(key, self.entries)}")

    def items(self) -> dict[str, ItemT]:
        """The items by id, in id order."""
        return {key: self.entries[key].item for key in sorted(self.entries)}
