"""The errors a user of the library can meet, and how they read.

A data author fixes files line by line, so every problem carries its place
and prints as `file:line:col: field: message`, the shape editors and
terminals turn into links. Problems are collected, not raised one at a time:
an author sees every mistake in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "Problem", "UnknownIdError", "close_matches", "did_you_mean"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one data file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class DataError(Exception):
    """The data could not be loaded; `problems` lists every mistake found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def close_matches(word: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates a misspelling most likely meant, best first."""
    return difflib.get_close_matches(word, sorted(set(candidates)), n=limit, cutoff=0.6)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "; did you mean ...?" suffix, or nothing when no candidate is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return "; did you mean " + " or ".join(repr(match) for match in matches) + "?"


class UnknownIdError(KeyError):
    """An id that the library does not hold; the message names the closest ids it does.

    `kind` is what was looked for (`region`), `hint` what was wrong with the id when
    the name itself is known (`sacrum is on the midline and takes no side`), and
    `suggestions` the closest ids there are, best first.
    """

    def __init__(
        self, kind: str, unknown: str, known: Iterable[str], *, hint: str | None = None
    ) -> None:
        self.kind = kind
        self.id = unknown
        self.hint = hint
        self.suggestions: tuple[str, ...] = tuple(close_matches(unknown, known))
        super().__init__(unknown)

    def __str__(self) -> str:
        hint = f": {self.hint}" if self.hint else ""
        return f"unknown {self.kind} {self.id!r}{hint}{did_you_mean(self.id, self.suggestions)}"
