"""Examples for the JSON Schemas, taken from the values the bundled data really holds.

An example an editor shows on hover should be one a data author can copy:
written by hand, a hundred and seventy of them would drift from the models and
the data. Here every model instance of the bundled library (and of its export,
and of one sample pain drawing) is walked once, and each property is given the
first values it holds that differ from its default and are short enough to read
in a hover: where every value is long (an outline, a paragraph), the shortest,
or a list's first items, stands in. A property that holds a model (a muscle's
`needling`) gets none: the model's own properties carry them. They validate by
construction; a test checks them against their property's schema all the same.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

__all__ = [
    "EXAMPLES_PER_PROPERTY",
    "LONGEST_EXAMPLE",
    "LONGEST_STAND_IN",
    "collected_examples",
    "with_examples",
]

EXAMPLES_PER_PROPERTY = 2
"""At most this many examples per property: enough to show its range, short enough to read."""
LONGEST_EXAMPLE = 160
"""The most characters of JSON an example may take while shorter values are to be had."""
LONGEST_STAND_IN = 600
"""The most a property's only example may take when every value it holds is longer than
LONGEST_EXAMPLE: a paragraph of needling approach is still worth showing once."""
CANDIDATES = 200
"""Values kept per property to choose from: the rest add nothing but time."""

Examples = dict[str, dict[str, list[Any]]]
"""Examples by model name (a schema's `title`), then by property name."""


def with_examples(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with `examples` on every property the collected values exemplify."""
    examples = collected_examples()
    shaped = dict(schema)
    shaped.update(_exemplified(shaped, examples))
    definitions = shaped.get("$defs")
    if isinstance(definitions, dict):
        shaped["$defs"] = {
            name: {**node, **_exemplified(node, examples)} for name, node in definitions.items()
        }
    return shaped


def _exemplified(node: Mapping[str, Any], examples: Examples) -> dict[str, Any]:
    """`{"properties": ...}` of one model's schema with examples added, or nothing."""
    properties = node.get("properties")
    found = examples.get(str(node.get("title")), {})
    if not isinstance(properties, dict) or not found:
        return {}
    shaped = {}
    for name, prop in properties.items():
        chosen = prop.get("examples") or _chosen(found.get(name, []), prop)
        shaped[name] = {**prop, "examples": chosen} if chosen else prop
    return {"properties": shaped}


def _size(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False))


def _holds_a_model(prop: Mapping[str, Any]) -> bool:
    """Whether a property holds a model or a list of them (`$ref` to a definition)."""
    items = prop.get("items")
    inner = items if isinstance(items, dict) else prop
    return "$ref" in inner or any("$ref" in option for option in inner.get("anyOf", ()))


def _chosen(candidates: list[Any], prop: Mapping[str, Any]) -> list[Any]:
    """The examples of one property: short values first seen, else one stand-in."""
    if _holds_a_model(prop):
        return []
    short = [value for value in candidates if _size(value) <= LONGEST_EXAMPLE]
    if short:
        return short[:EXAMPLES_PER_PROPERTY]
    options = [prop, *prop.get("anyOf", ())]
    least = max(1, *(int(option.get("minItems", 1)) for option in options))
    shrunk = [value[:least] if isinstance(value, list) else value for value in candidates] + [
        dict(list(value.items())[:1]) for value in candidates if isinstance(value, dict)
    ]
    fitting = sorted((v for v in shrunk if _size(v) <= LONGEST_STAND_IN), key=_size)
    return fitting[:1]


@functools.cache
def collected_examples() -> Examples:
    """Examples of every property: the bundled data, its export, a drawing, a view addition."""
    from trigger_points.drawing import Mark, PainDrawing
    from trigger_points.export import Export, library_as_data
    from trigger_points.library import load_library
    from trigger_points.model import FrozenMap, ViewAdditions

    library = load_library()
    drawing = PainDrawing(
        date="2026-03-02",
        note="Worse after a long drive.",
        marks=(Mark(region="buttock_lower:right", intensity=6, qualities=("aching", "burning")),),
    )
    export = Export.model_validate(library_as_data(library))
    view = library.views[0]
    addition = ViewAdditions(
        id=view.id,
        regions=FrozenMap(list(view.regions.items())[:1]),
        landmarks=view.landmarks[:1],
    )
    found: Examples = {}
    for instance in _instances(
        [
            library.muscles,
            library.regions,
            library.region_groups,
            library.sources,
            library.conditions,
            library.guidance,
            library.views,
            library.nerve_roots,
            [drawing, export, addition],
        ]
    ):
        _collect(instance, found)
    return found


def _instances(groups: Iterable[Iterable[BaseModel]]) -> Iterator[BaseModel]:
    for group in groups:
        yield from group


def _collect(instance: BaseModel, found: Examples) -> None:
    """Record the instance's field values, then those of the models inside it."""
    model = type(instance)
    written = instance.model_dump(mode="json", exclude_defaults=True)
    by_field = found.setdefault(model.__name__, {})
    for name in model.model_fields:
        value = written.get(name)
        kept = by_field.setdefault(name, [])
        if value not in (None, [], {}) and value not in kept and len(kept) < CANDIDATES:
            kept.append(value)
        for inner in _models_in(getattr(instance, name)):
            _collect(inner, found)


def _models_in(value: object) -> Iterator[BaseModel]:
    """The models a field's value holds: itself, or those in its tuple or mapping."""
    if isinstance(value, BaseModel):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _models_in(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _models_in(item)
