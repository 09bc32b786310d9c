"""trigger_points: myofascial trigger points of the low back and hip.

A reference, not a diagnosis. Load the bundled data with `load_library()`,
add your own folders with `load_library("my_data/")`, and look things up by
their stable ids.
"""

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("trigger_points")
except PackageNotFoundError:  # pragma: no cover - imported from a checkout never installed
    __version__ = "0+unknown"
