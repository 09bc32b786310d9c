"""Ids are API: a renamed id keeps working through `former_ids`, with a warning naming the new."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, line_of, problems_in, write
from hypothesis import given, settings
from strategies import slugs

from trigger_points.library import Library, load_library
from trigger_points.model import Source
from trigger_points.scaffold import new_region

SOURCES = (
    "sources:\n"
    "  - id: my_book\n"
    "    former_ids: [my_old_book]\n"
    "    authors: [Doe J]\n"
    "    title: A book\n"
    "    year: 2020\n"
    "    publisher: Press\n"
)
CONDITIONS = (
    "conditions:\n"
    "  - id: hip_osteoarthritis\n"
    "    former_ids: [hip_oa]\n"
    "    name: Hip osteoarthritis\n"
    "    description: Wear of the hip joint.\n"
    "    sources: [{source: my_book}]\n"
)


def _renamed_folder(folder: Path, library: Library) -> str:
    """A folder whose muscle `renamed` (once `old_muscle`) names each former id; its text."""
    new_region(library, folder, "upper_chest", "posterior")
    regions = folder / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    text = text.replace("  - id: upper_chest\n", "  - id: upper_chest\n    former_ids: [chest]\n")
    regions.write_text(text, encoding="utf-8")
    write(folder, "sources.yaml", SOURCES)
    write(folder, "conditions.yaml", CONDITIONS)
    muscle = (
        VALID_MUSCLE.replace("example_muscle.trp1", "renamed.trp1")
        .replace("id: example_muscle", "id: renamed\nformer_ids: [old_muscle]")
        .replace("[sacroiliac, buttock_upper]", "[sacroiliac, chest]")
        .replace("conditions: [low_back_pain]", "conditions: [hip_oa]")
        .replace("sources:\n  - source: ts_vol2", "sources:\n  - source: my_old_book")
    )
    write(folder, "muscles/renamed.yaml", muscle)
    return muscle


def test_a_data_file_naming_former_ids_loads_with_a_placed_warning_for_each(
    tmp_path: Path, library: Library
) -> None:
    muscle = _renamed_folder(tmp_path, library)
    with pytest.warns(DeprecationWarning) as caught:
        loaded = load_library(tmp_path)
    assert len(caught) == 3 and caught[0].filename == __file__
    shown = [str(warning).replace(f"{tmp_path}/", "") for warning in loaded.warnings]
    renamed = [line for line in shown if "is now" in line]
    assert renamed == [
        f"muscles/renamed.yaml:{line_of(muscle, '  - source: my_old_book')}:13: sources[0].source: "
        "source 'my_old_book' is now 'my_book': write 'my_book' (the former id is read as the "
        "new one until it is removed; see docs/ids.md)",
        f"muscles/renamed.yaml:{line_of(muscle, '    essential: [sacroiliac, chest]')}:29: "
        "trigger_points[0].essential[1]: region 'chest' is now 'upper_chest': write "
        "'upper_chest' (the former id is read as the new one until it is removed; see "
        "docs/ids.md)",
        f"muscles/renamed.yaml:{line_of(muscle, 'conditions: [hip_oa]')}:14: conditions[0]: "
        "condition 'hip_oa' is now 'hip_osteoarthritis': write 'hip_osteoarthritis' (the "
        "former id is read as the new one until it is removed; see docs/ids.md)",
    ]
    # The library reads the new ids, as if they had been written.
    point = loaded.trigger_point("renamed.trp1")
    assert point.essential == ("sacroiliac", "upper_chest")
    assert loaded.muscle("renamed").conditions == ("hip_osteoarthritis",)
    assert loaded.muscles_relating_to("hip_osteoarthritis") == (loaded.muscle("renamed"),)


def test_every_look_up_follows_a_former_id_with_a_deprecation_warning(
    tmp_path: Path, library: Library
) -> None:
    _renamed_folder(tmp_path, library)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = load_library(tmp_path)
    looked_up: list[tuple[Callable[[], object], str]] = [
        (lambda: loaded.muscle("old_muscle"), "muscle id 'old_muscle' is now 'renamed'"),
        (
            lambda: loaded.trigger_point("old_muscle.trp1"),
            "'old_muscle.trp1' is now 'renamed.trp1'",
        ),
        (lambda: loaded.region("chest"), "region id 'chest' is now 'upper_chest'"),
        (lambda: loaded.region_key("chest:left"), "region id 'chest' is now 'upper_chest'"),
        (lambda: loaded.condition("hip_oa"), "'hip_oa' is now 'hip_osteoarthritis'"),
        (lambda: loaded.source("my_old_book"), "'my_old_book' is now 'my_book'"),
        (lambda: loaded.guide(["chest:right"]), "region id 'chest' is now 'upper_chest'"),
    ]
    for look_up, message in looked_up:
        with pytest.warns(DeprecationWarning, match=re.escape(message)) as caught:
            found = look_up()
        assert len(caught) == 1
        assert caught[0].filename == __file__, "the warning points at the caller"
        assert found is not None
    with pytest.warns(DeprecationWarning):
        assert loaded.muscle("old_muscle") is loaded.muscle("renamed")
    with pytest.warns(DeprecationWarning):
        assert str(loaded.region_key("chest:left")) == "upper_chest:left"


def test_a_former_id_that_names_a_live_one_is_a_placed_error(tmp_path: Path) -> None:
    text = SOURCES.replace("former_ids: [my_old_book]", "former_ids: [ts_vol2]")
    write(tmp_path, "sources.yaml", text)
    assert problems_in(tmp_path) == [
        f"sources.yaml:{line_of(text, '    former_ids: [ts_vol2]')}:18: sources[0].former_ids[0]: "
        "'ts_vol2' is the id of a source there is: a former id must name none"
    ]


def test_a_former_id_claimed_twice_is_a_placed_error(tmp_path: Path) -> None:
    second = SOURCES.split("\n", 1)[1].replace("id: my_book", "id: my_other_book")
    write(tmp_path, "sources.yaml", SOURCES + second)
    (problem,) = problems_in(tmp_path)
    assert problem.startswith("sources.yaml:9:18: sources[1].former_ids[0]: ")
    assert problem.endswith("'my_old_book' is already a former id of source my_book")


def test_aliases_are_names_not_ids(library: Library) -> None:
    # `aliases` are text shown as "Also called"; they never find a muscle.
    piriformis = library.muscle("piriformis")
    assert "Pyriformis" in piriformis.aliases
    with pytest.raises(KeyError):
        library.muscle("Pyriformis")


@settings(max_examples=15)
@given(old=slugs, new=slugs)
def test_any_renamed_source_is_found_by_its_former_id(library: Library, old: str, new: str) -> None:
    live = {source.id for source in library.sources}
    if old == new or old in live or new in live:
        return
    renamed = Source(
        id=new, former_ids=(old,), authors=("Doe J",), title="A book", year=2020, publisher="P"
    )
    changed = library.replace(sources=[*library.sources, renamed])
    with pytest.warns(DeprecationWarning, match=f"source id '{old}' is now '{new}': use '{new}'"):
        assert changed.source(old) is changed.source(new)
    with pytest.raises(KeyError):
        changed.source(old + "_x")
