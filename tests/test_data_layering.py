"""A user's folder adds to ours: a view without an outline, and every problem in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, problems_in, write
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import slugs

from trigger_points import DataError
from trigger_points.charts import render_regions_chart
from trigger_points.entries import Entry, extend_view
from trigger_points.library import Library, load_library
from trigger_points.loader import Document
from trigger_points.model import FrozenMap, Landmark, ViewAdditions
from trigger_points.scaffold import new_region

XIPHOID_RENAMED = (
    "landmarks:\n  - {id: xiphoid, label: Xiphoid process, at: [200, 302], paired: false}\n"
)


def _added_region(folder: Path, library: Library) -> str:
    """A folder whose anterior view adds a region `upper_chest`; its view file's text."""
    new_region(library, folder, "upper_chest", "anterior")
    view = folder / "body" / "anterior.yaml"
    view.write_text(view.read_text(encoding="utf-8") + XIPHOID_RENAMED, encoding="utf-8")
    return view.read_text(encoding="utf-8")


def test_a_view_without_an_outline_adds_a_region_and_replaces_one_landmark(
    tmp_path: Path, library: Library
) -> None:
    _added_region(tmp_path, library)
    ours, merged = library.view("anterior"), load_library(tmp_path).view("anterior")
    assert list(merged.regions) == [*ours.regions, "upper_chest"]
    assert [mark.id for mark in merged.landmarks] == [mark.id for mark in ours.landmarks]
    changed = {mark.id for mark in merged.landmarks} - {
        mark.id
        for mark, before in zip(merged.landmarks, ours.landmarks, strict=True)
        if mark == before
    }
    assert changed == {"xiphoid"}
    assert merged.outline == ours.outline and merged.contours == ours.contours
    assert merged.landmarks[[m.id for m in merged.landmarks].index("xiphoid")].label == (
        "Xiphoid process"
    )


def test_the_region_chart_of_a_merged_view_draws_the_new_region(
    tmp_path: Path, library: Library
) -> None:
    _added_region(tmp_path, library)
    chart = render_regions_chart(load_library(tmp_path), "anterior")
    assert 'data-region="upper_chest:right"' in chart
    assert 'data-region="upper_chest:left"' in chart
    assert "Xiphoid process" in chart or "xiphoid" in chart


def test_an_added_region_that_overlaps_ours_is_placed_in_the_users_file(
    tmp_path: Path, library: Library
) -> None:
    text = _added_region(tmp_path, library)
    ours = library.view("anterior").regions["lower_ribs"]
    shape = ", ".join(f"[{x:g}, {y:g}]" for x, y in ours)
    start = text.index("  upper_chest: ")
    end = text.index("\n", start)
    text = text[:start] + f"  upper_chest: [{shape}]" + text[end:]
    write(tmp_path, "body/anterior.yaml", text)
    line = text[:start].count("\n") + 1
    problems = problems_in(tmp_path)
    assert problems, "an overlap of 100% must be refused"
    assert all(problem.startswith(f"body/anterior.yaml:{line}:") for problem in problems)
    assert any("overlaps" in problem and "lower_ribs" in problem for problem in problems)


def test_an_added_region_outside_the_body_is_placed_at_its_corner(
    tmp_path: Path, library: Library
) -> None:
    text = _added_region(tmp_path, library)
    start = text.index("  upper_chest: ")
    end = text.index("\n", start)
    text = text[:start] + "  upper_chest: [[5, 10], [15, 10], [15, 20]]" + text[end:]
    write(tmp_path, "body/anterior.yaml", text)
    line = text[:start].count("\n") + 1
    (problem,) = problems_in(tmp_path)
    assert problem.startswith(f"body/anterior.yaml:{line}:")
    assert "region upper_chest reaches outside the body at (5, 10)" in problem


def test_a_whole_view_still_replaces_ours(tmp_path: Path, library: Library) -> None:
    # With an outline the file is the whole view, as before: nothing of ours is kept.
    ours = library.view("lateral")
    lines = (Path(__file__).parents[1] / "data" / "body" / "lateral.yaml").read_text(
        encoding="utf-8"
    )
    write(tmp_path, "body/lateral.yaml", lines.replace(f"label: {ours.label}", "label: Side"))
    assert load_library(tmp_path).view("lateral").label == "Side"


def test_every_kind_of_mistake_in_different_files_comes_out_in_one_run(tmp_path: Path) -> None:
    # One model error (a group), a reference in that same failed file, a reference in a
    # valid file, a geometry problem, and a bad item in a list file whose good item is
    # still known to the muscle that cites it: all in one DataError.
    failed = VALID_MUSCLE.replace("id: example_muscle", "id: first").replace(
        "example_muscle.trp1", "first.trp1"
    )
    failed = failed.replace("group: gluteal", "group: hip_joint").replace(
        "[sacroiliac, buttock_upper]", "[sacroiliac, buttock_uper]"
    )
    write(tmp_path, "muscles/first.yaml", failed)
    valid = VALID_MUSCLE.replace("id: example_muscle", "id: second").replace(
        "example_muscle.trp1", "second.trp1"
    )
    valid = valid.replace("conditions: [low_back_pain]", "conditions: [my_condition, sciatika]")
    write(tmp_path, "muscles/second.yaml", valid)
    write(
        tmp_path,
        "conditions.yaml",
        "conditions:\n"
        "  - {id: my_condition, name: Mine, description: Mine., sources: [{source: ts_vol2}]}\n"
        "  - {id: broken_condition, name: Broken, sources: [{source: ts_vol2}]}\n",
    )
    write(
        tmp_path,
        "body/posterior.yaml",
        "id: posterior\nregions:\n  sacrum: [[0, 0], [5, 0], [5, 5]]\n",
    )
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    shown = [str(problem).replace(f"{tmp_path}/", "") for problem in caught.value.problems]

    def having(*words: str) -> list[str]:
        return [line for line in shown if all(word in line for word in words)]

    assert having("muscles/first.yaml", "group: 'hip_joint' is not one of")
    assert having("muscles/first.yaml", "unknown region 'buttock_uper'")
    assert having("muscles/second.yaml", "unknown condition 'sciatika'")
    assert not having("unknown condition 'my_condition'")
    assert having("conditions.yaml", "conditions[1]", "description")
    assert having("body/posterior.yaml", "sacrum reaches outside the body")


SQUARE = ((210.0, 600.0), (220.0, 600.0), (220.0, 610.0), (210.0, 610.0))


@settings(max_examples=40)
@given(data=st.data())
def test_a_view_addition_changes_exactly_what_it_names(
    library: Library, data: st.DataObject
) -> None:
    view = library.view("posterior")
    ours = list(view.regions)
    landmarks = [mark.id for mark in view.landmarks]
    replaced = data.draw(st.lists(st.sampled_from(ours), unique=True, max_size=4))
    added = data.draw(
        st.lists(slugs.filter(lambda s: s not in view.regions), unique=True, max_size=3)
    )
    moved = data.draw(st.lists(st.sampled_from(landmarks), unique=True, max_size=3))
    new_marks = data.draw(
        st.lists(slugs.filter(lambda s: s not in landmarks), unique=True, max_size=2)
    )
    additions = ViewAdditions(
        id="posterior",
        regions=FrozenMap((region_id, SQUARE) for region_id in [*replaced, *added]),
        landmarks=tuple(
            Landmark(id=mark_id, label="Mine", at=(250.0, 500.0))
            for mark_id in [*moved, *new_marks]
        ),
    )
    mine = Document("mine.yaml", None, {}, {})
    merged = extend_view(
        Entry(view, Document("ours.yaml", None, {}, {}), ()), Entry(additions, mine, ())
    )
    assert list(merged.item.regions) == [*ours, *added]
    for region_id, shape in merged.item.regions.items():
        named = region_id in replaced or region_id in added
        assert shape == (SQUARE if named else view.regions[region_id])
        place = merged.problem(("regions", region_id, 0), "x").file
        assert place == ("mine.yaml" if named else "ours.yaml")
    assert [mark.id for mark in merged.item.landmarks] == [*landmarks, *new_marks]
    for index, mark in enumerate(merged.item.landmarks):
        named = mark.id in moved or mark.id in new_marks
        assert mark.label == "Mine" if named else mark == view.landmarks[index]
        assert merged.problem(("landmarks", index, "at"), "x").file == (
            "mine.yaml" if named else "ours.yaml"
        )
    assert merged.item.outline == view.outline and merged.item.contours == view.contours


def test_text_that_is_no_id_is_refused_once_and_briefly_in_a_failed_file(tmp_path: Path) -> None:
    # A 700-character "source id" is refused by the muscle's own model; the references of
    # the failed file are still checked, but that text is not an id to look up, so it is
    # not said a second time, 700 characters long (the long fuzz run found it).
    long_id = "ts_vol2" * 100
    muscle = VALID_MUSCLE.replace("- source: ts_vol2", "- source: " + long_id, 1)
    assert long_id in muscle
    write(tmp_path, "muscles/example_muscle.yaml", muscle)
    problems = problems_in(tmp_path)
    assert len(problems) == 1, problems
    assert "the id is 700 characters long" in problems[0]
    assert len(problems[0]) <= 300
