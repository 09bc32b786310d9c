"""trigger_points: myofascial trigger points of the low back and hip.

A reference, not a diagnosis. Load the bundled data with `load_library()`,
add your own folders with `load_library("my_data/")`, and look things up by
their stable ids. The API reference: `pip install ".[docs]" && mkdocs build`.

Examples:
    >>> import trigger_points as tp
    >>> lib = tp.load_library()
    >>> lib.muscle("piriformis").trigger_points[0].id
    'piriformis.lateral'

"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trigger_points.charts import render_regions_chart
    from trigger_points.crosswalk import Codes
    from trigger_points.drawing import PainDrawing
    from trigger_points.errors import DataError, NotShownError, Problem, UnknownIdError
    from trigger_points.files import BuildReport
    from trigger_points.guide import Candidate, MuscleCandidate
    from trigger_points.html import render_handout, render_sheet
    from trigger_points.library import Library, load_library
    from trigger_points.maps import render_map
    from trigger_points.model import (
        BodyView,
        Citation,
        Condition,
        Contour,
        FrozenMap,
        GuidanceSection,
        Hazard,
        Innervation,
        Landmark,
        Muscle,
        Needling,
        Overlay,
        Position,
        Region,
        RegionGroup,
        RegionKey,
        SelfCare,
        Side,
        Source,
        Statement,
        TriggerPoint,
        ViewName,
        ZoneEntry,
    )
    from trigger_points.site import build_site

    __version__: str

__all__ = [
    "BodyView",
    "BuildReport",
    "Candidate",
    "Citation",
    "Codes",
    "Condition",
    "Contour",
    "DataError",
    "FrozenMap",
    "GuidanceSection",
    "Hazard",
    "Innervation",
    "Landmark",
    "Library",
    "Muscle",
    "MuscleCandidate",
    "Needling",
    "NotShownError",
    "Overlay",
    "PainDrawing",
    "Position",
    "Problem",
    "Region",
    "RegionGroup",
    "RegionKey",
    "SelfCare",
    "Side",
    "Source",
    "Statement",
    "TriggerPoint",
    "UnknownIdError",
    "ViewName",
    "ZoneEntry",
    "__version__",
    "build_site",
    "load_library",
    "render_handout",
    "render_map",
    "render_regions_chart",
    "render_sheet",
]

_MODEL_NAMES = [
    "BodyView",
    "Citation",
    "Condition",
    "Contour",
    "FrozenMap",
    "GuidanceSection",
    "Hazard",
    "Innervation",
    "Landmark",
    "Muscle",
    "Needling",
    "Overlay",
    "Position",
    "Region",
    "RegionGroup",
    "RegionKey",
    "SelfCare",
    "Side",
    "Source",
    "Statement",
    "TriggerPoint",
    "ViewName",
    "ZoneEntry",
]

_LAZY = {
    **dict.fromkeys(_MODEL_NAMES, "trigger_points.model"),
    "BuildReport": "trigger_points.files",
    "Candidate": "trigger_points.guide",
    "Codes": "trigger_points.crosswalk",
    "DataError": "trigger_points.errors",
    "Library": "trigger_points.library",
    "MuscleCandidate": "trigger_points.guide",
    "NotShownError": "trigger_points.errors",
    "PainDrawing": "trigger_points.drawing",
    "Problem": "trigger_points.errors",
    "UnknownIdError": "trigger_points.errors",
    "build_site": "trigger_points.site",
    "load_library": "trigger_points.library",
    "render_handout": "trigger_points.html",
    "render_map": "trigger_points.maps",
    "render_regions_chart": "trigger_points.charts",
    "render_sheet": "trigger_points.html",
}
"""Every public name, imported when first used (PEP 562): the package itself loads nothing,
so that the command's quick paths (a rebuild with nothing changed, `--help`) never wait for
pydantic, jinja2 or svgwrite, and `validate`, `list`, `show` and `guide` never load the
renderers."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("trigger_points")
        except PackageNotFoundError:  # pragma: no cover - imported from a checkout never installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'trigger_points' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
