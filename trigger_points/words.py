"""The fixed words the model, the pages and the command share, in plain Python.

Here rather than beside the models or the renderers because the command builds
its arguments from them on every run: a rebuild with nothing changed, or
`--help`, must not wait for pydantic, jinja2 or svgwrite to load.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "AUDIENCES",
    "NOT_A_DIAGNOSIS",
    "REPORT_MUSCLES",
    "SCHEMA_NAMES",
    "SIDES",
    "VIEW_NAMES",
    "Audience",
    "Side",
    "ViewName",
]

Side = Literal["left", "right"]
"""A side of the patient's body, never of the picture.

Examples:
    >>> tp.render_map(lib, "piriformis", side="left").startswith("<svg")
    True
    >>> tp.RegionKey.parse("sacroiliac:left").side
    'left'
"""

SIDES: tuple[Side, ...] = ("right", "left")
"""Both sides, in the order the references draw them: the right first."""

ViewName = Literal["posterior", "anterior", "lateral"]
"""A view of the drawn body: from behind, from the front, or from the side.

Examples:
    >>> [view.id for view in lib.views]
    ['posterior', 'anterior', 'lateral']
    >>> lib.view("lateral").label
    'Side view'
"""
VIEW_NAMES: tuple[ViewName, ...] = ("posterior", "anterior", "lateral")

Audience = Literal["patient", "student"]
AUDIENCES: tuple[Audience, ...] = ("patient", "student")
"""Who a handout is written for (`html.render_handout`)."""

REPORT_MUSCLES = 4
"""The muscles a printed report names: as many as fit one page beside the red flags."""

NOT_A_DIAGNOSIS = (
    "This is a reference, not a diagnosis: pain in these areas has many causes. "
    "Have persistent, severe or unexplained pain assessed by a qualified clinician."
)

SCHEMA_NAMES: tuple[str, ...] = (
    "body",
    "conditions",
    "export",
    "guidance",
    "muscle",
    "nerve_roots",
    "pain-drawing",
    "regions",
    "site",
    "sources",
)
"""Every schema `trigger-points schema NAME` writes: the data files' and the pain drawing's
(`schema.SCHEMA_NAMES` works them out from the models; a test keeps the two equal)."""
