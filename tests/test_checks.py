"""Cross-file rules of the figure: each broken shape is reported at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points.cli import main
from trigger_points.errors import DataError
from trigger_points.library import Library, load_library
from trigger_points.loader import dump_yaml
from trigger_points.model import Position


def problems_in(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_library(folder)
    return [str(problem).replace(f"{folder}/", "") for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


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
    moved = {**view.regions, "coccyx": view.regions["sacrum"]}
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
