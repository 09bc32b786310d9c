"""The static reference site: its pages, the navigation built from them, the guide's data.

`site_files` lists every file of the site (the pages with their templates and
values, the guide's maps, the assets), each with a key that digests all its
bytes depend on, and renders one only when `files.write_folder` asks for it:
the pages go to the staging folder one at a time, and a page whose key the
last build recorded is linked from the old site instead. `build_site` hands
them over; the new site is swapped in only when every file was written. Pages
are addressed by validated ids, so no path leaves the output folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from trigger_points.charts import INTENSITY_COLOURS, QUALITY_GLYPHS
from trigger_points.datafiles import KINDS
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
from trigger_points.files import BuildReport, Keyed, write_folder
from trigger_points.guide import SCORING, SIDE_ORDER
from trigger_points.html import FIGURES, environment, render_page
from trigger_points.inputs import code_digest, digest
from trigger_points.library import Library
from trigger_points.maps import map_figure
from trigger_points.model import MUSCLE_GROUP_LABELS, SIDES, Muscle, NerveRoot, RegionKey, Side
from trigger_points.phrases import AUDIENCES, Audience, key_phrase
from trigger_points.quiz import quiz_data
from trigger_points.report import quality_key
from trigger_points.resources import bundled_path

__all__ = [
    "ASSETS",
    "HANDOUT_SIDES",
    "BuildReport",
    "NavItem",
    "Page",
    "build_site",
    "guide_data",
    "handout_path",
    "intake_data",
    "site_files",
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
    "quiz.js",
    "quiz.css",
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
    muscle: str | None = None
    """The muscle whose data the page shows, when it shows no other muscle's."""

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
                "map": pattern_map_path(muscle),
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


HANDOUT_SIDES: tuple[Side, ...] = ("right", "left")
"""The sides each muscle's patient handout on the site is drawn for: one page shows the
right and, at `#left`, the left (`handout_patient.html.j2`), so that one link serves
either patient and a site of many muscles does not hold each page twice.

The site has no separate student handout: a sheet prints as one at `#for-students`
(`sheet.html.j2`), and `trigger-points handout ID --audience student` writes one."""


def handout_path(muscle: Muscle, audience: Audience = "patient") -> str:
    """`handouts/<id>-patient.html`: the page of the muscle's handout for both sides."""
    return f"handouts/{muscle.id}-{audience}.html"


def pattern_map_path(muscle: Muscle) -> str:
    """Where the site keeps a muscle's small pattern map, which the guide shows.

    The guide mirrors it for the left side: a map without words is its own mirror
    image, as the views are.
    """
    return f"maps/{muscle.id}.svg"


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


GUIDE_DATA = "guide-data.js"


def guide_data_script(library: Library) -> str:
    """`guide-data.js`: `guide_data` as a script the guide and intake pages load first."""
    return f"window.TPGuideData = {_script_json(guide_data(library))};\n"


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
            {"scoring": SCORING},
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
                "quality_key": quality_key(),
            },
        ),
        # The self-test: its inputs are the whole library (no `muscle`) and its template.
        Page(
            "quiz.html",
            "quiz.html.j2",
            "quiz",
            "Self-test",
            {"quiz_data": _script_json(quiz_data(library, pattern_map_path))},
        ),
    ]
    for muscle in library.muscles:
        found.append(
            Page(
                f"muscles/{muscle.id}.html",
                "sheet.html.j2",
                "index",
                None,
                {"muscle": muscle},
                muscle.id,
            )
        )
        found.append(
            Page(
                handout_path(muscle),
                "handout_patient.html.j2",
                "index",
                None,
                {"muscles": [muscle], "side": HANDOUT_SIDES[0], "sides": list(HANDOUT_SIDES)},
                muscle.id,
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


_Titled = list[tuple[str, str, str]]
"""The pages the navigation lists, as (path, title, section)."""


def _navigation(titled: _Titled, page: Page) -> list[NavItem]:
    """The site's navigation on `page`: the titled pages, its own section marked."""
    return [NavItem(path, title, section == page.section) for path, title, section in titled]


def site_files(library: Library, *, templates: Path | None = None) -> Iterator[Keyed]:
    """Every file of the site (pages, the guide's maps, then assets), each rendered when asked.

    Each file's key digests everything its bytes depend on: our code, its
    template and the templates that one uses, the map style, and the data it
    shows. A muscle's sheet, handouts and maps show that muscle and the data
    every page shares (regions, sources, guidance, views...), so editing one
    muscle renders only its own files and the pages that list every muscle.
    A user's templates folder may show any data on any page: then every page
    depends on the whole library. Raises FileNotFoundError for a missing
    templates folder, and jinja2.TemplateError for a broken template.
    """
    env = environment(templates)
    data = _DataDigests(library, whole=templates is not None)
    template_digest = _TemplateDigests(env)
    code = digest(code_digest(), (bundled_path("templates") / "map.css").read_bytes())
    site = pages(library)
    titled = [(page.path, page.title, page.section) for page in site if page.title is not None]
    for page in site:
        key = digest(code, template_digest(page.template), data.of(page.muscle), page.path)
        yield Keyed(
            PurePosixPath(page.path), key, partial(_render, library, templates, titled, page)
        )
    for muscle in library.muscles:
        path = pattern_map_path(muscle)  # drawn without templates, from its muscle
        key = digest(code, data.muscle(muscle.id), path)
        yield Keyed(PurePosixPath(path), key, partial(_pattern_map, library, muscle.id))
    # The guide's numbers, one file for the guide and the intake page (a megabyte of a
    # site of a thousand muscles, which each page held before).
    yield Keyed(
        PurePosixPath(GUIDE_DATA),
        digest(code, data.whole, GUIDE_DATA),
        partial(guide_data_script, library),
    )
    for name, text in figure_files(library.views).items():
        yield Keyed(PurePosixPath(f"{FIGURES}{name}"), digest(name, text), partial(str, text))
    loader = env.loader
    assert loader is not None  # every environment of ours has one
    for asset in ASSETS:
        text = loader.get_source(env, asset)[0]
        yield Keyed(PurePosixPath(asset), digest(asset, text), partial(str, text))
    logo = library.site.logo
    if logo is not None:
        yield Keyed(
            PurePosixPath(logo.path), digest(logo.path, logo.data), partial(bytes, logo.data)
        )
    # The committed schema (a test keeps it equal to the model's): generating it would build
    # the drawing's pydantic schema and collect its examples, a quarter of a second.
    schema = "pain-drawing.schema.json"
    text = (bundled_path("data") / "schema" / schema).read_text(encoding="utf-8")
    yield Keyed(PurePosixPath(schema), digest(schema, text), partial(str, text))


def site_pages(
    library: Library, *, templates: Path | None = None
) -> list[tuple[PurePosixPath, str | bytes]]:
    """Every file of the site (pages, then assets) with its text, rendered in memory.

    The clinic's logo (`site.yaml`) comes as bytes.

    Raises jinja2.TemplateError for a broken template.
    """
    return [(file.path, file.render()) for file in site_files(library, templates=templates)]


def _render(library: Library, templates: Path | None, titled: _Titled, page: Page) -> str:
    return render_page(
        library,
        page.template,
        templates,
        root=page.root,
        standalone=False,
        nav=_navigation(titled, page),
        **page.values,
    )


def _pattern_map(library: Library, muscle_id: str) -> str:
    """A muscle's whole pattern on the right, bare and cropped, which draws the left too.

    The patient handout's map and the guide's and the quiz's thumbnail: a file rather
    than inline SVG, so a muscle's map is held once, whichever page shows it and for
    whichever side (`maps/<id>.svg#left` mirrors each view: `map_figure`'s
    `other_side_at`). It draws the site's shared figure and zone files, so the pages
    embed it as a document (`<object>`): an SVG shown by `<img>` loads nothing else.
    Being a document of its own, it links the maps' style sheet itself.
    """
    drawn = map_figure(
        library,
        muscle_id,
        "auto",
        "right",
        frame="focus",
        bare=True,
        figure_href=f"../{FIGURES}",
        other_side_at="left",
    )
    return f'<?xml-stylesheet href="../map.css" type="text/css"?>\n{drawn.svg}'


class _DataDigests:
    """Digests of the library's data: what every page shares, each muscle's, and the whole."""

    def __init__(self, library: Library, *, whole: bool) -> None:
        shared = [
            part
            for kind in KINDS
            if kind.plural != "muscles"
            for item in getattr(library, kind.plural)
            for part in (kind.plural, item.model_dump_json())
        ]
        # Every page shows the clinic's identity (site.yaml): it is shared data too.
        self.shared = digest(*shared, *library.site.digest_parts())
        self.muscles = {muscle.id: digest(muscle.model_dump_json()) for muscle in library.muscles}
        self.whole = digest(self.shared, *(f"{i} {d}" for i, d in self.muscles.items()))
        self.every_page_whole = whole

    def of(self, muscle_id: str | None) -> str:
        """What a page depends on: one muscle and the shared data, or the whole library."""
        if muscle_id is None or self.every_page_whole:
            return self.whole
        return self.muscle(muscle_id)

    def muscle(self, muscle_id: str) -> str:
        """One muscle's data and the data every page shares."""
        return digest(self.shared, self.muscles[muscle_id])


_USES = re.compile(r"""\{%[-+]?\s*(?:extends|include|import|from)\s+(?:(['"])([^'"]*)\1)?""")
"""A tag that uses another template, and that template's name when written as a literal.

Read from the text rather than parsed (parsing every template costs as much as
compiling it): a tag inside a comment or a raw block only adds a dependency.
"""


class _TemplateDigests:
    """The digest of a template and of every template it extends, includes or imports."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.found: dict[str, str] = {}
        self._whole: str | None = None

    def __call__(self, name: str) -> str:
        if name not in self.found:
            self.found[name] = self._closure(name)
        return self.found[name]

    def _closure(self, name: str) -> str:
        loader = self.env.loader
        assert loader is not None
        parts: dict[str, str] = {}
        waiting = [name]
        while waiting:
            current = waiting.pop()
            if current in parts:
                continue
            try:
                source = loader.get_source(self.env, current)[0]
            except jinja2.TemplateError:
                # Rendering the page raises it, at its place, if the page needs that
                # template; the key changes once the template is there.
                parts[current] = "missing or unreadable"
                continue
            parts[current] = source
            for match in _USES.finditer(source):
                if match.group(2) is None:  # a name computed as it renders: any template
                    return self.whole
                waiting.append(match.group(2))
        return digest(*(part for used in sorted(parts) for part in (used, parts[used])))

    @property
    def whole(self) -> str:
        """Every template the environment can load: for what no closure can be found for."""
        if self._whole is None:
            loader = self.env.loader
            assert loader is not None
            names = sorted(loader.list_templates())
            self._whole = digest(
                *(part for n in names for part in (n, loader.get_source(self.env, n)[0]))
            )
        return self._whole


def build_site(
    library: Library,
    folder: str | Path = "site",
    *,
    templates: Path | None = None,
    incremental: bool = True,
    inputs: str | None = None,
) -> BuildReport:
    """Build the static reference site into `folder`, replacing it only when the build succeeded.

    Each page is written as it is rendered. A page whose inputs are those the
    last build recorded (`.trigger-points-manifest.json`) is linked from the old
    site instead, unless `incremental` is false; either way the bytes are those
    of a clean build. `inputs` (`inputs.input_digest`) is recorded for the
    command's check that nothing changed. Files and folders the user added to
    an earlier build (`.git/`, `CNAME`) are
    kept; a second build into the same folder waits for the first. Raises
    FileExistsError when `folder` is a file or a non-empty folder we did not
    build, FileNotFoundError for a missing templates folder, jinja2.TemplateError
    for a broken template, and whatever a user's template raises (each with the
    template's file and line in its traceback); the folder is untouched whenever
    anything is raised.

    Examples:
        >>> report = tp.build_site(lib, "site")
        >>> report.folder.name, report.files > 100, report.reused
        ('site', True, 0)
        >>> from pathlib import Path
        >>> Path("site/index.html").is_file()
        True

        A rebuild renders only what changed, and takes the rest from the old site:

        >>> again = tp.build_site(lib, "site")
        >>> again.files == report.files and again.reused > 0
        True

    """
    return write_folder(
        site_files(library, templates=templates),
        Path(folder),
        incremental=incremental,
        inputs=inputs,
    )
