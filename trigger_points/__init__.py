"""trigger_points: myofascial trigger points of the low back and hip.

A reference, not a diagnosis. Load the bundled data with `load_library()`,
add your own folders with `load_library("my_data/")`, and look things up by
their stable ids.
"""

from trigger_points.errors import DataError, Problem, UnknownIdError
from trigger_points.library import Library, load_library
from trigger_points.model import (
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

__all__ = [
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
    "load_library",
]

__version__ = "0.1.0"
