"""The store of built files: a build takes what an earlier one rendered, and writes the same bytes.

Each test keeps the caches in a folder of its own (TRIGGER_POINTS_CACHE_DIR).
"""

from __future__ import annotations

import hashlib
import json
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
    folder = cache / page_store.PAGES
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if not path.name.startswith(".")]


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
    pages[1].unlink()
    # Edited in place in the site that wrote it, which shares the stored file.
    edited = next(p for p in (tmp_path / "cold").rglob("*") if p.samefile(pages[0]))
    original = edited.read_bytes()
    with edited.open("r+b") as stream:
        stream.write(b"!")
    assert not any(p.samefile(edited) for p in (tmp_path / "warm").rglob("*") if p.is_file())
    damaged = build_site(library, tmp_path / "damaged")
    assert damaged.cached == damaged.files - 4 and not pages[0].exists()
    edited.write_bytes(original)
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
    assert not stored_pages(cache)
    assert not list(tmp_path.rglob("escaped"))


def test_a_site_and_the_store_share_their_files(
    cache: Path, library: Library, tmp_path: Path
) -> None:
    """Keeping a build costs no second copy: the stored file is the site's, linked."""
    build_site(library, tmp_path / "site")
    page = tmp_path / "site" / "muscles" / "piriformis.html"
    assert any(page.samefile(stored) for stored in stored_pages(cache))
    # A site built from the store has copies: editing one site never changes another.
    build_site(library, tmp_path / "other")
    other = tmp_path / "other" / "muscles" / "piriformis.html"
    assert not other.samefile(page)
    with other.open("ab") as stream:
        stream.write(b"<!-- mine -->")
    assert not page.read_bytes().endswith(b"<!-- mine -->")


builds = st.lists(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8, unique=True),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(made=builds, limit=st.integers(min_value=0, max_value=4000))
def test_pruning_keeps_the_files_of_the_builds_used_last(
    tmp_path_factory: pytest.TempPathFactory, made: list[list[int]], limit: int
) -> None:
    """After each build: its own files stay, then the files of the builds before it, newest
    first, while there are at most SITES_KEPT of them within `limit`; nothing else."""
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get(CACHE_FOLDER_VARIABLE)
    os.environ[CACHE_FOLDER_VARIABLE] = str(folder)
    try:
        written = tmp_path_factory.mktemp("site")
        for number, pages in enumerate(made):
            store = page_store.Store()
            files = {}
            for page in pages:  # page n: n * 10 bytes, under its own key
                key, data = digest(f"page {page}"), b"x" * (page * 10)
                (written / key).write_bytes(data)
                store.keep(key, hashlib.sha256(data).hexdigest(), written / key)
                files[f"{page}.html"] = [key, hashlib.sha256(data).hexdigest()]
            listing = json.dumps({"format": 1, "inputs": None, "files": files}).encode()
            name = digest(f"build {number}")
            page_store.store_site(name, listing)
            os.utime(folder / page_store.SITES / name, (1_000_000 + number, 1_000_000 + number))
            page_store.prune(limit=limit)
        left = {path.name.partition("-")[0] for path in stored_pages(folder)}
    finally:
        if saved is None:
            os.environ.pop(CACHE_FOLDER_VARIABLE, None)
        else:
            os.environ[CACHE_FOLDER_VARIABLE] = saved
    # The builds kept: the last one, then earlier ones while they fit.
    expected: set[str] = set()
    for count, pages in enumerate(reversed(made)):
        keys = {digest(f"page {page}") for page in pages}
        size = sum(page * 10 for page in {p for b in made[len(made) - count - 1 :] for p in b})
        if count and (count >= page_store.SITES_KEPT or size > limit):
            break
        expected |= keys
    assert left == expected
