"""A site's maps draw each zone as an image of a shared file: the same zones, the same shapes.

A map on a page of the site (`figure_href`) points at `figures/zones/...` files that the
site writes once (figure.figure_files) instead of carrying each zone's path. These tests
hold what a reader relies on through that: every file a map points at is written, a site
map shows exactly the zones the self-contained map draws, each file holds the very path
the self-contained map draws, styled as map.css styles it there, and nothing a map points
at within itself is left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trigger_points.figure import figure_files, style_sheet
from trigger_points.library import Library
from trigger_points.maps import map_figure, render_map
from trigger_points.model import SIDES, Side

SITE = "../figures/"
SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


@lru_cache(maxsize=1)
def _files(library: Library) -> dict[str, str]:
    return figure_files(library.views)


def site_maps(library: Library) -> Iterator[tuple[str, str]]:
    """Every kind of map a page of the site draws, with a name to tell it by."""
    for muscle in library.muscles:
        for side in SIDES:
            yield (
                f"{muscle.id} {side}",
                map_figure(library, muscle.id, side=side, figure_href=SITE).svg,
            )
            bare = map_figure(
                library, muscle.id, side=side, frame="focus", bare=True, figure_href=SITE
            )
            yield f"{muscle.id} {side} bare", bare.svg
        for point in muscle.trigger_points:
            yield point.id, map_figure(library, point.id, frame="focus", figure_href=SITE).svg
    for root in library.nerve_roots:
        both = [root.id, "gluteus_minimus.anterior"]
        yield f"{root.id} and a point", map_figure(library, both, figure_href=SITE).svg


def zones_by_view(svg: str) -> dict[tuple[str, str], tuple[str, ET.Element]]:
    """(view, region) -> (essential or spillover, the element), for every zone drawn."""
    found = {}
    views = [v for v in ET.fromstring(svg).iter(f"{SVG}svg") if v.get("class") == "view"]
    for view in views:
        for element in view.iter():
            if "zone" in element.get("class", "").split():
                strength = element.get("class", "").split()[1]
                key = (view.get("data-view", ""), element.get("data-region", ""))
                assert key not in found, f"{key} drawn twice"
                found[key] = (strength, element)
    return found


def test_every_zone_file_a_site_map_points_at_is_written(library: Library) -> None:
    files = _files(library)
    pointed = set()
    for name, svg in site_maps(library):
        for href in re.findall(r'xlink:href="([^"#][^"]*)"', svg):
            assert href.startswith(SITE), (name, href)
            assert href.removeprefix(SITE) in files, (name, href)
            pointed.add(href.removeprefix(SITE))
    # The maps reach every kind of zone file: each view, the left of a symmetric view,
    # the mirrored one-sided view, both zones.
    used = {name for name in pointed if name.startswith("zones/")}
    for kind in ("posterior-", "anterior-", "lateral-", "lateral-mirrored-", "-left-"):
        assert any(kind in name for name in used), kind
    for zone in ("-essential.svg", "-spillover.svg"):
        assert any(name.endswith(zone) for name in used), zone


@pytest.mark.parametrize("side", SIDES)
def test_a_site_map_draws_exactly_the_zones_of_the_self_contained_map(
    library: Library, side: Side
) -> None:
    """The same regions on the same views in the same zones, spillover first."""
    for muscle in library.muscles:
        alone = render_map(library, muscle.id, side=side)
        site = map_figure(library, muscle.id, side=side, figure_href=SITE).svg
        drawn = {key: strength for key, (strength, _) in zones_by_view(alone).items()}
        assert drawn, muscle.id
        assert {key: s for key, (s, _) in zones_by_view(site).items()} == drawn, muscle.id
        assert '<path class="zone' not in site and '<image class="zone' not in alone
        for svg in (alone, site):
            order = re.findall(r'class="zone (essential|spillover)"', svg.split("</defs>", 1)[1])
            # Within each panel spillover comes first: once essential, no spillover follows.
            for panel in svg.split('class="view"')[1:]:
                strengths = re.findall(r'class="zone (essential|spillover)"', panel)
                assert strengths == sorted(strengths, key=["spillover", "essential"].index)
            assert order


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), side=st.sampled_from(SIDES))
def test_a_zone_file_holds_the_path_the_self_contained_map_draws(
    library: Library, data: st.DataObject, side: Side
) -> None:
    muscle = data.draw(st.sampled_from([muscle.id for muscle in library.muscles]))
    files = _files(library)
    alone = zones_by_view(render_map(library, muscle, side=side))
    site = zones_by_view(map_figure(library, muscle, side=side, figure_href=SITE).svg)
    for key, (strength, path) in alone.items():
        image = site[key][1]
        file = ET.fromstring(files[image.get(HREF, "").removeprefix(SITE)])
        (drawn,) = file.iter(f"{SVG}path")
        assert drawn.get("d") == path.get("d"), key
        assert drawn.get("class") == f"zone {strength}", key
        # The image lays the file's frame exactly over the panel's frame, where the path was.
        assert file.get("viewBox") == "-50 0 500 1000"
        frame = (image.get("x"), image.get("y", "0"), image.get("width"), image.get("height"))
        assert " ".join(str(v) for v in frame) == file.get("viewBox")


def test_a_zone_file_is_styled_as_the_page_styles_a_zone(library: Library) -> None:
    """map.css's rule for its zone, and for spillover the map's own stipple, unclipped."""
    alone = render_map(library, "piriformis")
    stipple = re.search(r"<pattern [^>]*>.*?</pattern>", alone)
    assert stipple is not None
    for name, text in _files(library).items():
        if not name.startswith("zones/"):
            continue
        strength = name.removesuffix(".svg").rsplit("-", 1)[1]
        assert style_sheet({"zone", strength}) in text, name
        assert "clip" not in text and "mask" not in text, name
        if strength == "spillover":
            pattern = stipple.group().replace('id="tp-piriformis-right-stipple"', 'id="stipple"')
            assert pattern in text, name
            assert 'fill="url(#stipple)" stroke="url(#stipple)"' in text, name
        else:
            assert "<pattern" not in text and "url(" not in text, name


def test_every_region_of_every_view_has_its_zone_files_on_each_side_drawn(
    library: Library,
) -> None:
    files = _files(library)
    for view in library.views:
        variants = [view.id] if view.symmetric else [view.id, f"{view.id}-mirrored"]
        placements = ["", "-left"] if view.symmetric else [""]
        for region in view.regions:
            for variant in variants:
                for placed in placements:
                    for zone in ("essential", "spillover"):
                        assert f"zones/{variant}-{region}{placed}-{zone}.svg" in files
    assert figure_files(library.views) == files  # the same bytes each time


def test_a_site_map_points_only_at_what_it_defines_and_carries_the_stipple_for_its_legend(
    library: Library,
) -> None:
    for name, svg in site_maps(library):
        ids = re.findall(r' id="([^"]+)"', svg)
        pointed = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
        assert set(pointed) <= set(ids), name
        assert len(ids) == len(set(ids)), name
        legend = 'class="legend"' in svg
        assert ("<pattern" in svg and "stipple" in svg) == (legend and "Spillover zone" in svg)


def test_a_site_maps_images_say_only_where_they_are(library: Library) -> None:
    """No attribute map.css or the drawing's role says once; whole numbers."""
    for name, svg in site_maps(library):
        for image in re.findall(r"<image [^>]*>", svg):
            assert "aria-hidden" not in image and "pointer-events" not in image, name
            assert not re.search(r'(?:x|y|width|height)="-?\d+\.0"', image), (name, image)


def test_a_site_map_names_its_trigger_points_and_leaves_their_locations_to_the_page(
    library: Library,
) -> None:
    muscle = library.muscle("gluteus_medius")
    alone = ET.fromstring(render_map(library, muscle.id)).find(f"{SVG}desc")
    site = ET.fromstring(map_figure(library, muscle.id, figure_href=SITE).svg).find(f"{SVG}desc")
    assert alone is not None and site is not None
    for number, point in enumerate(muscle.trigger_points, 1):
        assert f"{number}: {point.name}, {point.location}" in (alone.text or "")
        assert f"{number}: {point.name}" in (site.text or "")
        assert point.location not in (site.text or "")
    # The zones are named in both.
    zones = (alone.text or "").split("Essential zone", 1)[1]
    assert (site.text or "").endswith(zones)
