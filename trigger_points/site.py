"""The static reference site: its pages, the navigation built from them, the guide's data.

`site_pages` lists every page with its template and values, renders them in
memory, and adds the assets; `build_site` hands the lot to `files.write_folder`,
which swaps the new site in only when every file was written. Pages are
addressed by validated ids, so no path leaves the output folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

from trigger_points.charts import INTENSITY_COLOURS, QUALITY_GLYPHS
from trigger_points.dermatomes import CONSISTENT_COVERAGE, COVERAGE_WEIGHT, FOCUS_WEIGHT
from trigger_points.drawing import (
    DRAWING_FORMAT,
    DRAWING_VERSION,
    MAX_MARKS,
    MAX_NOTE_LENGTH,
    QUALITIES,
    QUALITY_LABELS,
)
from trigger_points.figure import figure_files
from trigger_points.files import BuildReport, write_folder
from trigger_points.guide import SCORING, SIDE_ORDER
from trigger_points.html import AUDIENCES, FIGURES, environment, render_page
from trigger_points.library import Library
from trigger_points.maps import map_figure
from trigger_points.model import MUSCLE_GROUP_LABELS, SIDES, Muscle, NerveRoot, RegionKey, Side
from trigger_points.phrases import key_phrase
from trigger_points.report import quality_key
from trigger_points.schema import schema_text

__all__ = [
    "ASSETS",
    "BuildReport",
    "NavItem",
    "Page",
    "build_site",
    "guide_data",
    "intake_data",
    "site_pages",
]

ASSETS = (
    "style.css",
    "map.css",
    "site.js",
    "picker.js",
    "rank.js",
    "guide.js",
    "enlarge.js",
    "intake.js",
)
"""Files copied from the templates folder as they are."""


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes, what renders it, and where it sits in the nav."""

    path: str
    template: str
    section: str
    """The navigation entry the page belongs under (a sheet is under `Muscles`)."""
    title: str | None = None
    """Its name in the navigation, for the pages the navigation lists."""
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        """The relative path from the page back to the site's top folder."""
        return "../" * self.path.count("/")


@dataclass(frozen=True)
class NavItem:
    """A link of the site's navigation as one page shows it."""

    url: str
    title: str
    current: bool


def guide_data(library: Library) -> dict[str, Any]:
    """What the guide page's scripts need to rank as `lib.guide_muscles` and `lib.guide` do."""
    patterns = library.patterns
    keys = sorted({key for p in patterns for key in p.essential | p.spillover})
    return {
        "consistentCoverage": CONSISTENT_COVERAGE,
        "dermatomeWeights": {"coverage": COVERAGE_WEIGHT, "focus": FOCUS_WEIGHT},
        "dermatomes": [_dermatome_data(library, root) for root in library.nerve_roots],
        "scoring": SCORING,
        "sideOrder": SIDE_ORDER,
        "labels": {key: key_phrase(library, key) for key in keys},
        "composites": _composite_keys(library),
        "muscles": {
            muscle.id: {
                "name": muscle.name,
                "maps": {side: pattern_map_path(muscle, side) for side in SIDES},
            }
            for muscle in library.muscles
        },
        "points": {
            point.id: {"name": point.name} for m in library.muscles for point in m.trigger_points
        },
        "patterns": [
            {
                "muscle": p.muscle.id,
                "point": p.trigger_point.id,
                "side": p.side,
                "essential": sorted(p.essential),
                "spillover": sorted(p.spillover),
            }
            for p in sorted(patterns, key=lambda p: (p.trigger_point.id, SIDE_ORDER[p.side]))
        ],
    }


def _composite_keys(library: Library) -> dict[str, list[str]]:
    """Each composite on each side with its drawn parts: an address may name `sacrum`."""
    found: dict[str, list[str]] = {}
    for region in library.regions:
        if region.composite:
            for side in SIDES:
                key = RegionKey.felt_on(region, side)
                found[str(key)] = [str(leaf) for leaf in library.leaves(key)]
    return found


def pattern_map_path(muscle: Muscle, side: Side) -> str:
    """Where the site keeps a muscle's small pattern map for one side: the guide shows it."""
    return f"maps/{muscle.id}-{side}.svg"


def _pattern_maps(library: Library) -> list[tuple[PurePosixPath, str]]:
    """Each muscle's whole pattern on each side, bare and cropped: the guide's thumbnails.

    Files rather than inline SVG, so the guide page stays small and loads only the
    maps of the muscles it lists. Each is whole: an SVG shown by `<img>` loads nothing
    else, so it cannot point at the shared figure files.
    """
    return [
        (
            PurePosixPath(pattern_map_path(muscle, side)),
            map_figure(library, muscle.id, "auto", side, frame="focus", bare=True).svg,
        )
        for muscle in library.muscles
        for side in SIDES
    ]


def intake_data(library: Library) -> dict[str, Any]:
    """What the intake page's script needs to check a file as `parse_drawing` does.

    The file's shape, every region key a drawing may hold (with its label, drawn
    parts and body-map codes), the qualities and the intensity colours.
    """
    keys: dict[str, Any] = {}
    for region in library.regions:
        sides = (None,) if region.laterality == "midline" else SIDES
        for side in sides:
            key = str(RegionKey(region.id, side))
            keys[key] = {
                "label": key_phrase(library, key),
                "leaves": [str(leaf) for leaf in library.leaves(key)],
                "codes": library.codes([key]).as_data(),
            }
    return {
        "format": DRAWING_FORMAT,
        "version": DRAWING_VERSION,
        "maxNote": MAX_NOTE_LENGTH,
        "maxMarks": MAX_MARKS,
        "qualities": [
            {"id": q, "label": QUALITY_LABELS[q], "glyph": QUALITY_GLYPHS[q]} for q in QUALITIES
        ],
        "intensityColours": list(INTENSITY_COLOURS),
        "keys": keys,
    }


def _dermatome_data(library: Library, root: NerveRoot) -> dict[str, Any]:
    """A root as the guide page's script needs it: its dermatome's keys on each side."""
    sides: dict[str, list[str]] = {
        side: sorted(str(key) for key in library.dermatome(root, side)) for side in SIDES
    }
    if sides["right"] == sides["left"]:
        sides = {"either": sides["right"]}
    return {
        "root": root.id,
        "name": root.name,
        "href": f"roots/{root.id}.html",
        "keyPoint": root.key_point.rstrip("."),
        "keyMuscle": (root.key_muscle or "").rstrip(".") or None,
        "reflex": (root.reflex or "").rstrip(".") or None,
        "emergency": root.emergency,
        "alert": sorted(library.alert_keys(root)),
        "sides": sides,
    }


def _script_json(data: Any) -> Markup:
    """JSON that is safe inside a script element: no `<`, `>` or `&` can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def pages(library: Library) -> list[Page]:
    """Every page of the site, in a stable order; the ones with a title form the navigation."""
    groups = [
        (MUSCLE_GROUP_LABELS[group], sorted(members, key=lambda m: m.name))
        for group, members in library.muscles_by_group()
    ]
    found = [
        Page("index.html", "index.html.j2", "index", "Muscles", {"groups": groups}),
        Page(
            "guide.html",
            "guide.html.j2",
            "guide",
            "Pain guide",
            {"guide_data": _script_json(guide_data(library)), "scoring": SCORING},
        ),
        Page("conditions.html", "conditions.html.j2", "conditions", "Conditions"),
        Page(
            "sciatica-or-referred-pain.html", "roots.html.j2", "roots", "Sciatica or referred pain?"
        ),
        Page("about.html", "about.html.j2", "about", "About and safety"),
        Page("sources.html", "sources.html.j2", "sources", "Sources"),
        Page("pain-drawing.html", "pain_drawing.html.j2", "guide"),
        Page(
            "intake.html",
            "intake.html.j2",
            "guide",
            None,
            {
                "intake_data": _script_json(intake_data(library)),
                "guide_data": _script_json(guide_data(library)),
                "quality_key": quality_key(),
            },
        ),
    ]
    for muscle in library.muscles:
        found.append(
            Page(f"muscles/{muscle.id}.html", "sheet.html.j2", "index", None, {"muscle": muscle})
        )
        for audience in AUDIENCES:
            found.append(
                Page(
                    f"handouts/{muscle.id}-{audience}.html",
                    f"handout_{audience}.html.j2",
                    "index",
                    None,
                    {"muscles": [muscle]},
                )
            )
    if library.nerve_roots:
        for audience in AUDIENCES:
            found.append(
                Page(
                    f"handouts/leg-pain-{audience}.html",
                    f"handout_legpain_{audience}.html.j2",
                    "roots",
                    None,
                )
            )
    for condition in library.conditions:
        values = {
            "condition": condition,
            "relating": library.muscles_relating_to(condition.id),
            "mimicking": library.muscles_mimicking(condition.id),
        }
        found.append(
            Page(f"conditions/{condition.id}.html", "condition.html.j2", "conditions", None, values)
        )
    for nerve_root in library.nerve_roots:
        found.append(
            Page(
                f"roots/{nerve_root.id}.html",
                "root.html.j2",
                "roots",
                None,
                {"nerve_root": nerve_root},
            )
        )
    return found


def _navigation(site: list[Page], page: Page) -> list[NavItem]:
    return [
        NavItem(entry.path, entry.title, entry.section == page.section)
        for entry in site
        if entry.title is not None
    ]


def site_pages(
    library: Library, *, templates: Path | None = None
) -> list[tuple[PurePosixPath, str]]:
    """Every file of the site (pages, then assets) with its text, rendered in memory.

    Raises jinja2.TemplateError for a broken template.
    """
    site = pages(library)
    rendered = [
        (
            PurePosixPath(page.path),
            render_page(
                library,
                page.template,
                templates,
                root=page.root,
                standalone=False,
                nav=_navigation(site, page),
                **page.values,
            ),
        )
        for page in site
    ]
    rendered += _pattern_maps(library)
    figures = figure_files(library.views)
    rendered += [(PurePosixPath(f"{FIGURES}{name}"), text) for name, text in figures.items()]
    loader = environment(templates).loader
    assert loader is not None  # every environment of ours has one
    for asset in ASSETS:
        text = loader.get_source(environment(templates), asset)[0]
        rendered.append((PurePosixPath(asset), text))
    rendered.append((PurePosixPath("pain-drawing.schema.json"), schema_text("pain-drawing")))
    return rendered


def build_site(
    library: Library, folder: str | Path = "site", *, templates: Path | None = None
) -> BuildReport:
    """Build the static reference site into `folder`, replacing it only when the build succeeded.

    Files and folders the user added to an earlier build (`.git/`, `CNAME`) are
    kept; a second build into the same folder waits for the first. Raises
    FileExistsError when `folder` is a file or a non-empty folder we did not
    build, FileNotFoundError for a missing templates folder, jinja2.TemplateError
    for a broken template, and whatever a user's template raises (each with the
    template's file and line in its traceback); the folder is untouched whenever
    anything is raised.
    """
    return write_folder(site_pages(library, templates=templates), Path(folder))
