"""Cross-file rules of the figure: each broken shape is reported at its own line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from datafolders import line_of, problems_in, write

from trigger_points import DataError, load_library
from trigger_points.checks import MOST_OVERLAPS, MOST_REGIONS
from trigger_points.cli import main
from trigger_points.geometry import MIDLINE, bounds, mirror_shape
from trigger_points.library import Library
from trigger_points.loader import dump_yaml
from trigger_points.model import Position


def test_a_trigger_point_outside_its_muscle_is_placed(library: Library, tmp_path: Path) -> None:
    muscle = library.muscle("piriformis")
    moved = muscle.trigger_points[0].model_copy(
        update={"positions": {"posterior": Position(xy=(250, 300))}}
    )
    text = dump_yaml(
        muscle.model_copy(update={"trigger_points": (moved, *muscle.trigger_points[1:])})
    )
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "piriformis.yaml").write_text(text)
    line = line_of(text, "      xy:")
    assert problems_in(tmp_path) == [
        f"muscles/piriformis.yaml:{line}:7: trigger_points[0].positions.posterior: trigger point "
        "piriformis.lateral at (250, 300) lies outside the outline of piriformis in the "
        "posterior view"
    ]
    assert main(["validate", str(tmp_path)]) == 1


def test_a_region_outside_the_body_is_placed(library: Library, tmp_path: Path) -> None:
    view = library.view("posterior")
    coccyx = ((198.0, 497.0), (202.0, 497.0), (203.5, 506.0), (200.0, 513.0), (196.5, 506.0))
    moved = {**view.regions, "coccyx": (*coccyx[:3], (30.0, 300.0), coccyx[4])}
    text = dump_yaml(view.model_copy(update={"regions": moved}))
    (tmp_path / "body").mkdir()
    (tmp_path / "body" / "posterior.yaml").write_text(text)
    line = line_of(text, "  - - 30.0")
    assert (
        f"body/posterior.yaml:{line}:5: regions.coccyx[3]: region coccyx reaches outside "
        "the body at (30, 300)"
    ) in problems_in(tmp_path)


def test_overlapping_regions_are_reported(library: Library, tmp_path: Path) -> None:
    view = library.view("posterior")
    moved = {**view.regions, "coccyx": view.regions["sacrum_upper"]}
    (tmp_path / "body").mkdir()
    (tmp_path / "body" / "posterior.yaml").write_text(
        dump_yaml(view.model_copy(update={"regions": moved}))
    )
    found = problems_in(tmp_path)
    assert any("overlaps" in problem and "coccyx" in problem for problem in found)


def test_an_unknown_landmark_suggests_the_real_one(library: Library, tmp_path: Path) -> None:
    muscle = library.muscle("gluteus_medius")
    moved = muscle.trigger_points[0].model_copy(
        update={"positions": {"posterior": Position(at="psiss")}}
    )
    text = dump_yaml(
        muscle.model_copy(update={"trigger_points": (moved, *muscle.trigger_points[1:])})
    )
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "gluteus_medius.yaml").write_text(text)
    (problem,) = problems_in(tmp_path)
    assert problem.endswith("unknown landmark 'psiss' in the posterior view; did you mean 'psis'?")


def test_an_unknown_landmark_far_from_any_lists_the_views_landmarks(
    library: Library, tmp_path: Path
) -> None:
    muscle = library.muscle("gluteus_medius")
    moved = muscle.trigger_points[0].model_copy(
        update={"positions": {"posterior": Position(at="kneecap")}}
    )
    text = dump_yaml(
        muscle.model_copy(update={"trigger_points": (moved, *muscle.trigger_points[1:])})
    )
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "gluteus_medius.yaml").write_text(text)
    (problem,) = problems_in(tmp_path)
    # A few of the view's landmarks, then how many more: the problem stays one short line.
    landmarks = sorted(mark.id for mark in library.view("posterior").landmarks)
    shown = ", ".join(landmarks[:6])
    assert problem.endswith(
        "unknown landmark 'kneecap' in the posterior view; "
        f"its landmarks include {shown} and {len(landmarks) - 6} more"
    )
    assert len(problem) <= 300


def shape_line(text: str, key: str) -> int:
    """The line a shape written under `key` starts on: the one after the key."""
    return line_of(text, key) + 1


@pytest.mark.parametrize(
    ("view_id", "rule"),
    [("posterior", "x > 200 in the posterior view"), ("anterior", "x < 200 in the anterior view")],
)
def test_a_paired_region_written_for_the_left_side_is_placed(
    library: Library, tmp_path: Path, view_id: str, rule: str
) -> None:
    view = library.view(view_id)
    region = min(r for r in view.regions if library.region(r).laterality == "paired")
    moved = {**view.regions, region: mirror_shape(view.regions[region])}
    text = dump_yaml(view.model_copy(update={"regions": moved}))
    write(tmp_path, f"body/{view_id}.yaml", text)
    assert problems_in(tmp_path) == [
        f"body/{view_id}.yaml:{shape_line(text, f'  {region}:')}:3: regions.{region}: "
        f"write paired regions for the right side: {rule}"
    ]


def test_a_midline_region_off_the_midline_is_placed(library: Library, tmp_path: Path) -> None:
    view = library.view("posterior")
    coccyx = view.regions["coccyx"]
    low, _, high, _ = bounds(coccyx)
    # Squeezed into its own right half, so that it stays clear of most neighbours.
    squeezed = tuple(
        (MIDLINE + 0.5 + (x - low) * (high - MIDLINE - 0.5) / (high - low), y) for x, y in coccyx
    )
    text = dump_yaml(view.model_copy(update={"regions": {**view.regions, "coccyx": squeezed}}))
    write(tmp_path, "body/posterior.yaml", text)
    assert (
        f"body/posterior.yaml:{shape_line(text, '  coccyx:')}:3: regions.coccyx: "
        "a midline region must straddle x = 200"
    ) in problems_in(tmp_path)


def test_a_landmark_outside_the_body_is_placed(library: Library, tmp_path: Path) -> None:
    view = library.view("posterior")
    used = {
        name
        for muscle in library.muscles
        for point in muscle.trigger_points
        if (position := point.positions.get("posterior"))
        for name in (position.at, *(position.between or ()))
    }
    index, landmark = next((i, m) for i, m in enumerate(view.landmarks) if m.id not in used)
    moved = (*view.landmarks[:index], landmark.model_copy(update={"at": (5.0, 5.0)}))
    text = dump_yaml(view.model_copy(update={"landmarks": (*moved, *view.landmarks[index + 1 :])}))
    write(tmp_path, "body/posterior.yaml", text)
    lines = text.splitlines()
    at = lines.index("  at:", lines.index(f"- id: {landmark.id}")) + 2
    assert problems_in(tmp_path) == [
        f"body/posterior.yaml:{at}:3: landmarks[{index}].at: landmark {landmark.id} lies outside "
        "the body"
    ]


def test_an_unknown_region_in_a_view_suggests_the_real_one(
    library: Library, tmp_path: Path
) -> None:
    view = library.view("posterior")
    added = {**view.regions, "buttock_uper": view.regions["buttock_upper"]}
    text = dump_yaml(view.model_copy(update={"regions": added}))
    write(tmp_path, "body/posterior.yaml", text)
    assert problems_in(tmp_path) == [
        f"body/posterior.yaml:{shape_line(text, '  buttock_uper:')}:3: regions.buttock_uper: "
        "unknown region 'buttock_uper'; did you mean 'buttock_upper' or 'buttock_lower' or "
        "'buttock_lateral'?"
    ]


def test_a_muscle_outline_outside_the_body_is_placed(library: Library, tmp_path: Path) -> None:
    muscle = library.muscle("piriformis")
    outline = muscle.outlines["posterior"]
    moved = {**muscle.outlines, "posterior": (*outline[:2], (30.0, 300.0), *outline[3:])}
    text = dump_yaml(muscle.model_copy(update={"outlines": moved}))
    write(tmp_path, "muscles/piriformis.yaml", text)
    assert problems_in(tmp_path) == [
        f"muscles/piriformis.yaml:{line_of(text, '  - - 30.0')}:5: outlines.posterior[2]: "
        "the outline reaches outside the body at (30, 300)"
    ]


def test_a_point_placed_in_a_view_without_the_muscles_outline_is_placed(
    library: Library, tmp_path: Path
) -> None:
    muscle = library.muscle("piriformis")
    text = dump_yaml(muscle.model_copy(update={"outlines": {}}))
    write(tmp_path, "muscles/piriformis.yaml", text)
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    positions = [i + 2 for i, line in enumerate(text.splitlines()) if line == "    posterior:"]
    assert [
        (Path(p.file).relative_to(tmp_path), p.line, p.column, p.field, p.message)
        for p in caught.value.problems
    ] == [
        (
            Path("muscles/piriformis.yaml"),
            line,
            7,
            f"trigger_points[{index}].positions.posterior",
            "piriformis has no outline in the posterior view to place this in",
        )
        for index, line in enumerate(positions)
    ]


def _ellipse(
    count: int, centre: tuple[float, float], radii: tuple[float, float]
) -> list[list[float]]:
    (x, y), (wide, tall) = centre, radii
    return [
        [round(x + wide * math.cos(2 * math.pi * k / count), 2),
         round(y + tall * math.sin(2 * math.pi * k / count), 2)]
        for k in range(count)
    ]  # fmt: skip


def test_many_overlapping_regions_are_reported_briefly_and_measured_quickly(
    library: Library, tmp_path: Path
) -> None:
    # The red team's file: 80 tall ellipses of 100 points on top of each other (F3).
    folder = tmp_path / "data"
    view = library.view("posterior").model_dump(mode="json")
    ids = [f"zz{n}" for n in range(80)]
    view["regions"].update({key: _ellipse(100, (200, 500), (30, 249.5)) for key in ids})
    write(folder, "body/posterior.yaml", yaml.safe_dump(view))
    regions = [
        {"id": key, "label": key, "group": "low_back", "laterality": "midline"} for key in ids
    ]
    write(folder, "regions.yaml", yaml.safe_dump({"regions": regions}))
    found = problems_in(folder)
    overlaps = [problem for problem in found if "overlaps" in problem]
    assert len(overlaps) == MOST_OVERLAPS
    stopped = f"{MOST_OVERLAPS} overlapping regions: the rest were not measured"
    assert any(stopped in problem for problem in found)


def test_a_view_with_too_many_regions_is_refused_before_measuring(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    view = library.view("posterior").model_dump(mode="json")
    view["regions"].update({f"zz{n}": _ellipse(8, (200, 500), (5, 5)) for n in range(MOST_REGIONS)})
    write(folder, "body/posterior.yaml", yaml.safe_dump(view))
    found = problems_in(folder)
    assert any(f"a view draws at most {MOST_REGIONS}" in problem for problem in found)


def test_a_problem_a_user_causes_in_our_files_names_the_users_line(
    library: Library, tmp_path: Path
) -> None:
    region = library.region("sacroiliac").model_dump(mode="json", exclude_none=True)
    region["laterality"] = "midline"
    text = yaml.safe_dump({"regions": [region]}, sort_keys=False)
    written = write(tmp_path, "regions.yaml", text)
    found = problems_in(tmp_path)
    laterality = line_of(written.read_text(), "  laterality: midline")
    # The user's own file is told about its codes (a midline region lists both sides').
    in_our_files = [problem for problem in found if not problem.startswith("regions.yaml:")]
    assert in_our_files and all(
        f"(region sacroiliac is made midline at regions.yaml:{laterality}:15)" in problem
        for problem in in_our_files
    ), found


# -- the body-map codes (crosswalk) -------------------------------------------------------


def _region_file(*fields: str, region: str = "sacroiliac", laterality: str = "paired") -> str:
    """regions.yaml redefining one bundled region, with the fields given as written."""
    lines = [
        "regions:",
        f"  - id: {region}",
        "    label: A region",
        "    group: low_back",
        f"    laterality: {laterality}",
        *(f"    {field}" for field in fields),
    ]
    return "\n".join(lines) + "\n"


def test_a_paired_region_with_a_left_code_is_placed_at_the_code(tmp_path: Path) -> None:
    write(tmp_path, "regions.yaml", _region_file("choir: [b19, b18]", "michigan: [30, 33]"))
    assert problems_in(tmp_path) == [
        "regions.yaml:6:18: regions[0].choir[1]: b18 (lower back, left) is on the patient's "
        "left: write a paired region's CHOIR codes for its right side (b19), as its shapes are",
        "regions.yaml:7:20: regions[0].michigan[1]: 33 (buttocks, left) is on the patient's "
        "left: write a paired region's Michigan codes for its right side (34), as its shapes are",
    ]


def test_a_midline_region_lists_both_sides_of_its_area(tmp_path: Path) -> None:
    text = _region_file(
        "choir: [b19, b23, b24]", "michigan: [30, 34]", region="sacrum_upper", laterality="midline"
    )
    write(tmp_path, "regions.yaml", text)
    assert problems_in(tmp_path) == [
        "regions.yaml:6:13: regions[0].choir[0]: sacrum_upper is on the midline: it lies on both "
        "sides of the area, so list b18 beside b19 (lower back, right)",
        "regions.yaml:7:20: regions[0].michigan[1]: sacrum_upper is on the midline: it lies on "
        "both sides of the area, so list 33 beside 34 (buttocks, right)",
    ]


def test_a_code_listed_twice_is_placed(tmp_path: Path) -> None:
    write(tmp_path, "regions.yaml", _region_file("choir: [b19, b19]", "michigan: [30]"))
    assert problems_in(tmp_path) == ["regions.yaml:6:18: regions[0].choir[1]: b19 is listed twice"]


def test_a_drawn_region_without_codes_is_placed_at_its_id(tmp_path: Path) -> None:
    write(tmp_path, "regions.yaml", _region_file("michigan: [30]"))
    assert problems_in(tmp_path) == [
        "regions.yaml:2:9: regions[0].id: region sacroiliac has no CHOIR code: give the codes "
        "of the areas it lies in, so that drawings can be filed by them (choir: [...])"
    ]


def test_a_composite_with_codes_of_its_own_is_placed(tmp_path: Path) -> None:
    text = _region_file(
        "parts: [sacrum_upper, sacrum_lower]",
        "choir: [b18, b19]",
        region="sacrum",
        laterality="midline",
    )
    write(tmp_path, "regions.yaml", text)
    assert problems_in(tmp_path) == [
        "regions.yaml:7:12: regions[0].choir: sacrum is made of parts (sacrum_upper, "
        "sacrum_lower): its CHOIR codes are theirs, so write the codes on the parts"
    ]


def test_the_codes_of_a_region_made_in_python_are_checked(library: Library) -> None:
    region = library.region("groin").model_copy(update={"choir": ("f22",)})
    others = [r for r in library.regions if r.id != "groin"]
    with pytest.raises(DataError, match=r"f22 \(pubic, left\) is on the patient's left"):
        library.replace(regions=[*others, region])
