"""Plain text for the terminal: `list`, `show` and the pain guide's table.

Takes models and returns text; it never reads files. Region ids become the
labels a patient understands, and the needling hazards are set apart so that
a reader cannot miss them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from trigger_points.dermatomes import DermatomeMatch
from trigger_points.errors import UnknownIdError
from trigger_points.guide import Candidate, MuscleCandidate
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

__all__ = ["format_guide", "list_muscles", "show"]


def list_muscles(library: Library) -> str:
    """Every muscle under its group heading, with its trigger points counted."""
    lines: list[str] = []
    for group, members in library.muscles_by_group():
        lines.append(f"{MUSCLE_GROUP_LABELS[group]}:")
        width = max(len(muscle.id) for muscle in members)
        for muscle in members:
            count = len(muscle.trigger_points)
            points = f"{count} trigger point{'s' if count != 1 else ''}"
            lines.append(f"  {muscle.id:<{width}}  {muscle.name} ({points})")
    return "\n".join(lines) + "\n"


def _wrapped(lines: Iterable[str], width: int = 88) -> str:
    """Lines folded to a terminal's width, continuations indented under their first line."""
    folded = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 4)
        folded.append(textwrap.fill(line, width, subsequent_indent=indent) if line else line)
    return "\n".join(folded) + "\n"


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


def show_muscle(library: Library, muscle: Muscle) -> str:
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
    return _wrapped(lines)


def show_trigger_point(library: Library, point: TriggerPoint) -> str:
    """One trigger point and the muscle it belongs to."""
    muscle = library.muscle(point.muscle_id)
    lines = [f"{muscle.name}: {point.name}", *_describe_point(library, point), "", NOT_A_DIAGNOSIS]
    return _wrapped(lines)


def show_region(library: Library, region: Region) -> str:
    """A region, its parts if it has any, and the trigger points that refer pain into it.

    A trigger point counts when its pattern on the right side reaches any drawn part of
    the region on either side: `calf` lists what refers to the upper or the lower calf.
    """
    parts = {key.region for key in library.leaves(region.id)}

    def reaches(point: TriggerPoint, zone: Zone) -> bool:
        return any(key.region in parts for key in library.felt(point, zone))

    essential = [p.id for p in library.trigger_points if reaches(p, "essential")]
    spillover = [
        p.id
        for p in library.trigger_points
        if reaches(p, "spillover") and not reaches(p, "essential")
    ]
    lines = [f"{region.label} ({region.id}, {region.laterality})"]
    if region.description:
        lines.append(region.description)
    if region.parts:
        lines.append("Made of: " + region_labels(library, region.parts))
    lines += _bullets("Essential zone of", essential) + _bullets("Spillover zone of", spillover)
    return "\n".join(lines) + "\n"


def show_condition(library: Library, condition: Condition) -> str:
    """A condition, its codes and the muscles that relate to or mimic it."""
    lines = [f"{condition.name} ({condition.id})"]
    if condition.icd10cm:
        lines.append(f"ICD-10-CM: {', '.join(condition.icd10cm)}")
    if condition.coding_note:
        lines.append(f"Coding note: {condition.coding_note}")
    lines.append(condition.description)
    lines += _bullets("Muscles", (m.name for m in library.muscles_for_condition(condition.id)))
    return "\n".join(lines) + "\n"


def show_source(source: Source) -> str:
    """A source as a reference-list entry."""
    return f"{source.id}: {format_source(source)}\n"


def show(library: Library, item_id: str) -> str:
    """Any id the library holds (muscle, trigger point, region, condition, source) as text.

    Raises UnknownIdError naming the closest ids of every kind.
    """
    muscles = {muscle.id: muscle for muscle in library.muscles}
    points = {point.id: point for point in library.trigger_points}
    regions = {region.id: region for region in library.regions}
    conditions = {condition.id: condition for condition in library.conditions}
    sources = {source.id: source for source in library.sources}
    if item_id in muscles:
        return show_muscle(library, muscles[item_id])
    if item_id in points:
        return show_trigger_point(library, points[item_id])
    if RegionKey.region_of(item_id) in regions:
        return show_region(library, library.region(item_id))
    if item_id in conditions:
        return show_condition(library, conditions[item_id])
    if item_id in sources:
        return show_source(sources[item_id])
    known = [*muscles, *points, *regions, *conditions, *sources]
    raise UnknownIdError("id", item_id, known)


def format_guide(
    library: Library,
    candidates: Sequence[Candidate | MuscleCandidate],
    dermatomes: Sequence[DermatomeMatch] = (),
    alerts: Sequence[NerveRoot] = (),
) -> str:
    """The pain guide's ranking as a readable table, each candidate with its reasons.

    Muscles are listed with their trigger points under them. A drawing that reaches
    the saddle (`alerts`: `lib.emergency_roots`) starts with the questions for the
    emergency signs; dermatomes the drawing is consistent with follow the candidates,
    with the examination that would tell a root from a muscle.
    """
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
    return _wrapped(lines)


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
        "EMERGENCY FIRST: pain in the saddle (around the back passage, between the legs, the",
        "tailbone) often comes from the pelvic floor muscles, but ask now about these; with",
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
        "The drawing is also consistent with these dermatomes (a drawing cannot show that a",
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
