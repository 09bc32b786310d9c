"""Incremental builds: a rebuild renders exactly the pages whose inputs changed.

Whatever was kept, the site is byte for byte the one a clean build makes. A
page taken from the old site keeps its inode (it is hard-linked), so a test
can tell which pages were rendered again.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest

from trigger_points.files import MANIFEST, MARKER
from trigger_points.library import Library, load_library
from trigger_points.resources import bundled_path
from trigger_points.site import GUIDE_DATA, build_site, pages, pattern_map_path


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
    return {page.path for page in pages(library) if page.muscle is None} | {GUIDE_DATA}


def own_files(muscle_id: str) -> set[str]:
    library = load_library()
    muscle = library.muscle(muscle_id)
    return {
        f"muscles/{muscle_id}.html",
        f"handouts/{muscle_id}-patient.html",
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


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
)


def test_editing_the_site_file_or_its_logo_renders_every_page_again(tmp_path: Path) -> None:
    """The clinic shows on every page: the build's keys and the command's check both see it."""
    from trigger_points import cli

    mine = tmp_path / "mine"
    (mine / "images").mkdir(parents=True)
    (mine / "site.yaml").write_text("clinic: Northside\nlogo: images/logo.svg\n", encoding="utf-8")
    (mine / "images" / "logo.svg").write_text(LOGO, encoding="utf-8")
    site, clean = tmp_path / "site", tmp_path / "clean"
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    before = inodes(site)
    pages_of_the_site = {path for path in before if path.endswith(".html")}
    (mine / "site.yaml").write_text("clinic: Southside\nlogo: images/logo.svg\n", encoding="utf-8")
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    assert rendered_again(before, site) >= pages_of_the_site
    assert "Southside" in (site / "muscles" / "piriformis.html").read_text(encoding="utf-8")
    before = inodes(site)
    (mine / "images" / "logo.svg").write_text(LOGO.replace("4", "8"), encoding="utf-8")
    assert cli.main(["build", str(site), "--data", str(mine)]) == 0
    assert "logo.svg" in rendered_again(before, site)
    assert (site / "logo.svg").read_text(encoding="utf-8") == LOGO.replace("4", "8")
    build_site(load_library(mine), clean)  # the same files as a clean build (the manifests
    # differ: the command's records its inputs)
    assert inodes(site).keys() == inodes(clean).keys()
    assert all(filecmp.cmp(site / path, clean / path, shallow=False) for path in inodes(clean))


def readme_walkthrough() -> dict[str, str]:
    """The code blocks of the README's "Your clinic's site, step by step", by language."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Your clinic's site, step by step", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"```(yaml|jinja|sh)\n(.*?)```", section, flags=re.DOTALL))


def test_the_educators_path_in_the_readme_builds_a_branded_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's folder, site.yaml, template and commands, exactly: a branded site."""
    from trigger_points import cli

    blocks = readme_walkthrough()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clinic" / "images").mkdir(parents=True)
    (tmp_path / "clinic" / "site.yaml").write_text(blocks["yaml"], encoding="utf-8")
    (tmp_path / "clinic" / "images" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "handout_patient.html.j2"
    template.write_text(blocks["jinja"], encoding="utf-8")
    commands = [line.split("#")[0].split() for line in blocks["sh"].splitlines()]
    assert [command[:2] for command in commands] == [
        ["trigger-points", "new"],
        ["trigger-points", "validate"],
        ["trigger-points", "build"],
        ["trigger-points", "handout"],
    ]
    for command in commands:
        assert cli.main(command[1:]) == 0, command
    site = tmp_path / "site"
    handouts = [
        site / "handouts" / "piriformis-patient.html",
        tmp_path / "left.html",
    ]
    for path in handouts:
        handout = path.read_text(encoding="utf-8")
        assert "Bring this sheet to your next appointment at Northside Physiotherapy." in handout
        assert "Something you can do" in handout  # super(): ours, then the clinic's line
        assert "<strong>Northside Physiotherapy</strong> <span>12 High Street" in handout
        assert "Questions? Call us on 0113 496 0000." in handout
    assert "pain on the left side" in (tmp_path / "left.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Muscles · Northside Physiotherapy: trigger points</title>" in index
    assert (site / "logo.svg").read_text(encoding="utf-8") == LOGO
    assert sorted(p.name for p in (tmp_path / "templates").iterdir()) == [template.name]
    # The muscle `new` made is on the site; nothing bundled was copied into the folders.
    assert (site / "muscles" / "quadratus_femoris.html").is_file()
    clinic = tmp_path / "clinic"
    written = {path.relative_to(clinic).as_posix() for path in clinic.rglob("*")}
    assert {w for w in written if not w.startswith("schema")} == {
        "images",
        "images/logo.svg",
        "muscles",
        "muscles/quadratus_femoris.yaml",
        "site.yaml",
    }
