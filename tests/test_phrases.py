"""The phrases every output shares: citations and sources as a reader sees them."""

from __future__ import annotations

from trigger_points.library import Library
from trigger_points.model import Citation
from trigger_points.phrases import format_citation


def test_an_organisation_is_cited_by_its_name(library: Library) -> None:
    cited = format_citation(library, Citation(source="icd10cm_fy2026"))
    assert cited.startswith("Centers for Medicare & Medicaid Services and National Center")


def test_a_book_is_cited_by_authors_year_volume_and_chapter(library: Library) -> None:
    cited = format_citation(library, Citation(source="ts_vol2", chapter="10"))
    assert cited == "Travell and Simons 1992, vol. 2, ch. 10"
