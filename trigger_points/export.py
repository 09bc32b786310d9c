"""The whole library as JSON, for programs that do not read YAML or Python.

Every list is ordered by id and every object keeps the model's field order,
so the same data always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from trigger_points.datafiles import KINDS
from trigger_points.library import Library

__all__ = ["export_json", "library_as_data"]


def library_as_data(library: Library) -> dict[str, Any]:
    """The library as plain JSON-ready data: every kind of item, each list in a stable order."""
    data: dict[str, Any] = {}
    for kind in KINDS:
        items: tuple[BaseModel, ...] = getattr(library, kind.plural)
        data[kind.plural] = [item.model_dump(mode="json") for item in items]
    return data


def export_json(library: Library) -> str:
    """The library as indented JSON text ending in a newline."""
    return json.dumps(library_as_data(library), indent=2, ensure_ascii=False) + "\n"
