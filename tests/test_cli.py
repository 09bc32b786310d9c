"""The command: each verb's output and exit status; usage mistakes exit 2 without a traceback."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_points import render_map, render_regions_chart
from trigger_points.cli import EXIT_BROKEN_PIPE, PRINTED_PROBLEMS, main
from trigger_points.library import Library
from trigger_points.schema import SCHEMA_NAMES, schema_text


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


def test_show_says_which_entries_are_felt_on_both_sides_and_what_a_composite_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "show", "gluteus_medius.trp3")
    flat = " ".join(out.split())
    assert status == 0
    assert "Lower low back, beside the spine (both sides)" in flat
    assert "Top of the hip bone (the belt line); Lower" in flat  # the crest: own side only
    assert "Referral: same side as the trigger point; both sides where marked" in flat
    status, out, _ = run(capsys, "show", "calf")
    assert "Made of: Upper calf; Lower calf" in out
    # A point whose zone names a part of the calf counts for the calf.
    assert "hamstrings.medial" in out.split("Spillover zone of:")[1]


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
        f"{name}.schema.json" for name in SCHEMA_NAMES
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


def test_at_most_200_problems_are_printed_then_counted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    valid = (Path(__file__).parent / "broken" / "_valid_muscle.yaml").read_text(encoding="utf-8")
    unknown = "".join(f"zz{number}: 1\n" for number in range(250))
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "example_muscle.yaml").write_text(valid + unknown, encoding="utf-8")
    status, out, err = run(capsys, "validate", str(tmp_path))
    lines = err.splitlines()
    assert (status, out) == (1, "")
    assert len(lines) == PRINTED_PROBLEMS + 2
    assert all("unknown field" in line for line in lines[:PRINTED_PROBLEMS])
    assert lines[-2:] == ["... and 50 more problems", "250 problems found"]


def test_output_into_dev_null_leaves_the_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    own = tmp_path / "null"
    try:
        os.mknod(own, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node to try first; /dev/null is not risked")
    else:  # tried first: as root, a command that replaced it would destroy /dev/null
        assert run(capsys, "list", "-o", str(own)) == (0, "", "")
        assert stat.S_ISCHR(own.lstat().st_mode)
    assert run(capsys, "list", "-o", "/dev/null") == (0, "", "")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    status, out, err = run(capsys, "list", "-o", "/dev/full")
    assert (status, out, err) == (2, "", "trigger-points: /dev/full: No space left on device\n")
    read_only = tmp_path / "read-only.txt"
    read_only.write_text("keep")
    read_only.chmod(0o444)
    status, _, err = run(capsys, "list", "-o", str(read_only))
    assert (status, err) == (
        2,
        f"trigger-points: {read_only}: is read-only; refusing to replace it\n",
    )


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "trigger_points", *argv]


def test_a_reader_that_goes_away_stops_the_command_quietly() -> None:
    export = subprocess.Popen(command("export"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert export.stdout is not None and export.stderr is not None
    assert export.stdout.read(10) == b'{\n  "forma'
    export.stdout.close()  # as `| head` does
    assert export.wait(60) == EXIT_BROKEN_PIPE == 141
    assert export.stderr.read() == b""
    export.stderr.close()


def test_a_full_stdout_is_named() -> None:
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(command("list"), stdout=full, stderr=subprocess.PIPE, check=False)
    assert (result.returncode, result.stderr) == (
        2,
        b"trigger-points: <stdout>: No space left on device\n",
    )


def test_the_build_summary_prints_on_an_ascii_terminal(tmp_path: Path) -> None:
    site = tmp_path / "s\u00efte"
    result = subprocess.run(
        command("build", str(site)),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(f"built {site}: ".encode())
    assert (site / "index.html").is_file()


TEMPLATE_ERRORS = {
    "division": ("a\n{{ 1 / 0 }}", 2, "ZeroDivisionError: division by zero"),
    "types": ("{{ muscle.name + 1 }}", 1, "TypeError: can only concatenate str"),
    "self include": ('x\n{% include "sheet.html.j2" %}', 2, "RecursionError: maximum recursion"),
    "missing include": (
        '\n\n{% include "nonexistent.html.j2" %}',
        3,
        "no template named 'nonexistent.html.j2'",
    ),
    "undefined": ("{{ no_such_value }}", 1, "'no_such_value' is undefined"),
    "syntax": ("\n{% if %}", 2, "Expected an expression"),
    "python's globals": (
        '{{ lipsum.__globals__["os"].popen("id").read() }}',
        1,
        "access to attribute '__globals__' of 'function' object is unsafe",
    ),
    "the library's class": ("{{ lib.__class__.__init__.__globals__ }}", 1, "is unsafe"),
    "changing the data": ("{{ lib.muscles.append(1) }}", 1, "has no attribute 'append'"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_ERRORS))
def test_an_error_in_a_template_is_one_placed_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str
) -> None:
    text, line, message = TEMPLATE_ERRORS[case]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.html.j2").write_text(text, encoding="utf-8")
    for argv in (["sheet", "piriformis"], ["build", str(tmp_path / "site")]):
        status, out, err = run(capsys, *argv, "--templates", str(templates))
        assert (status, out) == (1, ""), argv
        where = f"trigger-points: template error: {templates / 'sheet.html.j2'}:{line}: "
        assert err.startswith(where) and message in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]


def test_a_template_that_is_not_utf8_is_placed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    latin1 = "first\nCaf\u00e9 {{ muscle.name }}\n".encode("latin-1")
    (tmp_path / "sheet.html.j2").write_bytes(latin1)
    (tmp_path / "style.css").write_bytes(b"/* \xff */\n")
    status, _, err = run(capsys, "sheet", "piriformis", "--templates", str(tmp_path))
    assert (status, err) == (
        1,
        f"trigger-points: template error: {tmp_path / 'sheet.html.j2'}:2: "
        "not UTF-8 text (byte 0xe9); save the file as UTF-8\n",
    )
    (tmp_path / "sheet.html.j2").unlink()
    status, _, err = run(capsys, "build", str(tmp_path / "site"), "--templates", str(tmp_path))
    assert status == 1 and f"{tmp_path / 'style.css'}:1: not UTF-8 text (byte 0xff)" in err


RENDERING = (
    "jinja2",
    "svgwrite",
    *(f"trigger_points.{name}" for name in ("maps", "charts", "figure", "html", "site", "report")),
)
"""What draws or renders: the verbs that print text never import it (their startup time)."""

IMPORTED_AFTER = """
import contextlib, io, json, sys
from trigger_points.cli import main
loaded = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(argv) == 0, argv
    loaded[argv[0]] = sorted(name for name in json.loads(sys.argv[2]) if name in sys.modules)
print(json.dumps(loaded))
"""


def test_the_verbs_that_print_text_import_no_renderer() -> None:
    verbs = [["validate"], ["list"], ["show", "piriformis"], ["guide", "sacroiliac:right"]]
    result = subprocess.run(
        [sys.executable, "-c", IMPORTED_AFTER, json.dumps(verbs), json.dumps(RENDERING)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == {verb[0]: [] for verb in verbs}


def test_the_package_imports_its_renderers_when_first_asked_for_them() -> None:
    code = (
        "import json, sys, trigger_points as tp; rendering = json.loads(sys.argv[1]); "
        "before = [name for name in rendering if name in sys.modules]; "
        "found = all(getattr(tp, name) is not None for name in tp.__all__); "
        "print(json.dumps([before, found, sorted(set(tp.__all__) - set(dir(tp)))]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(RENDERING)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [[], True, []]


def test_a_rebuild_with_nothing_changed_loads_no_model_and_no_renderer(tmp_path: Path) -> None:
    """The quick path relinks the last build: pydantic, YAML and the renderers stay unloaded."""
    site = tmp_path / "site"
    assert main(["build", str(site)]) == 0
    code = (
        "import json, sys; from trigger_points.cli import main; "
        "status = main(['build', sys.argv[1]]); "
        "heavy = ['pydantic', 'yaml', *json.loads(sys.argv[2])]; "
        "print(json.dumps([status, [name for name in heavy if name in sys.modules]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), json.dumps(RENDERING)],
        capture_output=True,
        text=True,
        check=True,
    )
    status, loaded = json.loads(result.stdout.splitlines()[-1])
    assert (status, loaded) == (0, [])
    assert "unchanged" in result.stdout


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    import trigger_points

    with pytest.raises(SystemExit) as ended:
        main(["--version"])
    assert ended.value.code == 0
    assert capsys.readouterr().out == f"trigger-points {trigger_points.__version__}\n"
