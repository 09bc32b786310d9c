"""The Library: loading, layering user folders over ours, cross-file checks and look-ups."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, problems_in, write

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


def test_a_muscle_file_must_be_named_dot_yaml(tmp_path: Path) -> None:
    write(tmp_path, "muscles/example_muscle.yml", VALID_MUSCLE)
    assert problems_in(tmp_path) == [
        "muscles/example_muscle.yml:1:1: name the file <id>.yaml, not 'example_muscle.yml'"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("sacrum:left", "sacrum is on the midline and takes no side"),
        ("sacroiliac:up", "the side is left or right, not 'up'"),
    ],
)
def test_one_validator_says_the_same_of_a_region_key_wherever_it_is_given(
    library: Library, written: str, hint: str
) -> None:
    messages = []
    for ask in (library.region, library.region_key, lambda key: library.guide([key])):
        with pytest.raises(UnknownIdError) as caught:
            ask(written)
        assert caught.value.kind == "region" and caught.value.hint == hint
        messages.append(str(caught.value))
    assert len(set(messages)) == 1, messages
    assert messages[0].startswith(f"unknown region {written!r}: {hint}")


def test_a_paired_region_names_the_region_but_pain_needs_its_side(library: Library) -> None:
    assert library.region("groin").id == "groin"
    with pytest.raises(UnknownIdError) as caught:
        library.guide(["groin"])
    assert caught.value.hint == "say which side: groin:left or groin:right"
    assert caught.value.suggestions[:2] == ("groin:left", "groin:right")


def test_the_bundled_library_is_read_once_and_shared(library: Library) -> None:
    assert load_library() is load_library()
    assert load_library().muscles == library.muscles


def test_replace_runs_every_check_and_names_the_argument(library: Library) -> None:
    piriformis = library.muscle("piriformis")
    point = piriformis.trigger_points[0].model_copy(update={"essential": ("sacroilac",)})
    broken = piriformis.model_copy(update={"trigger_points": (point,)})
    with pytest.raises(DataError) as caught:
        library.replace(muscles=[broken])
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("<muscles>", "[0].trigger_points[0].essential[0]")
    assert "did you mean 'sacroiliac'" in problem.message


def test_replace_keeps_what_it_is_not_given_and_rechecks_references(library: Library) -> None:
    smaller = library.replace(muscles=[library.muscle("piriformis")])
    assert [m.id for m in smaller.muscles] == ["piriformis"]
    assert smaller.sources == library.sources and smaller.guidance == library.guidance
    with pytest.raises(DataError, match="unknown source 'ts_vol2'"):
        library.replace(sources=[s for s in library.sources if s.id != "ts_vol2"])
    with pytest.raises(TypeError, match="musclez"):
        library.replace(musclez=[])


def test_the_guidance_that_pages_print_is_required(library: Library) -> None:
    without = [section for section in library.guidance if section.id != "red_flags"]
    with pytest.raises(DataError, match="the guidance section 'red_flags' is required"):
        library.replace(guidance=without)
    plain = library.guidance_section("in_plain_words")
    unnamed = plain.model_copy(
        update={"statements": tuple(s.model_copy(update={"id": None}) for s in plain.statements)}
    )
    others = [section for section in library.guidance if section.id != "in_plain_words"]
    with pytest.raises(DataError, match="needs a statement with id 'referred_pain'"):
        library.replace(guidance=[*others, unnamed])


def test_every_red_flag_says_how_soon_and_some_say_now(library: Library) -> None:
    flags = library.guidance_section("red_flags")
    others = [section for section in library.guidance if section.id != "red_flags"]
    ungraded = flags.model_copy(
        update={"statements": (flags.statements[0].model_copy(update={"urgency": None}),)}
    )
    with pytest.raises(DataError) as caught:
        library.replace(guidance=[*others, ungraded])
    messages = [problem.message for problem in caught.value.problems]
    assert any("a red flag needs an urgency (emergency, soon or review)" in m for m in messages)
    assert any("at least one emergency sign" in m for m in messages)
    [problem] = [p for p in caught.value.problems if "needs an urgency" in p.message]
    assert problem.field.endswith("].statements[0]")  # placed at the flag, in its argument


def test_a_library_built_by_hand_is_checked_too(library: Library) -> None:
    with pytest.raises(DataError, match="required"):
        Library(muscles=library.muscles, regions=library.regions, sources=library.sources)


def test_an_empty_side_is_refused_by_every_region_look_up(library: Library) -> None:
    hint = "the side is left or right, not ''"
    for ask in (library.region, library.region_key, lambda key: library.guide([key])):
        with pytest.raises(UnknownIdError) as caught:
            ask("sacroiliac:")
        assert caught.value.hint == hint


@pytest.mark.parametrize("wrong", [None, 5, b"piriformis", ("piriformis",)])
def test_an_id_that_is_not_text_is_a_type_error_saying_so(library: Library, wrong: object) -> None:
    for ask in (library.muscle, library.source, library.view, library.trigger_point):
        with pytest.raises(TypeError, match=f"id is text, not {type(wrong).__name__}"):
            ask(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"a region key is text, not {type(wrong).__name__}"):
        library.region(wrong)  # type: ignore[arg-type]


def test_an_unknown_id_is_echoed_as_an_excerpt(library: Library) -> None:
    with pytest.raises(UnknownIdError) as caught:
        library.muscle("x" * 100_000)
    assert str(caught.value) == f"unknown muscle '{'x' * 60}'…"


def test_loading_leaves_the_collector_on_and_a_programs_own_freeze_alone(tmp_path: Path) -> None:
    """The collector is paused while loading, and a program's gc.freeze() is not undone."""
    write_muscle(tmp_path, VALID_MUSCLE, "example_muscle")
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        load_library(tmp_path)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # gc.unfreeze() would have emptied it
    finally:
        gc.unfreeze()
    load_library(tmp_path)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_loading_leaves_no_garbage_cycles(tmp_path: Path) -> None:
    """The command freezes the loaded library (gc.freeze): a cycle made while loading stays."""
    write_muscle(tmp_path, VALID_MUSCLE, "example_muscle")
    load_library(tmp_path)  # the bundled library read once, the caches written
    gc.collect()
    load_library(tmp_path)
    assert gc.collect() == 0
