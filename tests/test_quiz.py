"""The self-test page's data and its place in the site (its behaviour: test_quiz_in_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from trigger_points.library import Library
from trigger_points.model import Muscle
from trigger_points.quiz import CHOICES, muscle_patterns, quiz_data, rivals
from trigger_points.site import pattern_map_path, site_files, site_pages


def _drawn_keys(library: Library) -> set[str]:
    """Every key the body chart can mark: each drawn region, on each side it has."""
    drawn = {region_id for view in library.views for region_id in view.regions}
    keys = set()
    for region in library.regions:
        if region.id in drawn:
            sides = [""] if region.laterality == "midline" else [":right", ":left"]
            keys |= {region.id + side for side in sides}
    return keys


def test_every_muscle_is_asked_with_regions_the_chart_can_mark(library: Library) -> None:
    data = quiz_data(library, pattern_map_path)
    assert [m["id"] for m in data["muscles"]] == [m.id for m in library.muscles]
    chart = _drawn_keys(library)
    for muscle in data["muscles"]:
        assert muscle["essential"] and set(muscle["essential"]) <= chart, muscle["id"]
        assert set(muscle["spillover"]) <= chart
        assert not set(muscle["essential"]) & set(muscle["spillover"])
        assert muscle["map"] == f"maps/{muscle['id']}.svg"


def test_every_muscle_has_rivals_to_be_asked_against(library: Library) -> None:
    patterns = muscle_patterns(library)
    for pattern in patterns:
        offered = rivals(pattern, patterns)
        assert len(offered) == CHOICES - 1 and pattern.muscle.id not in offered


def test_the_pattern_is_every_point_together_on_the_right(library: Library) -> None:
    pattern = next(p for p in muscle_patterns(library) if p.muscle.id == "quadratus_lumborum")
    points = pattern.muscle.trigger_points
    essential = {str(k) for p in points for k in library.felt(p, "essential", "right")}
    assert {str(k) for k in pattern.essential} == essential
    assert all(str(k) not in essential for k in pattern.spillover)


def _renamed(muscle: Muscle, new_id: str) -> Muscle:
    points = tuple(
        point.model_copy(update={"id": f"{new_id}.{point.local_id}"})
        for point in muscle.trigger_points
    )
    return muscle.model_copy(update={"id": new_id, "trigger_points": points})


def test_a_muscle_with_the_same_pattern_is_never_offered_against_it(library: Library) -> None:
    twin = _renamed(library.muscle("piriformis"), "piriformis_twin")
    doubled = library.replace(muscles=[*library.muscles, twin])
    patterns = muscle_patterns(doubled)
    piriformis = next(p for p in patterns if p.muscle.id == "piriformis")
    assert "piriformis_twin" not in rivals(piriformis, patterns)
    # The closest rivals come first: the most regions in common for the fewest in all.
    offered = rivals(piriformis, patterns)
    shares = []
    for rival in offered:
        other = next(p for p in patterns if p.muscle.id == rival).regions
        shares.append(len(other & piriformis.regions) / len(other | piriformis.regions))
    assert shares == sorted(shares, reverse=True)


def test_the_page_carries_its_data_and_every_page_links_it(library: Library) -> None:
    pages = dict(site_pages(library))
    quiz = pages[PurePosixPath("quiz.html")]
    assert isinstance(quiz, str)
    found = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', quiz)
    assert found is not None
    assert json.loads(found.group(1)) == quiz_data(library, pattern_map_path)
    assert "not a diagnosis" in quiz
    for path in (PurePosixPath("index.html"), PurePosixPath("muscles/piriformis.html")):
        page = pages[path]
        assert isinstance(page, str)
        assert re.search(r'<a href="(\.\./)?quiz\.html"[^>]*>Self-test</a>', page), path
    for asset in ("quiz.js", "quiz.css"):
        assert PurePosixPath(asset) in pages


def test_the_page_is_rendered_again_when_any_muscle_changes(library: Library) -> None:
    def key(of: Library) -> str:
        return next(f.key for f in site_files(of) if f.path == PurePosixPath("quiz.html"))

    muscle = library.muscle("tensor_fasciae_latae")
    edited = muscle.model_copy(update={"name": "Tensor fasciae latae (TFL)"})
    other = library.replace(muscles=[edited if m.id == muscle.id else m for m in library.muscles])
    assert key(library) == key(library)
    assert key(other) != key(library)
