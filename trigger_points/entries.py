"""Items as loaded from files, kept with their place so later checks can point at them.

The library merges folders by id and runs checks that span files; both need
to say *where* a problem is, long after the file was parsed. An Entry pairs
an item with its Document and its path inside it; a Catalogue holds the
entries of one kind, merged across folders by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from trigger_points.errors import Problem, did_you_mean
from trigger_points.loader import Document
from trigger_points.model import FieldPath

__all__ = ["Catalogue", "Entry", "unplaced"]

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Entry(Generic[ItemT]):
    """An item with the document and path it was written at."""

    item: ItemT
    document: Document
    path: FieldPath

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A problem placed at `path` inside this item."""
        return self.document.problem((*self.path, *path), message)


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
