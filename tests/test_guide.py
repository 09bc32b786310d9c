"""The pain guide: its ranking's properties for any pain, and clinically sensible answers."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trigger_points.cli import main
from trigger_points.errors import UnknownIdError
from trigger_points.guide import Candidate
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


def summary(candidates: list[Candidate]) -> list[tuple[str, str, float]]:
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
    pattern = next(
        p
        for p in library.patterns
        if p.trigger_point.id == candidate.trigger_point.id and p.side == candidate.side
    )
    extra = data.draw(st.sampled_from(sorted(pattern.essential)))
    assume(extra not in pain)  # a region already in the pain changes nothing
    after = {(c.trigger_point.id, c.side): c for c in library.guide([*pain, extra])}
    assert after[(candidate.trigger_point.id, candidate.side)].score >= candidate.score - 1e-12


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
    assert out.startswith(" 1. 0.92  Gluteus minimus") and "not a diagnosis" in out
    assert main(["guide", "coccyx", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["trigger_point"] for d in data] == [
        c.trigger_point.id for c in library.guide(["coccyx"])
    ]
    assert main(["guide", "sacroilac:right"]) == 2
    assert "did you mean 'sacroiliac:right'" in capsys.readouterr().err


def test_one_region_may_be_given_as_a_string(library: Library) -> None:
    assert summary(library.guide("coccyx")) == summary(library.guide(["coccyx"]))
