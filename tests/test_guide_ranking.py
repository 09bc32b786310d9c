"""The guide's index ranks as the plain definition does, and its ranking reads as a list.

`plain_ranking` is the ranking written the obvious way: score every pattern, merge a
point's right and left when they explain the pain alike, sort. The index (bit masks,
candidates built when read) must give the same candidates, field for field, in the same
order, for any pain and any limit: on the bundled library and on a large one whose
random zones make ties and equal scores in every class.
"""

from __future__ import annotations

import copy
import itertools
import json
import pickle
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trigger_points.export import guide_as_data
from trigger_points.guide import SIDE_ORDER, Candidate, _numbers, score
from trigger_points.library import Library

relaxed = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def keys(library: Library) -> list[str]:
    """Every region as the guide takes it: a midline one alone, a paired one on each side."""
    return [
        key
        for region in library.regions
        for key in (
            [region.id]
            if region.laterality == "midline"
            else [f"{region.id}:right", f"{region.id}:left"]
        )
    ]


def plain_ranking(library: Library, pain: list[str]) -> list[Candidate]:
    """The ranking by its definition: score every pattern, merge alike sides, sort."""
    felt = frozenset(str(key) for text in pain for key in library.leaves(text))
    scored = {
        (p.trigger_point.id, p.side): Candidate(
            p.muscle,
            p.trigger_point,
            p.side,
            score(p, felt),
            tuple(sorted(felt & p.essential)),
            tuple(sorted(felt & p.spillover)),
            tuple(sorted(felt - p.essential - p.spillover)),
        )
        for p in library.patterns
        if score(p, felt) > 0
    }
    found = []
    for (point, side), candidate in scored.items():
        other = {
            "right": scored.get((point, "left")),
            "left": scored.get((point, "right")),
            "either": None,
        }[side]
        alike = other is not None and (
            (other.score, other.essential, other.spillover)
            == (candidate.score, candidate.essential, candidate.spillover)
        )
        if alike and side == "left":
            continue  # listed once, on either side, with its right
        found.append(replace(candidate, side="either") if alike else candidate)
    found.sort(key=lambda c: (-c.score, c.muscle.id, c.trigger_point.id, SIDE_ORDER[c.side]))
    return found


def with_random_zones(library: Library, count: int) -> Library:
    """`count` copies of the bundled muscles whose points refer to random drawn regions."""
    chooser = random.Random(11)
    drawn = [region.id for region in library.regions if not region.composite]
    made = []
    for number in range(count):
        model = library.muscles[number % len(library.muscles)]
        muscle_id = f"random_{number:03d}"
        points = []
        for point in model.trigger_points:
            zones = chooser.sample(drawn, chooser.randint(2, 6))
            split = chooser.randint(1, len(zones))
            update = {
                "id": f"{muscle_id}.{point.local_id}",
                "essential": tuple(zones[:split]),
                "spillover": tuple(zones[split:]),
                "laterality": chooser.choice(["ipsilateral", "bilateral"]),
            }
            points.append(point.model_copy(update=update))
        made.append(model.model_copy(update={"id": muscle_id, "trigger_points": tuple(points)}))
    return library.replace(muscles=made)


@pytest.fixture(scope="module")
def large(library: Library) -> Library:
    """Hundreds of muscles with random zones: ties and equal scores in every class."""
    return with_random_zones(library, 150)


@st.composite
def queries(draw: st.DrawFn, library: Library) -> tuple[list[str], int | None]:
    """Painful regions (composites among them) and a limit, or none."""
    pain = draw(st.lists(st.sampled_from(keys(library)), min_size=1, max_size=12, unique=True))
    return pain, draw(st.none() | st.integers(min_value=0, max_value=40))


@relaxed
@given(data=st.data())
def test_the_indexed_ranking_is_the_plain_ranking(library: Library, data: st.DataObject) -> None:
    pain, limit = data.draw(queries(library))
    assert list(library.guide(pain, limit=limit)) == plain_ranking(library, pain)[:limit]


@relaxed
@given(data=st.data())
def test_the_indexed_ranking_is_the_plain_ranking_on_a_large_library(
    large: Library, data: st.DataObject
) -> None:
    pain, limit = data.draw(queries(large))
    assert list(large.guide(pain, limit=limit)) == plain_ranking(large, pain)[:limit]


def test_the_large_library_has_what_the_index_must_get_right(large: Library) -> None:
    """Its rankings hold equal scores and points listed once on `either` side, often."""
    chooser = random.Random(5)
    rankings = [plain_ranking(large, chooser.sample(keys(large), 3)) for _ in range(20)]
    assert all(len(ranking) > 50 for ranking in rankings)
    assert all(
        any(first.score == second.score for first, second in itertools.pairwise(ranking))
        for ranking in rankings
    )
    either = [c for ranking in rankings for c in ranking if c.side == "either"]
    assert any(c.trigger_point.laterality != "bilateral" for c in either)  # merged, not one


@relaxed
@given(data=st.data())
def test_a_ranking_reads_as_the_list_it_stands_for(large: Library, data: st.DataObject) -> None:
    pain, limit = data.draw(queries(large))
    expected = plain_ranking(large, pain)[:limit]
    ranking = large.guide(pain, limit=limit)
    # Read in any order, from the end too, each candidate is the one the list holds there.
    for index in data.draw(st.lists(st.integers(-len(expected) - 2, len(expected) + 1))):
        if -len(expected) <= index < len(expected):
            assert ranking[index] == expected[index]
            assert ranking[index] is ranking[index]  # built once, as a list holds one
        else:
            with pytest.raises(IndexError):
                ranking[index]
    bounds = st.none() | st.integers(-len(expected) - 2, len(expected) + 2)
    window = slice(
        data.draw(bounds), data.draw(bounds), data.draw(st.none() | st.sampled_from([-3, -1, 1, 2]))
    )
    assert ranking[window] == expected[window] and isinstance(ranking[window], list)
    assert len(ranking) == len(expected) and bool(ranking) == bool(expected)
    assert list(ranking) == expected and list(reversed(ranking)) == expected[::-1]
    assert ranking == expected and expected == ranking and ranking == ranking[:]
    assert ranking != tuple(expected)  # as a list is not equal to a tuple
    assert (ranking != expected[:-1]) == bool(expected)
    assert repr(ranking) == repr(expected)
    assert pickle.loads(pickle.dumps(ranking)) == expected
    assert copy.copy(ranking) == expected and copy.deepcopy(ranking) == expected
    for candidate in expected[:3]:
        assert candidate in ranking and ranking.index(candidate) == expected.index(candidate)


def test_a_ranking_cannot_be_hashed_or_changed(library: Library) -> None:
    ranking = library.guide(["coccyx"])
    with pytest.raises(TypeError):
        hash(ranking)
    with pytest.raises(TypeError):
        ranking[0] = ranking[1]  # type: ignore[index]


@relaxed
@given(data=st.data())
def test_the_json_answer_is_the_plain_rankings(large: Library, data: st.DataObject) -> None:
    pain, limit = data.draw(queries(large))
    answers = [
        json.dumps(guide_as_data(large, pain, "point", candidates, [], []))
        for candidates in (large.guide(pain, limit=limit), plain_ranking(large, pain)[:limit])
    ]
    assert answers[0] == answers[1]


@given(st.integers(min_value=0, max_value=1 << 5000))
def test_numbers_are_the_bits_set_lowest_first(mask: int) -> None:
    assert _numbers(mask) == [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


@given(st.sets(st.integers(min_value=0, max_value=4000), max_size=60))
def test_numbers_of_a_sparse_or_dense_mask(bits: set[int]) -> None:
    assert _numbers(sum(1 << bit for bit in bits)) == sorted(bits)
