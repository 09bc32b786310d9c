"""Reference sheets and handouts, rendered with jinja2 from the models.

Templates live in the bundled `templates/` folder; a user's folder given as
`templates=` is searched first, so a file of the same name replaces ours.
Every value from the data is escaped (autoescape is on for every template,
whatever its extension); only our own SVG maps are marked safe. A missing
variable is an error, never an empty string. Every template, ours and the
user's, runs in jinja2's immutable sandbox: a template pack can print what it
is given, but cannot reach Python's internals, run commands, read files or
change the library.

Templates get the library as `lib`, a few constants, and filters and
functions that turn ids into what a reader sees: `|cite`, `|regions`,
`|conditions`, `|url`, `map_figure(...)`, `guidance(...)` and their kin
(`templates/README.md` lists them). The site's pages are assembled in
`site.py`; this module only renders.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import math
import pickle
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.sandbox
from jinja2.loaders import split_template_path
from markupsafe import Markup

from trigger_points.branding import DEFAULT_TITLE
from trigger_points.cache import cache_subfolder
from trigger_points.charts import render_pain_drawing, render_region_picker
from trigger_points.library import Library
from trigger_points.maps import MapFigure, map_figure, map_views, orientation_phrase, remembered
from trigger_points.model import (
    MUSCLE_GROUP_LABELS,
    SIDES,
    URGENCIES,
    Citation,
    Condition,
    GuidanceSection,
    Muscle,
    NerveRoot,
    RegionKey,
    Side,
    Statement,
    TriggerPoint,
)
from trigger_points.phrases import (
    AUDIENCES,
    NOT_A_DIAGNOSIS,
    URGENCY_HEADINGS,
    Audience,
    entry_label,
    format_citations,
    format_source,
    key_phrase,
    sides_phrase,
)
from trigger_points.resources import bundled_path

__all__ = ["AUDIENCES", "FIGURES", "Audience", "render_handout", "render_page", "render_sheet"]


def _library(context: jinja2.runtime.Context) -> Library:
    library: Library = context["lib"]
    return library


@jinja2.pass_context
def _cite(context: jinja2.runtime.Context, citations: Iterable[Citation]) -> str:
    """`{{ point.sources | cite }}`: short citations, separated by semicolons."""
    return format_citations(_library(context), citations)


@jinja2.pass_context
def _regions(context: jinja2.runtime.Context, entries: Iterable[str]) -> list[str]:
    """`{{ point.essential | regions }}`: the labels a patient understands.

    An entry felt on both sides gets "(both sides)" after its label.
    """
    library = _library(context)
    return [entry_label(library, text) for text in entries]


@jinja2.pass_context
def _conditions(context: jinja2.runtime.Context, condition_ids: Iterable[str]) -> list[Condition]:
    """`{{ muscle.conditions | conditions }}`: the conditions the ids name."""
    library = _library(context)
    return [library.condition(condition_id) for condition_id in condition_ids]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, path: str) -> str:
    """`{{ 'style.css' | url }}`: a site path made relative to the page being rendered."""
    return f"{context['root']}{path}"


@jinja2.pass_context
def _source_entry(context: jinja2.runtime.Context, source_id: str) -> str:
    """`{{ source.id | source_entry }}`: the full reference-list entry."""
    return format_source(_library(context).source(source_id))


FIGURES = "figures/"
"""Where the site keeps the shared figure of each view (figure.figure_files)."""


def _figure_href(context: jinja2.runtime.Context) -> str | None:
    """The site's figure folder as this page reaches it.

    None for a standalone page, which carries every figure itself.
    """
    return None if context["standalone"] else f"{context['root']}{FIGURES}"


@jinja2.pass_context
def _map_figure(
    context: jinja2.runtime.Context,
    target: str | Sequence[str],
    side: Side = "right",
    title: str | None = None,
    bare: bool = False,
    described_by: str | None = None,
) -> MapFigure:
    """A focused body map of our own making (`.svg`, safe to place as it is) and its views.

    `described_by`: the id of the page's words for what it shows (`map_figure`).
    """
    figure = map_figure(
        _library(context),
        target,
        "auto",
        side,
        title=title,
        frame="focus",
        bare=bare,
        figure_href=_figure_href(context),
        described_by=described_by,
    )
    # Our SVG: svgwrite escaped its text.
    return MapFigure(Markup(figure.svg), figure.views, figure.orientation)


@jinja2.pass_context
def _map_views(
    context: jinja2.runtime.Context, target: str | Sequence[str], side: Side = "right"
) -> MapFigure:
    """`map_figure` for a map the page embeds rather than draws: its views, no drawing.

    The page says in its caption how each view is seen (`orientation`).
    """
    library = _library(context)
    views = [library.view(name) for name in map_views(library, target, side)]
    orientation = "; ".join(orientation_phrase(view, side) for view in views)
    return MapFigure(Markup(""), len(views), orientation)


@jinja2.pass_context
def _logo_src(context: jinja2.runtime.Context) -> str:
    """`<img src="{{ logo_src() }}">`: the clinic's logo, inside a standalone page, else its file.

    Raises an error in the template when `site.yaml` names no logo: ask `site.logo` first.
    """
    logo = _library(context).site.logo
    if logo is None:
        raise ValueError("site.yaml names no logo: test `site.logo` before `logo_src()`")
    return logo.data_uri if context["standalone"] else f"{context['root']}{logo.path}"


@jinja2.pass_context
def _pattern_groups(
    context: jinja2.runtime.Context, muscle: Muscle
) -> list[tuple[tuple[int, ...], tuple[TriggerPoint, ...]]]:
    """A muscle's trigger points grouped by where they refer, each with its numbers.

    Points with the same pattern (rectus abdominis's two lowest) share one map;
    a page draws one map per group when there is more than one group.
    """
    library = _library(context)
    groups: dict[object, list[tuple[int, TriggerPoint]]] = {}
    for number, point in enumerate(muscle.trigger_points, 1):
        pattern = (library.felt(point, "essential"), library.felt(point, "spillover"))
        groups.setdefault(pattern, []).append((number, point))
    return [
        (tuple(n for n, _ in members), tuple(p for _, p in members)) for members in groups.values()
    ]


@jinja2.pass_context
def _region_picker(context: jinja2.runtime.Context) -> list[tuple[str, str, Markup]]:
    """The picker's views as (id, name, SVG): our SVG, its text escaped."""
    library, figure_href = _library(context), _figure_href(context)
    # The guide, intake and pain-drawing pages draw the same picker.
    return remembered(
        library,
        ("region picker", figure_href),
        lambda: [
            (panel.id, panel.name, Markup(panel.svg))
            for panel in render_region_picker(library, figure_href=figure_href)
        ],
    )


@dataclass(frozen=True)
class PickerRow:
    """A region in the picker's list: its label and its key on each side it has."""

    id: str
    label: str
    keys: tuple[tuple[str, str, str], ...]
    """(key, the side's short name, the control's accessible name), right before left."""


@jinja2.pass_context
def _picker_rows(context: jinja2.runtime.Context) -> list[tuple[str, list[PickerRow]]]:
    """The drawn regions by group, as the picker's list shows them: the same keys as the chart."""
    library = _library(context)
    drawn = {region_id for body in library.views for region_id in body.regions}
    found = []
    for group in library.region_groups:
        rows = []
        for region in sorted(
            (r for r in library.regions if r.group == group.id and r.id in drawn),
            key=lambda r: r.label,
        ):
            keys = dict.fromkeys(RegionKey.felt_on(region, side) for side in SIDES)
            rows.append(
                PickerRow(
                    region.id,
                    region.label,
                    tuple(
                        (str(key), (key.side or "midline").capitalize(), key_phrase(library, key))
                        for key in keys
                    ),
                )
            )
        if rows:
            found.append((group.label, rows))
    return found


@jinja2.pass_context
def _pain_drawing(context: jinja2.runtime.Context) -> Markup:
    drawing = render_pain_drawing(_library(context), figure_href=_figure_href(context))
    return Markup(drawing)  # our SVG, its text escaped


def _muscle_sources(muscle: Muscle) -> list[str]:
    """The source ids a muscle cites anywhere, in first-cited order."""
    return list(dict.fromkeys(citation.source for _, citation in muscle.citations()))


@jinja2.pass_context
def _zones(context: jinja2.runtime.Context, muscle: Muscle) -> tuple[list[str], list[str]]:
    """The labels of a muscle's essential regions, then of the spillover regions left over."""
    essential, spillover = muscle.referral_regions()
    return _regions(context, essential), _regions(context, spillover)


@jinja2.pass_context
def _guidance(context: jinja2.runtime.Context, section_id: str) -> GuidanceSection:
    return _library(context).guidance_section(section_id)


@jinja2.pass_context
def _statement(context: jinja2.runtime.Context, section_id: str, statement_id: str) -> Statement:
    """`statement("needling_scope", "specialist_only")`: one sourced sentence of the guidance."""
    return _library(context).guidance_section(section_id).statement(statement_id)


@jinja2.pass_context
def _guidance_sources(
    context: jinja2.runtime.Context,
    section_ids: Iterable[str],
    already: Iterable[Citation] = (),
) -> str:
    """Every source the given guidance sections cite, once each, as short citations.

    Citations `already` printed beside them (a muscle's own) are not repeated.
    """
    library = _library(context)
    printed = set(already)
    cited: dict[str, Citation] = {}
    for section_id in section_ids:
        for _, citation in library.guidance_section(section_id).citations():
            if citation not in printed:
                cited.setdefault(citation.source, citation)
    return format_citations(library, cited.values())


@jinja2.pass_context
def _resembled_roots(context: jinja2.runtime.Context, muscle: Muscle) -> list[NerveRoot]:
    """The nerve roots into whose dermatomes any of a muscle's patterns reach, in root order."""
    library = _library(context)
    # Only the muscle's own points: searching every point for every sheet made a
    # site's build grow with the square of its muscles.
    return [root for root in library.nerve_roots if library.resembling(root, muscle.trigger_points)]


def _warning_citations(muscle: Muscle) -> tuple[Citation, ...]:
    """The citations of a muscle's warning signs not already among its own sources, once each."""
    own = set(muscle.sources)
    found = (c for sign in muscle.patient_warning_signs for c in sign.sources if c not in own)
    return tuple(dict.fromkeys(found))


HANDOUT_POINTS = 8.8
HANDOUT_SMALLEST_POINTS = 6.8
HANDOUT_TEXT_BUDGET = 2200
"""Characters of handout text that fit one page at the full font size beside a good map."""
PATIENT_FIXED_TEXT = 600
"""Characters the patient handout prints whatever the muscle (headings, fixed sentences)."""
TIER_TEXT = 150
"""What a tier of warning signs costs beside its signs: its heading and its box."""
STUDENT_FIXED_TEXT = 300
BRANDED_TEXT = 250
"""What the clinic's line at the head of a handout costs (site.yaml), beside its footer line."""
TABLE_CELL_WASTE = 1.25
"""Text in narrow table cells wraps early: it takes this much more room than running text."""


@jinja2.pass_context
def _handout_font(context: jinja2.runtime.Context, muscle: Muscle, audience: Audience) -> str:
    """The printed font size that keeps this muscle's handout on one sheet of paper.

    The map takes the height the text leaves (see style.css); a long text gets a
    smaller font so that the map keeps a legible size. The length is estimated from
    the fields our templates print.
    """
    library = _library(context)
    length = _handout_text_length(library, muscle, audience)
    if library.site.branded:
        length += BRANDED_TEXT
    length += len(library.site.footer or "")
    scale = min(1.0, math.sqrt(HANDOUT_TEXT_BUDGET / length))
    return f"{max(HANDOUT_SMALLEST_POINTS, HANDOUT_POINTS * scale):.1f}pt"


def _handout_text_length(library: Library, muscle: Muscle, audience: Audience) -> int:
    """Roughly how much text a handout prints; table cells count extra for their wasted width."""
    labels = [library.region(entry.region).label for _, _, entry in muscle.zones()]
    if audience == "patient":
        care = muscle.self_care[0]
        guidance = [
            statement.text
            for section in ("red_flags", "contraindications")
            for statement in library.guidance_section(section).statements
        ]
        signs = [sign.text for sign in muscle.patient_warning_signs]
        parts = [*dict.fromkeys(labels), *care.steps, *care.cautions, *guidance, *signs]
        # Each tier of warning signs adds a heading and a box around it.
        tiers = len({s.urgency for s in library.guidance_section("red_flags").statements})
        return PATIENT_FIXED_TEXT + TIER_TEXT * tiers + sum(len(part) for part in parts)
    anatomy = [muscle.origin, muscle.insertion, muscle.innervation.nerve, *muscle.actions]
    hazards = [f"{hazard.structure} {hazard.avoid}" for hazard in muscle.needling.hazards]
    hazards.append(muscle.needling.needle_length or "")
    table = [f"{point.name} {point.location}" for point in muscle.trigger_points]
    wrapped = int(TABLE_CELL_WASTE * sum(map(len, table + labels)))
    return STUDENT_FIXED_TEXT + sum(map(len, anatomy + hazards)) + wrapped


class _TemplateFolder(jinja2.FileSystemLoader):
    """A folder of UTF-8 templates: a file that is not UTF-8 is a template error at its line."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            files = [Path(folder, *split_template_path(template)) for folder in self.searchpath]
            path = next(file for file in files if file.is_file())
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as error:  # decoded again: its position is in the file
                line = data[: error.start].count(b"\n") + 1
                raise jinja2.TemplateSyntaxError(
                    f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                    line,
                    template,
                    str(path),
                ) from None
            raise


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """jinja2's cache of compiled templates, made never to fail a run nor to unpickle a file.

    jinja2 keeps each template's code with the checksum of the source it was compiled
    from and compiles again when they differ, so an edited template is never stale.
    Its own reader unpickles that checksum; this one compares the bytes instead, so a
    file in the cache folder runs no code when read, and one cut short or altered is
    a miss. A cache that cannot be written is left unwritten.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = Path(self._get_cache_filename(bucket)).read_bytes()
        except OSError:
            return
        expected = jinja2.bccache.bc_magic + pickle.dumps(bucket.checksum, 2)
        if not data.startswith(expected):
            return
        try:
            code = marshal.loads(data[len(expected) :])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    """The compiled templates' cache, `jinja/<version>` in the cache folder; None when off.

    The version names what compiled code depends on besides a template's source:
    jinja2's version and this module, where the environment's options are set.
    """
    try:
        source = Path(__file__).read_bytes()
    except OSError:  # pragma: no cover - installed without its source
        source = b"no source"
    version = hashlib.sha256(source + jinja2.__version__.encode()).hexdigest()[:16]
    folder = cache_subfolder(f"jinja/{version}")
    return None if folder is None else _TemplateCache(str(folder))


OURS = "tp"
"""The prefix that names a bundled template whatever a user's folder holds: `tp/base.html.j2`."""


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, remembering its verdict on each kind of attribute.

    Its checks (`is_internal_attribute`, `modifies_known_mutable`) look only at the
    object's type and the attribute's name, and a page reads thousands of
    attributes of a few types: the same verdict, worked out once.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def _environment(templates: Path | None) -> jinja2.Environment:
    if templates is not None and not Path(templates).is_dir():
        raise FileNotFoundError(f"{templates}: no such templates folder")
    ours = _TemplateFolder(str(bundled_path("templates")))
    # `tp/NAME` is always ours, so that a user's NAME can extend it; the prefix
    # comes first, so that no folder `tp/` of theirs can hide ours. Our templates
    # name each other without it: a user's base.html.j2 frames every page.
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({OURS: ours})]
    if templates:
        loaders.append(_TemplateFolder(str(templates)))
    loaders.append(ours)
    # The immutable sandbox for every template: a template pack comes from
    # someone else, and ours need nothing more.
    environment = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_template_cache(),
    )
    environment.filters.update(
        cite=_cite,
        regions=_regions,
        conditions=_conditions,
        url=_url,
        source_entry=_source_entry,
        sides=sides_phrase,
    )
    environment.globals.update(
        NOT_A_DIAGNOSIS=NOT_A_DIAGNOSIS,
        DEFAULT_TITLE=DEFAULT_TITLE,
        URGENCIES=URGENCIES,
        URGENCY_HEADINGS=URGENCY_HEADINGS,
        MUSCLE_GROUP_LABELS=MUSCLE_GROUP_LABELS,
        map_figure=_map_figure,
        map_views=_map_views,
        logo_src=_logo_src,
        pattern_groups=_pattern_groups,
        region_picker=_region_picker,
        picker_rows=_picker_rows,
        pain_drawing=_pain_drawing,
        muscle_sources=_muscle_sources,
        zones=_zones,
        guidance=_guidance,
        statement=_statement,
        guidance_sources=_guidance_sources,
        warning_citations=_warning_citations,
        resembled_roots=_resembled_roots,
        handout_font=_handout_font,
    )
    return environment


@cache
def environment(templates: Path | None) -> jinja2.Environment:
    """One environment per template folder: building it again for every page is waste."""
    return _environment(templates)


def render_page(
    library: Library,
    template: str,
    templates: Path | None = None,
    *,
    root: str = "",
    standalone: bool = True,
    **values: Any,
) -> str:
    """Render one template with the library; `root` leads from the page to the site's top.

    A `standalone` page carries its CSS inline and no site navigation.
    """
    page = environment(templates).get_template(template)
    context = {"nav": (), **values}
    return page.render(lib=library, site=library.site, root=root, standalone=standalone, **context)


def render_sheet(library: Library, muscle_id: str, *, templates: Path | None = None) -> str:
    """The reference sheet of one muscle as a standalone HTML page (its CSS inline).

    Raises UnknownIdError for an unknown muscle, FileNotFoundError for a missing
    templates folder, and jinja2.TemplateError for a broken template.

    Examples:
        >>> import re
        >>> page = tp.render_sheet(lib, "piriformis")
        >>> page.startswith("<!doctype html>")
        True
        >>> re.search("<title>(.*)</title>", page).group(1)
        'Piriformis · Trigger points of the low back and hip'
        >>> from pathlib import Path
        >>> _ = Path("piriformis.html").write_text(page, encoding="utf-8")  # opens offline

    """
    return render_page(library, "sheet.html.j2", templates, muscle=library.muscle(muscle_id))


def render_handout(
    library: Library,
    muscle_ids: str | Sequence[str],
    audience: Audience = "patient",
    *,
    templates: Path | None = None,
    side: Side = "right",
) -> str:
    """A printable handout, one page per muscle, for patients or for students.

    `side` is the patient's side the maps are drawn for and the words name:
    `render_handout(lib, "piriformis", side="left")` for pain on the left.
    Raises UnknownIdError for an unknown muscle, ValueError for no muscle, an
    unknown audience or side, FileNotFoundError for a missing templates folder.

    Examples:
        >>> import re
        >>> page = tp.render_handout(lib, "piriformis", side="left")
        >>> re.search("<title>(.*)</title>", page).group(1)
        'Piriformis: patient information (left side) · Trigger points of the low back and hip'
        >>> page = tp.render_handout(lib, ["piriformis", "gluteus_medius"], "student")
        >>> re.search("<title>(.*)</title>", page).group(1)
        'Piriformis, Gluteus medius: student handout · Trigger points of the low back and hip'
        >>> tp.render_handout(lib, "piriformis", "students")
        Traceback (most recent call last):
        ...
        ValueError: audience must be one of patient, student

    """
    if isinstance(muscle_ids, str):
        muscle_ids = [muscle_ids]
    if not muscle_ids:
        raise ValueError("give at least one muscle for the handout")
    muscles = [library.muscle(muscle_id) for muscle_id in muscle_ids]
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    if side not in SIDES:
        raise ValueError(f"side must be one of {', '.join(SIDES)}")
    return render_page(
        library,
        f"handout_{audience}.html.j2",
        templates,
        muscles=muscles,
        side=side,
        sides=[side],
    )
