"""The caches: what comes out is the same, byte for byte, from a cold cache, a warm one, or none.

Each test points TRIGGER_POINTS_CACHE_DIR at a folder of its own (conftest.py
already keeps the whole run out of the user's cache folder).
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

import jinja2
import pytest
from datafolders import VALID_MUSCLE
from hypothesis import given, settings
from platformdirs import user_cache_dir
from strategies import muscles

from trigger_points import DataError, checks, load_library
from trigger_points.cache import (
    CACHE_FOLDER_VARIABLE,
    CACHE_VARIABLE,
    cache_folder,
    read_entry,
    write_entry,
)
from trigger_points.checks import OVERLAP_TOLERANCE, check_geometry
from trigger_points.geometry import Shape, Strips, overlap_area, placed_shapes
from trigger_points.html import _environment
from trigger_points.library import Library
from trigger_points.loader import Document, dump_yaml, parse_yaml, read_yaml
from trigger_points.model import Muscle

BROKEN = Path(__file__).parent / "broken"


@contextmanager
def caches_in(folder: Path, *, off: bool = False) -> Iterator[None]:
    """The caches kept in `folder`, or turned off, for the time of the block."""
    saved = {name: os.environ.get(name) for name in (CACHE_VARIABLE, CACHE_FOLDER_VARIABLE)}
    os.environ[CACHE_FOLDER_VARIABLE] = str(folder)
    if off:
        os.environ[CACHE_VARIABLE] = "off"
    else:
        os.environ.pop(CACHE_VARIABLE, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def entries(folder: Path) -> list[Path]:
    """The parse cache's entries in a cache folder."""
    return sorted(path for path in folder.glob("yaml/*/*") if not path.name.startswith("."))


def same(first: Document, second: Document) -> bool:
    return (first.file, first.content, first.value_marks, first.key_marks) == (
        second.file,
        second.content,
        second.value_marks,
        second.key_marks,
    )


def parse_refused(*_: object) -> Document:
    raise AssertionError("parsed again: the cache was not used")


@settings(max_examples=40, deadline=None)
@given(muscles())
def test_a_parse_through_the_cache_equals_a_direct_parse(muscle: Muscle) -> None:
    text = dump_yaml(muscle)
    with TemporaryDirectory() as scratch:
        path = Path(scratch, f"{muscle.id}.yaml")
        path.write_text(text, encoding="utf-8")
        direct = parse_yaml(text, str(path))
        with caches_in(Path(scratch, "cache")):
            cold = read_yaml(path)
            assert len(entries(Path(scratch, "cache"))) == 1
            with mock.patch("trigger_points.loader.parse_yaml", parse_refused):
                warm = read_yaml(path)
        assert same(cold, direct)
        assert same(warm, direct)


def test_a_cached_parse_is_placed_in_the_file_it_is_read_from(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text("id: x\nname: [1, 2]\n", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        read_yaml(first)
        with mock.patch("trigger_points.loader.parse_yaml", parse_refused):
            document = read_yaml(second, display="shown.yaml")
    assert len(entries(tmp_path / "cache")) == 1  # the same bytes: one entry
    assert document.file == "shown.yaml"
    assert document.problem(("name", 1), "m").line == 2
    assert document.locate(("name", 1)) == (2, 11)


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "cut short": lambda data: data[: len(data) // 2],
    "a byte changed": lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
    "not ours": lambda data: b"\x00" * 200,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_entry_is_a_miss_and_is_written_again(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: x\nlist: [a, b]\n", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        expected = read_yaml(path)
        (entry,) = entries(tmp_path / "cache")
        intact = entry.read_bytes()
        entry.write_bytes(DAMAGE[damage](intact))
        assert same(read_yaml(path), expected)
        assert entry.read_bytes() == intact


@pytest.mark.parametrize("payload", [b"not marshal", marshal.dumps(42), marshal.dumps((1, 2, 3))])
def test_an_intact_entry_holding_something_else_is_a_miss(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        expected = read_yaml(path)
        (entry,) = entries(tmp_path / "cache")
        write_entry(entry.parent.relative_to(tmp_path / "cache").as_posix(), entry.name, payload)
        assert read_entry(entry.parent.relative_to(tmp_path / "cache").as_posix(), entry.name)
        assert same(read_yaml(path), expected)


@pytest.mark.parametrize(
    "raw",
    [b"a: [1, 2\n", b"a: 1\na: 2\n", b"name: \xff\n", b"x: !!python/object:os.system ls\n"],
)
def test_a_file_that_fails_to_parse_is_never_kept(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    with caches_in(tmp_path / "cache"):
        for _ in range(2):
            with pytest.raises(DataError):
                read_yaml(path)
    assert entries(tmp_path / "cache") == []


def problems(folder: Path) -> list[str]:
    try:
        load_library(folder)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize("case", sorted(path.name for path in BROKEN.iterdir() if path.is_dir()))
def test_problems_read_the_same_from_a_cold_cache_a_warm_one_and_none(
    tmp_path: Path, case: str
) -> None:
    with caches_in(tmp_path / "cache"):
        cold, warm = problems(BROKEN / case), problems(BROKEN / case)
    with caches_in(tmp_path / "unused", off=True):
        none = problems(BROKEN / case)
    assert not (tmp_path / "unused").exists()
    assert cold
    assert cold == warm == none


OUTPUTS = """
import hashlib, json
import trigger_points as tp
from trigger_points.export import export_json
lib = tp.load_library()
texts = {
    "export": export_json(lib),
    "sheet": tp.render_sheet(lib, "piriformis"),
    "handout": tp.render_handout(lib, ["piriformis", "gluteus_medius"], "student"),
}
print(json.dumps({name: hashlib.sha256(text.encode()).hexdigest() for name, text in texts.items()}))
"""


def outputs(**variables: str) -> dict[str, str]:
    """The hashes of what a new process exports and renders, with these cache settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in (CACHE_VARIABLE, CACHE_FOLDER_VARIABLE)
    }
    result = subprocess.run(
        [sys.executable, "-c", OUTPUTS],
        capture_output=True,
        text=True,
        check=True,
        env={**environment, **variables},
    )
    hashes: dict[str, str] = json.loads(result.stdout)
    return hashes


def test_output_is_byte_identical_from_a_cold_cache_a_warm_one_and_none(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    cold = outputs(**{CACHE_FOLDER_VARIABLE: folder})
    assert entries(tmp_path / "cache")
    assert list((tmp_path / "cache" / "jinja").glob("*/*"))
    warm = outputs(**{CACHE_FOLDER_VARIABLE: folder})
    none = outputs(**{CACHE_VARIABLE: "off", CACHE_FOLDER_VARIABLE: str(tmp_path / "unused")})
    assert cold == warm == none
    assert not (tmp_path / "unused").exists()


def render(templates: Path, library: Library) -> str:
    template = _environment(templates).get_template("sheet.html.j2")
    return template.render(muscle=library.muscle("piriformis"))


def test_an_edited_template_is_compiled_again(tmp_path: Path, library: Library) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    sheet = templates / "sheet.html.j2"
    sheet.write_text("first {{ muscle.id }}", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        assert render(templates, library) == "first piriformis"
        compiled = jinja2.sandbox.ImmutableSandboxedEnvironment.compile
        with mock.patch.object(
            jinja2.sandbox.ImmutableSandboxedEnvironment, "compile", side_effect=AssertionError
        ):
            assert render(templates, library) == "first piriformis"  # from the cache
        times = sheet.stat()
        sheet.write_text("again {{ muscle.id }}", encoding="utf-8")
        os.utime(sheet, ns=(times.st_atime_ns, times.st_mtime_ns))  # the same time: not a clue
        assert render(templates, library) == "again piriformis"
        assert jinja2.sandbox.ImmutableSandboxedEnvironment.compile is compiled


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_compiled_template_is_a_miss(
    tmp_path: Path, library: Library, damage: str
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.html.j2").write_text("<p>{{ muscle.name }}</p>", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        expected = render(templates, library)
        compiled = list((tmp_path / "cache" / "jinja").glob("*/*"))
        assert compiled
        for path in compiled:
            path.write_bytes(DAMAGE[damage](path.read_bytes()))
        assert render(templates, library) == expected


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path: Path, library: Library) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    data = tmp_path / "m.yaml"
    data.write_text("id: x\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.html.j2").write_text("{{ muscle.id }}", encoding="utf-8")
    with caches_in(blocker / "cache"):
        assert read_yaml(data).content == {"id": "x"}
        assert render(templates, library) == "piriformis"


def test_turned_off_the_caches_write_nothing(tmp_path: Path, library: Library) -> None:
    data = tmp_path / "m.yaml"
    data.write_text("id: x\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.html.j2").write_text("{{ muscle.id }}", encoding="utf-8")
    with caches_in(tmp_path / "cache", off=True):
        assert cache_folder() is None
        read_yaml(data)
        render(templates, library)
    assert not (tmp_path / "cache").exists()


def test_the_caches_live_in_the_users_cache_folder_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(CACHE_FOLDER_VARIABLE)
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    assert cache_folder() == Path(user_cache_dir("trigger_points", appauthor=False))


def test_the_test_run_never_writes_to_the_users_cache_folder() -> None:
    ours = Path(user_cache_dir("trigger_points", appauthor=False))
    assert cache_folder() != ours
    assert cache_folder() == Path(os.environ[CACHE_FOLDER_VARIABLE])


def geometry_problems(library: Library) -> list[str]:
    catalogues = library._catalogues
    found = check_geometry(catalogues["views"], catalogues["regions"], catalogues["muscles"])
    return [str(problem) for problem in found]


def measure_refused(*_: object) -> tuple[float, float]:
    raise AssertionError("measured again: the cache was not used")


@pytest.mark.parametrize("tolerance", [OVERLAP_TOLERANCE, -1.0])
def test_overlap_measures_read_the_same_from_a_cold_cache_a_warm_one_and_none(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch, tolerance: float
) -> None:
    monkeypatch.setattr(checks, "OVERLAP_TOLERANCE", tolerance)  # -1: every pair overlaps
    checks._overlap.cache_clear()
    with caches_in(tmp_path / "cache"):
        cold = geometry_problems(library)
        with mock.patch.object(checks, "_overlap", measure_refused):
            warm = geometry_problems(library)
    with caches_in(tmp_path / "unused", off=True):
        checks._overlap.cache_clear()
        none = geometry_problems(library)
    assert cold == warm == none
    assert bool(cold) == (tolerance < 0)
    assert not (tmp_path / "unused").exists()


def test_cached_overlap_measures_equal_the_plain_computation(
    tmp_path: Path, library: Library
) -> None:
    with caches_in(tmp_path / "cache"):
        geometry_problems(library)
        tables = [
            path
            for path in (tmp_path / "cache" / "overlaps").glob("*/*")
            if not path.name.startswith("fits-")  # what fits inside the body: tested below
        ]
        assert len(tables) == len(library.views)
        for view in library.views:
            paired = {region.id: region.laterality == "paired" for region in library.regions}
            shapes = placed_shapes(view, paired)
            measures = checks._Measures(shapes)
            assert measures.known
            for (i, j), measure in measures.known.items():
                assert measure == (
                    overlap_area(shapes[i][1], shapes[j][1]),
                    min(area_in_strips(shapes[i][1]), area_in_strips(shapes[j][1])),
                )


def area_in_strips(shape: Shape) -> float:
    return Strips(shape, checks.OVERLAP_STEP).area


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_overlap_measures_are_a_miss(tmp_path: Path, library: Library, damage: str) -> None:
    with caches_in(tmp_path / "cache"):
        expected = geometry_problems(library)
        for path in (tmp_path / "cache" / "overlaps").glob("*/*"):
            path.write_bytes(DAMAGE[damage](path.read_bytes()))
        checks._overlap.cache_clear()
        assert geometry_problems(library) == expected


def test_a_loaded_library_places_what_replace_finds_the_same_from_any_cache(
    tmp_path: Path,
) -> None:
    """The library keeps each file's marks packed; a problem found later is placed as at load."""
    folder = tmp_path / "data"
    (folder / "muscles").mkdir(parents=True)
    (folder / "muscles" / "example_muscle.yaml").write_text(VALID_MUSCLE, encoding="utf-8")
    placed = []
    for off in (False, False, True):  # a cold cache, a warm one, none
        with caches_in(tmp_path / "cache", off=off):
            library = load_library(folder)
        kept = [condition for condition in library.conditions if condition.id != "low_back_pain"]
        with pytest.raises(DataError) as caught:
            library.replace(conditions=kept)
        placed.append(
            [str(problem) for problem in caught.value.problems if "example_muscle" in problem.file]
        )
    column = VALID_MUSCLE.splitlines()[19].index("low_back_pain") + 1
    assert placed[0] == [
        f"{folder / 'muscles' / 'example_muscle.yaml'}:20:{column}: conditions[0]: "
        "unknown condition 'low_back_pain'; did you mean 'low_back_strain'?"
    ]
    assert placed[1] == placed[0] and placed[2] == placed[0]


def shapes_outside(library: Library, folder: Path) -> Path:
    """A folder whose coccyx and piriformis outline each reach outside the posterior body."""
    view = library.view("posterior")
    coccyx = view.regions["coccyx"]
    moved = {**view.regions, "coccyx": (*coccyx[:3], (30.0, 300.0), *coccyx[4:])}
    (folder / "body").mkdir(parents=True)
    (folder / "body" / "posterior.yaml").write_text(
        dump_yaml(view.model_copy(update={"regions": moved})), encoding="utf-8"
    )
    muscle = library.muscle("piriformis")
    outline = muscle.outlines["posterior"]
    outlines = {**muscle.outlines, "posterior": (*outline[:2], (30.0, 300.0), *outline[3:])}
    (folder / "muscles").mkdir()
    (folder / "muscles" / "piriformis.yaml").write_text(
        dump_yaml(muscle.model_copy(update={"outlines": outlines})), encoding="utf-8"
    )
    return folder


def fit_refused(*_: object) -> None:
    raise AssertionError("measured again: the cache was not used")


def test_what_fits_inside_the_body_reads_the_same_from_a_cold_cache_a_warm_one_and_none(
    tmp_path: Path, library: Library
) -> None:
    folder = shapes_outside(library, tmp_path / "data")
    with caches_in(tmp_path / "cache"):
        cold = problems(folder)
        with mock.patch.object(checks, "_outside", fit_refused):
            warm = problems(folder)
    with caches_in(tmp_path / "unused", off=True):
        none = problems(folder)
    outside = [problem for problem in cold if "outside the body" in problem]
    assert [problem.split(": ", 1)[1] for problem in outside] == [
        "regions.coccyx[3]: region coccyx reaches outside the body at (30, 300)",
        "outlines.posterior[2]: the outline reaches outside the body at (30, 300)",
    ]
    assert cold == warm == none


@pytest.mark.parametrize("answer", ["outside", (1, (2, 3)), (1.0, (2.0, 3.0)), [0, (1.0, 2.0)]])
def test_a_cached_answer_of_the_wrong_form_is_measured_again(
    tmp_path: Path, library: Library, answer: object
) -> None:
    folder = shapes_outside(library, tmp_path / "data")
    with caches_in(tmp_path / "cache"):
        expected = problems(folder)
        for path in (tmp_path / "cache" / "overlaps").glob("*/fits-*"):
            kind = f"overlaps/{path.parent.name}"
            table = marshal.loads(read_entry(kind, path.name) or b"")
            write_entry(kind, path.name, marshal.dumps(dict.fromkeys(table, answer)))
        assert problems(folder) == expected


def test_an_entry_whose_marks_cannot_be_read_places_at_the_start_and_never_fails(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: x\nname: [1, 2]\n", encoding="utf-8")
    with caches_in(tmp_path / "cache"):
        assert read_yaml(path).locate(("name", 1)) == (2, 11)
        (entry,) = entries(tmp_path / "cache")
        kind = f"yaml/{entry.parent.name}"
        content, _ = marshal.loads(read_entry(kind, entry.name) or b"")
        write_entry(kind, entry.name, marshal.dumps((content, b"not marks")))
        document = read_yaml(path)
    assert document.content == {"id": "x", "name": [1, 2]}
    assert str(document.problem(("name", 1), "m")) == f"{path}:1:1: name[1]: m"
