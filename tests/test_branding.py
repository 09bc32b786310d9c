"""A clinic's identity from `site.yaml`: checked like all data, shown on every page and handout.

Without a `site.yaml` nothing changes; with one, the clinic's name, address,
phone, logo and footer line reach the site's pages and the printed handouts,
and a mistake in it (or in its logo) is a placed problem like any other.
"""

from __future__ import annotations

import base64
import filecmp
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from datafolders import problems_in, write
from hypothesis import HealthCheck, given, settings
from markupsafe import escape
from strategies import free_text

from trigger_points import DataError, load_library
from trigger_points.branding import DEFAULT_SITE, DEFAULT_TITLE, MAX_LOGO_BYTES
from trigger_points.cli import main
from trigger_points.html import AUDIENCES, render_handout
from trigger_points.library import Library
from trigger_points.site import build_site

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4" fill="#1b6b5a"/></svg>\n'
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
CLINIC = """\
title: "Northside Physiotherapy: trigger points"
clinic: Northside Physiotherapy
address: 12 High Street, Leeds LS1 4AB
phone: 0113 496 0000
logo: images/logo.svg
footer: Questions? Ask your physiotherapist.
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    write(folder, "site.yaml", CLINIC)
    write(folder, "images/logo.svg", LOGO)
    return folder


def test_without_a_site_file_the_library_keeps_its_own_identity(library: Library) -> None:
    assert library.site == DEFAULT_SITE and not library.site.branded
    assert library.site.title == DEFAULT_TITLE


def test_a_site_file_of_defaults_changes_no_byte_of_the_site(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "plain"
    write(folder, "site.yaml", f"title: {DEFAULT_TITLE}\n")
    ours = build_site(library, tmp_path / "ours", incremental=False).folder
    theirs = build_site(load_library(folder), tmp_path / "theirs", incremental=False).folder
    comparison = filecmp.dircmp(ours, theirs)
    assert not comparison.left_only and not comparison.right_only
    files = [p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()]
    _, mismatch, errors = filecmp.cmpfiles(ours, theirs, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_handout_prints_the_clinic_its_logo_and_its_footer(clinic: Path) -> None:
    library = load_library(clinic)
    for audience in AUDIENCES:
        html = render_handout(library, "piriformis", audience)
        assert (
            "<p><strong>Northside Physiotherapy</strong> <span>12 High Street, Leeds LS1 4AB</span>"
            " <span>0113 496 0000</span></p>"
        ) in html
        encoded = base64.b64encode(LOGO.encode()).decode()
        assert f'src="data:image/svg+xml;base64,{encoded}"' in html  # standalone: inline
        assert "Questions? Ask your physiotherapist.</p>" in html
        assert (
            "<title>Piriformis: " in html
            and "· Northside Physiotherapy: trigger points</title>" in html
        )


def test_every_page_of_the_site_shows_the_clinic_and_the_logo_is_copied(
    clinic: Path, tmp_path: Path
) -> None:
    site = build_site(load_library(clinic), tmp_path / "site").folder
    assert (site / "logo.svg").read_text(encoding="utf-8") == LOGO
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        depth = "../" * (len(page.relative_to(site).parts) - 1)
        assert "· Northside Physiotherapy: trigger points</title>" in html, page
        assert f'<img class="logo" src="{depth}logo.svg" alt="">' in html, page
        assert "Northside Physiotherapy · 12 High Street, Leeds LS1 4AB · 0113 496 0000" in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="title">Northside Physiotherapy: trigger points</h1>' in index


def test_a_png_logo_is_copied_byte_for_byte(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    write(folder, "site.yaml", "clinic: Northside\nlogo: logo.PNG\n")
    (folder / "logo.PNG").write_bytes(PNG)
    site = build_site(load_library(folder), tmp_path / "site").folder
    assert (site / "logo.png").read_bytes() == PNG
    assert "data:image/png;base64," in render_handout(load_library(folder), "piriformis")


class Tags(HTMLParser):
    """How many of each element a page holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count[tag] += 1


def tags(html: str) -> Counter[str]:
    parser = Tags()
    parser.feed(html)
    return parser.count


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=free_text)
def test_any_clinic_name_comes_out_escaped(tmp_path: Path, name: str) -> None:
    def handout(clinic: str) -> str:
        folder = tmp_path / "clinic"
        write(folder, "site.yaml", yaml.safe_dump({"clinic": clinic, "footer": clinic}))
        return render_handout(load_library(folder), "piriformis")

    plain, tricky = handout("Plain words"), handout(name)
    assert tags(tricky) == tags(plain)  # the name made no element of its own
    assert f"<strong>{escape(name)}</strong>" in tricky


def test_the_last_folder_with_a_site_file_gives_the_identity(tmp_path: Path) -> None:
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    write(first, "site.yaml", "clinic: First clinic\nphone: '1'\n")
    write(second, "site.yaml", "clinic: Second clinic\n")
    third.mkdir()
    site = load_library(first, second).site
    assert (site.clinic, site.phone) == ("Second clinic", None)  # the whole file, not a merge
    assert load_library(second, third).site.clinic == "Second clinic"
    write(first, "site.yaml", "clinic: ''\n")  # a mistake in a folder that gives no identity
    with pytest.raises(DataError) as caught:
        load_library(first, second)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{first / 'site.yaml'}:1:9: clinic: ")


def test_replacing_muscles_keeps_the_identity(clinic: Path) -> None:
    library = load_library(clinic)
    assert library.replace(muscles=library.muscles).site == library.site


@pytest.mark.parametrize(
    ("text", "files", "expected"),
    [
        (
            "clinc: Northside\n",
            {},
            "site.yaml:1:1: clinc: unknown field",
        ),
        (
            "clinic: [Northside]\n",
            {},
            "site.yaml:1:9: clinic:",
        ),
        (
            "logo: images/missing.svg\n",
            {},
            "site.yaml:1:7: logo: 'images/missing.svg': no such file in",
        ),
        (
            "logo: logo.gif\n",
            {"logo.gif": b"GIF89a"},
            "site.yaml:1:7: logo: 'logo.gif': a logo must be an .svg, .png or .jpg file",
        ),
        (
            "logo: logo.png\n",
            {"logo.png": LOGO.encode()},
            "site.yaml:1:7: logo: 'logo.png': not a PNG image (its first bytes say otherwise)",
        ),
        (
            "logo: logo.svg\n",
            {"logo.svg": PNG},
            "site.yaml:1:7: logo: 'logo.svg': not an SVG image (not UTF-8 text)",
        ),
        (
            "logo: logo.jpg\n",
            {"logo.jpg": b"\xff\xd8\xff" + bytes(MAX_LOGO_BYTES)},
            "site.yaml:1:7: logo: 'logo.jpg': larger than 200 kB",
        ),
        (
            "logo: ../logo.svg\n",
            {},
            "site.yaml:1:7: logo: '../logo.svg': give a path inside the data folder, like logo.svg",
        ),
        (
            "logo: images/old/logo.svg\n",
            {"images/old/logo.svg": LOGO.encode()},
            "site.yaml:1:7: logo: 'images/old/logo.svg': put the logo in the data folder or in",
        ),
        (
            "logo: images\n",
            {},
            "site.yaml:1:7: logo: 'images': a logo must be an .svg, .png or .jpg file",
        ),
        (
            "logo: logo.svg\n",
            {"logo.svg": b'<svg onload="alert(1)"></svg>'},
            "site.yaml:1:7: logo: 'logo.svg': an SVG logo may not hold scripts, event handlers",
        ),
    ],
)
def test_a_mistake_in_the_site_file_is_placed(
    tmp_path: Path, text: str, files: dict[str, bytes], expected: str
) -> None:
    folder = tmp_path / "clinic"
    write(folder, "site.yaml", text)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    problems = problems_in(folder)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_logo_link_that_leads_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    write(folder, "site.yaml", "logo: logo.svg\n")
    write(tmp_path, "private.svg", LOGO)
    (folder / "logo.svg").symlink_to(tmp_path / "private.svg")
    assert problems_in(folder) == [
        "site.yaml:1:7: logo: 'logo.svg': refusing a symlink that leads outside the folder"
    ]


def test_validate_checks_the_site_file(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(clinic)]) == 0
    write(clinic, "site.yaml", "title: ''\n")
    assert main(["validate", str(clinic)]) == 1
    assert f"{clinic / 'site.yaml'}:1:8: title:" in capsys.readouterr().err


def test_a_logo_alone_is_named_by_the_title_and_leaves_no_empty_line(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    write(folder, "site.yaml", "title: Northside trigger points\nlogo: logo.svg\n")
    write(folder, "logo.svg", LOGO)
    html = render_handout(load_library(folder), "piriformis")
    assert 'alt="Northside trigger points"' in html  # the logo is all that names the clinic
    assert 'class="clinic-line"' not in html
