"""The API reference: it covers the public API, its examples run, and it builds strictly.

The reference (`mkdocs.yml`, `docs/api/pages/`) documents objects by their full path
(`::: trigger_points.library.Library`). These tests read the same docstrings the same way
(griffe, statically), so what they check is what a reader sees: every name of
`trigger_points.__all__` is on a page; every documented object, and every public method
and property of a documented class, has an example; and every example runs, in a session
that has done `import trigger_points as tp` and `lib = tp.load_library()`.
"""

from __future__ import annotations

import doctest
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import trigger_points as tp

griffe = pytest.importorskip(
    "griffe", reason='griffe comes with the docs extra: pip install ".[test]" brings it'
)

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "api" / "pages"
DIRECTIVE = re.compile(r"^::: (trigger_points\.[\w.]+)\s*$", re.MULTILINE)
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@cache
def _package() -> Any:
    """The package as griffe reads it for the pages (statically, from the sources)."""
    return griffe.load(
        "trigger_points", search_paths=[str(ROOT)], docstring_parser="google", resolve_aliases=True
    )


def documented_paths() -> list[str]:
    """The objects the pages document, in page order."""
    paths: list[str] = []
    for page in sorted(PAGES.glob("*.md")):
        paths += DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    return paths


def _member_paths(path: str, found: Any) -> Iterator[str]:
    """A documented class's own public methods and properties (its fields are data)."""
    for name, member in found.members.items():
        if name.startswith("_") or member.is_alias:
            continue
        if member.is_function or "property" in member.labels:
            yield f"{path}.{name}"


def public_objects() -> dict[str, Any]:
    """Every documented object and its public methods and properties, by full path."""
    package = _package()
    objects: dict[str, Any] = {"trigger_points": package}  # its docstring is `help(tp)`
    for path in documented_paths():
        found = package[path.removeprefix("trigger_points.")]
        found = found.final_target if found.is_alias else found
        objects[path] = found
        if found.is_class:
            for member in _member_paths(path, found):
                objects[member] = package[member.removeprefix("trigger_points.")]
    return objects


def _docstring(found: Any) -> str:
    return found.docstring.value if found.docstring else ""


def _examples(path: str, found: Any) -> doctest.DocTest:
    docstring = _docstring(found)
    return doctest.DocTestParser().get_doctest(
        docstring, {}, path, str(found.filepath), found.docstring.lineno if docstring else 0
    )


def test_every_public_name_is_on_a_page() -> None:
    documented = set(documented_paths())
    missing = [
        f"{tp._LAZY[name]}.{name}"
        for name in tp.__all__
        if name != "__version__" and f"{tp._LAZY[name]}.{name}" not in documented
    ]
    assert not missing, f"public names no page documents (add `::: PATH` to a page): {missing}"


def test_every_documented_path_exists_and_is_documented_once() -> None:
    paths = documented_paths()
    assert len(paths) == len(set(paths)), "an object is documented on two pages"
    objects = public_objects()
    assert set(paths) <= set(objects)


def test_every_public_name_has_a_docstring() -> None:
    undocumented = [path for path, found in public_objects().items() if not _docstring(found)]
    assert not undocumented, f"public names without a docstring: {undocumented}"


def _fields_without_docstring() -> set[str]:
    """The public fields of documented classes that say nothing (pydantic's config aside)."""
    found = set()
    for path, documented in public_objects().items():
        if not documented.is_class:
            continue
        for name, member in documented.members.items():
            if name.startswith("_") or name == "model_config" or member.is_alias:
                continue
            if member.is_attribute and not member.docstring:
                found.add(f"{path}.{name}")
    return found


def test_every_public_field_says_what_it_holds() -> None:
    missing = sorted(_fields_without_docstring())
    assert not missing, f"public fields without a docstring (a string below the field): {missing}"


def _without_example() -> set[str]:
    return {
        path for path, found in public_objects().items() if not _examples(path, found).examples
    }


def test_every_public_name_has_an_example() -> None:
    missing = sorted(_without_example())
    assert not missing, (
        "public names whose docstring has no example (an `Examples:` section with `>>>` "
        f"lines that run with `tp` and `lib` defined): {missing}"
    )


@pytest.fixture(scope="module")
def session_globals(library: tp.Library) -> dict[str, Any]:
    return {"tp": tp, "lib": library}


@pytest.mark.parametrize(
    "path", [path for path, found in public_objects().items() if _examples(path, found).examples]
)
def test_the_examples_run(
    path: str, session_globals: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    test = _examples(path, public_objects()[path])
    test.globs = dict(session_globals)
    output: list[str] = []
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    result = runner.run(test, out=output.append)
    assert result.failed == 0, "".join(output)


FENCE = re.compile(r"^\s*```.*$", re.MULTILINE)


@pytest.mark.parametrize("page", sorted(path.name for path in PAGES.glob("*.md")))
def test_the_examples_of_the_pages_run(page: str, session_globals: dict[str, Any]) -> None:
    """The pages' own `>>>` examples (getting started...), their code fences set aside."""
    text = FENCE.sub("", (PAGES / page).read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(text, dict(session_globals), page, page, 0)
    output: list[str] = []
    result = doctest.DocTestRunner(optionflags=OPTIONS).run(test, out=output.append)
    assert result.failed == 0, "".join(output)


def test_an_example_that_fails_is_reported() -> None:
    """The runner above would notice a wrong example: the check is not vacuous."""
    wrong = doctest.DocTestParser().get_doctest(
        '>>> lib.muscle("piriformis").name\n\'Not piriformis\'\n', {}, "wrong", "wrong.py", 0
    )
    wrong.globs = {"tp": tp, "lib": tp.load_library()}
    output: list[str] = []
    result = doctest.DocTestRunner(optionflags=OPTIONS).run(wrong, out=output.append)
    assert result.failed == 1
    assert "Piriformis" in "".join(output)


EXTERNAL = re.compile(
    r"<(?:script|link|img|source|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
FONT_FROM_NETWORK = re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def _text(page: Path) -> str:
    """A page's text as a reader sees it: tags (such as the code's colours) removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The reference built as the README says (strict), into a folder of its own."""
    pytest.importorskip("mkdocs", reason='mkdocs is not installed (pip install ".[docs]")')
    out = tmp_path_factory.mktemp("reference") / "api-docs"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def test_the_reference_builds_strictly_and_offline(reference: tuple[Path, str]) -> None:
    out, log = reference
    assert "WARNING" not in log, log
    pages = sorted(out.glob("*.html"))
    assert {page.stem for page in pages} >= {path.stem for path in PAGES.glob("*.md")}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.findall(text), f"{page.name} loads something from the network"
    for sheet in out.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        assert not FONT_FROM_NETWORK.findall(css), f"{sheet.name} loads from the network"
    # The pages carry the docstrings' examples, and the schemas the data page links to.
    drawings = _text(out / "drawings.html")
    assert 'lib.codes("buttock:right")' in drawings
    assert "Codes(choir=('b24',), michigan=(34,))" in drawings
    for schema in (ROOT / "data" / "schema").glob("*.schema.json"):
        assert (out / "schema" / schema.name).read_bytes() == schema.read_bytes()
    command = _text(out / "files-and-command.html")
    assert "trigger-points map --help" in command
    assert "usage: trigger-points map" in command


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_reference_reads_offline_at_desk_and_phone_widths(
    reference: tuple[Path, str], browser: Any, width: int
) -> None:
    """From file://, with nothing fetched from anywhere else, and no page wider than a phone."""
    out, _ = reference
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone
    )
    elsewhere: list[str] = []

    def refuse(route: Any) -> None:
        elsewhere.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!file:|data:|about:)"), refuse)
    try:
        for page_file in sorted(out.glob("*.html")):
            if page_file.name == "404.html":  # a server's page, with no contents of its own
                continue
            page = context.new_page()
            page.goto(page_file.as_uri())
            wider = page.evaluate("document.documentElement.scrollWidth") - width
            assert wider <= 0, f"{page_file.name} is {wider} px wider than {width} px"
            if phone:  # the page's own contents open from a labelled button
                toggle = page.locator(".bs-sidebar .navbar-toggler")
                assert toggle.is_visible()
                toggle.click()
                page.locator("#toc-collapse").wait_for(state="visible")
            page.close()
    finally:
        context.close()
    assert not elsewhere, f"the reference asked the network for {elsewhere}"
