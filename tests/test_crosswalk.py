"""The crosswalk to the CHOIR and Michigan body maps: the code tables, the data, the API.

The tables are checked against a second transcription, the keys of the REDCap image
maps that draw both (`ctsit/imagemap`), copied verbatim below; the data is checked for
completeness and sides; `lib.codes` for composites, mirrors and errors.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trigger_points import Codes, UnknownIdError
from trigger_points.crosswalk import (
    CHOIR_AREAS,
    MICHIGAN_AREAS,
    choir_mirror,
    known_choir_code,
    known_michigan_code,
    michigan_mirror,
)
from trigger_points.export import library_as_data
from trigger_points.library import Library
from trigger_points.model import SIDES, RegionKey, Side, opposite

CHOIR_KEY = (
    "f01, Cranium (front-right) | f02, Cranium (front-left) | f03, Face (front-right) | "
    "f04, Face (front-left) | f05, Neck (front-right) | f06, Neck (front-left) | "
    "f07, Shoulder (front-right) | f08, Chest (front-right) | f09, Chest (front-left) | "
    "f10, Shoulder (front-left) | f11, Bicep (front-right) | f12, Bicep (front-left) | "
    "f13, Elbow (front-right) | f14, Elbow (front-left) | f15, Forearm (front-right) | "
    "f16, Abdomen (front-right) | f17, Abdomen (front-left) | f18, Forearm (front-left) | "
    "f19, Wrist (front-right) | f20, Hip (front-right) | f21, Pubic (front-right) | "
    "f22, Pubic (front-left) | f23, Hip (front-left) | f24, Wrist (front-left) | "
    "f25, Hand (palm-right) | f26, Upper Leg (front-right) | f27, Upper Leg (front-left) | "
    "f28, Hand (palm-left) | f29, Knee (front-right) | f30, Knee (front-left) | "
    "f31, Lower Leg (front-right) | f32, Lower Leg (front-left) | f33, Ankle (front-right) | "
    "f34, Ankle (front-left) | f35, Foot (top-right) | f36, Foot (top-left) | "
    "b01, Cranium (back-left) | b02, Cranium (back-right) | b03, Head (back-left) | "
    "b04, Head (back-right) | b05, Neck (back-left) | b06, Neck (back-right) | "
    "b07, Shoulder (back-left) | b08, Upper Back (back-left) | b09, Upper Back (back-right) | "
    "b10, Shoulder (back-right) | b11, Bicep (back-left) | b12, Middle Back (back-left) | "
    "b13, Middle Back (back-right) | b14, Bicep (back-right) | b15, Elbow (back-left) | "
    "b16, Elbow (back-right) | b17, Forearm (back-left) | b18, Lower Back (back-left) | "
    "b19, Lower Back (back-right) | b20, Forearm (back-right) | b21, Wrist (back-left) | "
    "b22, Hip (back-left) | b23, Buttocks (back-left) | b24, Buttocks (back-right) | "
    "b25, Hip (back-right) | b26, Wrist (back-right) | b27, Hand (top-left) | "
    "b28, Upper Leg (back-left) | b29, Upper Leg (back-right) | b30, Hand (top-right) | "
    "b31, Knee (back-left) | b32, Knee (back-right) | b33, Lower Leg (back-left) | "
    "b34, Lower Leg (back-right) | b35, Ankle (back-left) | b36, Ankle (back-right) | "
    "b37, Foot (bottom-left) | b38, Foot (bottom-right)"
)
"""The CHOIR map's key as `ctsit/imagemap` (config.json, `data_dict_default`) writes it."""

MICHIGAN_KEY = (
    "Face", "Rt jaw", "Lt jaw", "Rt chest/breast", "Lt chest/breast", "Rt upper arm",
    "Lt upper arm", "Rt elbow", "Lt elbow", "Rt lower arm", "Lt lower arm", "Rt wrist/hand",
    "Lt wrist/hand", "Abdomen", "Pelvis", "Rt groin", "Lt groin", "Rt upper leg",
    "Lt upper leg", "Rt knee", "Lt knee", "Rt lower leg", "Lt lower leg", "Rt ankle/foot",
    "Lt ankle/foot", "Head", "Neck", "Lt shoulder", "Rt shoulder", "Upper back", "Lower back",
    "Lt hip", "Rt hip", "Lt buttocks", "Rt buttocks",
)  # fmt: skip
"""The Michigan map's areas 0-34 as `ctsit/imagemap` (maps/mbody.html) titles them."""


def _choir_key() -> dict[str, tuple[str, Side]]:
    """Each code of the image map's key with its label and side: `b24 -> (buttocks, right)`."""
    found: dict[str, tuple[str, Side]] = {}
    for entry in CHOIR_KEY.split(" | "):
        code, title = entry.split(", ")
        match = re.fullmatch(r"(.+) \((\w+)-(right|left)\)", title)
        assert match, title
        name, qualifier, side = match.groups()
        label = name.lower() if qualifier in ("front", "back") else f"{name.lower()} ({qualifier})"
        found[code] = (label, "right" if side == "right" else "left")
    return found


# -- the tables --------------------------------------------------------------------------


def test_the_choir_table_has_every_code_of_both_figures() -> None:
    expected = [f"f{n:02d}" for n in range(1, 37)] + [f"b{n:02d}" for n in range(1, 39)]
    assert list(CHOIR_AREAS) == expected
    assert len(CHOIR_AREAS) == 74


def test_the_choir_table_agrees_with_the_image_maps_key() -> None:
    key = _choir_key()
    assert set(key) == set(CHOIR_AREAS)
    for code, (label, side) in key.items():
        area = CHOIR_AREAS[code]
        assert (area.label, area.side) == (label, side), code


def test_the_michigan_table_has_areas_0_to_34_and_seven_without_a_side() -> None:
    assert list(MICHIGAN_AREAS) == list(range(35))
    unsided = [code for code, area in MICHIGAN_AREAS.items() if area.side is None]
    assert unsided == [0, 13, 14, 25, 26, 29, 30]


def test_the_michigan_table_agrees_with_the_image_maps_titles() -> None:
    assert len(MICHIGAN_KEY) == len(MICHIGAN_AREAS)
    for code, title in enumerate(MICHIGAN_KEY):
        area = MICHIGAN_AREAS[code]
        prefix, _, rest = title.partition(" ")
        side = {"Rt": "right", "Lt": "left"}.get(prefix)
        name = rest if side else title
        assert area.side == side, code
        # "chest/breast" is written "chest", "wrist/hand" "wrist and hand"
        assert area.label.split()[0] == name.lower().split("/")[0].split()[0], code


@pytest.mark.parametrize("code", list(CHOIR_AREAS))
def test_a_choir_code_mirrors_to_the_same_area_on_the_other_side_and_back(code: str) -> None:
    area, mirror = CHOIR_AREAS[code], CHOIR_AREAS[choir_mirror(code)]
    assert mirror.code != code and mirror.label == area.label
    assert area.side is not None and mirror.side == opposite(area.side)
    assert mirror.code[0] == code[0], "a mirror stays on the same figure"
    assert choir_mirror(choir_mirror(code)) == code


@pytest.mark.parametrize("code", list(MICHIGAN_AREAS))
def test_a_michigan_area_mirrors_to_its_other_side_and_back(code: int) -> None:
    area, mirror = MICHIGAN_AREAS[code], MICHIGAN_AREAS[michigan_mirror(code)]
    assert mirror.label == area.label
    if area.side is None:
        assert mirror.code == code
    else:
        assert mirror.code != code and mirror.side == opposite(area.side)
    assert michigan_mirror(michigan_mirror(code)) == code


def test_choir_numbers_right_first_on_the_front_and_left_first_on_the_back() -> None:
    assert (CHOIR_AREAS["f07"].side, CHOIR_AREAS["f10"].side) == ("right", "left")
    assert (CHOIR_AREAS["b23"].side, CHOIR_AREAS["b24"].side) == ("left", "right")
    assert (MICHIGAN_AREAS[33].side, MICHIGAN_AREAS[34].side) == ("left", "right")


@pytest.mark.parametrize("code", ["f00", "f37", "b39", "f5", "F05", "24", ""])
def test_an_unknown_choir_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="is not a CHOIR body map code"):
        known_choir_code(code)


def test_a_choir_code_without_its_zero_is_shown_the_right_one() -> None:
    with pytest.raises(ValueError, match="did you mean 'b07'"):
        known_choir_code("b7")


@pytest.mark.parametrize("code", [-1, 35, 99])
def test_an_unknown_michigan_area_is_refused(code: int) -> None:
    with pytest.raises(ValueError, match="is not a Michigan Body Map area"):
        known_michigan_code(code)


# -- Codes ------------------------------------------------------------------------------


def test_codes_are_sorted_once_each_whatever_order_they_come_in() -> None:
    codes = Codes(("f21", "b24", "b19", "b24"), (34, 30, 34))
    assert codes == Codes(("b19", "b24", "f21"), (30, 34))
    assert codes.as_data() == {"choir": ["b19", "b24", "f21"], "michigan": [30, 34]}


def test_codes_mirror_sided_areas_and_keep_unsided_ones() -> None:
    assert Codes(("b19", "f21"), (30, 34)).mirrored() == Codes(("b18", "f22"), (30, 33))


def test_codes_join() -> None:
    assert Codes(("b24",), (34,)) | Codes(("b23",), (30,)) == Codes(("b23", "b24"), (30, 34))
    assert Codes.union([]) == Codes()


def test_codes_refuse_a_code_no_map_has() -> None:
    with pytest.raises(ValueError, match="b99"):
        Codes(("b99",))
    with pytest.raises(ValueError, match="35"):
        Codes((), (35,))


# -- the data ---------------------------------------------------------------------------


def _leaf_keys(library: Library) -> list[RegionKey]:
    """Every drawn region on each side it has: `buttock_upper:right`, ..., `sacrum_upper`."""
    keys = (
        RegionKey.felt_on(region, side)
        for region in library.regions
        if not region.composite
        for side in SIDES
    )
    return sorted(set(keys))


def test_every_drawn_region_has_a_code_of_both_maps_on_each_side(library: Library) -> None:
    keys = _leaf_keys(library)
    assert len({key.region for key in keys}) == 50
    missing = [
        str(key)
        for key in keys
        if not (library.codes(str(key)).choir and library.codes(str(key)).michigan)
    ]
    assert missing == []


def test_no_region_on_one_side_is_filed_under_the_other_side(library: Library) -> None:
    wrong = []
    for key in _leaf_keys(library):
        codes = library.codes(str(key))
        sides = {CHOIR_AREAS[code].side for code in codes.choir}
        sides |= {MICHIGAN_AREAS[code].side for code in codes.michigan}
        if key.side is not None and opposite(key.side) in sides:
            wrong.append(str(key))
    assert wrong == []


def test_a_midline_region_is_filed_under_both_sides_of_its_area(library: Library) -> None:
    for region in library.regions:
        if region.laterality == "midline" and not region.composite:
            codes = library.codes(region.id)
            assert codes.mirrored() == codes, region.id


def test_the_right_buttock_is_the_right_buttocks_of_both_maps(library: Library) -> None:
    assert library.codes("buttock:right") == Codes(("b24",), (34,))
    assert library.codes("buttock:left") == Codes(("b23",), (33,))
    for part in library.region("buttock").parts:
        assert library.codes(f"{part}:right") == Codes(("b24",), (34,)), part


def test_the_groin_is_filed_as_pubic_the_nearest_choir_area(library: Library) -> None:
    assert library.codes("groin:right") == Codes(("f21",), (15,))


def test_the_sacrum_and_tailbone_take_both_sides_codes(library: Library) -> None:
    assert library.codes("sacrum") == Codes(("b18", "b19"), (30,))
    assert library.codes("coccyx") == Codes(("b23", "b24"), (33, 34))


def _paired_leaves(library: Library) -> list[str]:
    return sorted(
        region.id
        for region in library.regions
        if region.laterality == "paired" and not region.composite
    )


@given(st.data())
def test_left_codes_are_the_mirror_of_the_right_ones(library: Library, data: st.DataObject) -> None:
    regions = data.draw(st.lists(st.sampled_from(_paired_leaves(library)), min_size=1))
    right = library.codes([f"{region}:right" for region in regions])
    left = library.codes([f"{region}:left" for region in regions])
    assert left == right.mirrored()
    assert right == left.mirrored()


@given(st.data())
def test_pain_on_both_sides_is_filed_under_both_sides(
    library: Library, data: st.DataObject
) -> None:
    regions = data.draw(st.lists(st.sampled_from(_paired_leaves(library)), min_size=1))
    both = library.codes([f"{region}:{side}" for region in regions for side in SIDES])
    right = library.codes([f"{region}:right" for region in regions])
    assert both == right | right.mirrored()


@pytest.mark.parametrize("side", SIDES)
def test_a_composite_is_filed_under_its_parts_codes(library: Library, side: Side) -> None:
    for region in library.regions:
        if region.composite:
            key = str(RegionKey.felt_on(region, side))
            parts = [str(leaf) for leaf in library.leaves(key)]
            assert library.codes(key) == Codes.union(library.codes(p) for p in parts), key


def test_codes_take_one_key_or_several(library: Library) -> None:
    one = library.codes("sacroiliac:right")
    assert library.codes(["sacroiliac:right"]) == one
    assert library.codes(["sacroiliac:right", "groin:left"]) == one | library.codes("groin:left")
    assert library.codes([]) == Codes()


@pytest.mark.parametrize("key", ["buttok:right", "buttock", "sacrum:left", "buttock:up"])
def test_codes_refuse_a_key_as_the_guide_does(library: Library, key: str) -> None:
    with pytest.raises(UnknownIdError) as codes_error:
        library.codes(key)
    with pytest.raises(UnknownIdError) as guide_error:
        library.guide(key)
    assert str(codes_error.value) == str(guide_error.value)


# -- the export -------------------------------------------------------------------------


def test_the_export_gives_each_regions_codes_on_each_side(library: Library) -> None:
    regions = {region["id"]: region for region in library_as_data(library)["regions"]}
    assert regions["buttock"]["codes"] == {
        "right": {"choir": ["b24"], "michigan": [34]},
        "left": {"choir": ["b23"], "michigan": [33]},
    }
    assert regions["sacrum"]["codes"]["right"] == regions["sacrum"]["codes"]["left"]
    assert regions["buttock_upper"]["choir"] == ["b24"], "the codes as written are kept"
    for region_id, region in regions.items():
        for side in SIDES:
            key = str(RegionKey.felt_on(library.region(region_id), side))
            assert region["codes"][side] == library.codes(key).as_data(), key
