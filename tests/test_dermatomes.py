"""Dermatomes beside trigger points: consistency of a drawing, maps of a root, the guide's words.

A drawing is only ever *consistent with* a dermatome; the pain guide's ranking
is unchanged by it, and a saddle drawing puts the emergency first.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trigger_points import UnknownIdError, render_map
from trigger_points.cli import main
from trigger_points.dermatomes import CONSISTENT_COVERAGE
from trigger_points.library import Library


def test_lateral_leg_and_dorsum_rank_gluteus_minimus_first_and_are_consistent_with_l5(
    library: Library,
) -> None:
    pain = ["lateral_leg:right", "foot_dorsum:right"]
    assert library.guide(pain)[0].trigger_point.id == "gluteus_minimus.anterior"
    best = library.dermatomes(pain)[0]
    assert (best.root.id, best.side, best.consistent) == ("l5", "right", True)
    assert set(best.shared) == set(pain)


def test_the_guide_is_not_changed_by_the_roots(library: Library) -> None:
    pain = ["lateral_leg:right", "foot_dorsum:right", "heel:right"]
    without = library.replace(nerve_roots=[])
    assert [c.as_data() for c in library.guide(pain)] == [c.as_data() for c in without.guide(pain)]
    assert without.dermatomes(pain) == []


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_match_accounts_for_every_painful_region_and_is_consistent_by_its_rule(
    library: Library, data: st.DataObject
) -> None:
    drawn = sorted(
        str(key)
        for region in library.regions
        if not region.parts
        for key in library.leaves(
            region.id if region.laterality == "midline" else region.id + ":right"
        )
    )
    pain = data.draw(st.lists(st.sampled_from(drawn), min_size=1, max_size=6, unique=True))
    matches = library.dermatomes(pain)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    for match in matches:
        assert sorted([*match.shared, *match.outside]) == sorted(pain)
        assert match.consistent == (len(match.shared) / len(pain) >= CONSISTENT_COVERAGE)
        assert 0 < match.score <= 1


def test_a_saddle_drawing_puts_the_emergency_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "anal", "perineum"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("EMERGENCY FIRST")
    assert out.index("EMERGENCY FIRST") < out.index("not a diagnosis")


def test_the_command_says_what_to_examine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "lateral_leg:right", "foot_dorsum:right"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.index("Gluteus minimus") < out.index("consistent with these dermatomes")
    assert "L5 (right): sensation at" in out
    assert "cannot show that a root is involved" in out


def test_a_root_map_hatches_its_dermatome_and_marks_its_key_point(library: Library) -> None:
    svg = render_map(library, "l5")
    root = library.nerve_root("l5")
    drawn = set(re.findall(r'class="dermatome" d="[^"]*" data-region="([^"]+)"', svg))
    visible = {v.id for v in library.views}
    expected = {
        str(key)
        for key in library.dermatome(root, "right")
        if any(key.region in library.view(v).regions for v in visible)
    }
    assert drawn and drawn <= expected
    assert "zone essential" not in svg.split("</defs>", 1)[1]  # no trigger-point zone drawn
    assert 'class="key-point" data-root="l5"' in svg
    assert "Dermatome (hatched)" in svg and "L5 dermatome" in svg


def test_a_combined_map_draws_the_pattern_beside_the_dermatome(library: Library) -> None:
    svg = render_map(library, ["l5", "gluteus_minimus.anterior"])
    assert 'class="zone essential"' in svg and 'class="dermatome"' in svg
    assert "beside the L5 dermatome" in svg


def test_roots_are_looked_up_and_refused_like_every_id(library: Library) -> None:
    assert [root.id for root in library.nerve_roots] == [
        "l1", "l2", "l3", "l4", "l5", "s1", "s2", "s3", "s4_s5"
    ]  # fmt: skip
    with pytest.raises(UnknownIdError, match="did you mean 'l5'"):
        library.nerve_root("l5x")
    with pytest.raises(UnknownIdError, match="nerve root"):
        render_map(library, "l5x")


def test_gluteus_minimus_resembles_l5_and_s1(library: Library) -> None:
    for root_id in ("l5", "s1"):
        top = [
            r.trigger_point.muscle_id for r in library.resembling(library.nerve_root(root_id))[:4]
        ]
        assert "gluteus_minimus" in top, (root_id, top)


def test_saddle_pain_prompts_the_emergency_questions_and_a_gluteal_fold_does_not(
    library: Library,
) -> None:
    for pain in (["anal"], ["perineum"], ["coccyx"], ["perineum", "buttock_lower:right"]):
        assert [root.id for root in library.emergency_roots(pain)] == ["s4_s5"], pain
    assert library.emergency_roots(["gluteal_fold:right", "posterior_thigh_upper:right"]) == ()


def test_a_root_is_one_sided(library: Library) -> None:
    from trigger_points import DataError

    l5 = library.nerve_root("l5")
    both = l5.model_copy(update={"dermatome": ("lateral_leg:both",)})
    others = [root for root in library.nerve_roots if root.id != "l5"]
    with pytest.raises(DataError, match="a root is one-sided: write lateral_leg"):
        library.replace(nerve_roots=[*others, both])
