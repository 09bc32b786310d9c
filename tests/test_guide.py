"""The pain guide: its ranking's properties for any pain, clinically sensible answers, and its
index, which must rank as the plain definition does."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
import random
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trigger_points.cli import main
from trigger_points.errors import UnknownIdError
from trigger_points.export import guide_as_data
from trigger_points.guide import SIDE_ORDER, Candidate, MuscleCandidate, _numbers, score
from trigger_points.library import Library

relaxed = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def keys(library: Library) -> list[str]:
    found = []
    for region in library.regions:
        found += (
            [region.id]
            if region.laterality == "midline"
            else [f"{region.id}:right", f"{region.id}:left"]
        )
    return found


def mirrored(key: str) -> str:
    region, _, side = key.partition(":")
    return f"{region}:{'left' if side == 'right' else 'right'}" if side else region


def summary(candidates: Sequence[Candidate]) -> list[tuple[str, str, float]]:
    return [(c.trigger_point.id, c.side, c.score) for c in candidates]


@st.composite
def pains(draw: st.DrawFn, library: Library) -> list[str]:
    return draw(st.lists(st.sampled_from(keys(library)), min_size=1, max_size=6, unique=True))


@relaxed
@given(data=st.data())
def test_scores_lie_in_zero_to_one_and_reasons_account_for_every_region(
    library: Library, data: st.DataObject
) -> None:
    pain = data.draw(pains(library))
    for candidate in library.guide(pain):
        assert 0 < candidate.score <= 1
        parts = [*candidate.essential, *candidate.spillover, *candidate.unexplained]
        # Every painful region (a composite as its parts), each exactly once.
        felt = {str(key) for text in pain for key in library.leaves(text)}
        assert sorted(parts) == sorted(felt)


@relaxed
@given(data=st.data())
def test_adding_a_region_the_essential_zone_covers_never_lowers_the_score(
    library: Library, data: st.DataObject
) -> None:
    pain = data.draw(pains(library))
    before = {(c.trigger_point.id, c.side): c for c in library.guide(pain)}
    assume(before)  # some regions, such as the flank, no trigger point refers to
    candidate = data.draw(
        st.sampled_from(sorted(before.values(), key=lambda c: (c.trigger_point.id, c.side)))
    )
    # A candidate on `either` side explains the pain alike from both: take its right.
    sides = ("right", "either") if candidate.side == "either" else (candidate.side, "either")
    pattern = next(
        p
        for p in library.patterns
        if p.trigger_point.id == candidate.trigger_point.id and p.side in sides
    )
    extra = data.draw(st.sampled_from(sorted(pattern.essential)))
    assume(extra not in pain)  # a region already in the pain changes nothing
    after = {(c.trigger_point.id, c.side): c for c in library.guide([*pain, extra])}
    point = candidate.trigger_point.id
    # The new region is on the pattern's side; `either` may now be that side alone.
    now = after.get((point, candidate.side)) or after[(point, pattern.side)]
    assert now.score >= candidate.score - 1e-12


@relaxed
@given(data=st.data())
def test_mirroring_the_pain_mirrors_the_ranking(library: Library, data: st.DataObject) -> None:
    pain = data.draw(pains(library))
    flip = {"right": "left", "left": "right", "either": "either"}
    ranked = {(c.trigger_point.id, c.side): c.score for c in library.guide(pain)}
    mirrored_ranking = {
        (c.trigger_point.id, flip[c.side]): c.score
        for c in library.guide([mirrored(k) for k in pain])
    }
    assert mirrored_ranking == pytest.approx(ranked)


@relaxed
@given(data=st.data())
def test_the_order_of_the_regions_does_not_matter(library: Library, data: st.DataObject) -> None:
    pain = data.draw(pains(library))
    shuffled = data.draw(st.permutations(pain))
    assert summary(library.guide(pain)) == summary(library.guide(list(shuffled)))


@relaxed
@given(data=st.data())
def test_the_ranking_is_sorted_and_ties_go_by_id(library: Library, data: st.DataObject) -> None:
    ranking = library.guide(data.draw(pains(library)))
    seen = [(c.trigger_point.id, c.side) for c in ranking]
    assert len(seen) == len(set(seen))  # each trigger point on each side at most once
    for first, second in itertools.pairwise(ranking):
        assert first.score >= second.score
        if first.score == second.score:
            ids = (first.muscle.id, first.trigger_point.id)
            assert ids <= (second.muscle.id, second.trigger_point.id)


def test_a_full_essential_match_outranks_a_partial_spillover(library: Library) -> None:
    ranking = library.guide(["greater_trochanter:right"])
    first = ranking[0]
    assert first.essential == ("greater_trochanter:right",)
    spill_only = [c for c in ranking if not c.essential]
    assert all(c.score < first.score for c in spill_only)


def test_lateral_thigh_and_leg_rank_gluteus_minimus_first(library: Library) -> None:
    first = library.guide(["lateral_thigh:right", "lateral_leg:right"])[0]
    assert (first.muscle.id, first.side) == ("gluteus_minimus", "right")
    assert first.unexplained == ()


def test_pain_around_the_coccyx_ranks_coccyx_referrers_first(library: Library) -> None:
    ranking = library.guide(["coccyx"], limit=6)
    assert all("coccyx" in c.trigger_point.essential for c in ranking)
    assert {"multifidus", "gluteus_maximus", "coccygeus"} <= {c.muscle.id for c in ranking}


def test_bilateral_referral_counts_on_both_sides(library: Library) -> None:
    ranking = library.guide(["sacroiliac:left", "sacroiliac:right", "sacrum_upper"])
    (point,) = [c for c in ranking if c.trigger_point.id == "rectus_abdominis.infraumbilical"]
    assert point.side == "either"  # both sides refer alike: one candidate, not two
    assert point.unexplained == ()
    assert set(point.essential) == {"sacroiliac:left", "sacroiliac:right", "sacrum_upper"}


def test_an_entry_felt_on_both_sides_reaches_the_other_side_only_there(library: Library) -> None:
    """Gluteus medius TrP3: the crest on its own side, the low back on both (`:both`)."""
    ranking = library.guide(["lumbar_lower:left", "iliac_crest:left"])
    by_side = {c.side: c for c in ranking if c.trigger_point.id == "gluteus_medius.trp3"}
    assert set(by_side) == {"right", "left"}
    assert by_side["left"].essential == ("iliac_crest:left", "lumbar_lower:left")
    assert by_side["right"].essential == ("lumbar_lower:left",)
    assert by_side["right"].unexplained == ("iliac_crest:left",)
    assert by_side["left"].score > by_side["right"].score


def test_the_sacroiliac_region_brings_the_classic_muscles(library: Library) -> None:
    found = {c.muscle.id for c in library.guide(["sacroiliac:right"], limit=12)}
    assert {"quadratus_lumborum", "gluteus_medius", "piriformis"} <= found


def test_unknown_regions_and_missing_sides_name_the_closest_ids(library: Library) -> None:
    with pytest.raises(UnknownIdError) as caught:
        library.guide(["sacroilac:right"])
    assert caught.value.suggestions[0] == "sacroiliac:right"
    with pytest.raises(UnknownIdError, match="say which side"):
        library.guide(["groin"])
    with pytest.raises(UnknownIdError, match="takes no side"):
        library.guide(["sacrum:left"])


def test_limit_keeps_the_best(library: Library) -> None:
    pain = ["buttock_lower:right", "posterior_thigh_upper:right"]
    assert summary(library.guide(pain, limit=3)) == summary(library.guide(pain))[:3]
    with pytest.raises(ValueError, match="negative"):
        library.guide(pain, limit=-1)


def test_the_command_prints_a_table_or_json(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["guide", "lateral_thigh:right", "lateral_leg:right", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(" 1. 0.92  Gluteus minimus (right side)") and "not a diagnosis" in out
    assert "[gluteus_minimus.anterior]" in out  # its points are listed under it
    assert main(["guide", "lateral_thigh:right", "--by", "point", "--limit", "1"]) == 0
    assert capsys.readouterr().out.startswith(" 1. 0.94  Tensor fasciae latae: Trigger point")
    assert main(["guide", "coccyx", "--format", "json", "--by", "point"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["trigger_point"] for d in data["candidates"]] == [
        c.trigger_point.id for c in library.guide(["coccyx"])
    ]
    assert main(["guide", "sacroilac:right"]) == 2
    assert "did you mean 'sacroiliac:right'" in capsys.readouterr().err


def test_the_json_answer_asks_the_emergency_questions_first_and_names_dermatomes(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["guide", "coccyx", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:2] == ["regions", "emergency"]
    assert data["emergency"]["ask_now"] and data["emergency"]["roots"] == ["s4_s5"]
    flags = library.guidance_section("red_flags").statements
    assert data["emergency"]["questions"] == [f.text for f in flags if f.urgency == "emergency"]
    assert [c["muscle"] for c in data["candidates"]] == [
        c.muscle.id for c in library.guide_muscles(["coccyx"])
    ]
    assert main(["guide", "lateral_leg:right", "foot_dorsum:right", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert not data["emergency"]["ask_now"] and data["emergency"]["questions"] == []
    consistent = library.dermatomes(["lateral_leg:right", "foot_dorsum:right"])
    assert [d["root"] for d in data["dermatomes"]] == [
        m.root.id for m in consistent if m.consistent
    ]
    assert "l5" in [d["root"] for d in data["dermatomes"]]


def test_one_region_may_be_given_as_a_string(library: Library) -> None:
    assert summary(library.guide("coccyx")) == summary(library.guide(["coccyx"]))


@relaxed
@given(data=st.data())
def test_a_muscle_explains_the_pain_as_its_points_do_together(
    library: Library, data: st.DataObject
) -> None:
    pain = data.draw(pains(library))
    felt = sorted({str(key) for text in pain for key in library.leaves(text)})
    for muscle in library.guide_muscles(pain):
        assert muscle.points and all(p.muscle == muscle.muscle for p in muscle.points)
        assert 0 < muscle.score <= 1
        # Never below its best point; what any point's essential zone covers, the muscle's does.
        assert muscle.score >= max(p.score for p in muscle.points) - 1e-12
        assert set(muscle.essential) == {k for p in muscle.points for k in p.essential}
        assert sorted([*muscle.essential, *muscle.spillover, *muscle.unexplained]) == felt
        assert [p.score for p in muscle.points] == sorted(
            (p.score for p in muscle.points), reverse=True
        )


@relaxed
@given(data=st.data())
def test_no_muscle_or_point_is_listed_twice_for_sides_that_explain_alike(
    library: Library, data: st.DataObject
) -> None:
    pain = data.draw(pains(library))
    muscles = library.guide_muscles(pain)
    rankings: list[Sequence[Candidate | MuscleCandidate]] = [muscles, library.guide(pain)]
    for ranking in rankings + [m.points for m in muscles]:
        by_id: dict[str, dict[str, tuple[object, ...]]] = {}
        for c in ranking:
            key = c.trigger_point.id if isinstance(c, Candidate) else c.muscle.id
            assert c.side not in by_id.setdefault(key, {})  # each side at most once
            by_id[key][c.side] = (c.score, c.essential, c.spillover, c.unexplained)
        for sides in by_id.values():
            assert "either" not in sides or len(sides) == 1
            if {"right", "left"} <= set(sides):
                assert sides["right"] != sides["left"]


@relaxed
@given(data=st.data())
def test_mirroring_the_pain_mirrors_the_muscle_ranking(
    library: Library, data: st.DataObject
) -> None:
    pain = data.draw(pains(library))
    flip = {"right": "left", "left": "right", "either": "either"}
    ranked = {(c.muscle.id, c.side): c.score for c in library.guide_muscles(pain)}
    mirrored_ranking = {
        (c.muscle.id, flip[c.side]): c.score
        for c in library.guide_muscles([mirrored(k) for k in pain])
    }
    assert mirrored_ranking == pytest.approx(ranked)


def test_two_deep_points_together_put_quadratus_lumborum_first(library: Library) -> None:
    """Its deep points refer to the sacroiliac joint and the lower buttock, one each."""
    pain = ["sacroiliac:right", "buttock_lower:right"]
    first = library.guide_muscles(pain)[0]
    assert (first.muscle.id, first.side, first.unexplained) == ("quadratus_lumborum", "right", ())
    deep = {p.trigger_point.id: p for p in first.points}
    assert {"quadratus_lumborum.deep_upper", "quadratus_lumborum.deep_lower"} <= set(deep)
    assert all(p.unexplained for p in deep.values())  # neither alone explains it all
    ranked_points = [c.muscle.id for c in library.guide(pain)[:3]]
    assert "quadratus_lumborum" not in ranked_points  # which is why muscles are ranked


def test_midline_pain_gives_one_line_a_muscle(library: Library) -> None:
    ranking = library.guide_muscles(["sacrum"])
    assert len({c.muscle.id for c in ranking}) == len(ranking)
    assert all(c.side == "either" for c in ranking)
    assert library.guide_muscles(["sacrum"], limit=2) == ranking[:2]


# The index ranks as the plain definition does, and its ranking reads as a list.
#
# `plain_ranking` is the ranking written the obvious way: score every pattern, merge a
# point's right and left when they explain the pain alike, sort. The index (bit masks,
# candidates built when read) must give the same candidates, field for field, in the
# same order, for any pain and any limit: on the bundled library and on a large one
# whose random zones make ties and equal scores in every class.


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
