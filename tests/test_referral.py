"""Regions made of parts, zone entries felt on both sides, and the regions' coverage.

A composite (`calf`) stands for its parts everywhere: the API, the maps, the
guide and the export. A zone entry `region:both` is felt on both sides, and
only that entry. In every view the regions cover the body from rib 10 down.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from datafolders import VALID_MUSCLE, line_of, problems_in, write
from hypothesis import given
from hypothesis import strategies as st

from trigger_points import NotShownError, RegionKey, render_map
from trigger_points.cli import main
from trigger_points.export import library_as_data
from trigger_points.library import Library
from trigger_points.model import SIDES, ZONES, Side, TriggerPoint, ZoneEntry, opposite

V1_REGIONS = [
    "scapula_lower",
    "lower_ribs",
    "thoracolumbar",
    "lumbar_upper",
    "lumbar_lower",
    "flank",
    "iliac_crest",
    "sacroiliac",
    "lumbar_spine",
    "sacrum",
    "buttock_upper",
    "buttock_lower",
    "buttock_lateral",
    "gluteal_fold",
    "greater_trochanter",
    "coccyx",
    "posterior_thigh_upper",
    "posterior_thigh_lower",
    "lateral_thigh",
    "anterior_thigh",
    "popliteal",
    "lateral_knee",
    "calf",
    "lateral_leg",
    "lateral_ankle",
    "lower_abdomen",
    "groin",
    "perineum",
]
"""Every region id of the first vocabulary: users stored them, so they must keep working."""

DESIGN_V2 = [
    "lateral_thigh_upper",
    "lateral_thigh_lower",
    "anterior_thigh_upper",
    "anterior_thigh_lower",
    "medial_thigh_upper",
    "medial_thigh_lower",
    "buttock_mid",
    "hip_front",
    "calf_upper",
    "calf_lower",
    "medial_knee",
    "anterior_knee",
    "shin",
    "medial_leg",
    "medial_ankle",
    "heel",
    "sole",
    "foot_dorsum",
    "foot_lateral",
    "foot_medial",
    "upper_abdomen",
    "sacrum_upper",
    "sacrum_lower",
    "lumbar_spine_upper",
    "lumbar_spine_lower",
    "anal",
]


def test_every_region_id_of_the_first_vocabulary_still_loads(library: Library) -> None:
    for region_id in V1_REGIONS:
        assert library.region(region_id).id == region_id


def test_the_v2_vocabulary_is_drawn_in_some_view(library: Library) -> None:
    drawn = {region_id for view in library.views for region_id in view.regions}
    assert set(DESIGN_V2) <= drawn


def test_a_composite_names_its_parts_and_stands_for_its_leaves(library: Library) -> None:
    assert library.region("calf").parts == ("calf_upper", "calf_lower")
    assert library.leaves("calf:right") == (
        RegionKey("calf_upper", "right"),
        RegionKey("calf_lower", "right"),
    )
    assert library.leaves("sacrum") == (RegionKey("sacrum_upper"), RegionKey("sacrum_lower"))
    assert library.leaves("heel:left") == (RegionKey("heel", "left"),)
    composites = [region for region in library.regions if region.parts]
    assert {region.id for region in composites} >= {
        "lateral_thigh", "anterior_thigh", "medial_thigh", "calf", "lumbar_spine", "sacrum"
    }  # fmt: skip
    drawn = {region_id for view in library.views for region_id in view.regions}
    for region in composites:
        assert region.id not in drawn, f"{region.id} is drawn whole"
        assert {key.region for key in library.leaves(region.id)} <= drawn


def test_a_painful_composite_in_the_guide_means_all_of_its_parts(library: Library) -> None:
    whole = library.guide(["calf:right", "lateral_thigh:right"])
    parts = library.guide(
        ["calf_upper:right", "calf_lower:right", "lateral_thigh_upper:right",
         "lateral_thigh_lower:right"]
    )  # fmt: skip
    assert [c.as_data() for c in whole] == [c.as_data() for c in parts]
    assert whole


def test_a_zone_naming_a_composite_reaches_every_part(library: Library) -> None:
    rotators = [p for p in library.trigger_points if "sacrum" in p.essential]
    assert rotators, "some trigger point should name the whole sacrum"
    for point in rotators:
        felt = library.felt(point, "essential")
        assert {RegionKey("sacrum_upper"), RegionKey("sacrum_lower")} <= set(felt)
        assert RegionKey("sacrum") not in felt


def test_gluteus_medius_trp3_is_felt_on_both_sides_only_where_it_says_both(
    library: Library,
) -> None:
    point = library.trigger_point("gluteus_medius.trp3")
    assert "lumbar_lower:both" in point.essential
    felt = set(library.felt(point, "essential", "right"))
    assert RegionKey("iliac_crest", "right") in felt
    assert RegionKey("iliac_crest", "left") not in felt
    assert {RegionKey("lumbar_lower", "right"), RegionKey("lumbar_lower", "left")} <= felt


def _painted(svg: str) -> dict[str, set[str]]:
    painted: dict[str, set[str]] = {"essential": set(), "spillover": set()}
    for zone, region in re.findall(r'class="zone (\w+)" d="[^"]*" data-region="([^"]+)"', svg):
        painted[zone].add(region)
    return painted


@pytest.mark.parametrize("side", SIDES)
def test_a_both_entry_draws_on_both_sides_and_nowhere_else(library: Library, side: Side) -> None:
    other = opposite(side)
    svg = render_map(library, "gluteus_medius.trp3", view="posterior", side=side)
    essential = _painted(svg)["essential"]
    assert {f"lumbar_lower:{side}", f"lumbar_lower:{other}", f"iliac_crest:{side}"} <= essential
    assert f"iliac_crest:{other}" not in essential
    point = library.trigger_point("gluteus_medius.trp3")
    expected = {str(key) for key in library.felt(point, "essential", side)}
    drawn = library.view("posterior").regions
    assert essential == {key for key in expected if RegionKey.region_of(key) in drawn}


def test_a_composite_zone_is_painted_as_its_parts(library: Library) -> None:
    svg = render_map(library, "levator_ani", view="posterior")
    painted = _painted(svg)["essential"]
    assert "sacrum_lower" in painted
    assert "sacrum" not in painted and "sacrum_upper" not in painted


def test_the_export_carries_where_each_point_is_felt_on_either_side(library: Library) -> None:
    data = library_as_data(library)
    medius = next(m for m in data["muscles"] if m["id"] == "gluteus_medius")
    trp3 = next(p for p in medius["trigger_points"] if p["id"] == "gluteus_medius.trp3")
    assert "lumbar_lower:left" in trp3["felt"]["right"]["essential"]
    assert "iliac_crest:left" not in trp3["felt"]["right"]["essential"]
    assert "iliac_crest:left" in trp3["felt"]["left"]["essential"]
    json.dumps(data)
    regions = {r["id"]: r for r in data["regions"]}
    assert regions["calf"]["parts"] == ["calf_upper", "calf_lower"]


@given(st.data())
def test_the_left_pattern_is_the_mirror_of_the_right(library: Library, data: st.DataObject) -> None:
    """For any trigger point and any mix of zone entries, sides mirror and zones never meet."""
    point = data.draw(st.sampled_from(library.trigger_points))
    ids = [region.id for region in library.regions]
    entries = st.lists(
        st.tuples(st.sampled_from(ids), st.booleans()), min_size=1, max_size=6,
        unique_by=lambda pair: pair[0],
    )  # fmt: skip

    def written(pairs: list[tuple[str, bool]]) -> tuple[str, ...]:
        midline = {region.id for region in library.regions if region.laterality == "midline"}
        return tuple(str(ZoneEntry(r, both and r not in midline)) for r, both in pairs)

    essential = written(data.draw(entries))
    spillover = tuple(e for e in written(data.draw(entries)) if e not in essential)
    spillover = tuple(
        e for e in spillover
        if ZoneEntry.parse(e).region not in {ZoneEntry.parse(x).region for x in essential}
    )  # fmt: skip
    laterality = data.draw(st.sampled_from(["ipsilateral", "bilateral"]))
    made = TriggerPoint.model_validate(
        {
            **point.model_dump(),
            "essential": essential,
            "spillover": spillover,
            "laterality": laterality,
        }
    )
    for zone in ZONES:
        right = library.felt(made, zone, "right")
        left = library.felt(made, zone, "left")
        assert {key.opposite() for key in right} == set(left)
        assert all(not library.region(key.region).parts for key in right)
    essential_keys = set(library.felt(made, "essential", "right"))
    assert essential_keys.isdisjoint(library.felt(made, "spillover", "right"))


# --- the checks -------------------------------------------------------------------------


def _muscle_with(tmp_path: Path, essential: list[str], spillover: list[str]) -> str:
    data = yaml.safe_load(VALID_MUSCLE)
    data["trigger_points"][0]["essential"] = essential
    data["trigger_points"][0]["spillover"] = spillover
    text = yaml.safe_dump(data, sort_keys=False)
    write(tmp_path, "muscles/example_muscle.yaml", text)
    return text


def test_a_midline_region_cannot_be_felt_on_both_sides(tmp_path: Path) -> None:
    text = _muscle_with(tmp_path, ["sacrum:both"], [])
    line = line_of(text, "  - sacrum:both")
    assert problems_in(tmp_path) == [
        f"muscles/example_muscle.yaml:{line}:5: trigger_points[0].essential[0]: sacrum is on "
        "the midline: it is felt whatever the side, so write sacrum, not sacrum:both"
    ]


def test_an_entry_that_adds_nothing_is_refused(tmp_path: Path) -> None:
    text = _muscle_with(tmp_path, ["calf", "calf_upper"], ["sacrum_upper", "buttock_lower"])
    found = problems_in(tmp_path)
    assert found[0] == (
        f"muscles/example_muscle.yaml:{line_of(text, '  - calf_upper')}:5: "
        "trigger_points[0].essential[1]: calf_upper adds nothing: the entries before it "
        "already cover it"
    )
    assert len(found) == 1


def test_spillover_may_add_the_other_side_of_an_essential_region(
    tmp_path: Path, library: Library
) -> None:
    _muscle_with(tmp_path, ["lumbar_lower"], ["lumbar_lower:both"])
    from trigger_points import load_library

    mine = load_library(tmp_path)
    point = mine.muscle("example_muscle").trigger_points[0]
    assert mine.felt(point, "spillover", "right") == (RegionKey("lumbar_lower", "left"),)


def test_an_unknown_side_word_is_refused_by_the_model(tmp_path: Path) -> None:
    text = _muscle_with(tmp_path, ["lumbar_lower:left"], [])
    [problem] = problems_in(tmp_path)
    assert problem.startswith(
        f"muscles/example_muscle.yaml:{line_of(text, '  - lumbar_lower:left')}:5: "
        "trigger_points[0].essential[0]: "
    )
    assert problem.endswith(
        "'lumbar_lower:left' is not a region id: use lower-case letters, digits and _, starting "
        "with a letter, and :both after it for a region felt on both sides"
    )


def _regions_file(library: Library, extra: str) -> str:
    return "regions:\n" + extra


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "  - {id: knee_all, label: Knee, group: leg, laterality: paired, "
            "parts: [medial_knee, kneecap]}\n",
            "regions[0].parts[1]: unknown region 'kneecap'",
        ),
        (
            "  - {id: spine_all, label: Spine, group: low_back, laterality: paired, "
            "parts: [lumbar_spine_upper]}\n",
            "regions[0].parts[0]: part lumbar_spine_upper is midline but spine_all is paired",
        ),
        (
            "  - {id: loop_a, label: A, group: leg, laterality: paired, parts: [loop_b]}\n"
            "  - {id: loop_b, label: B, group: leg, laterality: paired, parts: [loop_a]}\n",
            "regions[0].parts[0]: region loop_a is made of itself through loop_b",
        ),
    ],
)
def test_a_composite_is_checked(library: Library, tmp_path: Path, extra: str, message: str) -> None:
    write(tmp_path, "regions.yaml", _regions_file(library, extra))
    assert any(message in problem for problem in problems_in(tmp_path)), problems_in(tmp_path)


def test_a_composite_drawn_whole_is_placed_in_the_view(library: Library, tmp_path: Path) -> None:
    from trigger_points.loader import dump_yaml

    view = library.view("posterior")
    shape = view.regions["calf_upper"]
    others = {k: v for k, v in view.regions.items() if k != "calf_upper"}
    text = dump_yaml(view.model_copy(update={"regions": {**others, "calf": shape}}))
    write(tmp_path, "body/posterior.yaml", text)
    found = problems_in(tmp_path)
    assert any(
        "regions.calf: region calf is made of parts (calf_upper, calf_lower): draw the parts"
        in problem
        for problem in found
    ), found


# --- coverage ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["posterior", "anterior", "lateral"])
def test_the_regions_cover_nine_tenths_of_the_body_from_rib_10_down(
    library: Library, view: str
) -> None:
    share = library.coverage()[view]
    assert share is not None and share >= 0.90, f"{view}: {share}"


def test_validate_verbose_reports_the_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--verbose"]) == 0
    out = capsys.readouterr().out
    for view in ("posterior", "anterior", "lateral"):
        assert re.search(rf"{view} view: regions cover \d+\.\d% of the body from rib 10", out)


# --- a view that shows nothing ----------------------------------------------------------


def test_a_map_of_a_view_that_shows_nothing_is_refused(library: Library) -> None:
    with pytest.raises(NotShownError) as caught:
        render_map(library, "piriformis", view="anterior")
    assert "nothing of piriformis is drawn in the anterior view" in str(caught.value)
    assert "posterior" in caught.value.shown_in


def test_the_command_refuses_it_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "x.svg"
    assert main(["map", "piriformis", "--view", "anterior", "-o", str(out)]) == 2
    assert "nothing of piriformis is drawn in the anterior view" in capsys.readouterr().err
    assert not out.exists()


def test_the_command_and_the_api_share_one_default_view(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "ql.svg"
    assert main(["map", "quadratus_lumborum", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_map(library, "quadratus_lumborum")
