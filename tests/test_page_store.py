"""The store of built files: a build takes what an earlier one rendered, and writes the same bytes.

Each test keeps the caches in a folder of its own (TRIGGER_POINTS_CACHE_DIR).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trigger_points import build_site, page_store
from trigger_points.cache import CACHE_FOLDER_VARIABLE, CACHE_VARIABLE
from trigger_points.cli import main
from trigger_points.files import Keyed, restore_folder, write_folder
from trigger_points.inputs import digest, input_digest
from trigger_points.library import Library


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_FOLDER_VARIABLE, str(folder))
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    return folder


def same_tree(one: Path, two: Path) -> bool:
    return subprocess.run(["diff", "-r", str(one), str(two)], check=False).returncode == 0


def stored_pages(cache: Path) -> list[Path]:
    return [path for path in (cache / page_store.PAGES).iterdir() if not path.name.startswith(".")]


def no_rendering(*_: object, **__: object) -> str:
    raise AssertionError("rendered, although an earlier build had rendered it")


def test_a_build_into_a_new_folder_takes_every_page_from_the_store(
    cache: Path, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_site(library, tmp_path / "first")
    assert first.cached == 0 and len(stored_pages(cache)) == first.files - 2
    monkeypatch.setattr("trigger_points.site.render_page", no_rendering)
    monkeypatch.setattr("trigger_points.site.map_figure", no_rendering)
    second = build_site(library, tmp_path / "second")
    # Every file but the manifest and the marker, which are written for the folder.
    assert second.cached == second.files - 2 and second.reused == 0
    assert same_tree(tmp_path / "first", tmp_path / "second")


def test_the_site_is_the_same_with_the_store_cold_warm_damaged_or_off(
    cache: Path, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_site(library, tmp_path / "cold")
    build_site(library, tmp_path / "warm")
    pages = sorted(stored_pages(cache))
    pages[0].write_bytes(pages[0].read_bytes()[:-1] + b"!")  # damaged: read as missing
    pages[1].unlink()
    damaged = build_site(library, tmp_path / "damaged")
    assert damaged.cached == damaged.files - 4
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    off = build_site(library, tmp_path / "off")
    assert off.cached == 0
    for name in ("warm", "damaged", "off"):
        assert same_tree(tmp_path / "cold", tmp_path / name), name


def test_a_new_folder_is_built_from_a_stored_build_without_the_library(
    cache: Path, library: Library, tmp_path: Path
) -> None:
    inputs = input_digest([], None)
    assert restore_folder(tmp_path / "none", inputs) is None  # nothing stored yet
    assert not (tmp_path / "none").exists()
    built = build_site(library, tmp_path / "built", inputs=inputs)
    restored = restore_folder(tmp_path / "restored", inputs)
    assert restored is not None and restored.cached == built.files - 2
    assert same_tree(tmp_path / "built", tmp_path / "restored")
    assert restore_folder(tmp_path / "other", digest("other inputs")) is None


def test_a_stored_build_missing_a_file_changes_nothing(
    cache: Path, library: Library, tmp_path: Path
) -> None:
    inputs = input_digest([], None)
    build_site(library, tmp_path / "built", inputs=inputs)
    target = tmp_path / "target"
    target.mkdir()
    min(stored_pages(cache)).unlink()
    assert restore_folder(target, inputs) is None
    assert not list(target.iterdir())
    assert not [path for path in tmp_path.iterdir() if ".building-" in path.name]


def test_the_command_builds_a_stored_site_without_loading_the_library(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(tmp_path / "first")]) == 0
    monkeypatch.setattr("trigger_points.cli._library", no_rendering)
    assert main(["build", str(tmp_path / "second")]) == 0
    assert "from the cache" in capsys.readouterr().out
    assert same_tree(tmp_path / "first", tmp_path / "second")


def test_only_digests_name_stored_files(cache: Path, tmp_path: Path) -> None:
    """A key that is not a SHA-256 (a caller's own `Keyed`) is never a file name in the store."""
    for key in ("1", "../../escaped", "A" * 64):
        write_folder([Keyed(PurePosixPath("a.html"), key, lambda: "A")], tmp_path / "site")
        assert page_store.stored(key) is None
    assert not (cache / page_store.PAGES).exists() or not stored_pages(cache)
    assert not list(tmp_path.rglob("escaped"))


entry_sizes = st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None)
@given(sizes=entry_sizes, limit=st.integers(min_value=0, max_value=3000), data=st.data())
def test_pruning_keeps_the_build_s_own_files_and_the_most_recently_used(
    tmp_path_factory: pytest.TempPathFactory, sizes: list[int], limit: int, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get(CACHE_FOLDER_VARIABLE)
    os.environ[CACHE_FOLDER_VARIABLE] = str(folder)
    try:
        keys = [digest(str(number)) for number in range(len(sizes))]
        for number, (key, size) in enumerate(zip(keys, sizes, strict=True)):
            page_store.store(key, b"x" * size)
            path = folder / page_store.PAGES / key
            os.utime(path, (1_000_000 + number, 1_000_000 + number))  # used in this order
            sizes[number] = path.stat().st_size  # with the entry's header
        used = set(data.draw(st.lists(st.sampled_from(keys), unique=True)))
        page_store.prune(used, limit=limit)
        left = {path.name: path.stat().st_size for path in stored_pages(folder)}
    finally:
        if saved is None:
            os.environ.pop(CACHE_FOLDER_VARIABLE, None)
        else:
            os.environ[CACHE_FOLDER_VARIABLE] = saved
    assert used <= set(left)
    assert sum(left.values()) <= limit or set(left) == used
    # What was removed was used before everything kept that the build did not use.
    removed = [number for number, key in enumerate(keys) if key not in left]
    kept = [number for number, key in enumerate(keys) if key in left and key not in used]
    assert not removed or not kept or max(removed) < min(kept)
    # Nothing more was removed than the limit needed.
    if removed:
        entry = max(removed)
        assert sum(left.values()) + sizes[entry] > limit
