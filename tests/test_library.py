"""The Library: loading, layering user folders over ours, cross-file checks and look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points.errors import DataError, UnknownIdError
from trigger_points.library import Library, load_library
from trigger_points.loader import dump_yaml
from trigger_points.model import RegionsFile, SourcesFile


def write_muscle(folder: Path, text: str, name: str) -> None:
    (folder / "muscles").mkdir(parents=True, exist_ok=True)
    (folder / "muscles" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_the_bundled_library_holds_the_three_first_muscles(library: Library) -> None:
    assert {"quadratus_lumborum", "gluteus_medius", "piriformis"} <= {m.id for m in library.muscles}


def test_collections_are_ordered_by_id(library: Library) -> None:
    for items in (library.muscles, library.regions, library.conditions, library.sources):
        ids = [item.id for item in items]
        assert ids == sorted(ids)


def test_look_ups_by_id(library: Library) -> None:
    assert library.muscle("piriformis").name == "Piriformis"
    point = library.trigger_point("gluteus_medius.trp1")
    assert point.muscle_id == "gluteus_medius"
    assert library.region("sacroiliac:right") is library.region("sacroiliac")
    assert library.source("ts_vol2").year == 1992


def test_unknown_id_is_a_key_error_naming_close_matches(library: Library) -> None:
    with pytest.raises(KeyError) as caught:
        library.muscle("piriformus")
    assert isinstance(caught.value, UnknownIdError)
    assert caught.value.suggestions[0] == "piriformis"
    assert str(caught.value) == "unknown muscle 'piriformus'; did you mean 'piriformis'?"


def test_unknown_trigger_point_suggests_the_real_ones(library: Library) -> None:
    with pytest.raises(UnknownIdError) as caught:
        library.trigger_point("gluteus_medius.trp9")
    assert "gluteus_medius.trp1" in caught.value.suggestions


def test_a_side_on_a_midline_region_is_refused(library: Library) -> None:
    with pytest.raises(UnknownIdError, match="takes no side"):
        library.region("sacrum:left")
    with pytest.raises(UnknownIdError, match="left or right"):
        library.region("sacroiliac:up")


def test_every_trigger_point_id_is_unique_across_the_library(library: Library) -> None:
    ids = [point.id for point in library.trigger_points]
    assert len(ids) == len(set(ids))


def test_a_user_folder_overrides_a_bundled_muscle_by_id(library: Library, tmp_path: Path) -> None:
    ours = library.muscle("piriformis")
    write_muscle(
        tmp_path,
        dump_yaml(ours.model_copy(update={"name": "Piriformis (clinic notes)"})),
        "piriformis",
    )
    layered = load_library(tmp_path)
    assert layered.muscle("piriformis").name == "Piriformis (clinic notes)"
    assert len(layered.muscles) == len(library.muscles)


def test_later_folders_override_earlier_ones(library: Library, tmp_path: Path) -> None:
    ours = library.muscle("piriformis")
    for index, folder in enumerate((tmp_path / "a", tmp_path / "b")):
        write_muscle(
            folder, dump_yaml(ours.model_copy(update={"name": f"Layer {index}"})), "piriformis"
        )
    assert load_library(tmp_path / "a", tmp_path / "b").muscle("piriformis").name == "Layer 1"


def test_a_user_source_can_be_added_and_cited(library: Library, tmp_path: Path) -> None:
    source = library.source("ts_vol2").model_copy(
        update={"id": "clinic_notes", "title": "Our notes"}
    )
    (tmp_path / "sources.yaml").write_text(dump_yaml(SourcesFile(sources=(source,))))
    layered = load_library(tmp_path)
    assert layered.source("clinic_notes").title == "Our notes"
    assert layered.source("ts_vol2") == library.source("ts_vol2")


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    write_muscle(tmp_path, "id: a\nname: [x]\n", "a")
    write_muscle(tmp_path, "id: b\n", "b")
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    files = {Path(problem.file).name for problem in caught.value.problems}
    assert files == {"a.yaml", "b.yaml"}


def test_a_missing_folder_is_not_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such data folder"):
        load_library(tmp_path / "absent")


def test_muscles_for_condition_lists_relating_and_mimicking_muscles(library: Library) -> None:
    related = library.muscles_for_condition("trochanteric_bursitis")
    assert {"quadratus_lumborum", "gluteus_medius"} <= {m.id for m in related}


def test_a_misspelt_data_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "muscle").mkdir()
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    assert "unknown data folder" in str(caught.value) and "did you mean 'muscles'" in str(
        caught.value
    )


def test_a_region_no_view_can_draw_is_a_problem(library: Library, tmp_path: Path) -> None:
    region = library.region("groin").model_copy(update={"id": "my_spot", "label": "My spot"})
    (tmp_path / "regions.yaml").write_text(dump_yaml(RegionsFile(regions=(region,))))
    with pytest.raises(DataError, match="my_spot has no shape in any body view"):
        load_library(tmp_path)


def test_a_file_is_not_a_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text("x: 1\n")
    with pytest.raises(FileNotFoundError, match="not a folder"):
        load_library(tmp_path / "data.yaml")
