"""Validating a parsed document against its model, each pydantic error said as an author reads it.

pydantic reports where (`loc`) and what (`type`, `ctx`); this module places each
error at its line through the document's marks and words it from a table, one
entry per kind of error, echoing at most an excerpt of what was written. An
error that only repeats another (a list called short because an item failed) is
dropped, and a file full of unknown fields stops getting suggestions early.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trigger_points.errors import DataError, Problem, did_you_mean, excerpt
from trigger_points.loader import Document, format_path
from trigger_points.model import (
    REGION_KEY_PATTERN,
    SLUG_PATTERN,
    TRIGGER_POINT_ID_PATTERN,
    ZONE_ENTRY_PATTERN,
)

__all__ = ["MAX_SUGGESTIONS", "MESSAGES", "PATTERN_MESSAGES", "describe", "validate"]

ModelT = TypeVar("ModelT", bound=BaseModel)

MAX_SUGGESTIONS = 100
"""Unknown field names in one file that get a "did you mean": past that, the file is not
a misspelt data file, and comparing each name with every field would cost seconds."""


def validate(document: Document, model: type[ModelT]) -> ModelT:
    """Validate a document's content as `model`; raise DataError with every problem placed."""
    try:
        return model.model_validate(document.content)
    except ValidationError as error:
        details = error.errors(include_url=False)
        explain = Explainer(document, model)
        echoes = _echoes(details)
        raise DataError(
            explain(detail)
            for detail in details
            if not (detail["type"] == "too_short" and detail["loc"] in echoes)
        ) from None


def _echoes(details: Sequence[ErrorDetails]) -> set[tuple[int | str, ...]]:
    """Where an error would only repeat others: every place that holds a failed item.

    pydantic calls a list short when one of its items failed; those places are
    the proper prefixes of every error's `loc`.
    """
    return {detail["loc"][:end] for detail in details for end in range(len(detail["loc"]))}


# -- turning pydantic's errors into sentences an author can act on ---------------------------


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional layers down to the type that matters."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _fields_at(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The field names of the model at `path` (to suggest a misspelt one), if it is a model."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation)
        arguments = get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) is tuple and isinstance(part, int) and arguments:
            variable = len(arguments) == 2 and arguments[1] is Ellipsis
            annotation = arguments[0] if variable else arguments[min(part, len(arguments) - 1)]
        elif isinstance(part, str) and len(arguments) == 2:  # a mapping: the value's type
            annotation = arguments[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def describe(value: Any) -> str:
    """What a value is, as an author reads it; never fails, and echoes only an excerpt."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off/true/false that way)"
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, int | float):
        shown = excerpt(value)
        return shown if shown.endswith(" digits") else f"the number {shown}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return excerpt(value)


_ID_RULE = "use lower-case letters, digits and _, starting with a letter"
PATTERN_MESSAGES = {
    SLUG_PATTERN: "{value} is not a valid id: " + _ID_RULE,
    TRIGGER_POINT_ID_PATTERN: "{value} is not a valid id: " + _ID_RULE + ", as <muscle>.<point>",
    ZONE_ENTRY_PATTERN: "{value} is not a region id: "
    + _ID_RULE
    + ", and :both after it for a region felt on both sides",
    REGION_KEY_PATTERN: "{value} is not a region key: "
    + _ID_RULE
    + ", and :left or :right after it for a paired region",
}
"""What an id that breaks its pattern is told, by the model's pattern."""

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _choices(detail: ErrorDetails) -> list[str]:
    """The values a literal allows, read from pydantic's `expected` ("'a', 'b' or 'c'")."""
    return _QUOTED.findall(str((detail.get("ctx") or {}).get("expected", "")))


def _not_a_choice(detail: ErrorDetails) -> str:
    value = detail.get("input")
    choices = _choices(detail)
    message = f"{excerpt(value)} is not one of {', '.join(map(repr, choices))}"
    return message + (did_you_mean(value, choices) if isinstance(value, str) else "")


def _pattern(detail: ErrorDetails) -> str:
    pattern = str((detail.get("ctx") or {}).get("pattern", ""))
    template = PATTERN_MESSAGES.get(pattern, "{value} is not in the expected form ({pattern})")
    return template.format(value=excerpt(detail.get("input")), pattern=pattern)


def _too_short(detail: ErrorDetails) -> str:
    minimum = (detail.get("ctx") or {}).get("min_length", 1)
    return f"needs at least {minimum} {'entry' if minimum == 1 else 'entries'}"


def _generic(detail: ErrorDetails) -> str:
    message = detail["msg"]
    return f"{message[:1].lower()}{message[1:]}, got {describe(detail.get('input'))}"


MESSAGES: dict[str, typing.Callable[[ErrorDetails], str]] = {
    "string_type": lambda d: f"expected text, got {describe(d.get('input'))}; put it in quotes",
    "string_pattern_mismatch": _pattern,
    "literal_error": _not_a_choice,
    "tuple_type": lambda d: f"expected a list, got {describe(d.get('input'))}",
    "list_type": lambda d: f"expected a list, got {describe(d.get('input'))}",
    "model_type": lambda d: f"expected a mapping of fields, got {describe(d.get('input'))}",
    "dict_type": lambda d: f"expected a mapping of fields, got {describe(d.get('input'))}",
    "model_attributes_type": (
        lambda d: f"expected a mapping of fields, got {describe(d.get('input'))}"
    ),
    "float_type": lambda d: f"expected a number, got {describe(d.get('input'))}",
    "too_short": _too_short,
    "value_error": lambda d: str(d["msg"]).removeprefix("Value error, "),
}
"""How each kind of pydantic error is said to an author; any other kind says pydantic's words."""


class Explainer:
    """Places each pydantic error of one document and says it in the author's terms."""

    def __init__(self, document: Document, model: type[BaseModel]) -> None:
        self.document = document
        self.model = model
        self.suggestions_left = MAX_SUGGESTIONS

    def __call__(self, detail: ErrorDetails) -> Problem:
        document = self.document
        path = [part for part in detail["loc"] if isinstance(part, int | str) and part != "[key]"]
        kind = detail["type"]
        if kind == "missing":
            if isinstance(path[-1], int):  # a fixed-length list, such as a point, is too short
                return document.problem(path[:-1], f"needs more values: item {path[-1]} is missing")
            placed = document.problem(path[:-1], f"missing required field {path[-1]!r}")
            return dataclasses.replace(placed, field=format_path(path))
        if kind == "extra_forbidden":
            name = str(path[-1])
            hint = ""
            if self.suggestions_left > 0:
                self.suggestions_left -= 1
                hint = did_you_mean(name, _fields_at(self.model, path[:-1]))
            return document.problem(path, f"unknown field {excerpt(name)}{hint}", key=True)
        at_key = bool(detail["loc"]) and detail["loc"][-1] == "[key]"  # a mapping's key, a view
        return document.problem(path, MESSAGES.get(kind, _generic)(detail), key=at_key)
