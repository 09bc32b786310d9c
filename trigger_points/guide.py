"""The pain guide: from where a patient hurts to the trigger points that may refer there.

Each trigger point, on each side, has a referral pattern: the drawn regions
of its essential zone and of its spillover zone, each on the side it is felt
(`referral.felt`: composites expanded to their parts, `:both` entries on both
sides, midline regions whichever the side). Given the painful regions (a
painful composite stands for all of its parts), every pattern is scored:

    explained = (painful regions in the essential zone
                 + SPILLOVER_WEIGHT x painful regions only in the spillover zone)
    coverage  = explained / number of painful regions
    focus     = explained / (essential regions + SPILLOVER_WEIGHT x spillover regions)
    score     = COVERAGE_WEIGHT x coverage + FOCUS_WEIGHT x focus

Coverage dominates: a pattern whose essential zone covers all the pain beats
one that only spills into part of it. Focus breaks near-ties in favour of the
pattern that explains the pain without promising much else. Ties go by id.
`SCORING` holds these numbers; the site's page reads them from the same
place, so there is one definition of the ranking.

A muscle is scored the same way on its pattern on each side: the union of
its trigger points' patterns there (a region essential to any point counts as
essential), or its best point's score when that is higher (the union's wider
pattern costs focus). Two points that each explain half of the pain
(quadratus lumborum's deep points: the sacroiliac joint and the lower
buttock) then explain all of it together, as a clinician examining the
muscle would find.

When a candidate's right and left explain the pain alike (the same score and
the same reasons, as for pain only in midline regions), they are one
candidate on `either` side, not two lines that differ only in their side.

This module ranks and does nothing else: it knows models, not files, the
Library or any page. The Library validates the painful regions and offers the
ranking as `lib.guide(...)`.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple, SupportsIndex, overload

from trigger_points.model import SIDES, Muscle, Region, RegionKey, TriggerPoint
from trigger_points.referral import felt

__all__ = [
    "COVERAGE_WEIGHT",
    "FOCUS_WEIGHT",
    "SCORING",
    "SIDE_ORDER",
    "SPILLOVER_WEIGHT",
    "Candidate",
    "Guide",
    "GuideSide",
    "MuscleCandidate",
    "Pattern",
    "Ranking",
    "Reach",
    "score",
]

SPILLOVER_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.85
FOCUS_WEIGHT = 0.15
SCORING: dict[str, float] = {
    "spillover": SPILLOVER_WEIGHT,
    "coverage": COVERAGE_WEIGHT,
    "focus": FOCUS_WEIGHT,
}
"""The ranking's numbers, as exported to the site's pain guide page.

A painful region in a pattern's essential zone counts 1, one only in its spillover zone
counts `spillover`; the score is `coverage` x (that count / the painful regions) +
`focus` x (that count / the size of the whole pattern), between 0 and 1.

Examples:
    >>> from trigger_points.guide import SCORING
    >>> SCORING
    {'spillover': 0.5, 'coverage': 0.85, 'focus': 0.15}
"""

GuideSide = Literal["right", "left", "either"]
"""The side a candidate is on; `either` when both sides explain the pain alike."""
SIDE_ORDER: dict[str, int] = {"either": 0, "right": 1, "left": 2}


@dataclass(frozen=True)
class Reach:
    """Where pain is referred, as region keys (`sacroiliac:right`): what `score` compares."""

    essential: frozenset[str]
    spillover: frozenset[str]
    """Spillover regions that are not also essential (another side may make them so)."""

    @property
    def size(self) -> float:
        """The extent, counting a spillover region at its weight."""
        return len(self.essential) + SPILLOVER_WEIGHT * len(self.spillover)


@dataclass(frozen=True)
class Pattern(Reach):
    """Where one trigger point on one side refers pain."""

    muscle: Muscle
    trigger_point: TriggerPoint
    side: GuideSide


@dataclass(frozen=True)
class Candidate:
    """A trigger point that may explain the pain, with its score and its reasons.

    [`Library.guide`][trigger_points.library.Library.guide] ranks them, best first; a
    candidate on `either` side explains pain on the midline alike from the right and the
    left. It says what may refer pain there, not what the patient has.

    Examples:
        >>> best = lib.guide(["coccyx"], limit=2)[0]
        >>> best
        <Candidate multifidus.s1 either 1.00>
        >>> best.trigger_point.name, best.essential, best.unexplained
        ('Sacral trigger point (S1)', ('coccyx',), ())

    """

    muscle: Muscle
    """The muscle the trigger point is in."""
    trigger_point: TriggerPoint
    """The trigger point whose pattern reaches the pain."""
    side: GuideSide
    """The side of the trigger point, or `either`."""
    score: float
    """Between 0 and 1: how well its pattern explains the pain (see `SCORING`)."""
    essential: tuple[str, ...]
    """The painful regions its essential zone covers."""
    spillover: tuple[str, ...]
    """The painful regions only its spillover zone covers."""
    unexplained: tuple[str, ...]
    """The painful regions its pattern does not reach."""

    def __repr__(self) -> str:
        return f"<Candidate {self.trigger_point.id} {self.side} {self.score:.2f}>"

    def as_data(self) -> dict[str, Any]:
        """The candidate as JSON-ready data (`trigger-points guide --by point --format json`).

        Examples:
            >>> lib.guide(["coccyx"], limit=1)[0].as_data()
            {'muscle': 'multifidus', 'trigger_point': 'multifidus.s1', 'side': 'either',
             'score': 1.0, 'essential': ['coccyx'], 'spillover': [], 'unexplained': []}

        """
        return {
            "muscle": self.muscle.id,
            "trigger_point": self.trigger_point.id,
            "side": self.side,
            "score": round(self.score, 6),
            **_reasons_data(self),
        }


@dataclass(frozen=True)
class MuscleCandidate:
    """A muscle that may explain the pain: its points' patterns on one side taken together.

    [`Library.guide_muscles`][trigger_points.library.Library.guide_muscles] ranks them,
    best first, so that two points that each explain part of the pain explain it together.
    It says what may refer pain there, not what the patient has.

    Examples:
        >>> best = lib.guide_muscles(["sacroiliac:right", "buttock_lower:right"], limit=3)[0]
        >>> best
        <MuscleCandidate quadratus_lumborum right 1.00>
        >>> best.essential
        ('buttock_lower:right', 'sacroiliac:right')
        >>> [point.trigger_point.id for point in best.points]
        ['quadratus_lumborum.deep_lower', 'quadratus_lumborum.deep_upper']

    """

    muscle: Muscle
    """The muscle."""
    side: GuideSide
    """The side of the muscle, or `either` when both sides explain the pain alike."""
    score: float
    """Between 0 and 1: how well its points' patterns together explain the pain."""
    essential: tuple[str, ...]
    """The painful regions the essential zone of any of its points covers."""
    spillover: tuple[str, ...]
    """The painful regions only the spillover zones of its points cover."""
    unexplained: tuple[str, ...]
    """The painful regions none of its points reaches."""
    points: tuple[Candidate, ...]
    """Its trigger points on that side that reach the pain, each with its own score, best first."""

    def __repr__(self) -> str:
        return f"<MuscleCandidate {self.muscle.id} {self.side} {self.score:.2f}>"

    def as_data(self) -> dict[str, Any]:
        """The candidate as JSON-ready data, its points under it (`guide --format json`).

        Examples:
            >>> data = lib.guide_muscles(["sacroiliac:right"], limit=1)[0].as_data()
            >>> sorted(data)
            ['essential', 'muscle', 'points', 'score', 'side', 'spillover', 'unexplained']
            >>> data["muscle"], data["points"][0]["trigger_point"]
            ('quadratus_lumborum', 'quadratus_lumborum.deep_upper')

        """
        return {
            "muscle": self.muscle.id,
            "side": self.side,
            "score": round(self.score, 6),
            **_reasons_data(self),
            "points": [point.as_data() for point in self.points],
        }


class Ranking(Sequence[Candidate]):
    """The trigger points `lib.guide(...)` ranks, best first: a list built as it is read.

    A full ranking at a thousand muscles holds hundreds of candidates and most callers
    read a few, so the ranking keeps what each is (its pattern, side and score) and
    builds a `Candidate` the first time it is read, then keeps it. It reads as a list
    does: `len`, indexing (from the end too), slicing (which gives a list), iteration,
    `==` with a list or another ranking, and its repr; pickled, it is a list.

    Examples:
        >>> ranking = lib.guide(["coccyx"])
        >>> ranking[:2]
        [<Candidate multifidus.s1 either 1.00>, <Candidate gluteus_maximus.trp3 either 0.92>]
        >>> ranking[:2] == list(ranking)[:2], len(ranking) == len(list(ranking))
        (True, True)

    """

    __slots__ = ("_build", "_built", "_listed")

    def __init__(self, listed: list[_Listed], build: Callable[[_Listed], Candidate]) -> None:
        self._listed = listed
        self._build = build
        self._built: list[Candidate | None] = [None] * len(listed)

    def __len__(self) -> int:
        return len(self._listed)

    @overload
    def __getitem__(self, index: SupportsIndex) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Candidate | list[Candidate]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        built = self._built[index]
        if built is None:
            built = self._built[index] = self._build(self._listed[index])
        return built

    def __iter__(self) -> Iterator[Candidate]:
        built, build, listed = self._built, self._build, self._listed
        for index, candidate in enumerate(built):
            if candidate is None:
                candidate = built[index] = build(listed[index])
            yield candidate

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list is not hashable either

    def __repr__(self) -> str:
        return repr(list(self))

    def __reduce__(self) -> tuple[type[list[Candidate]], tuple[list[Candidate]]]:
        """Pickled (and copied) as the list it reads as, not with the guide's index."""
        return list, (list(self),)


def _reasons_data(candidate: Candidate | MuscleCandidate) -> dict[str, list[str]]:
    return {
        "essential": list(candidate.essential),
        "spillover": list(candidate.spillover),
        "unexplained": list(candidate.unexplained),
    }


def patterns(muscles: Iterable[Muscle], regions: Mapping[str, Region]) -> tuple[Pattern, ...]:
    """Every trigger point's referral pattern on each side.

    When both sides give the same pattern (a bilateral referral, or one reaching only
    midline regions), the trigger point is one candidate on `either` side, not two.
    """
    found = []
    for muscle in muscles:
        for point in muscle.trigger_points:
            by_side = []
            for side in SIDES:
                essential = frozenset(str(k) for k in felt(regions, point, "essential", side))
                spillover = frozenset(str(k) for k in felt(regions, point, "spillover", side))
                by_side.append(Pattern(essential, spillover, muscle, point, side))
            right, left = by_side
            if (right.essential, right.spillover) == (left.essential, left.spillover):
                by_side = [Pattern(right.essential, right.spillover, muscle, point, "either")]
            found.extend(by_side)
    return tuple(found)


def score(reach: Reach, pain: frozenset[str]) -> float:
    """How well a pattern explains the pain, in [0, 1] (see the module's docstring)."""
    essential = len(pain & reach.essential)
    spillover = len(pain & reach.spillover)
    if not pain or essential + spillover == 0:
        return 0.0
    return _score_of(essential, spillover, len(pain), reach.size)


class Guide:
    """The patterns of a library, indexed so that a query touches only what can rank.

    Patterns are numbered in their tie order (muscle, trigger point, side), and each
    region keeps a bit mask of the patterns whose essential zone holds it and one of
    those whose spillover zone does; patterns of one size share a mask too. A query
    counts, with a few big-integer operations per painful region, how many painful
    regions each pattern's zones hold, and so finds the patterns of each score as
    masks, without looking at a pattern one by one; the lowest bits of the best
    score's masks come first, which is the tie order. Whether a point's right and left
    explain the pain alike is a mask too. The ranking lists numbers only, and a
    candidate is built when it is read. The plain ranking (score every pattern, merge
    alike sides, sort) gives the same answer; the tests compare the two on random
    queries.
    """

    def __init__(self, muscles: Iterable[Muscle], regions: Mapping[str, Region]) -> None:
        self.patterns = patterns(muscles, regions)
        self._ordered = sorted(self.patterns, key=_tie_order)
        self._essential: dict[str, int] = defaultdict(int)
        self._spillover: dict[str, int] = defaultdict(int)
        self._sizes: dict[float, int] = defaultdict(int)
        for number, pattern in enumerate(self._ordered):
            bit = 1 << number
            for key in pattern.essential:
                self._essential[key] |= bit
            for key in pattern.spillover:
                self._spillover[key] |= bit
            self._sizes[pattern.size] |= bit
        pairs = sum(
            1 << number
            for number, (pattern, following) in enumerate(itertools.pairwise(self._ordered))
            if pattern.side == "right"
            and following.side == "left"
            and following.trigger_point.id == pattern.trigger_point.id
        )
        self._pairs = pairs
        """The right patterns whose next number is their point's left pattern."""
        self._split: dict[str, int] = {}
        """By region: the pairs whose right and left differ on it (one zone holds it, not
        the other's same zone)."""
        for key in self._essential.keys() | self._spillover.keys():
            essential, spillover = self._essential[key], self._spillover[key]
            differ = (essential ^ (essential >> 1)) | (spillover ^ (spillover >> 1))
            self._split[key] = pairs & differ

    def rank(self, painful: Iterable[RegionKey], *, limit: int | None = None) -> Ranking:
        """The trigger points that may refer pain to these (validated) regions, best first."""
        _check_limit(limit)
        pain = frozenset(str(key) for key in painful)
        by_score = self._classes(pain)
        alike = self._pairs
        for key in pain:
            alike &= ~self._split.get(key, 0)
        listed: list[_Listed] = []
        for value in sorted(by_score, reverse=True):
            if limit is not None and len(listed) >= limit:
                break
            start = len(listed)
            for together in by_score[value]:
                patterns = together.patterns
                either = patterns & alike & (patterns >> 1)  # right and left in one class
                listed += [(number, True, value, together) for number in _numbers(either)]
                alone = patterns ^ either ^ (either << 1)  # without the lefts merged
                listed += [(number, False, value, together) for number in _numbers(alone)]
            listed[start:] = sorted(listed[start:])  # tie order: sorted runs, merged
        return Ranking(listed[:limit], functools.partial(self._candidate, tuple(sorted(pain))))

    def _candidate(self, in_order: tuple[str, ...], listed: _Listed) -> Candidate:
        """A listed pattern as its candidate: `in_order` is the painful regions, sorted."""
        number, either, value, together = listed
        pattern = self._ordered[number]
        return Candidate(
            pattern.muscle,
            pattern.trigger_point,
            "either" if either else pattern.side,
            value,
            *_counted_reasons(pattern, in_order, together),
        )

    def _classes(self, pain: frozenset[str]) -> dict[float, list[_Class]]:
        """The patterns that reach the pain, in classes, by their score.

        A class holds the patterns of one size whose zones hold as many painful regions
        each, so they have one score; a score may have more than one class.
        """
        by_score: dict[float, list[_Class]] = defaultdict(list)
        if not pain:
            return by_score
        essential = _counts([self._essential.get(key, 0) for key in pain])
        spillover = _counts([self._spillover.get(key, 0) for key in pain])
        touched = 0
        for key in pain:
            touched |= self._essential.get(key, 0) | self._spillover.get(key, 0)
        for in_essential in range(len(pain) + 1):
            with_essential = _equal_to(essential, in_essential, touched)
            if not with_essential:
                continue
            for in_spillover in range(len(pain) - in_essential + 1):
                counted = with_essential & _equal_to(spillover, in_spillover, touched)
                if not counted or in_essential + in_spillover == 0:
                    continue
                for size, of_size in self._sizes.items():
                    if counted & of_size:
                        value = _score_of(in_essential, in_spillover, len(pain), size)
                        by_score[value].append(
                            _Class(in_essential, in_spillover, counted & of_size)
                        )
        return by_score

    def rank_muscles(
        self, painful: Iterable[RegionKey], *, limit: int | None = None
    ) -> list[MuscleCandidate]:
        """The muscles that may refer pain to these (validated) regions, best first.

        Scores come from the index; only the muscles returned are built, with their points.
        """
        _check_limit(limit)
        pain = frozenset(str(key) for key in painful)
        scores = self._scores(pain)
        on_side: dict[tuple[str, GuideSide], list[Pattern]] = defaultdict(list)
        point_scores: dict[tuple[str, GuideSide], list[float]] = defaultdict(list)
        for number in sorted(scores):
            pattern = self._ordered[number]
            sides: tuple[GuideSide, ...] = SIDES if pattern.side == "either" else (pattern.side,)
            for side in sides:
                on_side[(pattern.muscle.id, side)].append(pattern)
                point_scores[(pattern.muscle.id, side)].append(scores[number])
        valued = {
            place: _muscle_score(touched, point_scores[place], pain)
            for place, touched in on_side.items()
        }
        ranked: list[tuple[float, str, GuideSide]] = []
        for (muscle_id, side), value in valued.items():
            other: GuideSide = "left" if side == "right" else "right"
            if valued.get((muscle_id, other)) == value and _alike_sides(
                on_side[(muscle_id, "right")], on_side[(muscle_id, "left")], pain
            ):
                if side == "right":
                    ranked.append((value, muscle_id, "either"))
                continue
            ranked.append((value, muscle_id, side))
        ranked.sort(key=lambda entry: (-entry[0], entry[1], SIDE_ORDER[entry[2]]))
        chosen = ranked[:limit] if limit is not None else ranked
        return [self._muscle(on_side, muscle_id, side, pain) for _, muscle_id, side in chosen]

    def _muscle(
        self,
        on_side: Mapping[tuple[str, GuideSide], list[Pattern]],
        muscle_id: str,
        side: GuideSide,
        pain: frozenset[str],
    ) -> MuscleCandidate:
        """The ranked muscle built in full: its reasons and its points."""
        if side != "either":
            return _muscle_candidate(on_side[(muscle_id, side)], side, pain)
        right = _muscle_candidate(on_side[(muscle_id, "right")], "right", pain)
        left = _muscle_candidate(on_side[(muscle_id, "left")], "left", pain)
        return _muscle_on_either_side(right, left)

    def _scores(self, pain: frozenset[str]) -> dict[int, float]:
        """The score of every pattern that reaches the pain, by its number."""
        return {
            number: value
            for value, classes in self._classes(pain).items()
            for alike in classes
            for number in _numbers(alike.patterns)
        }


def _tie_order(pattern: Pattern) -> tuple[str, str, int]:
    return (pattern.muscle.id, pattern.trigger_point.id, SIDE_ORDER[pattern.side])


def _counts(masks: list[int]) -> list[int]:
    """Per pattern, how many of `masks` hold its bit: a binary counter, one mask a bit of it.

    Bit-sliced addition: `planes[j]` holds bit j of every pattern's count at once.
    """
    planes: list[int] = []
    for mask in masks:
        carry = mask
        for index, plane in enumerate(planes):
            planes[index], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    return planes


def _equal_to(planes: list[int], count: int, within: int) -> int:
    """The patterns of `within` whose count (in bit planes) is exactly `count`."""
    if count >> len(planes):
        return 0
    mask = within
    for index, plane in enumerate(planes):
        mask &= plane if count >> index & 1 else ~plane
    return mask


def _score_of(in_essential: int, in_spillover: int, painful: int, size: float) -> float:
    """The score from the counts of painful regions in each zone: the one formula."""
    explained = in_essential + SPILLOVER_WEIGHT * in_spillover
    return COVERAGE_WEIGHT * (explained / painful) + FOCUS_WEIGHT * (explained / size)


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def _muscle_candidate(
    on_side: list[Pattern], side: GuideSide, pain: frozenset[str]
) -> MuscleCandidate:
    """A muscle on one side, scored on the union of its points' patterns there.

    `on_side` are its patterns that reach the pain on that side (that side's and those
    alike on both). Its score is never below its best point's: the union's wider
    pattern costs focus, and a muscle explains the pain at least as well as any one of
    its points does.
    """
    essential, spillover = _union(on_side)
    reasons = _reasons(essential, spillover, pain)
    points = sorted((_candidate(p, pain) for p in on_side), key=_order)
    best = max(score(Reach(essential, spillover), pain), points[0].score)
    return MuscleCandidate(on_side[0].muscle, side, best, *reasons, tuple(points))


def _union(touched: list[Pattern]) -> tuple[frozenset[str], frozenset[str]]:
    """The essential and the spillover regions of these patterns taken together."""
    if len(touched) == 1:
        return touched[0].essential, touched[0].spillover
    essential = frozenset().union(*(p.essential for p in touched))
    return essential, frozenset().union(*(p.spillover for p in touched)) - essential


def _muscle_score(touched: list[Pattern], scores: list[float], pain: frozenset[str]) -> float:
    """`_muscle_candidate`'s score, without building the candidate or its points."""
    if len(touched) == 1:
        return scores[0]  # the union is the pattern itself
    essential, spillover = _union(touched)
    return max(score(Reach(essential, spillover), pain), *scores)


def _alike_sides(right: list[Pattern], left: list[Pattern], pain: frozenset[str]) -> bool:
    """Whether a muscle's patterns on each side explain the pain with the same regions."""
    if not right or not left:
        return False
    if len(right) == len(left) and all(a is b for a, b in zip(right, left, strict=True)):
        return True  # the same patterns, alike on both sides
    right_essential, right_spillover = _union(right)
    left_essential, left_spillover = _union(left)
    return pain & right_essential == pain & left_essential and (
        pain & right_spillover == pain & left_spillover
    )


def _reasons(
    essential: frozenset[str], spillover: frozenset[str], pain: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The painful regions the essential zone covers, the spillover only, and neither."""
    return (
        tuple(sorted(pain & essential)),
        tuple(sorted(pain & spillover)),
        tuple(sorted(pain - essential - spillover)),
    )


class _Class(NamedTuple):
    """Patterns of one size whose zones hold as many painful regions each: one score."""

    in_essential: int
    """How many painful regions each pattern's essential zone holds."""
    in_spillover: int
    """How many painful regions each pattern's spillover zone holds."""
    patterns: int
    """The patterns, a bit each by number."""


_Listed = tuple[int, bool, float, _Class]
"""A pattern as the ranking lists it: its number, whether it stands for its point on
`either` side, its score and its class."""


def _counted_reasons(
    pattern: Reach, in_order: tuple[str, ...], counted: _Class
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """`_reasons` for painful regions already sorted, when how many each zone holds is known.

    The counts spare the look-ups they answer: a zone that holds no painful region, and
    no region unexplained when the zones hold them all.
    """
    essential, spillover = pattern.essential, pattern.spillover
    held = tuple(filter(essential.__contains__, in_order)) if counted.in_essential else ()
    spilled = tuple(filter(spillover.__contains__, in_order)) if counted.in_spillover else ()
    if len(held) + len(spilled) == len(in_order):
        return held, spilled, ()
    unexplained = tuple(key for key in in_order if key not in essential and key not in spillover)
    return held, spilled, unexplained


_FEW_BITS = 8
"""Up to this many bits, `_numbers` takes the lowest bit again and again."""


def _numbers(mask: int) -> list[int]:
    """The numbers of the bits set in `mask`, lowest first.

    Many bits are read from the mask's binary digits, right to left, since each
    big-integer operation costs as much as the mask is long; a few by taking the
    lowest bit.
    """
    found = []
    if mask.bit_count() <= _FEW_BITS:
        while mask:
            lowest = mask & -mask
            mask ^= lowest
            found.append(lowest.bit_length() - 1)
        return found
    digits = bin(mask)
    last = len(digits) - 1
    position = digits.rfind("1")
    while position > 1:  # digits[:2] is "0b"
        found.append(last - position)
        position = digits.rfind("1", 2, position)
    return found


def _candidate(pattern: Pattern, pain: frozenset[str]) -> Candidate:
    return Candidate(
        pattern.muscle,
        pattern.trigger_point,
        pattern.side,
        score(pattern, pain),
        *_reasons(pattern.essential, pattern.spillover, pain),
    )


def _muscle_on_either_side(right: MuscleCandidate, left: MuscleCandidate) -> MuscleCandidate:
    """One muscle on `either` side, its points from both sides, themselves merged when alike.

    Pain only in midline regions is explained alike from both sides; two lines that
    differ only in their side would crowd the ranking without telling anything.
    """
    by_point: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for point in [*right.points, *left.points]:
        by_point[point.trigger_point.id][point.side] = point  # `either` points come twice
    points: list[Candidate] = []
    for sides in by_point.values():
        on_right, on_left = sides.get("right"), sides.get("left")
        if on_right is not None and on_left is not None and _alike(on_right, on_left):
            points.append(replace(on_right, side="either"))
        else:
            points += sides.values()
    return replace(right, side="either", points=tuple(sorted(points, key=_order)))


def _alike(right: Candidate, left: Candidate) -> bool:
    return (right.score, right.essential, right.spillover, right.unexplained) == (
        left.score,
        left.essential,
        left.spillover,
        left.unexplained,
    )


def _order(candidate: Candidate) -> tuple[float, str, str, int]:
    return (
        -candidate.score,
        candidate.muscle.id,
        candidate.trigger_point.id,
        SIDE_ORDER[candidate.side],
    )
