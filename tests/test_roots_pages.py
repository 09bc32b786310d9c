"""The nerve-root pages of the site: sciatica or referred pain, and one page per root."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

from trigger_points.library import Library
from trigger_points.site import build_site

COMPARISON = "sciatica-or-referred-pain.html"


class Links(HTMLParser):
    """The href of every link on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@pytest.fixture(scope="module")
def site(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(library, tmp_path_factory.mktemp("roots") / "site").folder


def test_the_site_has_the_comparison_page_and_one_page_per_root(
    library: Library, site: Path
) -> None:
    assert library.nerve_roots, "no nerve roots loaded"
    pages = [COMPARISON, *(f"roots/{root.id}.html" for root in library.nerve_roots)]
    for page in pages:
        path = site / page
        assert path.is_file(), page
        for href in links(path.read_text(encoding="utf-8")):
            assert not href.startswith(("/", "http:", "https:")), (page, href)
            target = href.split("#")[0]
            if target:
                resolved = (path.parent / PurePosixPath(target)).resolve()
                assert resolved.is_file(), (page, href)
    comparison = (site / COMPARISON).read_text(encoding="utf-8")
    for root in library.nerve_roots:
        assert f'href="roots/{root.id}.html"' in comparison, root.id


def test_the_comparison_page_is_in_the_navigation(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{COMPARISON}"' in index


@pytest.mark.parametrize("root_id", ["l5", "s1"])
def test_gluteus_minimus_resembles_l5_and_s1(library: Library, site: Path, root_id: str) -> None:
    root = library.nerve_root(root_id)
    found = [match.trigger_point.id for match in library.resembling(root)][:3]
    assert any(point.startswith("gluteus_minimus.") for point in found), found
    page = (site / "roots" / f"{root_id}.html").read_text(encoding="utf-8")
    assert 'href="../muscles/gluteus_minimus.html"' in page
    assert page.count('class="enlarge"') >= 2  # the dermatome map and at least one combined map
    sheet = (site / "muscles" / "gluteus_minimus.html").read_text(encoding="utf-8")
    assert f'href="../roots/{root_id}.html"' in sheet and f'href="../{COMPARISON}"' in sheet


def test_the_comparison_page_shows_the_emergency_tier_before_the_rest(
    library: Library, site: Path
) -> None:
    html = (site / COMPARISON).read_text(encoding="utf-8")
    main = html[html.index('<main id="main">') :]
    emergency = main.index('class="tier tier-emergency"')
    assert "tier-soon" not in main and "tier-review" not in main
    for heading in ("What separates them", "What a pain drawing can say", "Tests and what"):
        assert emergency < main.index(heading), heading
    text = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    for flag in library.guidance_section("red_flags").statements:
        if flag.urgency == "emergency":
            assert " ".join(flag.text.split()) in text, flag.label
    saddle = " ".join(library.guidance_section("roots").statement("saddle").text.split())
    assert saddle in text


def test_saddle_root_pages_put_the_emergency_first(library: Library, site: Path) -> None:
    for root in library.nerve_roots:
        html = (site / "roots" / f"{root.id}.html").read_text(encoding="utf-8")
        if root.emergency:
            assert html.index("tier-emergency") < html.index("<svg"), root.id
        else:
            assert "tier-emergency" not in html, root.id
    assert library.nerve_root("s4_s5").emergency


def test_every_statement_of_the_roots_section_cites_a_source(library: Library, site: Path) -> None:
    section = library.guidance_section("roots")
    known = {source.id for source in library.sources}
    html = " ".join((site / COMPARISON).read_text(encoding="utf-8").split())
    for statement in section.statements:
        assert statement.id, statement.text
        assert statement.sources, statement.id
        assert {citation.source for citation in statement.sources} <= known, statement.id
    for statement_id in ("separates", "coexist", "drawings", "slr", "slump", "femoral_stretch"):
        text = " ".join(section.statement(statement_id).text.replace("'", "&#39;").split())
        assert text in html, statement_id


@pytest.mark.parametrize("condition_id", ["sciatica", "lumbago_with_sciatica", "pseudo_sciatica"])
def test_the_sciatica_conditions_link_the_comparison_page(site: Path, condition_id: str) -> None:
    html = (site / "conditions" / f"{condition_id}.html").read_text(encoding="utf-8")
    main = html[html.index('<main id="main">') :]
    assert f'href="../{COMPARISON}"' in main
