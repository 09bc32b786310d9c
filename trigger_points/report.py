"""The one-page report of an intake pain drawing, for the patient's chart: HTML or JSON.

The report puts first what must not be missed: that it informs and does not
diagnose, and the red flags with the emergency tier apart from what can wait.
Then the drawing (colour by intensity, Ransford's symbols by quality), the
marked regions with their CHOIR and Michigan body-map codes, and the muscles
whose trigger points may refer pain there, with the reasons.

This module gathers and renders; the drawing's reading is `drawing.py`'s, the
ranking `guide.py`'s, the codes the library's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from trigger_points.charts import INTENSITY_COLOURS, QUALITY_GLYPHS, render_marked_drawing
from trigger_points.drawing import QUALITIES, QUALITY_LABELS, QUALITY_SOURCE, Mark, PainDrawing
from trigger_points.guide import MuscleCandidate
from trigger_points.html import render_page
from trigger_points.library import Library
from trigger_points.model import Citation
from trigger_points.phrases import REPORT_MUSCLES, format_citations, key_phrase

__all__ = [
    "REPORT_MUSCLES",
    "ReportMark",
    "quality_key",
    "ranking",
    "render_report",
    "report_data",
    "report_json",
]


def ranking(library: Library, regions: list[str], limit: int | None) -> list[MuscleCandidate]:
    """The muscles that may refer pain to the marked regions, best first (the pain guide's)."""
    return library.guide_muscles(regions, limit=limit) if regions else []


@dataclass(frozen=True)
class ReportMark:
    """One row of the report's table: a mark as a reader sees it."""

    mark: Mark
    label: str
    side: str
    qualities: str
    choir: tuple[str, ...]
    michigan: tuple[int, ...]


def _rows(library: Library, drawing: PainDrawing) -> list[ReportMark]:
    rows = []
    for mark in drawing.marks:
        key = library.region_key(mark.region, sided=True)
        codes = library.codes([mark.region])
        rows.append(
            ReportMark(
                mark,
                library.region(key.region).label,
                key.side or "midline",
                ", ".join(QUALITY_LABELS[q] for q in mark.qualities),
                codes.choir,
                codes.michigan,
            )
        )
    return rows


def report_data(
    library: Library, drawing: PainDrawing, *, limit: int | None = None
) -> dict[str, Any]:
    """The drawing's data with the codes of each mark and of them all, and the ranking.

    What `trigger-points report DRAWING --format json` prints: the drawing as saved, its
    CHOIR and Michigan body-map codes (all of them, and per mark), and the muscles that
    may refer pain to the marked regions, best first (at most `limit`). Raises
    UnknownIdError for a region the library does not know.

    Examples:
        >>> from trigger_points.drawing import Mark, PainDrawing
        >>> from trigger_points.report import report_data
        >>> drawing = PainDrawing(
        ...     marks=[Mark(region="buttock_upper:right", intensity=6, qualities=["aching"])]
        ... )
        >>> data = report_data(lib, drawing, limit=2)
        >>> data["codes"]
        {'choir': ['b24'], 'michigan': [34],
         'marks': {'buttock_upper:right': {'choir': ['b24'], 'michigan': [34]}}}
        >>> len(data["ranking"]), sorted(data["ranking"][0])
        (2, ['essential', 'muscle', 'points', 'score', 'side', 'spillover', 'unexplained'])

    """
    regions = list(drawing.regions)
    data = drawing.model_dump(mode="json", exclude_none=True)
    union = library.codes(regions).as_data()
    by_mark = {region: library.codes([region]).as_data() for region in regions}
    data["codes"] = {**union, "marks": by_mark}
    data["ranking"] = [candidate.as_data() for candidate in ranking(library, regions, limit)]
    return data


def report_json(library: Library, drawing: PainDrawing, *, limit: int | None = None) -> str:
    """`report_data` as indented JSON with sorted keys and a final newline."""
    data = report_data(library, drawing, limit=limit)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def render_report(
    library: Library,
    drawing: PainDrawing,
    *,
    templates: Path | None = None,
    limit: int = REPORT_MUSCLES,
) -> str:
    """The one-page report as a standalone HTML page (its CSS inline), for print.

    The page shows the marked drawing, a table of the marks with their codes, and the
    muscles that may refer pain there (at most `limit`), saying that it informs and does
    not diagnose. Raises UnknownIdError for a region the library does not know,
    FileNotFoundError for a missing templates folder and jinja2.TemplateError for a
    broken template.

    Examples:
        >>> from trigger_points.drawing import Mark, PainDrawing
        >>> from trigger_points.report import render_report
        >>> drawing = PainDrawing(
        ...     marks=[Mark(region="buttock_upper:right", intensity=6, qualities=["aching"])]
        ... )
        >>> html = render_report(lib, drawing)
        >>> html.startswith("<!doctype html>"), "<svg" in html
        (True, True)

    """
    regions = list(drawing.regions)
    codes = library.codes(regions)
    candidates = ranking(library, regions, limit)
    return render_page(
        library,
        "report.html.j2",
        templates,
        drawing=drawing,
        rows=_rows(library, drawing),
        choir=codes.choir,
        michigan=codes.michigan,
        candidates=candidates,
        labels={region: key_phrase(library, region) for region in _named(candidates)},
        marked_svg=Markup(
            render_marked_drawing(library, drawing, headed=False)
        ),  # our SVG, its text escaped
        quality_key=[(QUALITY_LABELS[q], Markup(_swatch(QUALITY_GLYPHS[q]))) for q in QUALITIES],
        intensity_colours=INTENSITY_COLOURS,
        quality_citation=format_citations(library, [Citation(source=QUALITY_SOURCE)]),
        saddle=bool(library.emergency_roots(regions)) if regions else False,
    )


def quality_key() -> list[tuple[str, Markup]]:
    """Each quality's label and its symbol as a small inline SVG, for the keys of the pages."""
    return [(QUALITY_LABELS[q], Markup(_swatch(QUALITY_GLYPHS[q]))) for q in QUALITIES]


def _swatch(glyph: str) -> str:
    """A quality's symbol as a small inline SVG for the key (our own path data)."""
    return (
        '<svg class="glyph" viewBox="0 0 22 22" width="22" height="22" aria-hidden="true">'
        f'<path d="{glyph}" fill="none" stroke="#111" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )


def _named(candidates: list[MuscleCandidate]) -> set[str]:
    """Every region the candidates' reasons name."""
    return {r for c in candidates for r in (*c.essential, *c.spillover, *c.unexplained)}
