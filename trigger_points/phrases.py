"""Shared wording: citations, reference entries, region phrases and the one disclaimer.

Every output says these things the same way (the terminal, the maps' descriptions,
the pages, the guide's data), so each is written once, here. Nothing here draws
or prints; it turns models into short strings.
"""

from __future__ import annotations

from collections.abc import Iterable

from trigger_points.library import Library
from trigger_points.model import (
    BOTH_SIDES,
    Citation,
    RegionKey,
    Source,
    TriggerPoint,
    ZoneEntry,
)
from trigger_points.words import AUDIENCES, NOT_A_DIAGNOSIS, REPORT_MUSCLES, Audience

__all__ = [
    "AUDIENCES",
    "NOT_A_DIAGNOSIS",
    "REPORT_MUSCLES",
    "URGENCY_HEADINGS",
    "Audience",
    "entry_label",
    "format_citation",
    "format_citations",
    "format_source",
    "key_phrase",
    "region_labels",
    "sides_phrase",
]


URGENCY_HEADINGS: dict[str, dict[str, str]] = {
    "patient": {
        "emergency": "Go to an emergency department now if you have",
        "soon": "See a doctor within a few days if you have",
        "review": "See your clinician again if you have",
    },
    "clinician": {
        "emergency": "Emergency: send to an emergency department now",
        "soon": "Urgent: refer to a doctor within days",
        "review": "Review: reassess if it is not settling",
    },
}
"""The heading of each tier of warning signs, as a patient or a clinician reads it."""


def format_source(source: Source) -> str:
    """A reference-list entry: authors (year). Title. Edition. Publisher or journal."""
    authors = ", ".join(source.authors)
    parts = [f"{authors} ({source.year}). {source.title}."]
    if source.edition:
        parts.append(f"{source.edition} ed.")
    if source.volume and not source.journal:
        parts.append(f"Vol. {source.volume}.")
    if source.journal:
        volume = f" {source.volume}" if source.volume else ""
        pages = f":{source.pages}" if source.pages else ""
        parts.append(f"{source.journal}{volume}{pages}.")
    elif source.publisher:
        parts.append(f"{source.publisher}.")
    if source.doi:
        parts.append(f"doi:{source.doi}")
    return " ".join(parts)


def _surname(author: str) -> str:
    """`Travell JG` -> `Travell`; an organisation (`Centers for Medicare ...`) keeps its name."""
    words = author.split()
    initials = words[-1] if len(words) > 1 else ""
    if initials.isalpha() and initials.isupper() and len(initials) <= 3:
        return " ".join(words[:-1])
    return author


def format_citation(library: Library, citation: Citation) -> str:
    """A short in-text citation: the first author and year, then chapter, figure and pages."""
    source = library.source(citation.source)
    surnames = [_surname(author) for author in source.authors]
    if len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = surnames[0] + (" et al." if len(surnames) > 2 else "")
    where = [f"{who} {source.year}"]
    if source.volume and not source.journal:
        where.append(f"vol. {source.volume}")
    if citation.chapter:
        where.append(f"ch. {citation.chapter}")
    if citation.figure:
        where.append(f"fig. {citation.figure}")
    if citation.pages:
        where.append(f"p. {citation.pages}")
    if citation.topic and not citation.chapter:
        where.append(f"chapter on {citation.topic}")
    return ", ".join(where)


def format_citations(library: Library, citations: Iterable[Citation]) -> str:
    """Several short citations, separated by semicolons."""
    return "; ".join(format_citation(library, citation) for citation in citations)


def entry_label(library: Library, text: str) -> str:
    """A zone entry as a reader says it: `Upper low back`, `Lower low back (both sides)`.

    A region key on one side (`groin:right`) reads as its region's label: the page
    around it says which side it shows.
    """
    if ":" in text and not text.endswith(f":{BOTH_SIDES}"):
        return library.region(RegionKey.parse(text).region).label
    entry = ZoneEntry.parse(text)
    label = library.region(entry.region).label
    return f"{label} (both sides)" if entry.both else label


def region_labels(library: Library, entries: Iterable[str]) -> str:
    """Region ids or zone entries as their plain labels, in the order given."""
    return "; ".join(entry_label(library, text) for text in entries) or "none"


def sides_phrase(point: TriggerPoint) -> str:
    """On which sides a trigger point's pain is felt, for a sheet's "Side" column."""
    return {
        "all": "Both sides",
        "some": "Same side; both sides where marked",
        "none": "Same side",
    }[point.felt_on_both_sides()]


def key_phrase(library: Library, key: str | RegionKey) -> str:
    """A region key as a reader says it: `Groin (right)`, or `Tailbone` on the midline."""
    parsed = library.region_key(key)
    label = library.region(parsed.region).label
    return f"{label} ({parsed.side})" if parsed.side else label
