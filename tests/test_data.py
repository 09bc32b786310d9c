"""The bundled data's clinically important facts: an edit that moves a zone fails here.

Each assertion is a fact of the clinical brief (shared/CONTENT.md) that a
therapist relies on, checked against the loaded library rather than the YAML.
"""

from __future__ import annotations

import pytest

from trigger_points.library import Library
from trigger_points.model import Muscle

TRAVELL_SIMONS_CHAPTERS = {
    "quadratus_lumborum": ("ts_vol2", "4"),
    "gluteus_medius": ("ts_vol2", "8"),
    "piriformis": ("ts_vol2", "10"),
}


def zones(muscle: Muscle, local_id: str) -> tuple[set[str], set[str]]:
    point = next(p for p in muscle.trigger_points if p.local_id == local_id)
    return set(point.essential), set(point.spillover)


def hazard_text(muscle: Muscle) -> str:
    return " ".join(f"{h.structure} {h.risk}" for h in muscle.needling.hazards).lower()


@pytest.mark.parametrize("muscle_id", sorted(TRAVELL_SIMONS_CHAPTERS))
def test_each_muscle_cites_its_travell_and_simons_chapter(library: Library, muscle_id: str) -> None:
    source, chapter = TRAVELL_SIMONS_CHAPTERS[muscle_id]
    muscle = library.muscle(muscle_id)
    assert any(c.source == source and c.chapter == chapter for c in muscle.sources)
    for point in muscle.trigger_points:
        assert any(c.source == source and c.chapter == chapter for c in point.sources), point.id


def test_quadratus_lumborum_has_two_superficial_and_two_deep_points(library: Library) -> None:
    muscle = library.muscle("quadratus_lumborum")
    depths = sorted(point.depth or "" for point in muscle.trigger_points)
    assert depths == ["deep", "deep", "superficial", "superficial"]


def test_quadratus_lumborum_referral(library: Library) -> None:
    muscle = library.muscle("quadratus_lumborum")
    upper_essential, upper_spill = zones(muscle, "superficial_upper")
    assert "iliac_crest" in upper_essential
    assert {"lower_abdomen", "groin"} <= upper_spill
    assert "greater_trochanter" in zones(muscle, "superficial_lower")[0]
    assert "sacroiliac" in zones(muscle, "deep_upper")[0]
    assert "buttock_lower" in zones(muscle, "deep_lower")[0]
    assert all(point.laterality == "ipsilateral" for point in muscle.trigger_points)


def test_quadratus_lumborum_needling_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("quadratus_lumborum")
    assert "kidney" in hazard_text(muscle) and "pleura" in hazard_text(muscle)
    assert "12th rib" in muscle.needling.approach
    assert {"lumbar_disc_disease", "trochanteric_bursitis", "kidney_pain"} <= set(muscle.mimics)
    assert "pseudo_sciatica" in muscle.conditions


def test_gluteus_medius_referral(library: Library) -> None:
    muscle = library.muscle("gluteus_medius")
    assert {"iliac_crest", "sacroiliac", "sacrum"} <= zones(muscle, "trp1")[0]
    essential, spillover = zones(muscle, "trp2")
    assert "buttock_lateral" in essential
    assert "posterior_thigh_upper" in spillover
    assert library.trigger_point("gluteus_medius.trp3").laterality == "bilateral"
    assert {"iliac_crest", "sacrum"} <= zones(muscle, "trp3")[0]


def test_gluteus_medius_hazard_and_innervation(library: Library) -> None:
    muscle = library.muscle("gluteus_medius")
    assert "superior gluteal" in hazard_text(muscle)
    assert muscle.innervation.roots == "L4-S1"
    assert {"trochanteric_bursitis", "sacroiliac_joint_pain"} <= set(muscle.mimics)


def test_piriformis_referral_and_sciatic_hazard(library: Library) -> None:
    muscle = library.muscle("piriformis")
    assert {p.local_id for p in muscle.trigger_points} == {"lateral", "medial"}
    for point in muscle.trigger_points:
        assert {"sacroiliac", "buttock_lateral"} <= set(point.essential)
        assert "posterior_thigh_upper" in point.spillover
    assert "sciatic" in hazard_text(muscle)
    assert "piriformis_syndrome" in muscle.conditions


def test_every_muscle_has_hazards_self_care_and_anatomy_ids(library: Library) -> None:
    for muscle in library.muscles:
        assert muscle.needling.hazards and muscle.self_care
        assert any(ident.startswith("UBERON:") for ident in muscle.anatomy_ids), muscle.id


def test_icd_codes_are_only_those_the_brief_verified(library: Library) -> None:
    verified = {
        "M54.50",
        "M54.30",
        "M54.31",
        "M54.32",
        "M54.40",
        "M54.41",
        "M54.42",
        "M79.18",
        "G57.00",
        "G57.01",
        "G57.02",
        "G57.03",
        "M53.3",
        "M70.60",
        "M70.61",
        "M70.62",
        "M25.551",
        "M25.552",
        "M25.559",
        "M46.1",
        "S39.012A",
    }
    for condition in library.conditions:
        assert set(condition.icd10cm) <= verified, condition.id
    assert library.condition("piriformis_syndrome").coding_note
