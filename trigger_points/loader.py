"""YAML files in, plain data out, with the place of every value recorded.

Reading happens the way dagster does it: the YAML is built into plain Python
while the position of every node is recorded under the path that leads to it,
so that `explain.validate` can later map each pydantic error back to a line
through its `loc`, falling back to the longest path that exists (a missing
field points at its parent).

YAML is untrusted input. The loader accepts only the plain tags (text,
numbers, booleans, null, mappings, sequences), refuses aliases (shared
references that explode into gigabytes only when walked), duplicate keys
(PyYAML silently keeps the last), nesting deeper than any data file needs,
and files over a size cap. Dates stay text: the timestamp resolver is off.
Integers are judged by their text before PyYAML converts them: YAML 1.1
base-60 numbers (`1:20`, quadratic to convert) and numbers longer than any
data field needs are refused. Only regular files are read, and no more of
them than the cap. Every problem is placed inside its file, on one line,
echoing at most an excerpt of what was written.

This module knows files and YAML; models are `explain.py`'s, cross-file rules
the library's.

A file parsed once is kept, as its plain data and marks, in the parse cache
(`cache.py`), keyed on the SHA-256 of its bytes and of what decides how they
are read (this module's source, PyYAML's version and parser, Python's version).
Only files that parse without a problem are kept, in `marshal`'s format, whose
loading runs no code; a problem is always found by parsing, so it reads the
same with the cache or without it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import os
import re
import stat
import sys
import typing
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from trigger_points.cache import read_entry, write_entry
from trigger_points.errors import (
    EXCERPT_LENGTH,
    DataError,
    Problem,
    excerpt,
    one_line,
    shown_path,
)
from trigger_points.model import FieldPath

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "SHARED_LENGTH",
    "Document",
    "PathKey",
    "SafeDataLoader",
    "dump_yaml",
    "format_path",
    "not_a_regular_file",
    "parse_yaml",
    "read_yaml",
]

MAX_FILE_BYTES = 1_000_000
"""No data file comes near this; a bigger one is a mistake or an attack."""

MAX_DEPTH = 40
"""The deepest a data file nests is about eight levels; this leaves room and stops runaways."""

MAX_DIGITS = 30
"""The most digits an integer may be written with: no data field needs more, and Python
refuses to convert or print integers of over 4,300 digits."""

SHARED_LENGTH = 64
"""Texts this short are interned as they are read: ids and field names repeat in every file."""

PathKey = FieldPath

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_STR, _INT, _FLOAT = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every mark PyYAML and libyaml make) counts as the end of a line."""
_BOM = "\ufeff"


class _Refused(yaml.MarkedYAMLError):
    """A construct the loader refuses, raised while building so nothing is built from it."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)


class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser, for an installation built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:
    # libyaml scans and parses about four times faster; building stays in Python so
    # that aliases and nesting are checked before anything is built from them.
    from yaml._yaml import CParser as _Parser

    _READER_COUNTS_BYTES = True
    """libyaml's reader reports a position in bytes of the UTF-8 text, PyYAML's in characters."""
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = _PurePythonParser  # type: ignore[assignment,misc]
    _READER_COUNTS_BYTES = False


class SafeDataLoader(_Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """PyYAML's parser with its safe constructors and resolvers, without timestamps.

    It composes no node tree: `parse_yaml` builds plain data straight from its
    events, refusing aliases, runaway nesting and costly numbers on the way.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


Marks = Mapping[PathKey, tuple[int, int]]
"""Where each node of a document was written: its path, and its 1-based (line, column)."""


class _Packed:
    """A document's marks as compressed marshal bytes, unpacked when a problem is placed.

    A data file has a mark for every value and key: as dicts of tuples they take five
    times the memory of the data they place, and a loaded library keeps them only to
    place a problem found later (`Library.replace`), which most runs never do. Packed,
    they take a sixteenth (zlib's fastest level makes a third of marshal's bytes).
    """

    __slots__ = ("_blob", "_unpacked")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._unpacked: tuple[dict[PathKey, tuple[int, int]], ...] | None = None

    @property
    def blob(self) -> bytes:
        return self._blob

    def unpacked(self) -> tuple[dict[PathKey, tuple[int, int]], ...]:
        if self._unpacked is None:
            try:
                value_marks, key_marks = marshal.loads(zlib.decompress(self._blob))
            except (zlib.error, EOFError, ValueError, TypeError):
                # Never made here; only a cache entry forged with a valid digest holds it.
                # Its problems are still reported, at the start of the file.
                value_marks, key_marks = {}, {}
            self._unpacked = (value_marks, key_marks)
        return self._unpacked


class _PackedMarks(Mapping[PathKey, tuple[int, int]]):
    """One of a packed pair of marks (`index` 0: values, 1: keys), read as a mapping."""

    __slots__ = ("_index", "_packed")

    def __init__(self, packed: _Packed, index: int) -> None:
        self._packed = packed
        self._index = index

    def _marks(self) -> dict[PathKey, tuple[int, int]]:
        return self._packed.unpacked()[self._index]

    def __getitem__(self, path: PathKey) -> tuple[int, int]:
        return self._marks()[path]

    def __contains__(self, path: object) -> bool:
        return path in self._marks()

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._marks())

    def __len__(self) -> int:
        return len(self._marks())


def _pack(value_marks: Marks, key_marks: Marks) -> bytes:
    return zlib.compress(marshal.dumps((dict(value_marks), dict(key_marks))), 1)


def _packed_marks(blob: bytes) -> tuple[Marks, Marks]:
    packed = _Packed(blob)
    return _PackedMarks(packed, 0), _PackedMarks(packed, 1)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its plain content and where each part of it was written."""

    file: str
    content: Any
    value_marks: Marks
    key_marks: Marks

    def packed(self, *, keep_content: bool = True) -> Document:
        """The same document with its marks packed (`_Packed`), and its content if asked.

        Placing a problem reads the marks back whole, once; what it says is the same.
        Marks already packed together are kept as they are.
        """
        value_marks, key_marks = self.value_marks, self.key_marks
        packed_together = (
            isinstance(value_marks, _PackedMarks)
            and isinstance(key_marks, _PackedMarks)
            and value_marks._packed is key_marks._packed
        )
        if not packed_together:
            value_marks, key_marks = _packed_marks(_pack(value_marks, key_marks))
        return Document(self.file, self.content if keep_content else None, value_marks, key_marks)

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
    r"""`trigger_points[0].essential[2]`: the field path as an author reads it.

    A key no field could have (a long one, one holding a newline) is shown as an
    excerpt in brackets, `['a\nb']`, so the path stays short and on one line.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not part.isprintable() or len(part) > EXCERPT_LENGTH:
            text += f"[{excerpt(part)}]"
        else:
            text += f".{part}" if text else part
    return text


def _position(mark: Any) -> tuple[int, int]:
    """A 0-based PyYAML or libyaml mark as a 1-based (line, column)."""
    return mark.line + 1, mark.column + 1


def _place(text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of the character at `index`, counted as YAML counts them.

    Line breaks are YAML's; a byte-order mark takes no column.
    """
    line, start = 1, 0
    for line_break in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, line_break.end()
    if start == 0 and text.startswith(_BOM) and index > 0:
        start = 1
    return line, index - start + 1


def _end(text: str) -> tuple[int, int]:
    """Just after the last character of the last line: where "end of file" is shown.

    A final line break does not start a line of its own, so a problem at the end of
    the stream is never placed past the last line an editor shows.
    """
    if text.endswith("\r\n"):
        final_break = 2
    else:
        final_break = 1 if text[-1:] in ("\r", "\n", "\x85", "\u2028", "\u2029") else 0
    return _place(text, len(text) - final_break)


def _within(text: str, place: tuple[int, int]) -> tuple[int, int]:
    """A (line, column) PyYAML or libyaml reported, moved back inside the text if past its end.

    libyaml reports an unexpected end of file on a line after the last.
    """
    return min(place, _end(text))


def _refusal(file: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML error as a placed problem, naming where the unfinished construct began."""
    mark = error.problem_mark or error.context_mark
    line, column = _within(text, _position(mark)) if mark else (1, 1)
    message = one_line(error.problem or "is not valid YAML")
    opened = error.context_mark
    if error.context and opened and opened is not mark:
        began = _within(text, _position(opened))
        where = (
            "" if began == (line, column) else f" that began at line {began[0]}, column {began[1]}"
        )
        message += f" ({one_line(error.context)}{where})"
    return Problem(file, line, column, "", f"YAML: {message}")


def _unreadable(file: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses outright (a control character, U+FFFE), placed where it is.

    The position counts characters in PyYAML's reader, bytes in libyaml's.
    """
    index = error.position
    if _READER_COUNTS_BYTES:
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    line, column = _within(text, _place(text, index))
    character = error.character
    if isinstance(character, int) and _is_control(character):
        reason = "control characters are not allowed"
    elif isinstance(character, int) and character & 0xFFFE == 0xFFFE:
        reason = "non-characters are not allowed"
    else:
        reason = one_line(str(error.reason))
    shown = f"#x{character:04x}" if isinstance(character, int) else excerpt(character)
    return Problem(file, line, column, "", f"YAML: unacceptable character {shown}: {reason}")


def _is_control(code: int) -> bool:
    return code < 0x20 or 0x7F <= code < 0xA0


class _Builder:
    """Builds plain data from a parser's events, recording positions and problems.

    PyYAML's composer would first make a node for every value (which costs more
    than parsing); here each event becomes its value at once.
    """

    def __init__(self, file: str, loader: SafeDataLoader) -> None:
        self.file = file
        self.loader = loader
        self.value_marks: dict[PathKey, tuple[int, int]] = {}
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.depth = 0

    def refuse(self, event: yaml.Event, path: PathKey, message: str) -> None:
        line, column = _position(event.start_mark)
        field = format_path([part for part in path if part != "<key>"])  # a key: its mapping
        self.problems.append(Problem(self.file, line, column, field, message))

    def keep_inside(self, end: tuple[int, int]) -> None:
        """Move back inside the text what was placed past its end.

        An empty value at the very end (`---` and nothing after) is marked where the
        stream ended, which may be on a line after the last.
        """
        for marks in (self.value_marks, self.key_marks):
            for path, mark in marks.items():
                if mark > end:
                    marks[path] = end
        self.problems = [
            dataclasses.replace(problem, line=end[0], column=end[1])
            if (problem.line, problem.column) > end
            else problem
            for problem in self.problems
        ]

    def next_event(self) -> yaml.Event:
        event = self.loader.get_event()
        if event is None:  # never: the parser ends the stream with an event, read by no one
            raise yaml.YAMLError("the stream ended early")
        return event

    def single_document(self) -> Any:
        """The content of the stream's one document: None for an empty stream."""
        loader = self.loader
        self.next_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        self.next_event()  # the document's start
        root = self.next_event()
        content = self.build(root, ())
        self.next_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                typing.cast(yaml.Mark, root.start_mark),
                "but found another document",
                typing.cast(yaml.Mark, self.next_event().start_mark),
            )
        return content

    def build(self, event: yaml.Event, path: PathKey) -> Any:
        mark: Any = event.start_mark  # as `_position` does, inline: this runs for every value
        self.value_marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                "aliases (*name) are not allowed in data files: write the value out",
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            if isinstance(event, yaml.ScalarEvent):
                return self.build_scalar(event, path)
            written = "a mapping" if isinstance(event, yaml.MappingStartEvent) else "a list"
            kind = _MAP if isinstance(event, yaml.MappingStartEvent) else _SEQ
            tag = kind if event.tag in (None, "!") else event.tag  # type: ignore[attr-defined]
            if tag != kind:
                shown = _shown_tag(tag)
                self.refuse(
                    event,
                    path,
                    f"the tag {shown} does not fit {written}"
                    if tag in _PLAIN_TAGS
                    else f"the tag {shown} is not allowed: data files hold plain values",
                )
                self.skip(event)
                return None
            if kind == _MAP:
                return self.build_mapping(event, path)
            return self.build_sequence(path)
        finally:
            self.depth -= 1

    def build_scalar(self, event: yaml.ScalarEvent, path: PathKey) -> Any:
        explicit = event.tag not in (None, "!")
        tag = event.tag if event.tag is not None and explicit else self.resolve(event)
        if tag == _STR:
            text: str = event.value
            # A short text (an id, a field's name, a chapter) is held once however many
            # files write it: marshal keeps that in the parse cache, and models share it.
            return sys.intern(text) if len(text) <= SHARED_LENGTH else text
        if tag not in _PLAIN_TAGS:
            message = f"the tag {_shown_tag(tag)} is not allowed: data files hold plain values"
            self.refuse(event, path, message)
            return None
        if tag in (_MAP, _SEQ):
            self.refuse(event, path, f"the tag {_shown_tag(tag)} does not fit a single value")
            return None
        text = event.value
        trouble = _scalar_trouble(tag, text, self.resolve(event) if explicit else tag)
        if trouble:
            self.refuse(event, path, trouble)
            return None
        if tag == _INT and text.isdigit() and text.isascii() and text[0] != "0":
            return int(text)  # what PyYAML makes of a plain decimal, without its detours
        return self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, text))

    def resolve(self, event: yaml.ScalarEvent) -> str:
        """The tag a scalar's text has when no tag is written (`12` is an int, `a` text).

        PyYAML's `Resolver.resolve`, for a scalar, without the path resolvers we do not
        use: it runs for every value.
        """
        text = event.value
        if event.tag not in (None, "!") or event.implicit[0]:
            for tag, pattern in self.loader.yaml_implicit_resolvers.get(text[:1], ()):
                if pattern.match(text):
                    return str(tag)
        return _STR

    def build_sequence(self, path: PathKey) -> list[Any]:
        loader = self.loader
        items: list[Any] = []
        while not loader.check_event(yaml.SequenceEndEvent):
            items.append(self.build(self.next_event(), (*path, len(items))))
        self.next_event()
        return items

    def build_mapping(self, start: yaml.Event, path: PathKey) -> dict[str, Any]:
        loader = self.loader
        mapping: dict[str, Any] = {}
        problems_before = len(self.problems)
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = self.next_event()
            if isinstance(key_event, yaml.ScalarEvent) and self.is_merge_key(key_event):
                del self.problems[problems_before:]  # the whole mapping is refused instead
                self.refuse(start, path, "merge keys (<<) are not allowed: write the fields out")
                self.skip(self.next_event())
                while not loader.check_event(yaml.MappingEndEvent):
                    self.skip(self.next_event())
                self.next_event()
                return {}
            refused = len(self.problems)
            key = self.build(key_event, (*path, "<key>"))
            value_event = self.next_event()
            if len(self.problems) > refused:  # the key itself was refused: once is enough
                self.skip(value_event)
                continue
            if not isinstance(key, str):
                shown = "an empty key" if key is None else f"the key {excerpt(key)}"
                self.refuse(key_event, path, f"{shown} is not a field name: write keys as text")
                self.skip(value_event)
                continue
            entry = (*path, key)
            if key in mapping:
                first_line = self.key_marks[entry][0]
                message = f"duplicate key {excerpt(key)} (first written on line {first_line})"
                self.refuse(key_event, entry, message)
                self.skip(value_event)
                continue
            self.key_marks[entry] = _position(key_event.start_mark)
            mapping[key] = self.build(value_event, entry)
        self.next_event()
        self.value_marks.pop((*path, "<key>"), None)
        return mapping

    def is_merge_key(self, event: yaml.ScalarEvent) -> bool:
        if event.tag not in (None, "!"):
            return event.tag == _MERGE
        return event.value == "<<" and self.resolve(event) == _MERGE

    def skip(self, event: yaml.Event) -> None:
        """Pass over a value that is refused or not used, however deep it nests."""
        depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
        while depth:
            event = self.next_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1


def _shown_tag(tag: str) -> str:
    """A tag as written (`!!python/object`), cut or escaped if long or holding odd characters."""
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return shown if shown.isprintable() and len(shown) <= EXCERPT_LENGTH else excerpt(shown)


def _scalar_trouble(tag: str, text: str, resolved: str) -> str | None:
    """What is wrong with a scalar that PyYAML would fail to convert, or convert at great cost.

    Judged from the text alone, before any conversion: `int()` of a long number is
    refused by Python, a base-60 one is quadratic to build, and a written tag
    (`!!int abc`) on text not of its kind (`resolved` is the kind of the text)
    crashes PyYAML's constructor.
    """
    if resolved != tag:
        return f"{excerpt(text)} is not a valid {_shown_tag(tag)}"
    if tag in (_INT, _FLOAT) and ":" in text:
        return f"{excerpt(text)} is a YAML 1.1 base-60 number: put it in quotes if it is text"
    if tag == _INT:
        digits = text.lstrip("+-")
        digits = digits[2:] if digits[:2] in ("0x", "0b") else digits
        count = len(digits) - digits.count("_")
        if count > MAX_DIGITS:
            return f"a number of {count:,} digits: numbers in data files have at most {MAX_DIGITS}"
        if not count:
            return f"{excerpt(text)} is not a number: it has no digits"
    return None


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text safely into a Document; raise DataError listing what was refused."""
    try:
        loader = SafeDataLoader(text)
    except UnicodeEncodeError as error:  # libyaml reads UTF-8; a str made in Python may not be
        line, column = _place(text, error.start)
        raise DataError([Problem(file, line, column, "", "YAML: a lone surrogate")]) from None
    except yaml.reader.ReaderError as error:  # PyYAML's own reader checks the whole text at once
        raise DataError([_unreadable(file, text, error)]) from None
    builder = _Builder(file, loader)
    try:
        content = builder.single_document()
    except yaml.MarkedYAMLError as error:
        raise DataError([_refusal(file, text, error)]) from None
    except yaml.reader.ReaderError as error:
        raise DataError([_unreadable(file, text, error)]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(file, 1, 1, "", f"YAML: {one_line(str(error))}")]) from None
    finally:
        loader.dispose()
    builder.keep_inside(_end(text))
    if builder.problems:
        raise DataError(builder.problems)
    return Document(file, content, builder.value_marks, builder.key_marks)


def read_yaml(path: Path, *, display: str | None = None) -> Document:
    """Read and parse one data file, refusing oversized or undecodable files before parsing.

    Only a regular file is read: a FIFO would wait forever and a device never end. A
    symbolic link is followed (whether it may be is the caller's to decide). At most
    MAX_FILE_BYTES + 1 bytes are read, whatever size the file claims. `display` is the
    name problems give the file; by default its path, escaped if it holds a newline.
    """
    file = display or shown_path(path)
    raw = _read_capped(path, file)
    key = hashlib.sha256(raw).hexdigest()
    cached = _cached_parse(key, file)
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8")
        line, column = _place(before, len(before))
        raise DataError([Problem(file, line, column, "", "the file is not UTF-8 text")]) from None
    document = parse_yaml(text, file).packed()
    _keep_parse(key, document)
    return document


@functools.cache
def _parse_cache() -> str:
    """The parse cache's sub-folder, `yaml/<version>`.

    The version names what, besides a file's bytes, decides what it parses into:
    this module's source (its builder, resolvers and refusals), PyYAML's version and
    parser, and Python's version (marshal's format and the marks it makes).
    """
    try:
        source = Path(__file__).read_bytes()
    except OSError:  # pragma: no cover - installed without its source
        source = b"no source"
    parts = (yaml.__version__, _Parser.__name__, sys.version, str(marshal.version))
    version = hashlib.sha256(source + "\0".join(parts).encode()).hexdigest()
    return f"yaml/{version[:16]}"


def _cached_parse(key: str, file: str) -> Document | None:
    """The document a cached parse of the same bytes holds, placed in `file`; or None.

    Its marks stay packed, as stored, until a problem needs them.
    """
    payload = read_entry(_parse_cache(), key)
    if payload is None:
        return None
    try:
        content, marks = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # not what `_keep_parse` wrote: a miss
        return None
    if not isinstance(marks, bytes):
        return None
    value_marks, key_marks = _packed_marks(marks)
    return Document(file, content, value_marks, key_marks)


def _keep_parse(key: str, document: Document) -> None:
    """Store a successful parse in the parse cache (when the caches are on)."""
    marks = document.value_marks
    assert isinstance(marks, _PackedMarks)  # read_yaml packs what it parses
    try:
        payload = marshal.dumps((document.content, marks._packed.blob))
    except ValueError:  # pragma: no cover - plain YAML data is always marshallable
        return
    write_entry(_parse_cache(), key, payload)


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_regular_file(mode: int) -> str | None:
    """Why a file of this mode is not read as data (`is a named pipe (FIFO), ...`), or None."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_TYPES if test(mode)), "a special file")
    return f"is {kind}, not a regular file: data files are plain files"


def _read_capped(path: Path, file: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; raise DataError otherwise."""

    def refused(message: str) -> DataError:
        return DataError([Problem(file, 1, 1, "", message)])

    limit = f"data files are limited to {MAX_FILE_BYTES:,}"
    try:
        status = path.stat()
        why = not_a_regular_file(status.st_mode)
        if why:
            raise refused(why)
        if status.st_size > MAX_FILE_BYTES:
            raise refused(f"the file is {status.st_size:,} bytes; {limit}")
        # Not blocking, in case the file was swapped for a FIFO since it was looked at.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        with open(os.open(path, flags), "rb") as stream:  # noqa: PTH123 (a descriptor)
            why = not_a_regular_file(os.fstat(stream.fileno()).st_mode)
            if why:
                raise refused(why)
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise refused(f"cannot read the file: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise refused(f"the file is over {MAX_FILE_BYTES:,} bytes; {limit}")
    return raw


def dump_yaml(model: BaseModel) -> str:
    """The model as YAML that `parse_yaml` and `validate` read back to an equal model."""
    data = model.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
