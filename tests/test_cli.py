"""The command: each verb's output and exit status; usage mistakes exit 2 without a traceback."""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import shlex
import shutil
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from datafolders import VALID_MUSCLE, write

from trigger_points import render_map, render_regions_chart
from trigger_points.cli import EXIT_BROKEN_PIPE, PRINTED_PROBLEMS, build_parser, main
from trigger_points.drawing import Mark, PainDrawing, drawing_json
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


# The conventions of the command: help, JSON, look-ups, terminals, pipes, completion.


def verb_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every listed verb's parser (the unlisted `ids` is for completion only)."""
    verbs = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    listed = {action.dest for action in verbs._choices_actions}
    return {name: parser for name, parser in verbs.choices.items() if name in listed}


def test_every_verb_has_a_description_an_example_and_shows_its_defaults() -> None:
    parsers = verb_parsers()
    assert {"validate", "list", "show", "map", "regions", "guide", "completion"} <= set(parsers)
    for name, parser in parsers.items():
        text = parser.format_help()
        assert parser.description and len(parser.description) > 40, name
        examples = text.split("examples:\n", 1)[1]
        assert f"  trigger-points {name}" in examples, name  # laid out as written
        for action in parser._actions:
            if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
                continue
            assert action.help, (name, action.dest)
            if action.default not in (None, False, [], ()):
                assert "default" in " ".join(
                    parser._get_formatter()._expand_help(action).split()
                ) or ("default" in action.help), (name, action.dest)
        assert "(default: None)" not in text and "(default: False)" not in text, name
        assert "(default: [])" not in text, name
    assert "(default: right)" in " ".join(parsers["map"].format_help().split())
    assert "(default: site)" in " ".join(parsers["build"].format_help().split())
    assert "(default: patient)" in " ".join(parsers["handout"].format_help().split())


def test_the_command_help_lists_every_verb_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--help"])
    out = capsys.readouterr().out
    assert ended.value.code == 0
    for name in verb_parsers():
        assert re.search(rf"^    {name}\s", out, re.MULTILINE) or f"    {name}\n" in out, name
    assert "    ids" not in out  # for completion, not for people
    assert "TRIGGER_POINTS_DATA" in out and "examples:" in out


def test_json_of_the_read_verbs_parses(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    status, out, _ = run(capsys, "list", "--format", "json")
    assert status == 0 and out.endswith("}\n]\n")
    assert [m["id"] for m in json.loads(out)] == [
        m.id for _, group in library.muscles_by_group() for m in group
    ]
    status, out, _ = run(capsys, "validate", "--format", "json", "-v")
    summary = json.loads(out)
    assert summary["ok"] is True and summary["muscles"] == len(library.muscles)
    assert set(summary["coverage"]) == {view.id for view in library.views}
    status, out, _ = run(capsys, "regions", "--format", "json")
    assert {r["id"] for r in json.loads(out)} == {r.id for r in library.regions}
    status, out, _ = run(capsys, "guide", "sacrum", "--format", "json")
    assert json.loads(out)["regions"] == ["sacrum"]


def test_show_as_json_is_the_item_as_the_export_writes_it(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    exported = json.loads(run(capsys, "export")[1])
    entries = {
        "piriformis": next(m for m in exported["muscles"] if m["id"] == "piriformis"),
        "Gluteus Medius.TrP1": next(
            p
            for m in exported["muscles"]
            for p in m["trigger_points"]
            if p["id"] == "gluteus_medius.trp1"
        ),
        "sacroiliac:right": next(r for r in exported["regions"] if r["id"] == "sacroiliac"),
        "low_back_pain": next(c for c in exported["conditions"] if c["id"] == "low_back_pain"),
        "ts_vol2": next(s for s in exported["sources"] if s["id"] == "ts_vol2"),
    }
    for typed, entry in entries.items():
        status, out, _ = run(capsys, "show", typed, "--format", "json")
        assert status == 0 and json.loads(out) == entry, typed
    status, out, _ = run(capsys, "show", "l5", "--format", "json")
    assert json.loads(out)["id"] == "l5"
    assert "\\u" not in run(capsys, "show", "ts_vol2", "--format", "json")[1]  # UTF-8 as is


def test_regions_list_finds_a_region_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "regions", "--list")
    assert status == 0
    assert re.search(r"^  sacroiliac:right\|left +Sacroiliac joint", out, re.MULTILINE) or (
        "sacroiliac:right|left" in out
    )
    assert re.search(r"^  sacrum +", out, re.MULTILINE)  # midline: no side
    assert "Buttock, hip and tailbone:" in out
    status, out, _ = run(capsys, "regions", "--list", "BUTTOCK", "--view", "posterior")
    listed = re.findall(r"^  (\S+)", out, re.MULTILINE)
    assert listed and all("buttock" in line or "gluteal" in line for line in listed), listed
    assert "buttock:right|left" in out and "(= buttock_upper + buttock_mid" in out
    status, out, _ = run(capsys, "regions", "--list", "nowhere-at-all")
    assert (status, out) == (0, "No region matches.\n")
    data = json.loads(run(capsys, "regions", "--list", "sacroiliac", "--format", "json")[1])
    assert data[0]["keys"] == ["sacroiliac:right", "sacroiliac:left"]
    assert data[0]["sides"] == ["right", "left"] and "posterior" in data[0]["views"]


def test_the_verbs_accept_names_aliases_any_case_and_unique_beginnings(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    assert run(capsys, "show", "pirif")[1] == run(capsys, "show", "piriformis")[1]
    assert run(capsys, "show", "Gluteus Medius")[1] == run(capsys, "show", "gluteus_medius")[1]
    guide = run(capsys, "guide", "SACROILIAC:RIGHT", "buttock lower:Right", "--format", "json")
    assert json.loads(guide[1])["regions"] == ["sacroiliac:right", "buttock_lower:right"]
    target = tmp_path / "map.svg"
    assert run(capsys, "map", "Pyriformis", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == render_map(library, ["piriformis"], view="auto")
    assert run(capsys, "sheet", "QL", "-o", str(tmp_path / "ql.html"))[0] == 0
    assert run(capsys, "handout", "glute med", "-o", str(tmp_path / "h.html"))[0] == 0
    status, out, err = run(capsys, "sheet", "gluteus", "-o", str(tmp_path / "x.html"))
    assert (status, out) == (2, "")
    assert err == (
        "trigger-points: 'gluteus' could be more than one muscle: gluteus_maximus, "
        "gluteus_medius, gluteus_minimus; type more of the one you mean\n"
    )
    assert not (tmp_path / "x.html").exists()
    status, _, err = run(capsys, "guide", "buttok_lower:right")
    assert status == 2 and "did you mean 'buttock_lower:right'" in err
    status, _, err = run(capsys, "show", "adductor_longus")
    assert "--data DIR, or set TRIGGER_POINTS_DATA" in err


def test_a_warning_during_a_verb_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import trigger_points.terminal

    real = trigger_points.terminal.list_muscles

    def warning_twice(library: Library, *, width: int) -> str:
        for _ in range(2):
            warnings.warn(
                "gluteus_medius_old is now gluteus_medius;\nupdate it",
                DeprecationWarning,
                stacklevel=2,
            )
        return real(library, width=width)

    monkeypatch.setattr(trigger_points.terminal, "list_muscles", warning_twice)
    status, out, err = run(capsys, "list")
    assert status == 0 and "piriformis" in out
    assert err == ("trigger-points: warning: gluteus_medius_old is now gluteus_medius; update it\n")


def saved_drawing(folder: Path) -> str:
    path = folder / "drawing.json"
    marks = (Mark(region="buttock_lower:right", intensity=7, qualities=("aching",)),)
    path.write_text(drawing_json(PainDrawing(date="2024-03-05", marks=marks)), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "argv",
    [["map", "piriformis"], ["regions"], ["sheet", "piriformis"], ["handout", "pirif"], ["report"]],
)
def test_html_and_svg_are_not_written_into_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    if argv == ["report"]:
        argv = ["report", saved_drawing(tmp_path)]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"trigger-points: {argv[0]} writes ") and err.count("\n") == 1
    assert "-o FILE" in err and "pipe" in err


def test_a_real_terminal_is_refused_and_a_pipe_is_written(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        refused = subprocess.run(
            command("map", "piriformis"), stdout=terminal, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert refused.returncode == 2
    assert refused.stderr.startswith(b"trigger-points: map writes SVG")
    piped = subprocess.run(command("map", "piriformis"), capture_output=True, check=False)
    assert piped.returncode == 0 and piped.stdout.startswith(b"<svg")
    to_file = subprocess.run(
        command("map", "piriformis", "-o", str(tmp_path / "m.svg")), capture_output=True
    )
    assert to_file.returncode == 0 and (tmp_path / "m.svg").read_bytes() == piped.stdout


def test_trigger_points_data_is_the_default_data_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    write(mine, "muscles/example_muscle.yaml", VALID_MUSCLE)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("TRIGGER_POINTS_DATA", f"{empty}{os.pathsep}{os.pathsep}{mine}")
    assert "example_muscle" in run(capsys, "list")[1]
    assert run(capsys, "show", "example_muscle")[0] == 0
    status, out, _ = run(capsys, "validate")
    assert status == 0 and f"(with TRIGGER_POINTS_DATA: {empty}, {mine})" in " ".join(out.split())
    assert json.loads(run(capsys, "validate", "--format", "json")[1])["folders"] == [
        str(empty),
        str(mine),
    ]
    assert "example_muscle" not in run(capsys, "list", "--data", str(empty))[1]  # --data wins
    monkeypatch.setenv("TRIGGER_POINTS_DATA", str(tmp_path / "absent"))
    status, out, err = run(capsys, "list")
    assert (status, out) == (2, "")
    absent = tmp_path / "absent"
    assert err == f"trigger-points: TRIGGER_POINTS_DATA names {absent}, which is not a folder\n"
    monkeypatch.setenv("TRIGGER_POINTS_DATA", "")
    assert "example_muscle" not in run(capsys, "list")[1]


def test_validate_as_json_lists_the_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, "muscles/example_muscle.yaml", VALID_MUSCLE + "nmae: x\n")
    status, out, err = run(capsys, "validate", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert (status, err, data["ok"]) == (1, "", False)
    assert data["problems"][0]["field"] == "nmae"
    assert data["problems"][0]["file"].endswith("example_muscle.yaml")


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "piriformis"],
        ["show", "sacrum"],
        ["show", "piriformis_syndrome"],
        ["guide", "sacrum", "coccyx"],
        ["validate", "-v"],
        ["regions", "--list"],
    ],
)
def test_text_is_folded_to_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    status, narrow, _ = run(capsys, *argv)
    assert status == 0
    for line in narrow.splitlines():
        assert len(line) <= 60 or " " not in line.strip(), line
    monkeypatch.setenv("COLUMNS", "1000")  # as wide as it gets: the reading maximum
    wide = run(capsys, *argv)[1]
    assert max(len(line) for line in wide.splitlines()) <= 100
    assert " ".join(wide.split()) == " ".join(narrow.split())  # the same words


def test_text_for_a_file_is_the_same_whatever_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    texts = []
    for columns in ("60", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        run(capsys, "show", "piriformis", "-o", str(tmp_path / "p.txt"))
        texts.append((tmp_path / "p.txt").read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert max(len(line) for line in texts[0].splitlines()) > 60


CLOSED_PIPE = """
import json, os, sys
from trigger_points.cli import main
statuses = {}
for argv in json.loads(sys.argv[1]):
    reader, writer = os.pipe()
    os.close(reader)  # the reader went away before a byte was written
    os.dup2(writer, 1)
    os.close(writer)
    try:
        statuses[" ".join(argv)] = main(argv)
    except SystemExit as ended:
        statuses[" ".join(argv)] = ended.code
os.write(2, json.dumps(statuses).encode())
"""


def test_every_verb_stops_quietly_when_its_reader_goes_away(tmp_path: Path) -> None:
    drawing = saved_drawing(tmp_path)
    verbs = [
        ["validate"],
        ["validate", "--format", "json"],
        ["list"],
        ["list", "--format", "json"],
        ["show", "piriformis"],
        ["show", "piriformis", "--format", "json"],
        ["map", "piriformis"],
        ["regions"],
        ["regions", "--list"],
        ["guide", "sacrum"],
        ["guide", "sacrum", "--format", "json"],
        ["sheet", "piriformis"],
        ["handout", "piriformis"],
        ["report", drawing],
        ["report", drawing, "--format", "json"],
        ["schema"],
        ["schema", "--write", str(tmp_path / "schemas")],
        ["export"],
        ["completion", "bash"],
        ["ids"],
        ["build", str(tmp_path / "site")],
        ["--help"],
        ["show", "--help"],
        ["--version"],
    ]
    result = subprocess.run(
        [sys.executable, "-c", CLOSED_PIPE, json.dumps(verbs)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr) == {" ".join(argv): EXIT_BROKEN_PIPE for argv in verbs}


def test_a_pipe_to_head_ends_with_the_status_of_sigpipe() -> None:
    script = f"set -o pipefail; {shlex.join(command('list'))} | head -c 1 >/dev/null; echo $?"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    # `list` writes its text in one go: the reader may take it all before going away.
    assert result.stdout.strip() in {"0", str(EXIT_BROKEN_PIPE)} and result.stderr == ""
    export = f"set -o pipefail; {shlex.join(command('export'))} | head -c 1 >/dev/null; echo $?"
    result = subprocess.run(["bash", "-c", export], capture_output=True, text=True, check=False)
    assert (result.stdout.strip(), result.stderr) == (str(EXIT_BROKEN_PIPE), "")


def completion_script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    status, out, _ = run(capsys, "completion", shell)
    assert status == 0
    return out


COMPLETE = """
source "$1"
complete_line() {  # as bash calls it: the line, and its words split at spaces and colons
    COMP_LINE="$1"; COMP_POINT=${#1}; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
    _shtab_trigger_points
    printf '%s ' "${COMPREPLY[@]}"; echo
}
complete_line "trigger-points sh" trigger-points sh
complete_line "trigger-points show pirif" trigger-points show pirif
complete_line "trigger-points map --view " trigger-points map --view ""
complete_line "trigger-points handout --audience " trigger-points handout --audience ""
complete_line "trigger-points sheet glut" trigger-points sheet glut
complete_line "trigger-points guide sacroiliac" trigger-points guide sacroiliac
complete_line "trigger-points guide sacroiliac:r" trigger-points guide sacroiliac : r
complete_line "trigger-points guide --l" trigger-points guide --l
"""


def test_bash_completion_offers_verbs_choices_and_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = tmp_path / "trigger-points.bash"
    script.write_text(completion_script(capsys, "bash"), encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", COMPLETE, "complete", str(script)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": path},
    )
    lines = [line.split() for line in result.stdout.splitlines()]
    assert result.returncode == 0, result.stderr
    assert sorted(lines[0]) == ["sheet", "show"]
    assert lines[1] == [
        "piriformis",
        "piriformis.lateral",
        "piriformis.medial",
        "piriformis_syndrome",
    ]
    assert lines[2] == ["posterior", "anterior", "lateral", "auto"]
    assert lines[3] == ["patient", "student"]
    assert lines[4] == ["gluteus_maximus", "gluteus_medius", "gluteus_minimus"]
    assert sorted(lines[5]) == ["sacroiliac:left", "sacroiliac:right"]
    assert lines[6] == ["right"]  # bash replaces only what follows the colon
    assert lines[7] == ["--limit"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_completion_script_is_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = tmp_path / "_trigger-points"
    script.write_text(completion_script(capsys, "zsh"), encoding="utf-8")
    assert subprocess.run(["zsh", "-n", str(script)], check=False).returncode == 0
    assert "trigger-points ids muscles" in script.read_text(encoding="utf-8")


def test_ids_lists_what_completion_offers(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    out = run(capsys, "ids", "muscles", "regions")[1].split()
    assert out[: len(library.muscles)] == [m.id for m in library.muscles]
    assert "sacroiliac:left" in out and "sacrum" in out and "sacrum:left" not in out
