"""The pain guide page in Debian's Chromium: used by touch on a phone, by mouse and keyboard on a
desktop, ranking as the library does, keeping its drawing in the address, accessible."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from png import pixel, read_png

from trigger_points.library import Library
from trigger_points.site import build_site

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SMALLEST_TARGET = 24.0
"""CSS pixels: WCAG 2.2's minimum target size (2.5.8)."""


@pytest.fixture(scope="module")
def site(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(library, tmp_path_factory.mktemp("built") / "site").folder


def _opened(browser: Any, options: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from _opened(browser, PHONE)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    yield from _opened(browser, DESKTOP)


def guide(site: Path, keys: list[str] | None = None) -> str:
    return (site / "guide.html").as_uri() + (f"#r={','.join(keys)}" if keys else "")


def marked(page: Any) -> list[str]:
    """What the chart shows marked (each key once, whatever the view)."""
    return sorted(
        set(
            page.eval_on_selector_all(
                '.pick[aria-checked="true"]', "picks => picks.map(p => p.dataset.region)"
            )
        )
    )


def mark_from_list(page: Any, key: str) -> None:
    page.evaluate("document.querySelector('.region-list').open = true")
    page.click(f'.region-list input[value="{key}"]')


def shown_muscles(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "#results > li", "items => items.map(i => [i.dataset.muscle, i.dataset.side])"
    )


def test_tapping_the_sacroiliac_joint_and_lower_buttock_on_a_phone(site: Path, phone: Any) -> None:
    """The issue's check: two taps on the back view, exactly two regions, QL in the first three."""
    phone.goto(guide(site))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sideways
    for key in ("sacroiliac:right", "buttock_lower:right"):
        phone.tap(f'#picker-view-posterior .pick[data-region="{key}"]')
    assert marked(phone) == ["buttock_lower:right", "sacroiliac:right"]
    first_three = [muscle for muscle, _ in shown_muscles(phone)[:3]]
    assert "quadratus_lumborum" in first_three
    assert phone.evaluate("location.hash") == "#r=buttock_lower:right,sacroiliac:right"
    status = phone.text_content("#results-status")
    assert status.startswith("2 regions marked.") and "first: " in status
    # The summary stays on screen while the chart is: it is pinned to the bottom of the phone.
    box = phone.locator(".guide-summary").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 + 0.5


def test_every_region_is_a_large_enough_target_on_a_phone_when_zoomed(
    site: Path, phone: Any
) -> None:
    phone.goto(guide(site))
    tabs = phone.eval_on_selector_all('[role="tab"]', "tabs => tabs.map(t => t.id)")
    assert len(tabs) == 4
    too_small: list[tuple[str, str, float, float]] = []
    for tab in tabs:
        phone.tap(f"#{tab}")
        while phone.text_content(".zoom output") != "6\u00d7":
            phone.tap('[data-zoom="1"]')
        sizes = phone.eval_on_selector_all(
            ".picker-stage:not([hidden]) .pick",
            "picks => picks.map(p => { const r = p.getBoundingClientRect();"
            " return [p.dataset.region, r.width, r.height]; })",
        )
        assert sizes, tab
        too_small += [(tab, key, w, h) for key, w, h in sizes if min(w, h) < SMALLEST_TARGET]
        while phone.text_content(".zoom output") != "1\u00d7":
            phone.tap('[data-zoom="-1"]')
    assert too_small == []


VISIBLE_CENTRE = """key => {
  const region = document.querySelector(`#picker-view-posterior .pick[data-region="${key}"]`);
  const box = region.getBoundingClientRect();
  let sumX = 0, sumY = 0, count = 0;
  for (let x = box.left; x <= box.right; x += 1) {
    for (let y = box.top; y <= box.bottom; y += 1) {
      if (document.elementFromPoint(x, y) === region) { sumX += x; sumY += y; count += 1; }
    }
  }
  return [sumX / count, sumY / count];
}"""


@pytest.mark.parametrize(
    ("key", "zoom"),
    [
        ("coccyx", "4\u00d7"),
        ("anal", "4\u00d7"),
        ("sacroiliac:right", "4\u00d7"),
    ],
)
def test_a_tap_a_little_off_centre_still_marks_the_region(
    site: Path, phone: Any, key: str, zoom: str
) -> None:
    """The review's finding: 4 px off the coccyx used to select the perineum or the sacrum.

    (The perineum is left out: its tip runs into the notch between the thighs, which the
    body's outline clips, so its touchable part is thinner than 8 px in places.)
    """
    phone.goto(guide(site))
    while phone.text_content(".zoom output") != zoom:
        phone.tap('[data-zoom="1"]')
    target = phone.locator(f'#picker-view-posterior .pick[data-region="{key}"]')
    target.evaluate("e => e.scrollIntoView({block: 'center', inline: 'center'})")
    # The middle of what can be touched of the region (what lines or the other thigh
    # leave uncovered), found by asking the page what lies under a grid of points.
    centre_x, centre_y = phone.evaluate(VISIBLE_CENTRE, key)
    for dx, dy in ((4, 0), (-4, 0), (0, 4), (0, -4)):
        hit = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.dataset?.region ?? null",
            [centre_x + dx, centre_y + dy],
        )
        assert hit == key, (dx, dy)
    phone.touchscreen.tap(centre_x + 4, centre_y)
    assert marked(phone) == [key]


def test_the_page_ranks_as_the_library_does_by_muscle_and_by_point(
    site: Path, desktop: Any, library: Library
) -> None:
    desktop.goto(guide(site))
    drawable = sorted(
        set(desktop.eval_on_selector_all(".pick", "picks => picks.map(p => p.dataset.region)"))
    )
    chooser = random.Random(7)
    for size in (1, 2, 3, 4, 2, 5, 1, 3):
        chosen = chooser.sample(drawable, size)
        desktop.goto(guide(site, chosen))
        desktop.wait_for_function(
            "n => document.querySelectorAll('.pick[aria-checked=true]').length >= n", arg=size
        )
        assert marked(desktop) == sorted(chosen)
        expected = [[c.muscle.id, c.side] for c in library.guide_muscles(chosen)]
        assert shown_muscles(desktop) == expected, chosen
        points = desktop.eval_on_selector_all(
            "#results > li",
            "items => items.map(i => Array.from(i.querySelectorAll('.points > li'))"
            ".map(p => [p.dataset.triggerPoint, p.dataset.side]))",
        )
        assert points == [
            [[p.trigger_point.id, p.side] for p in c.points] for c in library.guide_muscles(chosen)
        ]
        desktop.check("#by-point")
        shown = desktop.eval_on_selector_all(
            "#results > li", "items => items.map(i => [i.dataset.triggerPoint, i.dataset.side])"
        )
        assert shown == [[c.trigger_point.id, c.side] for c in library.guide(chosen)], chosen
        desktop.uncheck("#by-point")


def test_the_list_marks_the_same_regions_as_the_chart_and_finds_them_by_name(
    site: Path, desktop: Any
) -> None:
    desktop.goto(guide(site))
    mark_from_list(desktop, "coccyx")
    assert marked(desktop) == ["coccyx"]
    desktop.click('#picker-view-posterior .pick[data-region="coccyx"]')
    assert marked(desktop) == []
    assert not desktop.is_checked('.region-list input[value="coccyx"]')
    desktop.fill(".region-list input[type=search]", "buttock")
    rows = desktop.eval_on_selector_all(
        ".region-list li:not([hidden]) .row-label", "labels => labels.map(l => l.textContent)"
    )
    assert rows and all("buttock" in row.lower() or "Buttock" in row for row in rows)
    desktop.fill(".region-list input[type=search]", "no such place")
    assert desktop.is_visible(".region-list .no-match")


def test_the_drawing_lives_in_the_address_and_comes_back_after_back(
    site: Path, desktop: Any, library: Library
) -> None:
    desktop.goto(guide(site))
    desktop.click('#picker-view-posterior .pick[data-region="sacroiliac:right"]')
    mark_from_list(desktop, "coccyx")
    assert desktop.evaluate("location.hash") == "#r=coccyx,sacroiliac:right"
    desktop.reload()
    assert marked(desktop) == ["coccyx", "sacroiliac:right"]
    desktop.click("#results > li:first-child .result-head a")
    assert desktop.url.split("#")[0].endswith(".html") and "/muscles/" in desktop.url
    desktop.go_back()
    assert marked(desktop) == ["coccyx", "sacroiliac:right"]
    desktop.goto(guide(site, ["coccyx", "not_a_region:left", "sacrum:left"]))
    assert marked(desktop) == ["coccyx"]  # a tampered address marks only what exists
    desktop.goto(guide(site, ["buttock:left", "sacrum"]))  # composites stand for their parts
    parts = [f"{p}:left" for p in library.region("buttock").parts]
    assert marked(desktop) == sorted([*parts, *library.region("sacrum").parts])
    desktop.click("#clear")
    assert marked(desktop) == [] and desktop.evaluate("location.hash") == ""


def test_a_point_links_to_its_row_on_the_sheet(site: Path, desktop: Any) -> None:
    desktop.goto(guide(site, ["sacroiliac:right", "buttock_lower:right"]))
    link = desktop.locator('.points li[data-trigger-point="quadratus_lumborum.deep_upper"] a')
    link.click()
    desktop.wait_for_load_state()
    assert desktop.url.endswith("muscles/quadratus_lumborum.html#quadratus_lumborum.deep_upper")
    assert desktop.evaluate("document.querySelector(':target')?.tagName") == "TR"


def test_the_result_of_a_click_is_visible_without_scrolling_on_a_desktop(
    site: Path, desktop: Any
) -> None:
    desktop.goto(guide(site))
    desktop.click('#picker-view-posterior .pick[data-region="sacroiliac:right"]')
    assert desktop.evaluate("window.scrollY") == 0
    for selector in ("#results-status", "#results > li:first-child"):
        box = desktop.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, selector
    assert "1 region marked." in desktop.text_content("#results-status")


def test_the_views_switch_and_the_keyboard_reaches_them(site: Path, desktop: Any) -> None:
    desktop.goto(guide(site))
    desktop.focus("#picker-tab-posterior")
    desktop.keyboard.press("ArrowRight")
    assert desktop.evaluate("document.activeElement.id") == "picker-tab-anterior"
    assert desktop.is_visible("#picker-view-anterior")
    assert not desktop.is_visible("#picker-view-posterior")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")  # past the zoom buttons to the list link, then the chart
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.getAttribute('role')") == "checkbox"
    desktop.keyboard.press("Enter")
    assert len(marked(desktop)) == 1


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_or_critical_violations_on_the_guide(
    site: Path, browser: Any, options: dict[str, Any]
) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    for page in _opened(browser, options):
        for keys in ([], ["coccyx", "sacroiliac:right", "lateral_leg:left"]):
            page.goto(guide(site, keys))
            page.evaluate("document.querySelector('.region-list').open = true")
            violations = axe_module.Axe().run(page).response["violations"]
            serious = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], keys


def _colour_share(png: bytes, colour: tuple[int, int, int]) -> float:
    """The share of a screenshot's pixels within a few levels of a colour."""
    width, height, rows = read_png(png)
    channels = len(rows[0]) // width
    found = sum(
        1
        for y in range(height)
        for x in range(width)
        if all(abs(a - b) <= 6 for a, b in zip(pixel(rows, x, y, channels), colour, strict=True))
    )
    return found / (width * height)


def test_each_results_thumbnail_draws_the_body_and_its_zones_from_file(
    site: Path, desktop: Any
) -> None:
    """The thumbnails draw the site's shared figure and zone files, which only an embedded
    document (not an image) may load from `file://`: the body and the red must both show."""
    desktop.goto(guide(site, ["buttock_lower:right", "lateral_thigh_upper:right"]))
    thumbnails = desktop.locator("#results > li .mini-map")
    assert thumbnails.count() >= 3
    for index in range(3):
        thumbnail = thumbnails.nth(index)
        assert thumbnail.evaluate("t => t.tagName") == "OBJECT"
        assert thumbnail.get_attribute("role") == "img" and thumbnail.get_attribute("aria-label")
        box = thumbnail.bounding_box()
        assert box["width"] > 30 and box["height"] > 60, box
        desktop.wait_for_timeout(300)  # the embedded document and its images load
        shot = thumbnail.screenshot()
        assert _colour_share(shot, (0xFB, 0xF4, 0xEE)) > 0.05, "no body drawn"
        assert _colour_share(shot, (0xC6, 0x28, 0x28)) > 0.005, "no essential zone drawn"
