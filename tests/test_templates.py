"""A user's templates that extend ours: `tp/NAME`, named blocks, errors in place, the documentation.

An educator replaces one block of one page and keeps the rest of ours; the
page listing every template and its blocks is checked against the templates
themselves, so a block added without a word there fails here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import jinja2.nodes
import pytest

from trigger_points.cache import CACHE_FOLDER_VARIABLE, CACHE_VARIABLE
from trigger_points.cli import main
from trigger_points.html import _environment, render_handout, render_sheet
from trigger_points.library import Library
from trigger_points.resources import bundled_path
from trigger_points.site import build_site

TEMPLATES = bundled_path("templates")
DOCUMENTATION = TEMPLATES / "README.md"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_template_extends_the_one_of_ours_it_replaces(library: Library, tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    write(
        mine,
        "handout_patient.html.j2",
        '{% extends "tp/handout_patient.html.j2" %}\n'
        "{% block self_care %}<p>Ask us about {{ muscle.name | lower }}.</p>{% endblock %}\n",
    )
    html = render_handout(library, ["piriformis", "iliopsoas"], templates=mine)
    assert "Ask us about piriformis." in html and "Ask us about iliopsoas." in html
    assert "Something you can do" not in html  # the block replaced, for every muscle
    assert "When it may not be the muscle" in html  # the rest is ours
    assert "Go to an emergency department now" in html


def test_naming_the_same_template_without_the_prefix_is_a_placed_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What crashed with a RecursionError before `tp/`: still refused, in one placed line."""
    mine = tmp_path / "templates"
    path = write(mine, "handout_patient.html.j2", '{% extends "handout_patient.html.j2" %}\n')
    assert main(["handout", "piriformis", "--templates", str(mine)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"trigger-points: template error: {path}:1: ") and err.count("\n") == 1


def test_a_users_base_frames_every_page_of_ours(library: Library, tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    write(
        mine,
        "base.html.j2",
        '{% extends "tp/base.html.j2" %}\n'
        '{% block head %}<meta name="clinic" content="ours">{% endblock %}\n',
    )
    site = build_site(library, tmp_path / "site", templates=mine).folder
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert '<meta name="clinic" content="ours">' in page.read_text(encoding="utf-8"), page
    assert '<meta name="clinic"' in render_sheet(library, "piriformis", templates=mine)


def test_a_folder_named_tp_among_the_users_templates_cannot_hide_ours(
    library: Library, tmp_path: Path
) -> None:
    mine = tmp_path / "templates"
    write(mine / "tp", "base.html.j2", "not ours")
    write(mine, "sheet.html.j2", '{% extends "tp/sheet.html.j2" %}')
    assert render_sheet(library, "piriformis", templates=mine) == render_sheet(
        library, "piriformis"
    )


def test_an_error_in_a_template_that_extends_ours_names_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "templates"
    path = write(
        mine,
        "sheet.html.j2",
        '{% extends "tp/sheet.html.j2" %}\n'
        "{% block sources %}\n"
        "<p>{{ muscle.no_such_field }}</p>\n"
        "{% endblock %}\n",
    )
    for argv in (["sheet", "piriformis"], ["build", str(tmp_path / "site")]):
        assert main([*argv, "--templates", str(mine)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"trigger-points: template error: {path}:3: "), err
        assert "no_such_field" in err and err.count("\n") == 1


@contextmanager
def caches_in(folder: Path) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in (CACHE_VARIABLE, CACHE_FOLDER_VARIABLE)}
    os.environ[CACHE_FOLDER_VARIABLE] = str(folder)
    os.environ.pop(CACHE_VARIABLE, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_compiled_templates_are_cached_apart_under_either_name(
    library: Library, tmp_path: Path
) -> None:
    """`tp/base.html.j2` and a user's `base.html.j2` share no compiled code, warm or cold."""
    mine = tmp_path / "templates"
    write(mine, "base.html.j2", '{% extends "tp/base.html.j2" %}{% block head %}MINE{% endblock %}')

    def render() -> str:
        environment = _environment(mine)
        page = environment.get_template("sources.html.j2")
        return page.render(lib=library, site=library.site, root="", standalone=False, nav=())

    with caches_in(tmp_path / "cache"):
        cold = render()
        assert list((tmp_path / "cache" / "jinja").glob("*/*"))
        assert render() == cold and cold.count("MINE") == 1
        edited = '{% extends "tp/base.html.j2" %}{% block head %}NEW{% endblock %}'
        write(mine, "base.html.j2", edited)
        assert "NEW" in render() and "MINE" not in render()


# -- the documentation of every template ------------------------------------------------------


def template_names() -> list[str]:
    return sorted(path.name for path in TEMPLATES.glob("*.j2"))


def blocks_of(name: str) -> list[str]:
    environment = jinja2.Environment()
    tree = environment.parse((TEMPLATES / name).read_text(encoding="utf-8"))
    return [block.name for block in tree.find_all(jinja2.nodes.Block)]


def documented_blocks() -> dict[str, set[str]]:
    """Each template's `### name` section of the documentation, and the `block` names in it."""
    sections = re.split(r"^### ", DOCUMENTATION.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = {}
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        name = heading.strip().strip("`")
        # From "Blocks:" to the end of its paragraph, each block name in backquotes.
        listed = re.search(r"^Blocks: (.*?)(?:\n\n|\Z)", body, flags=re.MULTILINE | re.DOTALL)
        found[name] = set(re.findall(r"`([a-z_]+)`", listed.group(1))) if listed else set()
    return found


def test_the_documentation_has_a_section_for_every_template_and_no_other() -> None:
    assert sorted(documented_blocks()) == template_names()


@pytest.mark.parametrize("name", template_names())
def test_the_documentation_lists_every_block_of_a_template(name: str) -> None:
    assert documented_blocks()[name] == set(blocks_of(name))


def test_the_documentation_names_every_filter_and_function_a_template_may_use() -> None:
    text = DOCUMENTATION.read_text(encoding="utf-8")
    environment = _environment(None)
    ours = set(environment.filters) - set(jinja2.Environment().filters)
    functions = set(environment.globals) - set(jinja2.Environment().globals)
    for name in sorted(ours):
        assert f"| {name}" in text, f"the filter {name} is not documented"
    for name in sorted(functions):
        assert f"`{name}" in text, f"{name} is not documented"
