"""Incremental builds: a rebuild renders exactly the pages whose inputs changed.

Whatever was kept, the site is byte for byte the one a clean build makes. A
page taken from the old site keeps its inode (it is hard-linked), so a test
can tell which pages were rendered again.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from trigger_points.files import MANIFEST, MARKER
from trigger_points.library import Library, load_library
from trigger_points.resources import bundled_path
from trigger_points.site import build_site, pages, pattern_map_path


def inodes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("*")
        if path.is_file() and path.name not in (MARKER, MANIFEST)
    }


def rendered_again(before: dict[str, int], folder: Path) -> set[str]:
    after = inodes(folder)
    assert after.keys() == before.keys()
    return {path for path, inode in after.items() if before[path] != inode}


def same_trees(one: Path, two: Path) -> bool:
    """`diff -r`: the same names, and the same bytes in each file."""
    comparison = filecmp.dircmp(one, two)
    pending = [comparison]
    while pending:
        current = pending.pop()
        if current.left_only or current.right_only or current.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(
            current.left, current.right, current.common_files, shallow=False
        )
        if mismatch or errors:
            return False
        pending.extend(current.subdirs.values())
    return True


def shared_pages(library: Library) -> set[str]:
    """The pages that show more than one muscle's data: every edit of a muscle renders them."""
    return {page.path for page in pages(library) if page.muscle is None}


def own_files(muscle_id: str) -> set[str]:
    library = load_library()
    muscle = library.muscle(muscle_id)
    return {
        f"muscles/{muscle_id}.html",
        f"handouts/{muscle_id}-patient.html",
        f"handouts/{muscle_id}-patient-left.html",
        f"handouts/{muscle_id}-student.html",
        pattern_map_path(muscle),
    }


def test_a_rebuild_with_nothing_changed_links_every_file_and_matches_a_clean_build(
    library: Library, tmp_path: Path
) -> None:
    site, clean = tmp_path / "site", tmp_path / "clean"
    first = build_site(library, site)
    before = inodes(site)
    again = build_site(library, site)
    assert again.reused == first.files - 2  # all but the marker and the manifest
    assert rendered_again(before, site) == set()
    build_site(library, clean, incremental=False)
    assert same_trees(site, clean)


def test_editing_a_muscle_renders_its_own_files_and_the_shared_pages_only(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine" / "muscles"
    mine.mkdir(parents=True)
    source = (bundled_path("data") / "muscles" / "piriformis.yaml").read_text(encoding="utf-8")
    (mine / "piriformis.yaml").write_text(source, encoding="utf-8")
    site, clean = tmp_path / "site", tmp_path / "clean"
    build_site(load_library(mine.parent), site)
    before = inodes(site)
    edited = source.replace("Pyriformis", "Pyriformis muscle of the hip")
    assert edited != source
    (mine / "piriformis.yaml").write_text(edited, encoding="utf-8")
    library = load_library(mine.parent)
    build_site(library, site)
    assert rendered_again(before, site) == shared_pages(library) | own_files("piriformis")
    build_site(library, clean)
    assert same_trees(site, clean)


def test_editing_a_template_renders_the_pages_that_use_it(tmp_path: Path) -> None:
    library = load_library()
    templates = tmp_path / "templates"
    templates.mkdir()
    ours = (bundled_path("templates") / "condition.html.j2").read_text(encoding="utf-8")
    (templates / "condition.html.j2").write_text(ours, encoding="utf-8")
    site, clean = tmp_path / "site", tmp_path / "clean"
    build_site(library, site, templates=templates)
    before = inodes(site)
    (templates / "condition.html.j2").write_text(ours + "<!-- edited -->\n", encoding="utf-8")
    build_site(library, site, templates=templates)
    assert rendered_again(before, site) == {
        f"conditions/{condition.id}.html" for condition in library.conditions
    }
    build_site(library, clean, templates=templates, incremental=False)
    assert same_trees(site, clean)


def test_a_page_edited_by_hand_is_rendered_again(library: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(library, site)
    clean = (site / "about.html").read_bytes()
    before = inodes(site)
    (site / "about.html").write_text("edited by hand")
    (site / "muscles" / "piriformis.html").unlink()
    report = build_site(library, site)
    assert rendered_again(before, site) == {"about.html", "muscles/piriformis.html"}
    assert (site / "about.html").read_bytes() == clean
    assert report.reused == report.files - 4


@pytest.mark.parametrize("manifest", ["not json", '{"format": 99}', '{"format": 1, "files": 3}'])
def test_a_damaged_manifest_means_a_full_build(
    library: Library, tmp_path: Path, manifest: str
) -> None:
    site = tmp_path / "site"
    build_site(library, site)
    (site / MANIFEST).write_text(manifest)
    before = inodes(site)
    assert build_site(library, site).reused == 0
    assert rendered_again(before, site) == set(before)


def test_no_incremental_renders_every_page(library: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(library, site)
    before = inodes(site)
    assert build_site(library, site, incremental=False).reused == 0
    assert rendered_again(before, site) == set(before)
    shutil.rmtree(site)


def test_the_command_relinks_an_unchanged_site_without_loading_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from trigger_points import cli

    mine = tmp_path / "mine"
    (mine / "muscles").mkdir(parents=True)
    site = tmp_path / "site"
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    before = inodes(site)
    loads: list[object] = []

    def counted(*folders: Path) -> Library:
        loads.append(folders)
        return load_library(*folders)

    monkeypatch.setattr("trigger_points.library.load_library", counted)  # the command asks it then
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    assert loads == [] and rendered_again(before, site) == set()
    assert "unchanged" in capsys.readouterr().out
    (mine / "muscles" / "notes.txt").write_text("a new file in a data folder")
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    assert len(loads) == 1 and rendered_again(before, site) == set()  # loaded, nothing rendered
    assert cli.main(["build", str(site), "--data", str(mine), "--no-incremental"]) == 0
    assert len(loads) == 2 and rendered_again(before, site) == set(before)
