"""The whole library as JSON, for programs that do not read YAML or Python.

Every list is ordered by id and every object keeps the model's field order,
so the same data always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from trigger_points.library import Library


def library_as_data(library: Library) -> dict[str, Any]:
    """The library as plain JSON-ready data: every kind of item, each list in a stable order."""
    return {
        "sources": [source.model_dump(mode="json") for source in library.sources],
        "conditions": [condition.model_dump(mode="json") for condition in library.conditions],
        "regions": [region.model_dump(mode="json") for region in library.regions],
        "muscles": [muscle.model_dump(mode="json") for muscle in library.muscles],
        "guidance": [section.model_dump(mode="json") for section in library.guidance],
        "views": [view.model_dump(mode="json") for view in library.views],
    }


def export_json(library: Library) -> str:
    """The library as indented JSON text ending in a newline."""
    return json.dumps(library_as_data(library), indent=2, ensure_ascii=False) + "\n"
