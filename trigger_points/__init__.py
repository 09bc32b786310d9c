"""trigger_points: myofascial trigger points of the low back and hip.

A reference, not a diagnosis. Load the bundled data with `load_library()`,
add your own folders with `load_library("my_data/")`, and look things up by
their stable ids.
"""

from trigger_points.charts import render_regions_chart
from trigger_points.errors import DataError, Problem, UnknownIdError
from trigger_points.guide import Candidate
from trigger_points.html import BuildReport, build_site, render_handout, render_sheet
from trigger_points.library import Library, load_library
from trigger_points.model import (
    BodyView,
    Citation,
    Condition,
    Hazard,
    Innervation,
    Muscle,
    Needling,
    Position,
    Region,
    SelfCare,
    Source,
    TriggerPoint,
)
from trigger_points.svg import render_map

__all__ = [
    "BodyView",
    "BuildReport",
    "Candidate",
    "Citation",
    "Condition",
    "DataError",
    "Hazard",
    "Innervation",
    "Library",
    "Muscle",
    "Needling",
    "Position",
    "Problem",
    "Region",
    "SelfCare",
    "Source",
    "TriggerPoint",
    "UnknownIdError",
    "build_site",
    "load_library",
    "render_handout",
    "render_map",
    "render_regions_chart",
    "render_sheet",
]

__version__ = "0.1.0"
