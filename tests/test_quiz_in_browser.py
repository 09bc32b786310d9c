"""The self-test page in Debian's Chromium: answered by touch on a phone, offline, accessible.

The questions come in a random order, so each test reads the muscle asked about from the
page (`data-muscle`) and answers from the data the page carries.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trigger_points.library import Library
from trigger_points.quiz import CHOICES, MusclePattern, muscle_patterns, rivals
from trigger_points.site import build_site

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def site(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(library, tmp_path_factory.mktemp("built") / "site").folder


def _opened(browser: Any, options: dict[str, Any]) -> Iterator[Any]:
    """A page that fails the test on a script error or on any request outside the site."""
    context = browser.new_context(**options)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: None if request.url.startswith("file://") else problems.append(request.url),
    )
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from _opened(browser, PHONE)


def quiz(site: Path, mode: str = "name") -> str:
    return (site / "quiz.html").as_uri() + f"#{mode}"


def data(page: Any) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(page.text_content("#quiz-data"))
    return found


def asked(page: Any, section: str) -> dict[str, Any]:
    """The muscle the visible question is about, as the page's data has it."""
    muscle_id = page.get_attribute(f"#{section}", "data-muscle")
    return next(m for m in data(page)["muscles"] if m["id"] == muscle_id)


def rivals_of(library: Library, muscle_id: str) -> list[str]:
    """The wrong answers the library offers beside a muscle (`quiz.rivals`)."""
    patterns = muscle_patterns(library)
    return rivals(next(p for p in patterns if p.muscle.id == muscle_id), patterns)


def sideways(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def test_naming_the_muscle_right_and_wrong_by_touch(
    site: Path, phone: Any, library: Library
) -> None:
    phone.goto(quiz(site))
    muscle = asked(phone, "name-quiz")
    assert phone.get_attribute("#name-map", "data").endswith(f"maps/{muscle['id']}.svg")
    assert "Essential zone: " in phone.get_attribute("#name-map", "aria-label")
    assert muscle["name"] not in phone.get_attribute("#name-map", "aria-label")
    offered = phone.eval_on_selector_all(
        "#name-choices button", "bs => bs.map(b => b.dataset.muscle)"
    )
    assert sorted(offered) == sorted([muscle["id"], *rivals_of(library, muscle["id"])])
    assert len(offered) == 4
    phone.tap(f'#name-choices button[data-muscle="{muscle["id"]}"]')
    feedback = phone.text_content("#name-feedback")
    assert feedback.startswith(f"Right. This is the pattern of {muscle['name']}.")
    assert phone.text_content("#quiz-score") == "Name the muscle: 1 of 1 right."
    assert phone.eval_on_selector_all("#name-choices button", "bs => bs.every(b => b.disabled)")
    sheet = phone.get_attribute("#name-feedback .verdict a", "href")
    assert sheet == f"muscles/{muscle['id']}.html" and (site / sheet).is_file()
    points = phone.eval_on_selector_all(
        "#name-feedback p.small a", "links => links.map(a => a.getAttribute('href'))"
    )
    expected = library.muscle(muscle["id"]).trigger_points
    assert points == [f"muscles/{muscle['id']}.html#{point.id}" for point in expected]

    phone.tap("#name-next")
    second = asked(phone, "name-quiz")
    assert second["id"] != muscle["id"]
    wrong = rivals_of(library, second["id"])[0]
    phone.tap(f'#name-choices button[data-muscle="{wrong}"]')
    names = {m["id"]: m["name"] for m in data(phone)["muscles"]}
    assert phone.text_content("#name-feedback").startswith(
        f"Not quite. This is the pattern of {second['name']}, not {names[wrong]}."
    )
    assert phone.get_attribute(f'button[data-muscle="{second["id"]}"]', "class") == (
        "quiz-choice is-answer"
    )
    assert "is-wrong" in phone.get_attribute(f'button[data-muscle="{wrong}"]', "class")
    assert phone.text_content("#quiz-score") == "Name the muscle: 1 of 2 right."
    assert not sideways(phone)


def results(page: Any) -> dict[str, list[str]]:
    """The regions the chart draws as right, missed and extra (each region once)."""
    found: dict[str, list[str]] = {}
    for kind in ("right", "missed", "extra"):
        keys = page.eval_on_selector_all(
            f"#quiz-picker .pick.quiz-{kind}", "picks => picks.map(p => p.dataset.region)"
        )
        found[kind] = sorted(set(keys))
    return found


def mark(page: Any, keys: list[str]) -> None:
    page.evaluate("document.querySelector('#quiz-picker .region-list').open = true")
    for key in keys:
        page.tap(f'#quiz-picker .region-list input[value="{key}"]')
    page.evaluate("document.querySelector('#quiz-picker .region-list').open = false")


def test_marking_the_zones_shows_what_was_right_missed_and_extra(site: Path, phone: Any) -> None:
    phone.goto(quiz(site, "mark"))
    assert phone.is_hidden("#name-quiz") and phone.is_visible("#mark-quiz")
    muscle = asked(phone, "mark-quiz")
    # The page asks about a muscle at random; this test leaves one essential region out
    # and needs one still marked, so it skips to a muscle with two or more (skipping
    # scores nothing).
    while len(muscle["essential"]) < 2:
        phone.tap("#mark-next")
        muscle = asked(phone, "mark-quiz")
    assert phone.text_content("#mark-muscle") == muscle["name"]
    pattern = muscle["essential"] + muscle["spillover"]
    extra = next(
        key
        for key in ("posterior_thigh_lower:left", "calf_upper:left", "buttock_upper:left")
        if key not in pattern
    )
    # One essential region left out, one region outside the pattern, by tapping the chart.
    chosen = muscle["essential"][1:]
    mark(phone, chosen)
    phone.tap("#quiz-picker-tab-posterior")
    phone.tap(f'#quiz-picker-view-posterior .pick[data-region="{extra}"]')
    phone.tap("#mark-check")
    shown = results(phone)
    assert shown == {
        "right": sorted(chosen),
        "missed": sorted([muscle["essential"][0], *muscle["spillover"]]),
        "extra": [extra],
    }
    verdict = phone.text_content("#mark-feedback")
    assert verdict.startswith("Not yet complete. You marked ")
    assert f"{len(chosen)} of {len(muscle['essential'])} essential regions" in verdict
    assert "1 marked region is outside the pattern." in verdict
    lists = phone.text_content("#mark-lists")
    assert f"Right ({len(chosen)})" in lists and "Extra (1)" in lists
    assert phone.get_attribute("#mark-map", "src").endswith(f"maps/{muscle['id']}.svg")
    assert phone.text_content("#quiz-score") == "Mark its zones: 0 of 1 complete."
    assert not sideways(phone)

    # Changing a mark takes the comparison away; the whole pattern marked is complete.
    phone.tap("#mark-clear")
    assert results(phone) == {"right": [], "missed": [], "extra": []}
    assert phone.is_hidden("#mark-result")
    mark(phone, pattern)
    phone.tap("#mark-check")
    assert phone.text_content("#mark-feedback").startswith("Well done. ")
    assert results(phone) == {"right": sorted(pattern), "missed": [], "extra": []}
    assert phone.text_content("#quiz-score") == "Mark its zones: 0 of 1 complete."  # first try
    phone.tap("#mark-next")
    assert asked(phone, "mark-quiz")["id"] != muscle["id"]
    assert results(phone) == {"right": [], "missed": [], "extra": []}


def test_the_mode_switch_keeps_its_place_in_the_address(site: Path, phone: Any) -> None:
    phone.goto(quiz(site))
    phone.tap("#mode-mark")
    assert phone.evaluate("location.hash") == "#mark"
    assert phone.get_attribute("#mode-mark", "aria-pressed") == "true"
    assert phone.is_visible("#mark-quiz") and phone.is_hidden("#name-quiz")
    phone.tap("#mode-name")
    assert phone.evaluate("location.hash") == "#name" and phone.is_visible("#name-quiz")


@pytest.mark.parametrize("options", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_axe_finds_no_serious_or_critical_violations_on_the_quiz(
    site: Path, browser: Any, options: dict[str, Any]
) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    for page in _opened(browser, options):
        for mode in ("name", "mark"):
            page.goto(quiz(site, mode))
            if mode == "name":
                page.click("#name-choices button")
            else:
                muscle = asked(page, "mark-quiz")
                page.evaluate("document.querySelector('#quiz-picker .region-list').open = true")
                page.click(f'#quiz-picker .region-list input[value="{muscle["essential"][0]}"]')
                page.click("#mark-check")
            violations = axe_module.Axe().run(page).response["violations"]
            serious = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], mode
            assert not sideways(page), mode


def test_a_question_is_answered_from_the_keyboard(site: Path, browser: Any) -> None:
    for page in _opened(browser, DESKTOP):
        page.goto(quiz(site))
        muscle = asked(page, "name-quiz")
        page.focus("#name-choices button")
        while page.evaluate("document.activeElement.dataset.muscle") != muscle["id"]:
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.text_content("#name-feedback").startswith("Right. ")
        assert page.evaluate("document.activeElement.id") == "name-next"
        page.keyboard.press("Enter")
        assert asked(page, "name-quiz")["id"] != muscle["id"]
        assert page.text_content("#name-feedback") == ""


def _as_page_data(pattern: MusclePattern) -> dict[str, Any]:
    return {
        "id": pattern.muscle.id,
        "essential": sorted(str(key) for key in pattern.essential),
        "spillover": sorted(str(key) for key in pattern.spillover),
    }


def _shuffled_patterns(library: Library, chooser: random.Random) -> list[MusclePattern]:
    """The bundled muscles with their patterns redrawn at random from few regions, so that
    equal likenesses (ties, broken by id) and identical patterns are common."""
    keys = sorted({key for p in muscle_patterns(library) for key in p.regions}, key=str)[:8]
    found = []
    for pattern in muscle_patterns(library):
        chosen = chooser.sample(keys, chooser.randint(1, 4))
        cut = chooser.randint(1, len(chosen))
        found.append(
            MusclePattern(pattern.muscle, frozenset(chosen[:cut]), frozenset(chosen[cut:]))
        )
    return found


def test_the_page_offers_the_rivals_the_library_finds(
    site: Path, phone: Any, library: Library
) -> None:
    """quiz.js ranks likeness as `quiz.rivals` does: the same muscles in the same order,
    on the bundled patterns and on random ones full of ties and twins."""
    phone.goto(quiz(site))
    cases = [muscle_patterns(library)]
    chooser = random.Random(16)
    cases += [_shuffled_patterns(library, chooser) for _ in range(30)]
    for patterns in cases:
        page_data = [_as_page_data(pattern) for pattern in patterns]
        found = phone.evaluate(
            "([all, count]) => all.map(m => TPQuiz.rivals(all, m, count))",
            [page_data, CHOICES - 1],
        )
        assert found == [rivals(pattern, patterns) for pattern in patterns]
