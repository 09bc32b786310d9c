"""YAML files in, validated models out, with every problem placed at its line.

Loading happens in two steps, the way dagster does it: the YAML is composed
into plain Python while the position of every node is recorded under the
path that leads to it; then pydantic validates the plain data, and each of
its errors is mapped back to a position through its `loc`, falling back to
the longest path that exists (a missing field points at its parent).

YAML is untrusted input. The loader accepts only the plain tags (text,
numbers, booleans, null, mappings, sequences), refuses aliases (shared
references that explode into gigabytes only when walked), duplicate keys
(PyYAML silently keeps the last), nesting deeper than any data file needs,
and files over a size cap. Dates stay text: the timestamp resolver is off.

This module knows files and models; cross-file rules belong to the library.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trigger_points.errors import DataError, Problem, did_you_mean
from trigger_points.model import SLUG_PATTERN, TRIGGER_POINT_ID_PATTERN, FieldPath

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Document",
    "PathKey",
    "SafeDataLoader",
    "dump_yaml",
    "format_path",
    "parse_yaml",
    "read_yaml",
    "validate",
]

MAX_FILE_BYTES = 1_000_000
"""No data file comes near this; a bigger one is a mistake or an attack."""

MAX_DEPTH = 40
"""The deepest a data file nests is about eight levels; this leaves room and stops runaways."""

PathKey = FieldPath
ModelT = TypeVar("ModelT", bound=BaseModel)

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


class _Refused(yaml.MarkedYAMLError):
    """A construct the loader refuses, raised while composing so nothing is built."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)


class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser, for an installation built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:
    # libyaml scans and parses about four times faster; composing stays in Python so
    # that aliases and nesting are checked before anything is built from them.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = _PurePythonParser  # type: ignore[assignment,misc]


class SafeDataLoader(
    yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """A safe loader without timestamps, aliases or runaway nesting."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Refuse aliases and excessive nesting before anything is built from them."""
        event = self.peek_event()
        mark = event.start_mark if event is not None else None
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                "aliases (*name) are not allowed in data files: write the value out", mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", mark)
            node: yaml.Node | None = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        return node


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its plain content and where each part of it was written."""

    file: str
    content: Any
    value_marks: Mapping[PathKey, tuple[int, int]]
    key_marks: Mapping[PathKey, tuple[int, int]]

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of the node at `path`, or of its nearest written ancestor.

        With `key=True`, a mapping entry is placed at its key rather than its value,
        which is where an author looks for a misspelt field name.
        """
        keys = tuple(path)
        while keys:
            if key and keys in self.key_marks:
                return self.key_marks[keys]
            if keys in self.value_marks:
                return self.value_marks[keys]
            keys = keys[:-1]
            key = False
        return self.value_marks.get((), (1, 1))

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        """A problem placed at `path` in this document."""
        line, column = self.locate(path, key=key)
        return Problem(self.file, line, column, format_path(path), message)


def format_path(path: Sequence[str | int]) -> str:
    """`trigger_points[0].essential[2]`: the field path as an author reads it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _position(mark: Any) -> tuple[int, int]:
    """A 0-based PyYAML or libyaml mark as a 1-based (line, column)."""
    return mark.line + 1, mark.column + 1


def _refusal(file: str, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML error as a placed problem, naming where the unfinished construct began."""
    mark = error.problem_mark or error.context_mark
    line, column = _position(mark) if mark else (1, 1)
    message = error.problem or "is not valid YAML"
    opened = error.context_mark
    if error.context and opened and opened is not mark:
        message += (
            f" ({error.context} that began at line {opened.line + 1}, column {opened.column + 1})"
        )
    return Problem(file, line, column, "", f"YAML: {message}")


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, file: str, loader: SafeDataLoader) -> None:
        self.file = file
        self.loader = loader
        self.value_marks: dict[PathKey, tuple[int, int]] = {}
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def refuse(self, node: yaml.Node, path: PathKey, message: str) -> None:
        line, column = _position(node.start_mark)
        self.problems.append(Problem(self.file, line, column, format_path(path), message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.value_marks[path] = _position(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.refuse(node, path, f"the tag {shown} is not allowed: data files hold plain values")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node)

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
            self.refuse(node, path, "merge keys (<<) are not allowed: write the fields out")
            return mapping
        for key_node, value_node in node.value:
            key = self.build(key_node, (*path, "<key>")) if key_node.tag in _PLAIN_TAGS else None
            if not isinstance(key, str):
                shown = "an empty key" if key is None else f"the key {key!r}"
                self.refuse(key_node, path, f"{shown} is not a field name: write keys as text")
                continue
            entry = (*path, key)
            if key in mapping:
                first_line = self.key_marks[entry][0]
                self.refuse(
                    key_node, entry, f"duplicate key {key!r} (first written on line {first_line})"
                )
                continue
            self.key_marks[entry] = _position(key_node.start_mark)
            mapping[key] = self.build(value_node, entry)
        self.value_marks.pop((*path, "<key>"), None)
        return mapping


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text safely into a Document; raise DataError listing what was refused."""
    loader = SafeDataLoader(text)
    try:
        root = loader.get_single_node()
        builder = _Builder(file, loader)
        content = None if root is None else builder.build(root, ())
    except yaml.MarkedYAMLError as error:
        raise DataError([_refusal(file, error)]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(file, 1, 1, "", f"YAML: {error}")]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise DataError(builder.problems)
    return Document(file, content, builder.value_marks, builder.key_marks)


def read_yaml(path: Path, *, display: str | None = None) -> Document:
    """Read and parse one data file, refusing oversized or undecodable files before parsing."""
    file = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                [
                    Problem(
                        file,
                        1,
                        1,
                        "",
                        f"the file is {size:,} bytes; data files are limited to {MAX_FILE_BYTES:,}",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(
            [Problem(file, 1, 1, "", f"cannot read the file: {error.strerror}")]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError([Problem(file, line, column, "", "the file is not UTF-8 text")]) from None
    return parse_yaml(text, file)


def validate(document: Document, model: type[ModelT]) -> ModelT:
    """Validate a document's content as `model`; raise DataError with every problem placed."""
    try:
        return model.model_validate(document.content)
    except ValidationError as error:
        details = error.errors(include_url=False)
        raise DataError(
            _explain(document, model, detail) for detail in details if not _echo(detail, details)
        ) from None


def _echo(detail: ErrorDetails, details: Sequence[ErrorDetails]) -> bool:
    """Whether an error only repeats others: pydantic calls a list short when an item failed."""
    if detail["type"] != "too_short":
        return False
    loc = detail["loc"]
    return any(
        other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in details
    )


def dump_yaml(model: BaseModel) -> str:
    """The model as YAML that `parse_yaml` and `validate` read back to an equal model."""
    data = model.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


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


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off/true/false that way)"
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


_ID_RULE = "use lower-case letters, digits and _, starting with a letter"
PATTERN_MESSAGES = {
    SLUG_PATTERN: "{value!r} is not a valid id: " + _ID_RULE,
    TRIGGER_POINT_ID_PATTERN: "{value!r} is not a valid id: " + _ID_RULE + ", as <muscle>.<point>",
}
"""What an id that breaks its pattern is told, by the model's pattern."""

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _choices(detail: ErrorDetails) -> list[str]:
    """The values a literal allows, read from pydantic's `expected` ("'a', 'b' or 'c'")."""
    return _QUOTED.findall(str((detail.get("ctx") or {}).get("expected", "")))


def _not_a_choice(detail: ErrorDetails) -> str:
    value = detail.get("input")
    choices = _choices(detail)
    message = f"{value!r} is not one of {', '.join(map(repr, choices))}"
    return message + (did_you_mean(value, choices) if isinstance(value, str) else "")


def _pattern(detail: ErrorDetails) -> str:
    pattern = str((detail.get("ctx") or {}).get("pattern", ""))
    template = PATTERN_MESSAGES.get(pattern, "{value!r} is not in the expected form ({pattern})")
    return template.format(value=detail.get("input"), pattern=pattern)


def _too_short(detail: ErrorDetails) -> str:
    minimum = (detail.get("ctx") or {}).get("min_length", 1)
    return f"needs at least {minimum} {'entry' if minimum == 1 else 'entries'}"


def _generic(detail: ErrorDetails) -> str:
    message = detail["msg"]
    return f"{message[:1].lower()}{message[1:]}, got {_describe(detail.get('input'))}"


MESSAGES: dict[str, typing.Callable[[ErrorDetails], str]] = {
    "string_type": lambda d: f"expected text, got {_describe(d.get('input'))}; put it in quotes",
    "string_pattern_mismatch": _pattern,
    "literal_error": _not_a_choice,
    "tuple_type": lambda d: f"expected a list, got {_describe(d.get('input'))}",
    "list_type": lambda d: f"expected a list, got {_describe(d.get('input'))}",
    "model_type": lambda d: f"expected a mapping of fields, got {_describe(d.get('input'))}",
    "dict_type": lambda d: f"expected a mapping of fields, got {_describe(d.get('input'))}",
    "model_attributes_type": (
        lambda d: f"expected a mapping of fields, got {_describe(d.get('input'))}"
    ),
    "float_type": lambda d: f"expected a number, got {_describe(d.get('input'))}",
    "too_short": _too_short,
    "value_error": lambda d: str(d["msg"]).removeprefix("Value error, "),
}
"""How each kind of pydantic error is said to an author; any other kind says pydantic's words."""


def _explain(document: Document, model: type[BaseModel], detail: ErrorDetails) -> Problem:
    """Place one pydantic error and say it in the author's terms."""
    path = [part for part in detail["loc"] if isinstance(part, int | str) and part != "[key]"]
    kind = detail["type"]
    if kind == "missing":
        if isinstance(path[-1], int):  # a fixed-length list, such as a point, is too short
            return document.problem(path[:-1], f"needs more values: item {path[-1]} is missing")
        placed = document.problem(path[:-1], f"missing required field {path[-1]!r}")
        return dataclasses.replace(placed, field=format_path(path))
    if kind == "extra_forbidden":
        fields = _fields_at(model, path[:-1])
        message = f"unknown field {path[-1]!r}{did_you_mean(str(path[-1]), fields)}"
        return document.problem(path, message, key=True)
    at_key = bool(detail["loc"]) and detail["loc"][-1] == "[key]"  # a mapping's key, a view name
    return document.problem(path, MESSAGES.get(kind, _generic)(detail), key=at_key)
