"""The pain drawing's report: `render_report`, `report_data` and `trigger-points report`."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trigger_points.cli import main
from trigger_points.drawing import Mark, PainDrawing, drawing_json
from trigger_points.library import Library
from trigger_points.report import render_report, report_data

RIGHT_BUTTOCK = PainDrawing(
    date="2024-03-05",
    note="Worse <after> sitting & driving.",
    marks=(Mark(region="buttock_lower:right", intensity=7, qualities=("burning", "numbness")),),
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "drawing.json"
    path.write_text(drawing_json(RIGHT_BUTTOCK), encoding="utf-8")
    return path


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.muscles: list[tuple[str, str]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-region"):
            self.rows.append(str(found["data-region"]))
        if tag == "li" and found.get("data-muscle"):
            self.muscles.append((str(found["data-muscle"]), str(found["data-side"])))
        if found.get("id"):
            self.ids.append(str(found["id"]))


def test_the_report_puts_the_red_flags_first_the_emergency_tier_before_the_rest(
    library: Library,
) -> None:
    html = render_report(library, RIGHT_BUTTOCK)
    emergency = html.index('id="report-flags-emergency"')
    assert html.index("This is a reference, not a diagnosis") < emergency
    assert emergency < html.index('id="report-flags-soon"') < html.index('id="report-flags-review"')
    assert html.index('id="report-flags-review"') < html.index("<svg")
    for flag in library.guidance_section("red_flags").statements:
        assert flag.text in html


def test_the_report_shows_the_table_the_ranking_and_escapes_the_note(library: Library) -> None:
    html = render_report(library, RIGHT_BUTTOCK, limit=3)
    parsed = _Collector()
    parsed.feed(html)
    assert parsed.rows == ["buttock_lower:right"]
    expected = [(c.muscle.id, c.side) for c in library.guide_muscles(["buttock_lower:right"])]
    assert parsed.muscles == expected[:3]
    assert "Worse &lt;after&gt; sitting &amp; driving." in html
    assert "Burning, Numbness" in html
    assert len(set(parsed.ids)) == len(parsed.ids), "ids are unique"


def test_the_marked_drawing_fills_the_marked_regions_only(library: Library) -> None:
    html = render_report(library, RIGHT_BUTTOCK)
    assert html.count('class="marked"') == html.count('data-region="buttock_lower:right" ')
    assert 'data-intensity="7"' in html
    assert 'id="tp-marked-fill-7-burning-numbness"' in html


def test_report_data_adds_the_codes_and_the_ranking(library: Library) -> None:
    data = report_data(library, RIGHT_BUTTOCK, limit=2)
    assert {key: data[key] for key in ("format", "version", "date", "note", "marks")} == json.loads(
        drawing_json(RIGHT_BUTTOCK)
    )
    assert data["ranking"] == [
        c.as_data() for c in library.guide_muscles(["buttock_lower:right"], limit=2)
    ]
    assert set(data["codes"]["marks"]) == {"buttock_lower:right"}
    assert data["codes"]["choir"] == list(library.codes(["buttock_lower:right"]).choir)


def test_a_right_buttock_drawing_gives_choir_b24_and_michigan_34(
    capsys: pytest.CaptureFixture[str], saved: Path, library: Library, tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "report", str(saved), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert (data["codes"]["choir"], data["codes"]["michigan"]) == (["b24"], [34])
    assert data["codes"]["marks"]["buttock_lower:right"]["choir"] == ["b24"]
    html = render_report(library, RIGHT_BUTTOCK)
    assert '<span class="code" id="choir-codes">b24</span>' in html
    assert html.split('id="michigan-codes">')[1].split("<")[0] == "34"
    # The whole buttock, every part of it marked, is filed under the same two codes.
    parts = library.region("buttock").parts
    whole = PainDrawing(
        marks=tuple(Mark(region=f"{p}:right", intensity=5, qualities=("aching",)) for p in parts)
    )
    data = report_data(library, whole)
    assert (data["codes"]["choir"], data["codes"]["michigan"]) == (["b24"], [34])
    left = PainDrawing(
        marks=(Mark(region="buttock_lower:left", intensity=5, qualities=("aching",)),)
    )
    data = report_data(library, left)
    assert (data["codes"]["choir"], data["codes"]["michigan"]) == (["b23"], [33])


def test_the_command_writes_html_and_json(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path, library: Library
) -> None:
    output = tmp_path / "report.html"
    status, out, err = run(capsys, "report", str(saved), "-o", str(output))
    assert (status, out, err) == (0, "", "")
    assert output.read_text(encoding="utf-8") == render_report(library, RIGHT_BUTTOCK)
    status, out, _ = run(capsys, "report", str(saved), "--format", "json", "--limit", "1")
    assert status == 0
    assert json.loads(out) == report_data(library, RIGHT_BUTTOCK, limit=1)


def test_a_bad_drawing_prints_placed_problems_exits_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "trigger-points/pain-drawing", "version": 1,\n'
        ' "marks": [{"region": "buttock_lower", "intensity": 12, "qualities": ["itchy"]}]}\n',
        encoding="utf-8",
    )
    output = tmp_path / "report.html"
    output.write_text("the earlier report", encoding="utf-8")
    for extra in ([], ["--format", "json"]):
        status, out, err = run(capsys, "report", str(bad), "-o", str(output), *extra)
        assert status == 1
        assert out == ""
        lines = err.splitlines()
        assert lines[-1] == "3 problems found"
        assert lines[0].startswith(f"{bad}:2:23: marks[0].region: unknown region 'buttock_lower'")
        assert any(line.startswith(f"{bad}:2:") and "intensity" in line for line in lines)
        assert output.read_text(encoding="utf-8") == "the earlier report"
    status, _, err = run(capsys, "report", str(tmp_path / "missing.json"))
    assert status == 1
    assert "cannot read the file" in err
