"""The command: each verb's output and exit status; usage mistakes exit 2 without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_points import render_map, render_regions_chart
from trigger_points.cli import main
from trigger_points.datafiles import DATA_FILES
from trigger_points.library import Library
from trigger_points.schema import schema_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_validate_summarises_the_bundled_data(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    status, out, _ = run(capsys, "validate")
    assert status == 0
    assert out.startswith(f"ok: {len(library.muscles)} muscles, ")


def test_list_shows_every_muscle_under_its_group(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert "Gluteal:" in out and "Lumbar:" in out
    for muscle in library.muscles:
        assert muscle.id in out


def test_show_a_muscle_sets_the_hazards_apart(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    status, out, _ = run(capsys, "show", "quadratus_lumborum")
    assert status == 0
    hazards = [line for line in out.splitlines() if line.startswith("  !! ")]
    assert len(hazards) == len(library.muscle("quadratus_lumborum").needling.hazards) + 1
    assert "not a diagnosis" in out


def test_show_any_kind_of_id(capsys: pytest.CaptureFixture[str], library: Library) -> None:
    muscle = library.muscle("gluteus_medius")
    expected = {
        "gluteus_medius": [muscle.name, muscle.needling.hazards[0].structure],
        "gluteus_medius.trp3": [library.trigger_point("gluteus_medius.trp3").location],
        "sacroiliac:right": [library.region("sacroiliac").label],
        "low_back_pain": [library.condition("low_back_pain").name],
        "ts_vol2": [library.source("ts_vol2").title],
    }
    for item, texts in expected.items():
        status, out, _ = run(capsys, "show", item)
        assert status == 0, item
        for text in texts:  # compared with the lines unwrapped: show wraps long text
            assert " ".join(text.split()) in " ".join(out.split()), (item, text)


def test_show_an_unknown_id_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "piriformus")
    assert (status, out) == (2, "")
    assert err.startswith("trigger-points: unknown id 'piriformus'; did you mean 'piriformis'")


def test_bad_arguments_exit_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["list", "--no-such-flag"])
    assert caught.value.code == 2


def test_a_missing_data_folder_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "validate", str(tmp_path / "absent"))
    assert status == 2 and "no such data folder" in err


def test_export_json_holds_the_whole_library_in_stable_order(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "export", "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert [m["id"] for m in data["muscles"]] == [m.id for m in library.muscles]
    assert data["muscles"][0]["trigger_points"][0]["essential"]
    assert [view["id"] for view in data["views"]] == [view.id for view in library.views]
    assert [section["id"] for section in data["guidance"]] == [s.id for s in library.guidance]
    target = tmp_path / "library.json"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out


def test_schema_prints_and_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "schema", "regions")
    assert status == 0 and out == schema_text("regions")
    run(capsys, "schema", "--write", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.schema.json" for name in sorted(f.schema for f in DATA_FILES)
    )


def test_map_writes_what_render_map_draws(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "map.svg"
    argv = ["map", "piriformis", "gluteus_medius.trp1", "--view", "lateral", "--side", "left"]
    status, out, _ = run(capsys, *argv, "--frame", "focus", "-o", str(target))
    assert (status, out) == (0, "")
    expected = render_map(
        library, ["piriformis", "gluteus_medius.trp1"], view="lateral", side="left", frame="focus"
    )
    assert target.read_text(encoding="utf-8") == expected
    status, _, err = run(capsys, "map", "piriformus", "-o", str(target))
    assert status == 2 and "did you mean 'piriformis'" in err
    assert target.read_text(encoding="utf-8") == expected  # a failed command leaves it alone


def test_regions_writes_the_chart_of_one_view_or_all(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "regions.svg"
    assert run(capsys, "regions", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == render_regions_chart(library)
    assert run(capsys, "regions", "--view", "anterior", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == render_regions_chart(library, "anterior")
    assert render_regions_chart(library, "anterior") != render_regions_chart(library)


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trigger_points", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "piriformis" in result.stdout


def test_output_is_utf8_whatever_the_terminal_encoding() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trigger_points", "map", "piriformis", "--view", "lateral"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )
    assert result.returncode == 0, result.stderr
    assert "front \u2192".encode() in result.stdout
