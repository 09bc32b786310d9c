"""Reference sheets, handouts and the static site, rendered with jinja2 from the models.

Templates live in the bundled `templates/` folder; a user's folder given as
`templates=` is searched first, so a file of the same name replaces ours.
Every value from the data is escaped (autoescape is on for every template,
whatever its extension); only our own SVG maps are marked safe. A missing
variable is an error, never an empty string.

The site is built in memory, written to a temporary folder beside the
output, and swapped in only when every page was written: a failed build
leaves the previous site as it was. Pages are addressed by validated ids,
and every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from trigger_points.charts import render_pain_drawing, render_region_picker
from trigger_points.checks import citations
from trigger_points.geometry import Side
from trigger_points.guide import SCORING, page_data
from trigger_points.library import Library
from trigger_points.model import (
    MUSCLE_GROUP_LABELS,
    REGION_GROUP_LABELS,
    Citation,
    Muscle,
)
from trigger_points.resources import bundled_path
from trigger_points.svg import choose_views, render_map
from trigger_points.text import NOT_A_DIAGNOSIS, format_citation, format_source, key_phrase

Audience = Literal["patient", "student"]
AUDIENCES: tuple[Audience, ...] = ("patient", "student")
ASSETS = ("style.css", "site.js", "guide.js")


@dataclass(frozen=True)
class Page:
    """One file of the site: its path inside the output folder, and its text."""

    path: PurePosixPath
    text: str


def _environment(templates: Path | None) -> jinja2.Environment:
    if templates is not None and not Path(templates).is_dir():
        raise FileNotFoundError(f"{templates}: no such templates folder")
    loaders = [jinja2.FileSystemLoader(str(templates))] if templates else []
    loaders.append(jinja2.FileSystemLoader(str(bundled_path("templates"))))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["NOT_A_DIAGNOSIS"] = NOT_A_DIAGNOSIS
    environment.globals["MUSCLE_GROUP_LABELS"] = MUSCLE_GROUP_LABELS
    environment.globals["REGION_GROUP_LABELS"] = REGION_GROUP_LABELS
    return environment


@cache
def _cached_environment(templates: Path | None) -> jinja2.Environment:
    """One environment per template folder: building it again for every page is waste."""
    return _environment(templates)


class _Context:
    """What templates may ask of the library, in the words a reader needs."""

    def __init__(self, library: Library, root: str, standalone: bool) -> None:
        self.library = library
        self.root = root
        """The relative path from the page back to the site's top folder."""
        self.standalone = standalone

    def regions(self, region_ids: Iterable[str]) -> list[str]:
        return [self.library.region(region_id).label for region_id in region_ids]

    def cite(self, citations: Iterable[Citation]) -> str:
        return "; ".join(format_citation(self.library, citation) for citation in citations)

    def conditions(self, condition_ids: Iterable[str]) -> list[Any]:
        return [self.library.condition(condition_id) for condition_id in condition_ids]

    def source_entry(self, source_id: str) -> str:
        return format_source(self.library.source(source_id))

    def map(
        self,
        target: str | Sequence[str],
        side: Side = "right",
        title: str | None = None,
    ) -> Markup:
        """A body map of our own making, safe to place in the page as it is."""
        svg = render_map(self.library, target, view="auto", side=side, title=title, frame="focus")
        return Markup(svg)  # our SVG: every text in it was escaped by svgwrite

    def view_count(self, target: str) -> int:
        """How many views a target's map lays side by side (a wide map takes a wide cell)."""
        return len(choose_views(self.library, [target]))

    def region_picker(self) -> Markup:
        return Markup(render_region_picker(self.library))  # our SVG, its text escaped

    def pain_drawing(self) -> Markup:
        return Markup(render_pain_drawing(self.library))  # our SVG, its text escaped

    def link(self, path: str) -> str:
        return f"{self.root}{path}"

    def muscle_sources(self, muscle: Muscle) -> list[str]:
        """The source ids a muscle cites anywhere, in first-cited order."""
        return list(dict.fromkeys(citation.source for _, citation in citations(muscle)))

    def zones(self, muscle: Muscle) -> tuple[list[str], list[str]]:
        """The labels of every essential zone of a muscle, then of the spillover zones left over."""
        essential = list(dict.fromkeys(r for p in muscle.trigger_points for r in p.essential))
        spillover = list(
            dict.fromkeys(
                r for p in muscle.trigger_points for r in p.spillover if r not in essential
            )
        )
        return self.regions(essential), self.regions(spillover)

    def guidance(self, section_id: str) -> Any:
        return self.library.guidance_section(section_id)

    def guidance_sources(self, section_ids: Iterable[str]) -> str:
        """Every source the given guidance sections cite, once each, as short citations."""
        cited: dict[str, Citation] = {}
        for section_id in section_ids:
            section = self.library.guidance_section(section_id)
            for citation in (
                *section.intro_sources,
                *(c for s in section.statements for c in s.sources),
            ):
                cited.setdefault(citation.source, citation)
        return self.cite(cited.values())

    def handout_font(self, muscle: Muscle, audience: Audience) -> str:
        """The printed font size that keeps this muscle's handout on one sheet of paper.

        The map takes the height the text leaves (see style.css); a long text gets a
        smaller font so that the map keeps a legible size.
        """
        length = _handout_text_length(self.library, muscle, audience)
        scale = min(1.0, math.sqrt(HANDOUT_TEXT_BUDGET / length))
        return f"{max(HANDOUT_SMALLEST_POINTS, HANDOUT_POINTS * scale):.1f}pt"


HANDOUT_POINTS = 8.8
HANDOUT_SMALLEST_POINTS = 6.8
HANDOUT_TEXT_BUDGET = 2500
"""Characters of handout text that fit one page at the full font size beside a good map."""


def _handout_text_length(library: Library, muscle: Muscle, audience: Audience) -> int:
    """Roughly how much text a handout prints; table cells count extra for their wasted width."""
    labels = [
        library.region(region_id).label
        for point in muscle.trigger_points
        for region_id in (*point.essential, *point.spillover)
    ]
    if audience == "patient":
        care = muscle.self_care[0]
        guidance = [
            statement.text
            for section in ("red_flags", "contraindications")
            for statement in library.guidance_section(section).statements
        ]
        parts = [*dict.fromkeys(labels), *care.steps, *care.cautions, *guidance]
        return 600 + sum(len(part) for part in parts)
    anatomy = [muscle.origin, muscle.insertion, muscle.innervation.nerve, *muscle.actions]
    hazards = [f"{hazard.structure} {hazard.avoid}" for hazard in muscle.needling.hazards]
    table = [f"{point.name} {point.location}" for point in muscle.trigger_points]
    return 300 + sum(map(len, anatomy + hazards)) + int(1.25 * sum(map(len, table + labels)))


def _render(
    library: Library,
    template: str,
    templates: Path | None,
    *,
    root: str = "",
    standalone: bool = True,
    **values: Any,
) -> str:
    environment = _cached_environment(templates)
    context = _Context(library, root, standalone)
    return environment.get_template(template).render(tp=context, lib=library, **values)


def render_sheet(library: Library, muscle_id: str, *, templates: Path | None = None) -> str:
    """The reference sheet of one muscle as a standalone HTML page (its CSS inline).

    Raises UnknownIdError for an unknown muscle.
    """
    return _render(library, "sheet.html.j2", templates, muscle=library.muscle(muscle_id))


def render_handout(
    library: Library,
    muscle_ids: str | Sequence[str],
    audience: Audience = "patient",
    *,
    templates: Path | None = None,
) -> str:
    """A printable handout, one page per muscle, for patients or for students."""
    if isinstance(muscle_ids, str):
        muscle_ids = [muscle_ids]
    if not muscle_ids:
        raise ValueError("give at least one muscle for the handout")
    muscles = [library.muscle(muscle_id) for muscle_id in muscle_ids]
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    return _render(library, f"handout_{audience}.html.j2", templates, muscles=muscles)


def site_pages(library: Library, *, templates: Path | None = None) -> list[Page]:
    """Every page and asset of the site, in a stable order, rendered in memory."""
    pages: list[Page] = []

    def add(path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        text = _render(library, template, templates, root="../" * depth, standalone=False, **values)
        pages.append(Page(PurePosixPath(path), text))

    groups = [
        (MUSCLE_GROUP_LABELS[group], sorted(members, key=lambda m: m.name))
        for group, members in library.muscles_by_group()
    ]
    add("index.html", "index.html.j2", groups=groups, page_id="index")
    add("about.html", "about.html.j2", page_id="about")
    add("sources.html", "sources.html.j2", page_id="sources")
    add("conditions.html", "conditions.html.j2", page_id="conditions")
    add(
        "guide.html",
        "guide.html.j2",
        page_id="guide",
        guide_data=_guide_json(library),
        scoring=SCORING,
    )
    add("pain-drawing.html", "pain_drawing.html.j2", page_id="guide")
    for muscle in library.muscles:
        add(f"muscles/{muscle.id}.html", "sheet.html.j2", muscle=muscle, page_id="muscle")
        for audience in AUDIENCES:
            add(
                f"handouts/{muscle.id}-{audience}.html",
                f"handout_{audience}.html.j2",
                muscles=[muscle],
                page_id="handout",
            )
    for condition in library.conditions:
        add(
            f"conditions/{condition.id}.html",
            "condition.html.j2",
            condition=condition,
            relating=[m for m in library.muscles if condition.id in m.conditions],
            mimicking=[m for m in library.muscles if condition.id in m.mimics],
            page_id="condition",
        )
    environment = _cached_environment(templates)
    for asset in ASSETS:
        source = environment.loader.get_source(environment, asset)[0]  # type: ignore[union-attr]
        pages.append(Page(PurePosixPath(asset), source))
    return pages


def _guide_json(library: Library) -> Markup:
    """The guide's patterns and scoring as JSON that is safe inside a script element."""
    data = page_data(library.pain_guide, lambda key: key_phrase(library, key))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: the output folder, the number of files and their total size."""

    folder: Path
    files: int
    size: int


def _inside(root: Path, relative: PurePosixPath) -> Path:
    """The path of a page inside `root`; refuses any that would land outside it."""
    target = (root / relative).resolve()
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or not target.is_relative_to(root.resolve())
    ):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return target


SITE_MARKER = ".trigger-points-site"
"""Written into every site we build: we replace only a folder that holds it (or an empty one)."""


def _check_replaceable(folder: Path) -> None:
    """Refuse to overwrite anything that is not a site we built, so that nothing is lost."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder}: is a file, not a site folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / SITE_MARKER).is_file():
        raise FileExistsError(
            f"{folder}: the folder is not empty and was not built by trigger-points; "
            "choose another folder or empty it first"
        )


def write_pages(pages: Iterable[Page], folder: Path) -> BuildReport:
    """Write pages into a new folder, then swap it in for `folder` in one rename.

    `folder` must be absent, empty, or a site built before (it holds SITE_MARKER).
    If anything fails, the temporary folder is removed and `folder` is untouched.
    """
    folder = folder.resolve()
    _check_replaceable(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        files = size = 0
        for page in [*pages, Page(PurePosixPath(SITE_MARKER), "built by trigger-points\n")]:
            target = _inside(staging, page.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = page.text.encode("utf-8")
            target.write_bytes(data)
            files, size = files + 1, size + len(data)
        staging.chmod(0o755)
        _swap(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(folder, files, size)


def _swap(staging: Path, folder: Path) -> None:
    """Put the staged folder where the old one was, keeping the old one until that worked."""
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    if not folder.exists():
        staging.rename(folder)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.previous-", dir=folder.parent))
    retired.rmdir()
    folder.rename(retired)
    try:
        staging.rename(folder)
    except BaseException:
        retired.rename(folder)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def build_site(
    library: Library, folder: str | Path = "site", *, templates: Path | None = None
) -> BuildReport:
    """Build the static reference site into `folder`, replacing it only when the build succeeded."""
    return write_pages(site_pages(library, templates=templates), Path(folder))
