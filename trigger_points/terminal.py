"""Plain text for the terminal: `list`, `show`, `regions --list` and the pain guide's table.

Takes models and returns text; it never reads files. Region ids become the
labels a patient understands, and the needling hazards are set apart so that
a reader cannot miss them. Every function takes the `width` to fold lines to
(`READING_WIDTH` unless the command knows its terminal's, see `fitted_width`);
an id or a word longer than a line is never broken, so that it can be copied.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from trigger_points.errors import UnknownIdError
from trigger_points.library import Library
from trigger_points.model import (
    MUSCLE_GROUP_LABELS,
    URGENCIES,
    Condition,
    Muscle,
    NerveRoot,
    Region,
    RegionKey,
    Source,
    TriggerPoint,
    Zone,
)
from trigger_points.phrases import (
    NOT_A_DIAGNOSIS,
    URGENCY_HEADINGS,
    format_citation,
    format_citations,
    format_source,
    key_phrase,
    region_labels,
    sides_phrase,
)

if TYPE_CHECKING:  # `validate` folds its lines here, and needs no guide
    from trigger_points.dermatomes import DermatomeMatch
    from trigger_points.guide import Candidate, MuscleCandidate

__all__ = [
    "MAX_WIDTH",
    "MIN_WIDTH",
    "READING_WIDTH",
    "fill",
    "fitted_width",
    "format_guide",
    "list_muscles",
    "list_regions",
    "show",
]

MIN_WIDTH = 40
"""The narrowest a text is folded to: narrower, the indented lines would hold a word each."""
MAX_WIDTH = 100
"""The widest: longer lines are hard to read, however wide the terminal."""
READING_WIDTH = MAX_WIDTH
"""The width of text written to a file or with no terminal to measure: the same bytes
whatever terminal the command ran in."""


def fitted_width(*, to_file: bool, terminal_fd: int | None = None) -> int:
    """The width to fold text to, within MIN_WIDTH..MAX_WIDTH.

    Text for a file is READING_WIDTH whatever the terminal (the same command makes
    the same bytes). Text for a terminal or a pipe is `COLUMNS` wide if that is
    set, else as wide as the terminal on `terminal_fd`, else READING_WIDTH.
    """
    if to_file:
        return READING_WIDTH
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif terminal_fd is None:
        width = READING_WIDTH
    else:
        try:
            width = os.get_terminal_size(terminal_fd).columns
        except (OSError, ValueError):  # not a terminal after all
            width = READING_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def fill(line: str, width: int, hanging: int | None = None) -> str:
    """One line folded to `width`, its continuations indented by `hanging` spaces.

    By default a bullet's or a numbered step's continuations line up with its
    text, a labelled line's (`Origin: ...`) sit 4 spaces in, and plain prose
    continues level with itself. Words are never split.
    """
    if not line or len(line) <= width:
        return line
    indent = len(line) - len(line.lstrip())
    if hanging is None:
        marker = _MARKER.match(line)
        hanging = marker.end() if marker else indent + 4 if _LABEL.match(line) else indent
    return textwrap.fill(
        line,
        width,
        subsequent_indent=" " * min(hanging, width - MIN_WIDTH // 2),
        break_long_words=False,
        break_on_hyphens=False,
    )


_MARKER = re.compile(r"\s*(?:[-!]+|\d+\.) ")
"""A bullet (`- `, `!! `) or a step's number (`1. `): continuations line up after it."""
_LABEL = re.compile(r"\s*[A-Za-z][\w .-]{0,30}: ")
"""A short label (`Origin: `, `piriformis.lateral: `): continuations hang under it."""


def _wrapped(lines: Iterable[str], width: int) -> str:
    """Lines folded to a terminal's width, continuations indented under their first line."""
    return "\n".join(fill(line, width) for line in lines) + "\n"


def list_muscles(library: Library, *, width: int = READING_WIDTH) -> str:
    """Every muscle under its group heading, with its trigger points counted.

    The names line up across groups, and a name too long for the line continues
    under itself.
    """
    groups = library.muscles_by_group()
    column = max(len(muscle.id) for _, members in groups for muscle in members)
    lines: list[str] = []
    for group, members in groups:
        lines.append(f"{MUSCLE_GROUP_LABELS[group]}:")
        for muscle in members:
            count = len(muscle.trigger_points)
            points = f"{count} trigger point{'s' if count != 1 else ''}"
            line = f"  {muscle.id:<{column}}  {muscle.name} ({points})"
            lines.append(fill(line, width, hanging=column + 4))
    return "\n".join(lines) + "\n"


def list_regions(library: Library, regions: Sequence[Region], *, width: int = READING_WIDTH) -> str:
    """The region vocabulary by group: how each region is written, its label, its views.

    `sacroiliac:left|right` takes a side, `sacrum` none; a composite names its parts.
    This is how a user finds the id to give `guide` or `show`.
    """
    from trigger_points.item_data import regions_as_data  # its order and views, once

    rows = regions_as_data(library, tuple(regions))
    written = {row["id"]: _written(row["id"], row["sides"]) for row in rows}
    column = max((len(text) for text in written.values()), default=0)
    lines: list[str] = []
    group = None
    for row in rows:
        if row["group"] != group:
            group = row["group"]
            lines += [*([""] if lines else []), f"{row['group_label']}:"]
        parts = f" (= {' + '.join(row['parts'])})" if row["parts"] else ""
        views = ", ".join(row["views"]) or "not drawn"
        line = f"  {written[row['id']]:<{column}}  {row['label']}{parts}; {views}"
        lines.append(fill(line, width, hanging=column + 4))
    if not rows:
        lines.append("No region matches.")
    return "\n".join(lines) + "\n"


def _written(region_id: str, sides: Sequence[str]) -> str:
    return f"{region_id}:{'|'.join(sides)}" if sides else region_id


def _bullets(title: str, items: Iterable[str]) -> list[str]:
    entries = [f"  - {item}" for item in items]
    return [f"{title}:", *entries] if entries else []


def _describe_point(library: Library, point: TriggerPoint) -> list[str]:
    side = sides_phrase(point).lower().replace("same side", "same side as the trigger point")
    lines = [
        f"  {point.id}: {point.name}",
        f"    Location: {point.location}",
        f"    Essential zone: {region_labels(library, point.essential)}",
        f"    Spillover zone: {region_labels(library, point.spillover)}",
        f"    Referral: {side}",
    ]
    if point.notes:
        lines.append(f"    Note: {point.notes}")
    lines.append(f"    Sources: {format_citations(library, point.sources)}")
    return lines


def _condition_names(library: Library, ids: Iterable[str]) -> list[str]:
    return [library.condition(condition_id).name for condition_id in ids]


def _specialists(library: Library) -> str:
    """Who may needle a muscle reserved for specialists, in the guidance's own words."""
    statement = library.guidance_section("needling_scope").statement("specialist_only")
    return statement.label or statement.text


def show_muscle(library: Library, muscle: Muscle, *, width: int = READING_WIDTH) -> str:
    """Everything the library holds about one muscle, as readable text."""
    needling = muscle.needling
    lines = [f"{muscle.name} ({muscle.id})", "=" * len(f"{muscle.name} ({muscle.id})")]
    if muscle.aliases:
        lines.append(f"Also called: {', '.join(muscle.aliases)}")
    roots = f"; roots {muscle.innervation.roots}" if muscle.innervation.roots else ""
    lines += [
        f"Group: {MUSCLE_GROUP_LABELS[muscle.group]}",
        f"Origin: {muscle.origin}",
        f"Insertion: {muscle.insertion}",
        f"Innervation: {muscle.innervation.nerve}{roots}",
        *_bullets("Actions", muscle.actions),
        "",
        "Trigger points:",
    ]
    for point in muscle.trigger_points:
        lines += _describe_point(library, point)
    lines += [
        "",
        *_bullets("Symptoms", muscle.symptoms),
        *_bullets("Relates to", _condition_names(library, muscle.conditions)),
        *_bullets("Can be mistaken for", _condition_names(library, muscle.mimics)),
        *_bullets("Differential", muscle.differential),
        *_bullets("Perpetuating factors", muscle.perpetuating_factors),
        "",
        "Needling"
        + (f" ({_specialists(library).lower()})" if needling.specialist_only else "")
        + ":",
        f"  Position: {needling.patient_position}",
        f"  Approach: {needling.approach}",
    ]
    if needling.depth:
        lines.append(f"  Depth: {needling.depth}")
    if needling.needle_length:
        lines.append(f"  Needle length: {needling.needle_length}")
    lines.append("  !! HAZARDS:")
    lines += [f"  !! {h.structure}: {h.risk} Avoid: {h.avoid}" for h in needling.hazards]
    lines += [f"  Precaution: {precaution}" for precaution in needling.precautions]
    for care in muscle.self_care:
        lines += ["", f"Self-care: {care.name}"]
        lines += [f"  {number}. {step}" for number, step in enumerate(care.steps, start=1)]
        lines += [f"  Caution: {caution}" for caution in care.cautions]
    for urgency in URGENCIES:
        signs = [sign.text for sign in muscle.patient_warning_signs if sign.urgency == urgency]
        if signs:
            lines += ["", *_bullets(URGENCY_HEADINGS["clinician"][urgency], signs)]
    lines += ["", *_bullets("Sources", (format_citation(library, c) for c in muscle.sources))]
    lines += ["", NOT_A_DIAGNOSIS]
    return _wrapped(lines, width)


def show_trigger_point(library: Library, point: TriggerPoint, *, width: int = READING_WIDTH) -> str:
    """One trigger point, under the muscle it belongs to."""
    muscle = library.muscle(point.muscle_id)
    heading = f"{muscle.name} ({muscle.id})"
    lines = [heading, "=" * len(heading), *_describe_point(library, point), "", NOT_A_DIAGNOSIS]
    return _wrapped(lines, width)


def show_region(library: Library, region: Region, *, width: int = READING_WIDTH) -> str:
    """A region, its parts if it has any, and the trigger points that refer pain into it.

    A trigger point counts when its pattern on the right side reaches any drawn part of
    the region on either side: `calf` lists what refers to the upper or the lower calf.
    """
    parts = {key.region for key in library.leaves(region.id)}

    def reaches(point: TriggerPoint, zone: Zone) -> bool:
        return any(key.region in parts for key in library.felt(point, zone))

    essential = [_named(library, p) for p in library.trigger_points if reaches(p, "essential")]
    spillover = [
        _named(library, p)
        for p in library.trigger_points
        if reaches(p, "spillover") and not reaches(p, "essential")
    ]
    lines = [f"{region.label} ({region.id}, {region.laterality})"]
    if region.description:
        lines.append(region.description)
    if region.parts:
        lines.append("Made of: " + region_labels(library, region.parts))
    lines += _bullets("Essential zone of", essential) + _bullets("Spillover zone of", spillover)
    return _wrapped(lines, width)


def _named(library: Library, point: TriggerPoint) -> str:
    """A trigger point as a list names it: its muscle, its name, and its id to look it up."""
    return f"{library.muscle(point.muscle_id).name}, {point.name} [{point.id}]"


def show_condition(library: Library, condition: Condition, *, width: int = READING_WIDTH) -> str:
    """A condition, its codes and the muscles that relate to or mimic it."""
    lines = [f"{condition.name} ({condition.id})"]
    if condition.icd10cm:
        lines.append(f"ICD-10-CM: {', '.join(condition.icd10cm)}")
    if condition.coding_note:
        lines.append(f"Coding note: {condition.coding_note}")
    lines.append(condition.description)
    lines += _bullets(
        "Muscles", (f"{m.name} [{m.id}]" for m in library.muscles_for_condition(condition.id))
    )
    return _wrapped(lines, width)


def show_source(source: Source, *, width: int = READING_WIDTH) -> str:
    """A source as a reference-list entry."""
    return _wrapped([f"{source.id}: {format_source(source)}"], width)


def show_nerve_root(root: NerveRoot, *, width: int = READING_WIDTH) -> str:
    """A nerve root: where its dermatome is tested, and its key muscle and reflex."""
    lines = [f"{root.name} ({root.id})", f"Sensation: {root.key_point}"]
    if root.key_muscle:
        lines.append(f"Strength: {root.key_muscle}")
    if root.reflex:
        lines.append(f"Reflex: {root.reflex}")
    return _wrapped([*lines, "", NOT_A_DIAGNOSIS], width)


def show(library: Library, item_id: str, *, width: int = READING_WIDTH) -> str:
    """Any id the library holds as text, folded to `width`.

    Muscles, trigger points, regions (with or without a side), conditions, sources
    and nerve roots.
    Raises UnknownIdError naming the closest ids of every kind.
    """
    muscles = {muscle.id: muscle for muscle in library.muscles}
    points = {point.id: point for point in library.trigger_points}
    regions = {region.id: region for region in library.regions}
    conditions = {condition.id: condition for condition in library.conditions}
    sources = {source.id: source for source in library.sources}
    roots = {root.id: root for root in library.nerve_roots}
    if item_id in muscles:
        return show_muscle(library, muscles[item_id], width=width)
    if item_id in points:
        return show_trigger_point(library, points[item_id], width=width)
    if RegionKey.region_of(item_id) in regions:
        return show_region(library, library.region(item_id), width=width)
    if item_id in conditions:
        return show_condition(library, conditions[item_id], width=width)
    if item_id in sources:
        return show_source(sources[item_id], width=width)
    if item_id in roots:
        return show_nerve_root(roots[item_id], width=width)
    known = [*muscles, *points, *regions, *conditions, *sources, *roots]
    raise UnknownIdError("id", item_id, known)


def format_guide(
    library: Library,
    candidates: Sequence[Candidate | MuscleCandidate],
    dermatomes: Sequence[DermatomeMatch] = (),
    alerts: Sequence[NerveRoot] = (),
    *,
    width: int = READING_WIDTH,
) -> str:
    """The pain guide's ranking as a readable table, each candidate with its reasons.

    Muscles are listed with their trigger points under them. A drawing that reaches
    the saddle (`alerts`: `lib.emergency_roots`) starts with the questions for the
    emergency signs; dermatomes the drawing is consistent with follow the candidates,
    with the examination that would tell a root from a muscle.
    """
    from trigger_points.guide import MuscleCandidate

    lines = _saddle_warning(library, alerts)
    if not candidates:
        lines.append("No trigger point in the library refers pain to these regions.")
    for rank, candidate in enumerate(candidates, start=1):
        side = "either side" if candidate.side == "either" else f"{candidate.side} side"
        if isinstance(candidate, MuscleCandidate):
            lines.append(f"{rank:>2}. {candidate.score:.2f}  {candidate.muscle.name} ({side})")
            lines += _reasons(library, candidate, indent=6)
            for under in candidate.points:
                under_side = "" if under.side == candidate.side else f" ({under.side} side)"
                lines.append(
                    f"      - {under.score:.2f}  {under.trigger_point.name}{under_side}  "
                    f"[{under.trigger_point.id}]"
                )
                lines += _reasons(library, under, indent=10)
        else:
            point = candidate.trigger_point
            lines.append(
                f"{rank:>2}. {candidate.score:.2f}  {candidate.muscle.name}: {point.name} "
                f"({side})  [{point.id}]"
            )
            lines += _reasons(library, candidate, indent=6)
    lines += _consistent_roots(dermatomes)
    lines += ["", NOT_A_DIAGNOSIS]
    return _wrapped(lines, width)


def _reasons(library: Library, candidate: Candidate | MuscleCandidate, *, indent: int) -> list[str]:
    """Which painful regions a candidate's zones cover, and which it does not explain."""
    return [
        f"{' ' * indent}{label}: {'; '.join(key_phrase(library, key) for key in keys)}"
        for label, keys in (
            ("essential zone covers", candidate.essential),
            ("spillover zone covers", candidate.spillover),
            ("does not explain", candidate.unexplained),
        )
        if keys
    ]


def _saddle_warning(library: Library, alerts: Sequence[NerveRoot]) -> list[str]:
    """The questions for the emergency signs, first, when the drawing reaches the saddle."""
    if not alerts:
        return []
    flags = library.guidance_section("red_flags").statements
    emergency = [f"  - {flag.text}" for flag in flags if flag.urgency == "emergency"]
    return [
        "EMERGENCY FIRST: pain in the saddle (around the back passage, between the legs, the "
        "tailbone) often comes from the pelvic floor muscles, but ask now about these; with "
        "any of them, send to an emergency department now:",
        *emergency,
        "",
    ]


def _consistent_roots(dermatomes: Sequence[DermatomeMatch]) -> list[str]:
    """The dermatomes the drawing is consistent with, and what to examine for each."""
    consistent = [match for match in dermatomes if match.consistent and not match.root.emergency]

    if not consistent:
        return []
    lines = [
        "",
        "The drawing is also consistent with these dermatomes (a drawing cannot show that a "
        "root is involved; examine):",
    ]
    for match in consistent:
        root = match.root
        side = f" ({match.side})" if match.side else ""
        lines.append(f"  {root.name}{side}: sensation at {root.key_point.rstrip('.')}")
        if root.key_muscle:
            lines.append(f"      strength: {root.key_muscle.rstrip('.')}")
        if root.reflex:
            lines.append(f"      reflex: {root.reflex.rstrip('.')}")
    return lines
