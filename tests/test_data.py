"""The bundled data's clinically important facts: an edit that moves a zone fails here.

Each assertion is a fact of the clinical brief (shared/CONTENT.md) that a
therapist relies on, checked against the loaded library rather than the YAML.
"""

from __future__ import annotations

import pytest
from clinical import cites, hazard_text, where, zones

from trigger_points.geometry import MIDLINE, viewer_side
from trigger_points.library import Library

# The chapter of Travell & Simons on each muscle of the library (shared/CONTENT.md).
TRAVELL_SIMONS_CHAPTERS = {
    # The lumbar and abdominal muscles.
    "quadratus_lumborum": ("ts_vol2", "4"),
    "iliopsoas": ("ts_vol2", "5"),
    "iliocostalis_lumborum": ("ts_vol1", "48"),
    "iliocostalis_thoracis": ("ts_vol1", "48"),
    "longissimus_thoracis": ("ts_vol1", "48"),
    "multifidus": ("ts_vol1", "48"),
    "serratus_posterior_inferior": ("ts_vol1", "47"),
    "rectus_abdominis": ("ts_vol1", "49"),
    "abdominal_obliques": ("ts_vol1", "49"),
    # The gluteal, hip and pelvic floor muscles.
    "gluteus_maximus": ("ts_vol2", "7"),
    "gluteus_medius": ("ts_vol2", "8"),
    "gluteus_minimus": ("ts_vol2", "9"),
    "piriformis": ("ts_vol2", "10"),
    "short_lateral_rotators": ("ts_vol2", "10"),
    "tensor_fasciae_latae": ("ts_vol2", "12"),
    "levator_ani": ("ts_vol2", "6"),
    "coccygeus": ("ts_vol2", "6"),
    "hamstrings": ("ts_vol2", "16"),
}

# The identifiers of the brief's table, and no others.
ANATOMY_IDS = {
    "quadratus_lumborum": {"UBERON:0001220", "FMA:15569"},
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
    # External oblique, internal oblique and transversus abdominis (UBERON; no verified FMA).
    "abdominal_obliques": {"UBERON:0005442", "UBERON:0005454", "UBERON:0001221"},
    "gluteus_maximus": {"UBERON:0001370", "FMA:22314"},
    "gluteus_medius": {"UBERON:0001371", "FMA:22315"},
    "gluteus_minimus": {"UBERON:0008521", "FMA:22317"},
    "piriformis": {"UBERON:0008529", "FMA:19082"},
    "short_lateral_rotators": {
        "UBERON:0019203",
        "FMA:22318",
        "UBERON:0019202",
        "FMA:22320",
        "UBERON:0011048",
        "FMA:22298",
        "UBERON:0008537",
        "FMA:22321",
    },
    "tensor_fasciae_latae": {"UBERON:0001376", "FMA:22423"},
    "levator_ani": {"UBERON:0001326", "FMA:19087"},
    "coccygeus": {"UBERON:0001327", "FMA:19088"},
    "hamstrings": {
        "UBERON:0001375",
        "FMA:22357",
        "UBERON:0001381",
        "FMA:22438",
        "UBERON:0001374",
        "FMA:22356",
    },
}

MUSCLES = sorted(TRAVELL_SIMONS_CHAPTERS)

PELVIC_FLOOR = {"levator_ani", "coccygeus"}

# Conditions the muscles name that the brief gives no verified ICD-10-CM code.
UNCODED_CONDITIONS = [
    # Added for the lumbar and abdominal muscles.
    "appendicitis",
    "groin_pain",
    "inguinal_hernia",
    "urinary_tract_disorders",
    "gynaecological_disorders",
    "bowel_disorders",
    "lumbar_facet_joint_pain",
    # Added for the gluteal, hip and pelvic floor muscles.
    "levator_ani_syndrome",
    "pain_on_sitting",
    "pudendal_neuralgia",
]


# --- Every muscle -------------------------------------------------------------


def test_the_tables_name_every_muscle_of_the_library(library: Library) -> None:
    muscle_ids = {muscle.id for muscle in library.muscles}
    assert set(TRAVELL_SIMONS_CHAPTERS) == muscle_ids
    assert set(ANATOMY_IDS) == muscle_ids


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_each_muscle_cites_its_travell_and_simons_chapter_everywhere(
    library: Library, muscle_id: str
) -> None:
    source, chapter = TRAVELL_SIMONS_CHAPTERS[muscle_id]
    muscle = library.muscle(muscle_id)
    assert cites(muscle.sources, source, chapter)
    assert cites(muscle.needling.sources, source, chapter)
    for found in muscle.trigger_points:
        assert cites(found.sources, source, chapter), found.id
    for care in muscle.self_care:
        assert cites(care.sources, source, chapter), care.name
    assert {c.source for c in muscle.sources} >= {"gray_42", "uberon"}


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_anatomy_ids_are_the_briefs(library: Library, muscle_id: str) -> None:
    anatomy_ids = library.muscle(muscle_id).anatomy_ids
    assert set(anatomy_ids) == ANATOMY_IDS[muscle_id]
    assert any(ident.startswith("UBERON:") for ident in anatomy_ids), muscle_id


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_each_muscle_and_each_of_its_points_is_drawn(library: Library, muscle_id: str) -> None:
    # Drawing is optional in the model; that a drawn point lies in its muscle's outline is a
    # loading rule (tests/test_checks.py), so only the presence is checked here.
    muscle = library.muscle(muscle_id)
    assert muscle.outlines, muscle_id
    for found in muscle.trigger_points:
        assert found.positions, found.id


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_each_muscle_is_drawn_on_the_patients_right(library: Library, muscle_id: str) -> None:
    # Muscles are written for the patient's right, on the half of the picture where each
    # view shows that side; a one-sided view has no midline to be on one side of.
    muscle = library.muscle(muscle_id)
    for view in library.views:
        if not view.symmetric:
            continue
        # +1 where the view shows the patient's right on the viewer's right, -1 where on the left.
        toward_right = 1 if viewer_side(view, "right") == "right" else -1
        outline = muscle.outlines.get(view.id, ())
        assert all((x - MIDLINE) * toward_right >= 0 for x, _ in outline), view.id
        for found in muscle.trigger_points:
            if view.id in found.positions:
                x, _ = where(library, found, view.id)
                assert (x - MIDLINE) * toward_right > 0, (found.id, view.id)


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_treatment_is_complete(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    assert muscle.needling.hazards and muscle.needling.precautions
    assert muscle.self_care and all(care.steps for care in muscle.self_care)
    assert muscle.symptoms and muscle.differential and muscle.perpetuating_factors
    assert "myofascial_pain" in muscle.conditions


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_only_the_pelvic_floor_is_specialist_only(library: Library, muscle_id: str) -> None:
    needling = library.muscle(muscle_id).needling
    assert needling.specialist_only is (muscle_id in PELVIC_FLOOR), muscle_id


# --- Quadratus lumborum, gluteus medius and piriformis -------------------------


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
    # TrP3: the crest on its own side, the low back on both (T&S Fig 8.1C).
    trp3 = library.trigger_point("gluteus_medius.trp3")
    assert trp3.laterality == "ipsilateral"
    assert {"iliac_crest", "lumbar_lower:both", "sacrum"} <= set(trp3.essential)


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


# --- The conditions ---------------------------------------------------------


@pytest.mark.parametrize("condition_id", UNCODED_CONDITIONS)
def test_added_conditions_carry_no_unverified_code(library: Library, condition_id: str) -> None:
    condition = library.condition(condition_id)
    assert condition.icd10cm == ()
    assert condition.description and condition.sources


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
        # Added by the clinical review (C4), checked against the code titles.
        "G57.10",
        "G57.11",
        "G57.12",
        "G57.13",
        "N94.6",
        "S76.311A",
        "S76.312A",
        "S76.319A",
        # Added with the nerve roots (ROOTS.md).
        "M54.16",
        "M54.17",
        "M51.16",
        "M51.17",
        "G83.4",
    }
    for condition in library.conditions:
        assert set(condition.icd10cm) <= verified, condition.id
    assert library.condition("piriformis_syndrome").coding_note


# --- Safety (the clinical review's X1-X4) -------------------------------------


def test_red_flags_are_graded_and_the_emergencies_come_first(library: Library) -> None:
    flags = library.guidance_section("red_flags").statements
    assert all(flag.urgency for flag in flags)
    emergency = " ".join(f.text for f in flags if f.urgency == "emergency").lower()
    for sign in ("numbness between the legs", "urine", "both legs", "foot", "fever"):
        assert sign in emergency, sign
    soon = " ".join(f.text for f in flags if f.urgency == "soon").lower()
    for sign in ("cancer", "weight loss", "night", "osteoporosis", "immune", "injects drugs"):
        assert sign in soon, sign
    assert "aneurysm" in " ".join(f"{f.label} {f.text}" for f in flags).lower()
    review = [f for f in flags if f.urgency == "review"]
    assert review and "not settling" not in emergency
    cited = {c.source for f in flags for c in f.sources}
    assert {"finucane_2020", "nice_ng59"} <= cited


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_every_muscle_warns_its_patients_of_its_own_signs(library: Library, muscle_id: str) -> None:
    signs = library.muscle(muscle_id).patient_warning_signs
    assert signs, f"{muscle_id} has no patient warning signs"
    for sign in signs:
        assert sign.urgency in ("emergency", "soon", "review") and sign.sources


@pytest.mark.parametrize(
    ("muscle_id", "words"),
    [
        ("rectus_abdominis", ("lower right belly", "pregnan")),
        ("quadratus_lumborum", ("urine", "fever")),
        ("serratus_posterior_inferior", ("urine",)),
        ("iliocostalis_lumborum", ("urine",)),
        ("iliopsoas", ("fever",)),
        ("levator_ani", ("bleeding",)),
        ("hamstrings", ("calf",)),
    ],
)
def test_the_warning_signs_the_review_asked_for(
    library: Library, muscle_id: str, words: tuple[str, ...]
) -> None:
    text = " ".join(sign.text for sign in library.muscle(muscle_id).patient_warning_signs).lower()
    for word in words:
        assert word in text, (muscle_id, word)


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_needling_technique_cites_donnelly_and_deep_muscles_give_a_length(
    library: Library, muscle_id: str
) -> None:
    muscle = library.muscle(muscle_id)
    # X4: the technique is Donnelly 2019's, cited by the chapter's subject (no unconfirmed
    # chapter number); a deep muscle gives an indicative needle length.
    donnelly = [c for c in muscle.needling.sources if c.source == "donnelly_2019"]
    assert donnelly and all(c.topic and c.chapter is None for c in donnelly), muscle_id
    if any(point.depth == "deep" for point in muscle.trigger_points):
        length = muscle.needling.needle_length
        assert length and "mm" in length and "obes" in length.lower(), muscle_id
    # X7: the absolute contraindication is on every sheet, which is read on its own.
    assert any("lymphoedema" in p.lower() for p in muscle.needling.precautions), muscle_id


def test_no_zone_of_gluteus_medius_trp3_puts_the_crest_on_the_other_side(
    library: Library,
) -> None:
    point = library.trigger_point("gluteus_medius.trp3")
    for side in ("right", "left"):
        other = "left" if side == "right" else "right"
        felt = {
            str(k) for zone in ("essential", "spillover") for k in library.felt(point, zone, side)
        }
        assert f"iliac_crest:{side}" in felt
        assert f"iliac_crest:{other}" not in felt
        assert f"lumbar_lower:{other}" in felt


def test_the_library_covers_at_least_18_muscles_and_40_trigger_points(library: Library) -> None:
    assert len(library.muscles) >= 18
    assert len(library.trigger_points) >= 40
