"""Sheets, handouts and the site as HTML: content, escaping, overrides, and build safety."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import jinja2
import jinja2.exceptions
import jinja2.sandbox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from strategies import tricky_text

from trigger_points.cli import main
from trigger_points.files import write_folder
from trigger_points.html import environment, render_handout, render_sheet
from trigger_points.library import Library
from trigger_points.model import Hazard, Muscle
from trigger_points.site import build_site


class Elements(HTMLParser):
    """Every element the page creates and all of its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def library_with(library: Library, muscle: Muscle) -> Library:
    return library.replace(muscles={**{m.id: m for m in library.muscles}, muscle.id: muscle})


def tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_sheet_holds_what_a_therapist_looks_for(library: Library) -> None:
    muscle = library.muscle("quadratus_lumborum")
    page = parse(render_sheet(library, muscle.id))
    text = " ".join(page.text)
    assert muscle.name in text and "Hazards" in text and "not a diagnosis" in text
    for point in muscle.trigger_points:
        assert point.location in text
    for hazard in muscle.needling.hazards:
        assert hazard.structure in text
    assert page.tags["svg"] >= len(muscle.trigger_points)
    # Standalone: CSS and the enlarging script inline, nothing fetched.
    assert page.tags["link"] == 0
    assert page.tags["script"] == 1 and "<script src" not in render_sheet(library, muscle.id)


def test_the_side_column_says_where_an_entry_is_felt_on_both_sides(library: Library) -> None:
    html = render_sheet(library, "gluteus_medius")
    assert "Lower low back, beside the spine (both sides)" in html
    assert "Same side; both sides where marked" in html
    rectus = render_sheet(library, "rectus_abdominis")
    assert '<td data-label="Side">Both sides</td>' in rectus


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=tricky_text)
def test_any_text_in_the_data_comes_out_escaped(library: Library, text: str) -> None:
    base = library.muscle("piriformis")
    point = base.trigger_points[0]

    def variant(value: str) -> Muscle:
        hazard = Hazard(structure=value, risk=value, avoid=value)
        needling = base.needling.model_copy(update={"hazards": (hazard,)})
        marked = point.model_copy(update={"name": value, "location": value})
        return base.model_copy(
            update={
                "name": value,
                "needling": needling,
                "trigger_points": (marked, *base.trigger_points[1:]),
            }
        )

    plain = parse(render_sheet(library_with(library, variant("Plain words")), "piriformis"))
    tricky = parse(render_sheet(library_with(library, variant(text)), "piriformis"))
    # The data created no element of its own. A long name is a map title wrapped onto more
    # lines, each its own <text>: ours, so those are counted apart.
    ours = {tag: count for tag, count in tricky.tags.items() if tag != "text"}
    assert ours == {tag: count for tag, count in plain.tags.items() if tag != "text"}
    assert tricky.tags["text"] - plain.tags["text"] <= len(text) // 20 + 1
    assert " ".join(text.split()) in " ".join(" ".join(tricky.text).split())


def test_a_handout_has_one_article_per_muscle(library: Library) -> None:
    page = parse(render_handout(library, ["piriformis", "gluteus_medius"], "student"))
    assert page.tags["article"] == 2


def test_the_site_has_every_page_with_relative_links(library: Library, tmp_path: Path) -> None:
    report = build_site(library, tmp_path / "site")
    files = set(tree(report.folder))
    assert {
        "index.html",
        "about.html",
        "sources.html",
        "conditions.html",
        "style.css",
        "site.js",
    } <= files
    for muscle in library.muscles:
        assert {f"muscles/{muscle.id}.html", f"handouts/{muscle.id}-patient.html"} <= files
    for condition in library.conditions:
        assert f"conditions/{condition.id}.html" in files
    for path in report.folder.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "http://" not in html.replace("http://www.w3.org/", "") and "https://" not in html
        assert 'href="/' not in html and 'src="/' not in html


def test_a_failed_build_leaves_the_previous_site_untouched(
    library: Library, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(library, site)
    before = tree(site)
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "condition.html.j2").write_text("{{ no_such_value }}")
    with pytest.raises(jinja2.UndefinedError, match="no_such_value"):
        build_site(library, site, templates=broken)
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "templates"]


def test_a_failure_while_writing_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder([(PurePosixPath("index.html"), "old")], site)

    def pages() -> Iterator[tuple[PurePosixPath, str]]:
        yield PurePosixPath("index.html"), "new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_folder(pages(), site)
    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("path", ["../escape.html", "/etc/escape.html", "a/../../escape.html"])
def test_no_page_is_written_outside_the_output_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="outside the output folder"):
        write_folder([(PurePosixPath(path), "x")], tmp_path / "site")
    assert not (tmp_path / "escape.html").exists()
    assert not (tmp_path / "site").exists()


def test_user_templates_come_before_ours(library: Library, tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "style.css").write_text("body { color: teal; }\n")
    report = build_site(library, tmp_path / "site", templates=mine)
    assert (report.folder / "style.css").read_text() == "body { color: teal; }\n"
    assert "color: teal" in render_sheet(library, "piriformis", templates=mine)


def test_the_commands_write_sheets_handouts_and_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sheet", "piriformis", "-o", str(tmp_path / "p.html")]) == 0
    assert (
        main(
            [
                "handout",
                "piriformis",
                "gluteus_medius",
                "--audience",
                "student",
                "-o",
                str(tmp_path / "h.html"),
            ]
        )
        == 0
    )
    assert main(["build", str(tmp_path / "site")]) == 0
    assert "built" in capsys.readouterr().out
    assert main(["sheet", "piriformus"]) == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "sheet.html.j2").write_text("{% if %}")
    assert main(["sheet", "piriformis", "--templates", str(broken)]) == 1
    assert "template error" in capsys.readouterr().err


def test_build_refuses_a_folder_it_did_not_build(library: Library, tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.txt").write_text("years of work")
    with pytest.raises(FileExistsError, match="not built by trigger-points"):
        build_site(library, precious)
    assert (precious / "chapter1.txt").read_text() == "years of work"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    with pytest.raises(FileExistsError, match="is a file"):
        build_site(library, a_file)
    assert a_file.read_text() == "keep me"


def test_build_replaces_its_own_site_and_fills_an_empty_folder(
    library: Library, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    build_site(library, empty)
    (tmp_path / ".empty.previous").mkdir()  # someone else's folder with our old naming
    build_site(library, empty)
    assert (empty / "index.html").is_file()
    assert (tmp_path / ".empty.previous").is_dir()


def test_a_missing_templates_folder_is_an_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such templates folder"):
        render_sheet(library, "piriformis", templates=tmp_path / "absent")
    assert main(["sheet", "piriformis", "--templates", str(tmp_path / "absent")]) == 2


def test_a_single_id_is_not_split_into_letters(library: Library) -> None:
    assert parse(render_handout(library, "piriformis")).tags["article"] == 1
    with pytest.raises(ValueError, match="at least one"):
        render_handout(library, [])


def test_an_unknown_audience_names_the_known_ones(library: Library) -> None:
    with pytest.raises(ValueError, match=r"^audience must be one of patient, student$"):
        render_handout(library, "piriformis", "doctors")  # type: ignore[arg-type]


def test_every_template_runs_in_the_immutable_sandbox(library: Library, tmp_path: Path) -> None:
    assert isinstance(environment(None), jinja2.sandbox.ImmutableSandboxedEnvironment)
    mine = tmp_path / "templates"
    mine.mkdir()
    escapes = [
        '{{ lipsum.__globals__["os"].popen("id").read() }}',
        "{{ cycler.__init__.__globals__.os }}",
        "{{ lib.muscle('piriformis').__class__.__base__.__subclasses__() }}",
        "{{ ''.__class__.__mro__ }}",
    ]
    for text in escapes:
        (mine / "sheet.html.j2").write_text(text)
        environment.cache_clear()  # a new file's template is read again, not taken from cache
        with pytest.raises(jinja2.exceptions.SecurityError, match="unsafe"):
            render_sheet(library, "piriformis", templates=mine)
    (mine / "sheet.html.j2").write_text("{{ lib.muscles.append(1) }}")
    environment.cache_clear()
    with pytest.raises(jinja2.UndefinedError, match="append"):
        render_sheet(library, "piriformis", templates=mine)


def test_a_rebuild_keeps_the_git_folder_and_cname(library: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(library, site)
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]\n\tbare = false\n")
    (site / "CNAME").write_text("trigger-points.example.org\n")
    before = {name: digest for name, digest in tree(site).items() if name != ".trigger-points-site"}
    report = build_site(library, site)
    assert report.kept == 2
    after = {name: digest for name, digest in tree(site).items() if name != ".trigger-points-site"}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    "muscle_id",
    ["rectus_abdominis", "iliopsoas", "quadratus_lumborum", "levator_ani", "hamstrings"],
)
def test_a_patient_handout_sets_the_emergency_tier_apart_and_shows_its_own_signs(
    library: Library, muscle_id: str
) -> None:
    muscle = library.muscle(muscle_id)
    html = render_handout(library, [muscle_id], "patient")
    flags = library.guidance_section("red_flags").statements
    emergency = html.index('class="tier tier-emergency"')
    # The emergency signs come before anything that can wait, and before the map.
    assert emergency < html.index('class="tier tier-soon"') < html.index('class="tier tier-review"')
    assert emergency < html.index("<svg")
    block = html[emergency : html.index("</section>", emergency)]
    for flag in flags:
        inside = " ".join(flag.text.split()) in " ".join(block.split())
        assert inside == (flag.urgency == "emergency"), flag.label
    for sign in muscle.patient_warning_signs:
        tier = html.index(f'class="tier tier-{sign.urgency}"')
        where = html.index(" ".join(sign.text.split()).replace("'", "&#39;"), tier)
        assert where < html.index("</section>", tier), (muscle_id, sign.text)


def test_the_sheet_and_the_safety_page_group_red_flags_by_urgency(
    library: Library, tmp_path: Path
) -> None:
    sheet = render_sheet(library, "quadratus_lumborum")
    assert "Emergency: send to an emergency department now" in sheet
    assert sheet.index("tier-emergency") < sheet.index("tier-soon") < sheet.index("tier-review")
    assert "Needle length" in sheet
    about = (build_site(library, tmp_path / "site").folder / "about.html").read_text()
    assert about.index("tier-emergency") < about.index("tier-soon") < about.index("tier-review")


def test_a_patient_handout_says_which_regions_are_felt_on_both_sides(library: Library) -> None:
    html = " ".join(render_handout(library, ["gluteus_medius"], "patient").split())
    assert "lower low back, beside the spine (both sides)" in html
    student = " ".join(render_handout(library, ["rectus_abdominis"], "student").split())
    assert "Lower ribs, back and side (both sides)" in student  # a bilateral point's spillover


def test_every_figure_a_site_page_points_at_is_in_the_site(
    library: Library, tmp_path: Path
) -> None:
    """The site's maps and charts draw their figure from shared files: each must be there."""
    folder = build_site(library, tmp_path / "site").folder
    pointed: set[Path] = set()
    drawings = [*folder.rglob("*.html"), *(folder / "maps").glob("*.svg")]
    for page in drawings:
        for href in re.findall(r'xlink:href="([^"#][^"]*)"', page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{page.relative_to(folder)}: {href}"
            assert target.is_relative_to(folder.resolve() / "figures")
            pointed.add(target)
    sheet = (folder / "muscles" / "piriformis.html").read_text(encoding="utf-8")
    assert 'xlink:href="../figures/posterior.svg"' in sheet
    assert "<clipPath" not in sheet and "<style" not in sheet.split("</head>")[1]
    # Maps (lines with landmarks), and the picker's side views (plain, mirrored for the left).
    used = {"posterior.svg", "posterior-body.svg", "posterior-silhouette.svg"}
    assert used | {"lateral-plain.svg", "lateral-mirrored-plain.svg"} <= {p.name for p in pointed}
    # The muscles' own maps (the patient handout's, the guide's thumbnails) are documents
    # the pages embed: they draw the shared files too, and link the style sheet.
    for drawing in (folder / "maps").glob("*.svg"):
        text = drawing.read_text(encoding="utf-8")
        assert 'xlink:href="../figures/' in text
        assert text.startswith('<?xml-stylesheet href="../map.css" type="text/css"?>')


@pytest.mark.parametrize("audience", ["patient", "student"])
def test_a_left_handout_draws_the_left_side_and_says_so(library: Library, audience: str) -> None:
    right = render_handout(library, "gluteus_medius", audience)  # type: ignore[arg-type]
    left = render_handout(library, "gluteus_medius", audience, side="left")  # type: ignore[arg-type]
    assert "the patient&#39;s left is on your left" in left
    assert "the patient&#39;s right is on your right" not in left
    assert "-left-" in left and "-right-" not in left  # every map drawn for the left
    assert "-right-" in right and "left side" not in right
    assert re.search(r"<title>Gluteus medius: [a-z ]+ \(left side\) · ", left)


def test_an_unknown_side_names_the_known_ones(library: Library) -> None:
    with pytest.raises(ValueError, match=r"^side must be one of right, left$"):
        render_handout(library, "piriformis", side="middle")  # type: ignore[arg-type]


def test_the_command_writes_a_left_handout(tmp_path: Path) -> None:
    out = tmp_path / "left.html"
    assert main(["handout", "piriformis", "--side", "left", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "pain on the left side" in html and "where the pain is felt on the left</title>" in html


def test_each_sheet_links_one_patient_handout_for_both_sides(
    library: Library, tmp_path: Path
) -> None:
    """The site's patient handout holds both sides' maps; the sheet links each side."""
    site = build_site(library, tmp_path / "site").folder
    for muscle in library.muscles:
        sheet = (site / "muscles" / f"{muscle.id}.html").read_text(encoding="utf-8")
        name = f"{muscle.id}-patient.html"
        assert f'href="../handouts/{name}"' in sheet
        assert f'href="../handouts/{name}#left"' in sheet
        assert 'href="#for-students"' in sheet and 'id="for-students"' in sheet
        handout = (site / "handouts" / name).read_text(encoding="utf-8")
        assert 'id="left" class="side-anchor"' in handout
        # One drawing for both sides: the page embeds it, for the left at its own #left.
        embedded = re.findall(r'<object type="image/svg\+xml" data="([^"]+)"', handout)
        assert embedded == [f"../maps/{muscle.id}.svg", f"../maps/{muscle.id}.svg#left"]
        drawing = (site / "maps" / f"{muscle.id}.svg").read_text(encoding="utf-8")
        assert 'id="left"' in drawing and 'href="../map.css"' in drawing
        felt = {
            str(key)
            for point in muscle.trigger_points
            for zone in ("essential", "spillover")
            for key in library.felt(point, zone, "right")
        }
        assert set(re.findall(r'class="zone [a-z]+"[^>]*data-region="([^"]+)"', drawing)) == felt
        assert not (site / "handouts" / f"{muscle.id}-patient-left.html").exists()
        assert not (site / "handouts" / f"{muscle.id}-student.html").exists()


_SANDBOX_SUBJECTS: list[object] = [
    "text",
    [1, 2],
    {"a": 1},
    {1, 2},
    (1,),
    len,
    str.upper,
    "x".upper,
    str,
    (n for n in range(0)),
    Markup("<b>"),
    PurePosixPath("a"),
]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subject=st.sampled_from(_SANDBOX_SUBJECTS),
    attribute=st.sampled_from(
        [
            "upper",
            "append",
            "pop",
            "update",
            "add",
            "mro",
            "__class__",
            "_private",
            "gi_frame",
            "__globals__",
            "__self__",
            "func_code",
            "keys",
            "name",
            "parts",
            "clear",
            "format",
        ]
    )
    | st.text(max_size=12),
)
def test_the_sandbox_remembers_the_verdict_jinja2_gives(
    library: Library, subject: object, attribute: str
) -> None:
    """Ours caches is_safe_attribute per (type, attribute): never a different verdict."""
    ours = environment(None)
    assert isinstance(ours, jinja2.sandbox.ImmutableSandboxedEnvironment)
    plain = jinja2.sandbox.ImmutableSandboxedEnvironment()
    value = getattr(subject, attribute, None)
    for _ in range(2):  # the first answer is worked out, the second remembered
        assert ours.is_safe_attribute(subject, attribute, value) == plain.is_safe_attribute(
            subject, attribute, value
        )


def test_a_template_still_cannot_change_the_library(library: Library) -> None:
    template = environment(None).from_string("{{ muscles.append(1) }}")
    with pytest.raises(jinja2.exceptions.SecurityError):
        template.render(muscles=[])


def test_each_map_of_a_sheet_is_described_by_its_row_of_the_table(library: Library) -> None:
    """A sheet's map says what it shows through the table's row, not a second copy of it."""
    for muscle in library.muscles:
        sheet = render_sheet(library, muscle.id)
        described = re.findall(r'<svg aria-describedby="([^"]+)"', sheet)
        assert described == [point.id for point in muscle.trigger_points]
        for point_id in described:
            row = re.search(rf'<tr id="{re.escape(point_id)}">(.*?)</tr>', sheet, re.S)
            assert row is not None, point_id
            assert "Essential zone" in row.group(1) or "data-label" in row.group(1)
        assert "<desc" not in sheet.split('<section aria-labelledby="points">')[0]
