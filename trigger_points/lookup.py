"""Forgiving look-ups for what a person types: an id, a name or an alias, any case, a prefix.

The library's own look-ups (`lib.muscle(id)`) stay strict: a program that stored an
id must get exactly that item or an error. A person at a terminal types `pirif`,
`"Gluteus Medius"`, `pyriformis` (an alias) or `SACROILIAC:RIGHT`; `resolve` turns
that into the one id it can only mean, or says which ids it could mean. This module
reads the library and never prints: the command calls it, one line per argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

from trigger_points.errors import AmbiguousIdError, UnknownIdError
from trigger_points.library import Library
from trigger_points.model import SIDES, RegionKey

__all__ = [
    "ALL_KINDS",
    "MAPPABLE",
    "LookupKind",
    "fold",
    "names",
    "resolve",
    "resolve_all",
]

LookupKind = Literal["muscle", "trigger point", "nerve root", "region", "condition", "source"]
ALL_KINDS: tuple[LookupKind, ...] = (
    "muscle",
    "trigger point",
    "nerve root",
    "region",
    "condition",
    "source",
)
"""Every kind of item `show` describes, in the order an exact id is looked for."""
MAPPABLE: tuple[LookupKind, ...] = ("muscle", "trigger point", "nerve root")
"""What a body map draws (`map`)."""


def fold(text: str) -> str:
    """Text as it is compared: any case, and `_`, `-` and runs of spaces read as one space.

    `Gluteus Medius`, `gluteus_medius` and `GLUTEUS-MEDIUS` fold alike; a trigger
    point's dot is kept (`gluteus medius.trp1`).
    """
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def names(library: Library, kinds: Iterable[LookupKind] = ALL_KINDS) -> Iterator[tuple[str, str]]:
    """Each `(name, id)` a person may call an item of these kinds by, the id itself first.

    A muscle is called by its id, its name and its aliases; a region by its id and
    label; a condition by its id and name; a source by its id and title; a nerve root
    by its id and name; a trigger point by its id (its names repeat across muscles:
    `TrP1`).
    """
    wanted = set(kinds)
    if "muscle" in wanted:
        for muscle in library.muscles:
            yield from ((name, muscle.id) for name in (muscle.id, muscle.name, *muscle.aliases))
    if "trigger point" in wanted:
        yield from ((point.id, point.id) for point in library.trigger_points)
    if "nerve root" in wanted:
        for root in library.nerve_roots:
            yield from ((name, root.id) for name in (root.id, root.name))
    if "region" in wanted:
        for region in library.regions:
            yield from ((name, region.id) for name in (region.id, region.label))
    if "condition" in wanted:
        for condition in library.conditions:
            yield from ((name, condition.id) for name in (condition.id, condition.name))
    if "source" in wanted:
        for source in library.sources:
            yield from ((name, source.id) for name in (source.id, source.title))


def _kind_word(kinds: Sequence[LookupKind]) -> str:
    """What an error calls the thing looked for: `muscle`, `muscle or trigger point`, `id`."""
    if set(kinds) == set(ALL_KINDS):
        return "id"
    return " or ".join(kinds)


def _strict(library: Library, kind: LookupKind) -> Callable[[str], object]:
    """The library's own look-up of a kind, which also follows a renamed id, warning."""
    return {
        "muscle": library.muscle,
        "trigger point": library.trigger_point,
        "nerve root": library.nerve_root,
        "region": library.region,
        "condition": library.condition,
        "source": library.source,
    }[kind]


def _outermost(ids: Iterable[str]) -> list[str]:
    """The ids that do not extend another of them by a word or a trigger point's part.

    `pirif` begins `piriformis`, `piriformis.lateral`, `piriformis.medial` and
    `piriformis_syndrome`: the person means the muscle, and would have typed on to
    reach the others (which `show piriformis` names).
    """
    unique = sorted(set(ids))
    return [
        item
        for item in unique
        if not any(
            item.startswith(f"{other}.") or fold(item).startswith(f"{fold(other)} ")
            for other in unique
        )
    ]


def _resolve(library: Library, text: str, kinds: Sequence[LookupKind]) -> str:
    known = list(names(library, kinds))
    ids = {item_id for _, item_id in known}
    if text in ids:
        return text
    for kind in kinds:  # a renamed id, which the library follows (with a DeprecationWarning)
        try:
            item = _strict(library, kind)(text)
        except UnknownIdError:
            continue
        item_id = getattr(item, "id", None)
        if isinstance(item_id, str):
            return item_id
    wanted = fold(text)
    if wanted:
        for matches in (
            {item_id for name, item_id in known if fold(name) == wanted},
            {item_id for name, item_id in known if fold(name).startswith(wanted)},
        ):
            outermost = _outermost(matches)
            if len(outermost) == 1:
                return outermost[0]
            if outermost:
                raise AmbiguousIdError(_kind_word(kinds), text, outermost)
    if len(kinds) == 1:
        _strict(library, kinds[0])(text)  # raises the library's own error, with its hints
    raise UnknownIdError(_kind_word(kinds), text, [*ids, *_region_keys(library, kinds)])


def _region_keys(library: Library, kinds: Sequence[LookupKind]) -> list[str]:
    """Every way a region is written with its side, for suggestions, when regions are wanted."""
    if "region" not in kinds:
        return []
    return [
        str(RegionKey(region.id, side))
        for region in library.regions
        for side in ((None,) if region.laterality == "midline" else SIDES)
    ]


def resolve(library: Library, text: str, kinds: Sequence[LookupKind] = ALL_KINDS) -> str:
    """The id of the one item of these kinds that `text` names.

    `text` may be the id, a renamed id the library still follows, or (in any case,
    with spaces, `_` or `-` alike) a name, an alias or a region's label, or the
    beginning of one: a name matched whole wins over beginnings. A region may carry
    its side (`Sacroiliac:RIGHT` gives `sacroiliac:right`); whether the region takes
    that side is the library's question. When a muscle and its trigger points all
    match, the muscle is meant.

    Raises AmbiguousIdError listing the ids `text` could mean, UnknownIdError
    naming the closest ids (beginnings first) when it means none, and TypeError for
    text that is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"an id is text, not {type(text).__name__}")
    if not kinds:
        raise ValueError("look for at least one kind of item")
    head, colon, tail = text.rpartition(":")
    side = tail.strip().casefold()
    if colon and "region" in kinds and side in SIDES:
        try:
            region = _resolve(library, head, ("region",))
        except UnknownIdError:
            raise UnknownIdError("region", text, _region_keys(library, ("region",))) from None
        return f"{region}:{side}"
    return _resolve(library, text, kinds)


def resolve_all(
    library: Library, texts: Iterable[str], kinds: Sequence[LookupKind] = ALL_KINDS
) -> list[str]:
    """`resolve` for each text, in order: the ids a command's arguments name."""
    return [resolve(library, text, kinds) for text in texts]
