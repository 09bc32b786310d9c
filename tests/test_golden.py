"""Golden files: rendered output compared byte for byte, to catch unintended changes.

A change you mean is refreshed on purpose: REFRESH_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trigger_points.library import Library
from trigger_points.svg import render_map

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    ("golden", "target", "view", "side"),
    [("docs/piriformis-map.svg", "piriformis", "posterior", "right")],
)
def test_rendered_maps_match_their_golden_files(
    library: Library, golden: str, target: str, view: str, side: str
) -> None:
    rendered = render_map(library, target, view=view, side=side)  # type: ignore[arg-type]
    path = ROOT / golden
    if os.environ.get("REFRESH_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == rendered, "refresh with REFRESH_GOLDEN=1 if intended"
