"""The lumbar and abdominal muscles: their clinically important facts (issue 5).

Each assertion is a fact of the clinical brief (shared/CONTENT.md) that a
therapist relies on, checked against the loaded library, so that an edit that
moves a zone, drops a hazard or loses a citation fails here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from trigger_points.geometry import resolve
from trigger_points.library import Library
from trigger_points.model import Citation, Muscle, TriggerPoint, ViewName

TRAVELL_SIMONS_CHAPTERS = {
    "iliopsoas": ("ts_vol2", "5"),
    "iliocostalis_lumborum": ("ts_vol1", "48"),
    "iliocostalis_thoracis": ("ts_vol1", "48"),
    "longissimus_thoracis": ("ts_vol1", "48"),
    "multifidus": ("ts_vol1", "48"),
    "serratus_posterior_inferior": ("ts_vol1", "47"),
    "rectus_abdominis": ("ts_vol1", "49"),
}

# The identifiers of the brief's table, and no others.
ANATOMY_IDS = {
    "iliopsoas": {
        "UBERON:0001999",
        "FMA:64918",
        "UBERON:0001298",
        "FMA:18060",
        "UBERON:0001369",
        "FMA:22310",
    },
    "iliocostalis_lumborum": {"UBERON:0011207", "FMA:22702"},
    "iliocostalis_thoracis": {"UBERON:0001400", "FMA:22703"},
    "longissimus_thoracis": {"UBERON:0001401", "FMA:22709"},
    "multifidus": {"UBERON:0000951", "FMA:23081", "FMA:71304"},
    "serratus_posterior_inferior": {"UBERON:0001127", "FMA:13402"},
    "rectus_abdominis": {"UBERON:0002382", "FMA:9628"},
}

MUSCLES = sorted(TRAVELL_SIMONS_CHAPTERS)


def point(muscle: Muscle, local_id: str) -> TriggerPoint:
    return next(p for p in muscle.trigger_points if p.local_id == local_id)


def zones(muscle: Muscle, local_id: str) -> tuple[set[str], set[str]]:
    found = point(muscle, local_id)
    return set(found.essential), set(found.spillover)


def all_zones(muscle: Muscle) -> set[str]:
    return {zone for p in muscle.trigger_points for zone in (*p.essential, *p.spillover)}


def hazard_text(muscle: Muscle) -> str:
    return " ".join(f"{h.structure} {h.risk}" for h in muscle.needling.hazards).lower()


def landmarks(library: Library, view_id: str) -> dict[str, tuple[float, float]]:
    return {mark.id: mark.at for mark in library.view(view_id).landmarks}


def landmark(library: Library, view_id: str, landmark_id: str) -> tuple[float, float]:
    return landmarks(library, view_id)[landmark_id]


def where(library: Library, found: TriggerPoint, view_id: ViewName) -> tuple[float, float]:
    return resolve(found.positions[view_id], landmarks(library, view_id))


def cites(citations: Iterable[Citation], source: str, chapter: str) -> bool:
    return any(c.source == source and c.chapter == chapter for c in citations)


# --- Every muscle -------------------------------------------------------------


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_cites_its_travell_and_simons_chapter_everywhere(library: Library, muscle_id: str) -> None:
    source, chapter = TRAVELL_SIMONS_CHAPTERS[muscle_id]
    muscle = library.muscle(muscle_id)
    assert cites(muscle.sources, source, chapter)
    assert cites(muscle.needling.sources, source, chapter)
    for care in muscle.self_care:
        assert cites(care.sources, source, chapter), care.name
    for found in muscle.trigger_points:
        assert cites(found.sources, source, chapter), found.id
    assert {c.source for c in muscle.sources} >= {"gray_42", "uberon"}


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_anatomy_ids_are_the_briefs(library: Library, muscle_id: str) -> None:
    assert set(library.muscle(muscle_id).anatomy_ids) == ANATOMY_IDS[muscle_id]


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_every_point_is_drawn_on_the_right_side(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    for found in muscle.trigger_points:
        assert found.positions, found.id
        for view_id in found.positions:
            assert view_id in muscle.outlines, found.id
            x, _ = where(library, found, view_id)
            # Written for the patient's right: viewer's right from behind, left from in front.
            assert (x > 200) if view_id == "posterior" else (x < 200), found.id


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_treatment_is_complete(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    assert muscle.needling.hazards and muscle.needling.precautions
    assert muscle.self_care and all(care.steps for care in muscle.self_care)
    assert muscle.symptoms and muscle.differential and muscle.perpetuating_factors
    assert "myofascial_pain" in muscle.conditions


# --- Iliopsoas ----------------------------------------------------------------


def test_iliopsoas_refers_along_the_lumbar_strip_and_to_groin_and_thigh(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    assert {p.local_id for p in muscle.trigger_points} == {"distal", "iliacus", "psoas"}
    for found in muscle.trigger_points:
        assert {"lumbar_upper", "lumbar_lower", "sacroiliac"} <= set(found.essential), found.id
        assert "buttock_upper" in found.essential
        assert {"groin", "anterior_thigh"} <= set(found.spillover), found.id
        assert found.laterality == "ipsilateral"
        assert "anterior" in found.positions


def test_iliopsoas_points_lie_where_a_clinician_finds_them(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    asis = landmark(library, "anterior", "asis")
    distal = where(library, point(muscle, "distal"), "anterior")
    iliacus = where(library, point(muscle, "iliacus"), "anterior")
    psoas = where(library, point(muscle, "psoas"), "anterior")
    assert distal[1] > asis[1]  # below the inguinal ligament
    assert abs(iliacus[0] - asis[0]) < 15 and iliacus[1] <= asis[1]  # inside the crest by the ASIS
    assert 370 < psoas[1] < 410  # about navel level
    assert point(muscle, "psoas").depth == "deep"


def test_iliopsoas_anatomy_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    assert "femoral" in muscle.innervation.nerve.lower()
    assert "lesser trochanter" in muscle.insertion.lower()
    text = hazard_text(muscle)
    for structure in ("femoral nerve", "artery", "vein", "peritone", "bowel"):
        assert structure in text, structure
    assert "lateral" in muscle.needling.approach and "pulse" in muscle.needling.approach
    assert "crest" in muscle.needling.approach
    assert {"appendicitis", "lumbar_disc_disease", "groin_pain"} <= set(muscle.mimics)
    assert "kneeling" in muscle.self_care[0].name.lower()


# --- The erector spinae -------------------------------------------------------


def test_iliocostalis_lumborum_refers_from_l1_to_the_mid_buttock(library: Library) -> None:
    muscle = library.muscle("iliocostalis_lumborum")
    (only,) = muscle.trigger_points
    assert {"buttock_upper", "buttock_lower"} <= set(only.essential)
    x, y = where(library, only, "posterior")
    l1 = landmark(library, "posterior", "spinous_l1")
    assert abs(y - l1[1]) < 8 and x > 225  # at L1, at the lateral edge of the erector spinae
    text = hazard_text(muscle)
    assert "kidney" in text and "peritone" in text


def test_iliocostalis_thoracis_refers_up_down_and_round_to_the_abdomen(library: Library) -> None:
    muscle = library.muscle("iliocostalis_thoracis")
    zone = all_zones(muscle)
    assert "scapula_lower" in zone  # up toward the lower scapula
    assert {"lumbar_upper", "lumbar_lower"} <= zone  # down over the lumbar region
    assert "lower_abdomen" in zone  # round to the abdomen
    assert "pleura" in hazard_text(muscle)
    assert "trapped between the two fingers" in muscle.needling.approach
    _, y = where(library, point(muscle, "lower"), "posterior")
    assert 330 < y < 375  # T11-T12


def test_longissimus_thoracis_refers_downward_to_buttock_and_sacroiliac(library: Library) -> None:
    muscle = library.muscle("longissimus_thoracis")
    essential = {zone for p in muscle.trigger_points for zone in p.essential}
    assert {"buttock_lower", "sacroiliac"} <= essential
    for found in muscle.trigger_points:
        _, y = where(library, found, "posterior")
        assert 320 < y < 385, found.id  # T10 to L1: several segments above the pain
    assert "pleura" in hazard_text(muscle)


def test_multifidus_levels_and_the_coccyx(library: Library) -> None:
    muscle = library.muscle("multifidus")
    assert zones(muscle, "s1")[0] == {"coccyx"}
    for local_id in ("upper_lumbar", "lower_lumbar", "rotatores"):
        assert "lumbar_spine" in zones(muscle, local_id)[0], local_id
    assert any("lower_abdomen" in p.spillover for p in muscle.trigger_points)
    assert "coccydynia" in muscle.mimics
    for found in muscle.trigger_points:
        x, _ = where(library, found, "posterior")
        assert 200 < x < 215, found.id  # deep beside the spinous processes
        assert found.depth == "deep"


def test_multifidus_hazards_and_ids(library: Library) -> None:
    muscle = library.muscle("multifidus")
    text = hazard_text(muscle)
    for structure in ("spinal canal", "ligamentum flavum", "kidney", "pleura"):
        assert structure in text, structure
    assert "medial branches of the dorsal rami" in muscle.innervation.nerve.lower()
    assert "UBERON:0010990" not in muscle.anatomy_ids  # the parent is not multifidus


def test_serratus_posterior_inferior_local_ache_mimics_kidney(library: Library) -> None:
    muscle = library.muscle("serratus_posterior_inferior")
    assert all_zones(muscle) == {"lower_ribs"}
    assert "kidney_pain" in muscle.mimics
    text = hazard_text(muscle)
    assert "pleura" in text and "kidney" in text
    assert "T11" in muscle.origin and "L2" in muscle.origin
    assert "9th" in muscle.insertion and "12th" in muscle.insertion


# --- Rectus abdominis ---------------------------------------------------------


def test_rectus_abdominis_low_back_band_is_bilateral(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    for local_id in ("infraumbilical", "suprapubic"):
        found = point(muscle, local_id)
        assert found.laterality == "bilateral", local_id
        assert {"lumbar_lower", "sacroiliac"} <= set(found.essential), local_id
    navel = landmark(library, "anterior", "navel")
    assert where(library, point(muscle, "infraumbilical"), "anterior")[1] > navel[1]


def test_rectus_abdominis_mcburney_point_and_mimics(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    assert "lower_abdomen" in zones(muscle, "mcburney")[0]
    assert {
        "appendicitis",
        "urinary_tract_disorders",
        "gynaecological_disorders",
        "bowel_disorders",
        "dysmenorrhoea",
    } <= set(muscle.mimics)


def test_rectus_abdominis_needling_is_pincer_only(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    assert "pincer" in muscle.needling.approach
    text = hazard_text(muscle)
    for structure in ("peritone", "bowel", "bladder", "inferior epigastric"):
        assert structure in text, structure


# --- The conditions they need -------------------------------------------------


@pytest.mark.parametrize(
    "condition_id",
    [
        "appendicitis",
        "groin_pain",
        "dysmenorrhoea",
        "urinary_tract_disorders",
        "gynaecological_disorders",
        "bowel_disorders",
        "lumbar_facet_joint_pain",
    ],
)
def test_added_conditions_carry_no_unverified_code(library: Library, condition_id: str) -> None:
    condition = library.condition(condition_id)
    assert condition.icd10cm == ()
    assert condition.description and condition.sources


def test_kidney_pain_and_coccydynia_name_these_muscles_sources(library: Library) -> None:
    assert cites(library.condition("kidney_pain").sources, "ts_vol1", "47")
    assert cites(library.condition("coccydynia").sources, "ts_vol1", "48")
