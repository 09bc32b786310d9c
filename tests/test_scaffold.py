"""`trigger-points new`: skeletons that validate as written, and say what is left to fill in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from trigger_points.cli import main
from trigger_points.library import Library, load_file, load_library
from trigger_points.model import Condition, Muscle, Region
from trigger_points.scaffold import SKELETON_MARK, free_square, new_condition, new_muscle


def run(*argv: str) -> int:
    return main(list(argv))


def test_new_muscle_region_and_condition_load_from_an_empty_folder(tmp_path: Path) -> None:
    assert run("new", "muscle", "adductor_longus", "--data", str(tmp_path)) == 0
    assert run("new", "condition", "hip_osteoarthritis", "--data", str(tmp_path)) == 0
    assert run("new", "region", "upper_chest", "--view", "anterior", "--data", str(tmp_path)) == 0
    library = load_library(tmp_path)
    assert library.muscle("adductor_longus").trigger_points[0].id == "adductor_longus.trp1"
    assert library.condition("hip_osteoarthritis").name.startswith(SKELETON_MARK)
    assert library.region("upper_chest").laterality == "paired"
    assert "upper_chest" in library.view("anterior").regions
    # The view file added one region to ours; it did not copy our view.
    assert len(library.view("anterior").regions) == len(load_library().view("anterior").regions) + 1


def test_a_skeleton_lists_every_field_its_model_has(tmp_path: Path, library: Library) -> None:
    # Required fields are written, optional ones commented out: none is forgotten.
    new_muscle(library, tmp_path, "adductor_longus")
    new_condition(library, tmp_path, "hip_osteoarthritis")
    muscle_text = (tmp_path / "muscles" / "adductor_longus.yaml").read_text(encoding="utf-8")
    condition_text = (tmp_path / "conditions.yaml").read_text(encoding="utf-8")
    for model, text in ((Muscle, muscle_text), (Condition, condition_text)):
        for field in model.model_fields:
            assert f"{field}:" in text, f"{model.__name__}.{field} is not in the skeleton"


def test_the_region_skeleton_names_every_region_field(tmp_path: Path) -> None:
    run("new", "region", "upper_chest", "--view", "posterior", "--data", str(tmp_path))
    text = (tmp_path / "regions.yaml").read_text(encoding="utf-8")
    for field in Region.model_fields:
        assert f"{field}:" in text


def test_validate_warns_of_every_value_still_holding_skeleton_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new", "muscle", "adductor_longus", "--data", str(tmp_path))
    path = tmp_path / "muscles" / "adductor_longus.yaml"
    text = path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run("validate", str(tmp_path)) == 0
    warnings = capsys.readouterr().err.splitlines()
    values = re.compile(f'^[^#]*(: |- )"{SKELETON_MARK}')
    marked = [n for n, line in enumerate(text.splitlines(), 1) if values.match(line)]
    # One warning per value still to write, each placed at its line in the file.
    assert len(warnings) == len(marked) > 10
    first = marked[0]
    assert warnings[0].startswith(f"warning: {path}:{first}:")
    assert warnings[0].endswith("name: still holds the skeleton's text: write your own")
    filled = text.replace('"FILL IN: the muscle\'s name as readers see it"', "Adductor longus")
    path.write_text(filled, encoding="utf-8")
    assert len(load_library(tmp_path).warnings) == len(marked) - 1


def test_the_modeline_resolves_to_a_schema_in_the_users_folder(tmp_path: Path) -> None:
    run("new", "muscle", "adductor_longus", "--data", str(tmp_path))
    path = tmp_path / "muscles" / "adductor_longus.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert schema == "../schema/muscle.schema.json"
    assert (path.parent / schema).resolve().is_file()


def test_new_refuses_to_overwrite_a_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new", "muscle", "adductor_longus", "--data", str(tmp_path))
    path = tmp_path / "muscles" / "adductor_longus.yaml"
    path.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert run("new", "muscle", "adductor_longus", "--data", str(tmp_path)) == 2
    assert "already exists: nothing written" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "mine"
    assert run("new", "muscle", "adductor_longus", "--data", str(tmp_path), "--force") == 0
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("muscle", "Adductor-Longus"), "is not a valid muscle id"),
        (("muscle", "piriformis"), "the bundled data has a muscle 'piriformis'"),
        (("condition", "sciatica"), "the bundled data has a condition 'sciatica'"),
        (("region", "sacrum", "--view", "posterior"), "the bundled data has a region 'sacrum'"),
        (("region", "upper_chest"), "new region needs --view"),
    ],
)
def test_a_bad_or_taken_id_is_a_one_line_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    assert run("new", *argv, "--data", str(tmp_path)) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_condition_is_added_to_the_users_conditions_keeping_their_text(tmp_path: Path) -> None:
    mine = (
        "# yaml-language-server: $schema=schema/conditions.schema.json\n"
        "# my own notes\n"
        "conditions:\n"
        "  - id: hip_pain\n"
        "    name: Hip pain\n"
        "    description: Pain felt around the hip.\n"
        "    sources: [{source: ts_vol2}]\n"
    )
    (tmp_path / "conditions.yaml").write_text(mine, encoding="utf-8")
    assert run("new", "condition", "hip_osteoarthritis", "--data", str(tmp_path)) == 0
    text = (tmp_path / "conditions.yaml").read_text(encoding="utf-8")
    assert text.startswith(mine)
    ids = [c["id"] for c in yaml.safe_load(text)["conditions"]]
    assert ids == ["hip_pain", "hip_osteoarthritis"]
    load_library(tmp_path)


def test_the_data_folder_defaults_to_the_environment_then_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIGGER_POINTS_DATA", str(tmp_path / "env"))
    assert run("new", "condition", "hip_osteoarthritis") == 0
    assert (tmp_path / "env" / "conditions.yaml").is_file()
    monkeypatch.delenv("TRIGGER_POINTS_DATA")
    monkeypatch.chdir(tmp_path)
    assert run("new", "condition", "hip_osteoarthritis") == 0
    assert (tmp_path / "conditions.yaml").is_file()


@pytest.mark.parametrize("view", ["posterior", "anterior", "lateral"])
def test_the_placeholder_square_is_inside_the_body_and_overlaps_no_region(
    tmp_path: Path, library: Library, view: str
) -> None:
    square = free_square(library, library.view(view))
    assert len(square) == 4
    # Proven by loading: a region there passes the checks of inside and overlap.
    run("new", "region", "upper_chest", "--view", view, "--data", str(tmp_path))
    assert load_library(tmp_path).view(view).regions["upper_chest"] == square


def test_validate_checks_one_file_alone_with_the_bundled_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("new", "muscle", "adductor_longus", "--data", str(tmp_path))
    (tmp_path / "muscles" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    path = tmp_path / "muscles" / "adductor_longus.yaml"
    capsys.readouterr()
    # The folder fails (broken.yaml), the one file passes.
    assert run("validate", str(tmp_path)) == 1
    assert run("validate", str(path)) == 0
    assert "ok: " in capsys.readouterr().out
    assert load_file(path).muscle("adductor_longus")


def test_a_list_file_new_cannot_append_to_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = "conditions: [{id: hip_pain, name: Hip pain, description: D., sources: []}]\n"
    (tmp_path / "conditions.yaml").write_text(mine, encoding="utf-8")
    assert run("new", "condition", "hip_osteoarthritis", "--data", str(tmp_path)) == 2
    error = capsys.readouterr().err
    assert "nothing written" in error and len(error.splitlines()) == 1
    assert (tmp_path / "conditions.yaml").read_text(encoding="utf-8") == mine
    assert sorted(path.name for path in tmp_path.iterdir()) == ["conditions.yaml"]
