"""The errors a user of the library can meet, and how they read.

A data author fixes files line by line, so every problem carries its place
and prints as `file:line:col: field: message`, the shape editors and
terminals turn into links. Problems are collected, not raised one at a time:
an author sees every mistake in one run.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

__all__ = [
    "EXCERPT_LENGTH",
    "AmbiguousIdError",
    "DataError",
    "NotShownError",
    "Problem",
    "UnknownIdError",
    "close_matches",
    "did_you_mean",
    "excerpt",
    "one_line",
    "shown_path",
    "some_of",
]

EXCERPT_LENGTH = 60
"""How much of a value a message echoes: enough to recognise it, never a whole file."""


def excerpt(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """A value as a message shows it: its repr, cut to about `limit` characters, then "…".

    Never fails: a value whose repr cannot be made (an integer too long to print)
    is named by its type.
    """
    if isinstance(value, str):
        size = min(len(value), limit)
        shown = repr(value[:size])
        while len(shown) > limit + 2 and size > 1:  # escapes (\x00, \U0001f600) widen the repr
            size //= 2
            shown = repr(value[:size])
        return shown if size == len(value) else f"{shown}…"
    if isinstance(value, int) and value.bit_length() > 4 * limit:  # printing it costs, or fails
        digits = round(value.bit_length() * 0.30103)  # log10(2): about as many digits
        return f"{'a negative' if value < 0 else 'an'} integer of about {digits:,} digits"
    try:
        shown = repr(value)
    except Exception:  # an int over 4,300 digits, a broken __repr__: name it, never fail
        return f"a {type(value).__name__} too large to show"
    return shown if len(shown) <= limit else f"{shown[:limit]}…"


def some_of(names: Sequence[str], shown: int) -> str:
    """The first `shown` names, then how many more: a message stays one readable line.

    Examples:
        >>> from trigger_points.errors import some_of
        >>> some_of(["a", "b", "c"], 2)
        'a, b and 1 more'

    """
    rest = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {rest} more" if rest > 0 else "")


def one_line(message: str) -> str:
    """A message on one line: its own line breaks (and other breaks) become spaces."""
    return message if message.isprintable() else " ".join(message.split())


def shown_path(path: str | PurePath) -> str:
    """A file's path as a problem line shows it: as is, or escaped like a repr.

    Escaped when it holds a newline or another character that would break the
    problem's line or hide in a terminal.
    """
    text = str(path)
    return text if text.isprintable() else repr(text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one data file, at a 1-based line and column.

    Examples:
        >>> problem = tp.Problem("muscles/piriformis.yaml", 12, 5, "aliases[0]", "is blank")
        >>> print(problem)
        muscles/piriformis.yaml:12:5: aliases[0]: is blank
        >>> print(tp.Problem("sources.yaml", 1, 1, "", "not a data file"))  # no field, none shown
        sources.yaml:1:1: not a data file

    """

    file: str
    """The file as the user named it (escaped if its name would break the line), or `<kind>`
    for items made in Python (`<muscles>`)."""
    line: int
    """The line the mistake is on, from 1; 1 for a whole file."""
    column: int
    """The column the mistake starts at, from 1."""
    field: str
    """Where in the file's structure the value is, as `trigger_points[0].name`; empty when
    the problem is with the whole file."""
    message: str
    """What is wrong, and how to put it right, on one line."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """The order problems are listed in (file, line, column, field, message), as a tuple.

        Examples:
            >>> first = tp.Problem("a.yaml", 9, 1, "name", "is blank")
            >>> later = tp.Problem("a.yaml", 10, 1, "id", "is blank")
            >>> sorted([later, first], key=tp.Problem.sort_key) == [first, later]
            True
            >>> first.sort_key()
            ('a.yaml', 9, 1, 'name', 'is blank')

        """
        return (self.file, self.line, self.column, self.field, self.message)

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class DataError(Exception):
    """The data could not be loaded; `problems` lists every mistake found, in file order.

    Examples:
        >>> from trigger_points.drawing import parse_drawing
        >>> text = (
        ...     '{"format": "trigger-points/pain-drawing", "version": 2, "marks": ['
        ...     '{"region": "sacrum", "intensity": 11, "qualities": ["aching"]}]}'
        ... )
        >>> try:
        ...     parse_drawing(text, "drawing.json")
        ... except tp.DataError as error:
        ...     print([problem.field for problem in error.problems])
        ...     print(error)
        ['version', 'marks[0].intensity']
        drawing.json:1:54: version: version 2 is not one this reader knows: ...
        drawing.json:1:101: marks[0].intensity: input should be less than or equal to 10, ...

    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        # Sorted on plain tuples (the dataclass's own comparisons run in Python), and
        # deduplicated keeping the order they came in, which is nearly sorted already:
        # tens of thousands of problems take milliseconds, not a second.
        unique = dict.fromkeys(problems)
        self.problems: tuple[Problem, ...] = tuple(sorted(unique, key=Problem.sort_key))
        """Every problem found, each once, in the order of file, line and column."""
        super().__init__(self.problems)  # the text is made when asked for: it can be long

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


_CUTOFF = 0.6
"""How alike (difflib's ratio) a candidate must be to be suggested."""


def close_matches(word: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates a misspelling or a beginning most likely meant, best first.

    Candidates that begin with the word (in any case) come first, shortest first: a
    person who typed `buttock` or `pirif` stopped early rather than misspelt. Then
    those most alike (difflib). Cheap when asked many times: only candidates whose
    length could reach the cutoff are compared, and the same question is answered
    from a cache.
    """
    if not isinstance(word, str):
        return []
    return list(_close_matches(word, tuple(sorted(set(candidates))), limit))


@functools.lru_cache(maxsize=4096)
def _close_matches(word: str, candidates: tuple[str, ...], limit: int) -> tuple[str, ...]:
    folded = word.casefold()
    beginning = (
        sorted(
            (c for c in candidates if c != word and c.casefold().startswith(folded)),
            key=lambda candidate: (len(candidate), candidate),
        )
        if folded
        else []
    )
    # difflib's ratio is 2 * matches / (len(a) + len(b)), and matches <= the shorter length:
    # a candidate much shorter or longer than the word can never reach the cutoff (this is
    # difflib's own real_quick_ratio, without building a matcher for each candidate).
    size = len(word)
    reachable = [
        candidate
        for candidate in candidates
        if not size + len(candidate)
        or 2.0 * min(size, len(candidate)) / (size + len(candidate)) >= _CUTOFF
    ]
    alike = difflib.get_close_matches(word, reachable, n=limit, cutoff=_CUTOFF) if reachable else []
    return tuple(dict.fromkeys([*beginning[:limit], *alike]))[:limit]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "; did you mean ...?" suffix, or nothing when no candidate is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return "; did you mean " + " or ".join(excerpt(match) for match in matches) + "?"


class UnknownIdError(KeyError):
    """An id that the library does not hold; the message names the closest ids it does.

    `kind` is what was looked for (`region`), `hint` what was wrong with the id when
    the name itself is known (`sacrum is on the midline and takes no side`), and
    `suggestions` the closest ids there are, best first.

    Examples:
        >>> try:
        ...     lib.muscle("glut")
        ... except tp.UnknownIdError as error:  # a KeyError
        ...     print(error.kind, error.id, error.suggestions)
        muscle glut ('gluteus_medius', 'gluteus_maximus', 'gluteus_minimus')
        >>> try:
        ...     lib.region("sacrum:left")
        ... except tp.UnknownIdError as error:
        ...     print(error.hint)
        sacrum is on the midline and takes no side

    """

    def __init__(
        self, kind: str, unknown: str, known: Iterable[str], *, hint: str | None = None
    ) -> None:
        self.kind = kind
        """What was looked for: `muscle`, `region`, `trigger point`..."""
        self.id = unknown
        """The id as it was given."""
        self.hint = hint
        """What is wrong with an id whose name is known (a side it cannot take), or None."""
        self.suggestions: tuple[str, ...] = tuple(close_matches(unknown, known))
        """The closest ids there are, best first: those that begin with it, then those alike."""
        super().__init__(unknown)

    def __str__(self) -> str:
        hint = f": {self.hint}" if self.hint else ""
        suggestion = did_you_mean(self.id, self.suggestions)
        return f"unknown {self.kind} {excerpt(self.id)}{hint}{suggestion}"


class NotShownError(ValueError):
    """A map asked of a view in which nothing of what it maps is drawn.

    A blank figure would look like "no pain pattern"; refusing says what the reader
    needs instead: the views that do show it.

    Examples:
        >>> try:
        ...     tp.render_map(lib, "piriformis", view="anterior")
        ... except tp.NotShownError as error:  # a ValueError
        ...     print(error.view, error.shown_in)
        ...     print(error)
        anterior ('posterior', 'lateral')
        nothing of piriformis is drawn in the anterior view; it is drawn in: posterior, lateral

    """

    def __init__(self, what: str, view: str, shown_in: Iterable[str]) -> None:
        self.view = view
        """The view asked for, which shows nothing of it."""
        self.shown_in = tuple(shown_in)
        """The views that do show it, in their usual order; empty when none does."""
        where = ", ".join(self.shown_in) or "no view"
        super().__init__(f"nothing of {what} is drawn in the {view} view; it is drawn in: {where}")


class AmbiguousIdError(KeyError):
    """What a person typed could mean more than one id: `glut` for any gluteal muscle.

    `text` is what was typed and `matches` the ids it could mean, in order; the
    message lists them, so that the person can type more of the one they meant.
    """

    SHOWN = 8
    """Matches the message names; the rest are counted."""

    def __init__(self, kind: str, text: str, matches: Iterable[str]) -> None:
        self.kind = kind
        self.text = text
        self.matches: tuple[str, ...] = tuple(matches)
        super().__init__(text)

    def __str__(self) -> str:
        return (
            f"{excerpt(self.text)} could be more than one {self.kind}: "
            f"{some_of(self.matches, self.SHOWN)}; type more of the one you mean"
        )
