"""The lumbar and abdominal muscles: their clinically important facts (issue 5).

Each assertion is a fact of the clinical brief (shared/CONTENT.md) that a
therapist relies on, checked against the loaded library, so that an edit that
moves a zone, drops a hazard or loses a citation fails here. The facts every
muscle shares (its chapter, anatomy ids, outline, complete treatment) are
checked for all the muscles in test_data.py.
"""

from __future__ import annotations

import pytest
from clinical import all_zones, cites, hazard_text, landmark, point, where, zones

from trigger_points.library import Library


def vertebra(library: Library) -> float:
    """The height of one vertebral segment in the posterior view: L1 to L2."""
    return (
        landmark(library, "posterior", "spinous_l2")[1]
        - landmark(library, "posterior", "spinous_l1")[1]
    )


def thoracic_level(library: Library, y: float) -> int:
    """The thoracic vertebra at height y in the posterior view, counting L1 as 13."""
    l1 = landmark(library, "posterior", "spinous_l1")[1]
    return 13 - round((l1 - y) / vertebra(library))


# --- Iliopsoas ----------------------------------------------------------------


def test_iliopsoas_refers_along_the_lumbar_strip_and_to_groin_and_thigh(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    assert {p.local_id for p in muscle.trigger_points} == {"distal", "iliacus", "psoas"}
    for found in muscle.trigger_points:
        assert {"lumbar_upper", "lumbar_lower", "sacroiliac"} <= set(found.essential), found.id
        assert "buttock_upper" in found.essential
        # Groin and the upper front of the thigh only, not down to the knee (T&S Fig 5.1).
        assert {"groin", "anterior_thigh_upper"} <= set(found.spillover), found.id
        assert "anterior_thigh" not in found.spillover
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
    navel = landmark(library, "anterior", "navel")
    assert abs(psoas[1] - navel[1]) < vertebra(library)  # about navel level
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
    assert "buttock_mid" in only.essential
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
    assert thoracic_level(library, y) in (11, 12)


def test_longissimus_thoracis_refers_downward_to_buttock_and_sacroiliac(library: Library) -> None:
    muscle = library.muscle("longissimus_thoracis")
    essential = {zone for p in muscle.trigger_points for zone in p.essential}
    assert {"buttock_lower", "sacroiliac"} <= essential
    for found in muscle.trigger_points:
        _, y = where(library, found, "posterior")
        level = thoracic_level(library, y)  # T10 to L1: several segments above the pain
        assert 10 <= level <= 13, found.id
    assert "pleura" in hazard_text(muscle)


def test_multifidus_levels_and_the_coccyx(library: Library) -> None:
    muscle = library.muscle("multifidus")
    assert zones(muscle, "s1")[0] == {"coccyx"}
    for local_id in ("upper_lumbar", "lower_lumbar", "rotatores"):
        assert "lumbar_spine" in zones(muscle, local_id)[0], local_id
    assert any("lower_abdomen" in p.spillover for p in muscle.trigger_points)
    assert "coccydynia" in muscle.mimics
    spine = landmark(library, "posterior", "spinous_l3")[0]
    psis = landmark(library, "posterior", "psis")[0]
    for found in muscle.trigger_points:
        x, _ = where(library, found, "posterior")
        # Deep beside the spinous processes: on the patient's right of them (the viewer's
        # right from behind), nearer to them than to the PSIS.
        assert spine < x < (spine + psis) / 2, found.id
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


def test_kidney_pain_and_coccydynia_name_these_muscles_sources(library: Library) -> None:
    assert cites(library.condition("kidney_pain").sources, "ts_vol1", "47")
    assert cites(library.condition("coccydynia").sources, "ts_vol1", "48")


# --- Clinical review, issue 13 --------------------------------------------------

# The muscles of this file, with the Donnelly et al. 2019 chapter topic their needling cites.
LUMBAR_MUSCLES = (
    "quadratus_lumborum",
    "iliopsoas",
    "iliocostalis_lumborum",
    "iliocostalis_thoracis",
    "longissimus_thoracis",
    "multifidus",
    "serratus_posterior_inferior",
    "rectus_abdominis",
)


def signs(muscle_id: str, library: Library) -> list[tuple[str, str]]:
    """The muscle's patient warning signs as (urgency, lower-case text) pairs."""
    return [
        (sign.urgency, sign.text.lower())
        for sign in library.muscle(muscle_id).patient_warning_signs
    ]


@pytest.mark.parametrize("muscle_id", LUMBAR_MUSCLES)
def test_each_muscle_has_warning_signs_a_handout_can_hold(library: Library, muscle_id: str) -> None:
    # X3: muscle-specific warning signs reach the patient; 1-4 of them, so the handout fits a page.
    found = library.muscle(muscle_id).patient_warning_signs
    assert 1 <= len(found) <= 4, muscle_id
    for sign in found:
        assert sign.sources and len(sign.text) < 160, sign.text


def test_quadratus_lumborum_thigh_spillover_stops_at_mid_thigh(library: Library) -> None:
    # M-QL1: the lower superficial point spills to the upper outer thigh only (T&S Fig 4.1).
    spillover = zones(library.muscle("quadratus_lumborum"), "superficial_lower")[1]
    assert "lateral_thigh_upper" in spillover
    assert not {"lateral_thigh", "lateral_thigh_lower", "lateral_knee"} & spillover


def test_quadratus_lumborum_aneurysm_kidney_and_perpetuating_factors(library: Library) -> None:
    muscle = library.muscle("quadratus_lumborum")
    # M-QL4: abdominal aortic aneurysm in the differential and in the patient's warning signs.
    assert any("aortic aneurysm" in item.lower() for item in muscle.differential)
    found = signs("quadratus_lumborum", library)
    # Its emergency form (sudden, severe pain) is a general red flag, printed on every handout.
    # The aneurysm sign itself is a general red flag (emergency), printed on every handout.
    flags = library.guidance_section("red_flags").statements
    assert any(f.urgency == "emergency" and "aneurysm" in (f.label or "").lower() for f in flags)
    assert any(u == "soon" and "urine" in t and "fever" in t for u, t in found)
    # M-QL3: a needle long enough for a deep muscle.
    assert "60-75 mm" in (muscle.needling.needle_length or "")
    # M-QL5: the T&S ch 4 factors that were missing.
    factors = " ".join(muscle.perpetuating_factors).lower()
    for factor in ("slopes", "cough", "wallet"):
        assert factor in factors, factor
    assert "heel lift" in " ".join(muscle.self_care[0].cautions)


def test_iliopsoas_review_fixes(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    # M-IP3: iliopsoas is in the floor of the femoral triangle, not its wall.
    assert "floor of the" in point(muscle, "distal").location
    assert "lateral wall" not in point(muscle, "distal").location
    # M-IP4: pregnancy.
    assert any("pregnancy" in item.lower() for item in muscle.needling.precautions)
    # M-IP5: the posterolateral approach, for the trained, with its own hazards.
    assert "posterolateral" in muscle.needling.approach
    assert "ultrasound" in muscle.needling.approach
    text = hazard_text(muscle)
    assert "kidney" in text and "lumbar plexus" in text
    # X3: a psoas abscess (fever, hip held bent) and appendicitis send the patient to hospital now.
    found = signs("iliopsoas", library)
    assert any(u == "emergency" and "fever" in t and "hip bent" in t for u, t in found)
    assert any(u == "emergency" and "lower right belly" in t for u, t in found)


@pytest.mark.parametrize("muscle_id", ["iliocostalis_lumborum", "iliocostalis_thoracis"])
def test_iliocostalis_points_cite_figure_48_1(library: Library, muscle_id: str) -> None:
    # M-ICL2, X6.
    for found in library.muscle(muscle_id).trigger_points:
        assert any(c.figure == "48.1" for c in found.sources), found.id


def test_iliocostalis_thoracis_mimics_kidney_pain(library: Library) -> None:
    # M-ICT1: the condition page for kidney pain links back to this muscle.
    assert "kidney_pain" in library.muscle("iliocostalis_thoracis").mimics


@pytest.mark.parametrize(
    "muscle_id",
    [
        "quadratus_lumborum",
        "iliocostalis_lumborum",
        "iliocostalis_thoracis",
        "serratus_posterior_inferior",
    ],
)
def test_flank_muscles_warn_of_the_kidney(library: Library, muscle_id: str) -> None:
    # X3: fever, urinary symptoms or blood in the urine with flank pain.
    assert any("urine" in text for _, text in signs(muscle_id, library)), muscle_id


def test_longissimus_point_is_tender_when_pressed(library: Library) -> None:
    # M-LT1: a trigger point is tender by definition; the pain is felt far from it.
    notes = point(library.muscle("longissimus_thoracis"), "upper").notes or ""
    assert "Nothing is felt" not in notes
    assert "until it is pressed" in notes


def test_multifidus_needle_goes_perpendicular_or_inferomedial_never_lateral(
    library: Library,
) -> None:
    # M-MF1: an outward angle passes the lamina and facet toward the spinal nerve and the kidney.
    muscle = library.muscle("multifidus")
    approach = muscle.needling.approach.lower()
    assert "outward" not in approach
    assert "perpendicular" in approach and "inferomedial" in approach
    assert "never angle the needle laterally" in approach
    assert "t12-l1" in approach and "l5-s1" in approach  # stay perpendicular there
    for hazard in muscle.needling.hazards:
        assert "outward, always onto" not in hazard.avoid
    # M-MF2: the exiting spinal nerve and its ganglion.
    assert "dorsal root ganglion" in hazard_text(muscle)


def test_multifidus_s1_point_is_drawn_on_the_sacrum(library: Library) -> None:
    # M-MF3: the S1 point lies a segment below L5, not beside the L5 label.
    l5 = landmark(library, "posterior", "spinous_l5")[1]
    _, y = where(library, point(library.muscle("multifidus"), "s1"), "posterior")
    assert y - l5 > 0.6 * vertebra(library)


def test_rectus_abdominis_upper_point_refers_across_the_thoracolumbar_back(
    library: Library,
) -> None:
    # M-RA2: the epigastric point's horizontal band across the back on both sides (T&S ch 49).
    muscle = library.muscle("rectus_abdominis")
    upper = point(muscle, "epigastric")
    assert upper.laterality == "bilateral"
    assert "thoracolumbar" in upper.essential
    assert {"lower_ribs", "upper_abdomen"} <= set(upper.spillover)
    assert cites(upper.sources, "ts_vol1", "49")
    x, y = where(library, upper, "anterior")
    xiphoid = landmark(library, "anterior", "xiphoid")
    navel = landmark(library, "anterior", "navel")
    assert xiphoid[1] < y < (xiphoid[1] + navel[1]) / 2  # just below the xiphoid
    assert 0 < xiphoid[0] - x < 25  # a finger-breadth or two from the midline
    assert "periumbilical" in {p.local_id for p in muscle.trigger_points}


def test_rectus_abdominis_mcburney_point_sits_at_the_lateral_border(library: Library) -> None:
    # M-RA1: about halfway along the ASIS-navel line, near McBurney's point, not deep in the muscle.
    muscle = library.muscle("rectus_abdominis")
    asis = landmark(library, "anterior", "asis")
    navel = landmark(library, "anterior", "navel")
    x, _ = where(library, point(muscle, "mcburney"), "anterior")
    assert 0.4 <= (x - asis[0]) / (navel[0] - asis[0]) <= 0.52


def test_rectus_abdominis_warning_signs_and_press_up_caution(library: Library) -> None:
    found = signs("rectus_abdominis", library)
    assert any(u == "emergency" and "lower right belly" in t for u, t in found)  # appendicitis
    assert any(u == "emergency" and "pregnant" in t for u, t in found)  # ectopic pregnancy
    # Needling in pregnancy is a precaution for the clinician, not a patient's warning sign.
    assert any(
        "pregnan" in p.lower() for p in library.muscle("rectus_abdominis").needling.precautions
    )
    assert any("urine" in t for _, t in found)
    # M-RA4: lumbar extension and a stenosis or slipped vertebra.
    cautions = " ".join(library.muscle("rectus_abdominis").self_care[0].cautions)
    assert "spinal stenosis" in cautions and "slipped vertebra" in cautions
