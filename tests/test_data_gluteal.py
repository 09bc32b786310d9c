"""The gluteal, hip and pelvic floor muscles: the clinical facts a therapist relies on.

Each assertion is a fact of the clinical brief (shared/CONTENT.md, Travell &
Simons vol. 2 ch. 6, 7, 9, 10, 12 and 16) checked against the loaded library,
so that an edit which moves a referral zone, drops a hazard or loosens the
pelvic floor's specialist-only rule fails here. The facts every muscle shares
(its chapter, anatomy ids, outline, the specialist-only rule) are checked for
all the muscles in test_data.py.
"""

from __future__ import annotations

import pytest
from clinical import cites, hazard_text, landmarks, where, whole_zone, zones

from trigger_points.library import Library

LEG_REGIONS = {
    "lateral_thigh",
    "lateral_knee",
    "lateral_leg",
    "lateral_ankle",
    "posterior_thigh_upper",
    "posterior_thigh_lower",
    "popliteal",
    "calf",
}


# --- Gluteus maximus (ch. 7) ---------------------------------------------------


def test_gluteus_maximus_three_points_and_their_zones(library: Library) -> None:
    muscle = library.muscle("gluteus_maximus")
    assert {p.local_id for p in muscle.trigger_points} == {"trp1", "trp2", "trp3"}
    assert muscle.innervation.nerve == "Inferior gluteal nerve"
    assert muscle.innervation.roots == "L5-S2"
    # TrP1: a crescent from the sacroiliac joint beside the cleft to the fold.
    assert {"sacroiliac", "gluteal_fold"} <= zones(muscle, "trp1")[0]
    # TrP2: the whole buttock and the lower sacrum, but not the coccyx.
    trp2 = zones(muscle, "trp2")[0]
    assert {"buttock", "sacrum"} <= trp2
    assert "coccyx" not in whole_zone(muscle, "trp2")
    # TrP3: the coccyx.
    assert zones(muscle, "trp3")[0] == {"coccyx"}
    # The buttock muscle's pain stays above the knee.
    for point in muscle.trigger_points:
        assert not set(point.essential) & (LEG_REGIONS - {"posterior_thigh_upper"}), point.id


def test_gluteus_maximus_points_lie_where_the_brief_puts_them(library: Library) -> None:
    marks = landmarks(library, "posterior")
    muscle = library.muscle("gluteus_maximus")
    placed = {p.local_id: where(library, p, "posterior") for p in muscle.trigger_points}
    # TrP1 beside the sacrum, level with the sacroiliac joint, medial to the PSIS.
    assert placed["trp1"][0] < marks["psis"][0]
    assert marks["psis"][1] < placed["trp1"][1] < marks["coccyx"][1]
    # TrP2 just above the ischial tuberosity.
    assert abs(placed["trp2"][0] - marks["ischial_tuberosity"][0]) < 12
    assert marks["ischial_tuberosity"][1] - 30 < placed["trp2"][1] < marks["ischial_tuberosity"][1]
    # TrP3 the lowest and most medial.
    assert placed["trp3"][1] > placed["trp2"][1] and placed["trp3"][0] < placed["trp2"][0]


def test_gluteus_maximus_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("gluteus_maximus")
    hazards = hazard_text(muscle)
    assert "sciatic nerve" in hazards
    assert "inferior gluteal" in hazards
    assert "pudendal" in hazards
    assert {"sacroiliac_joint_pain", "coccydynia"} <= set(muscle.mimics)
    assert "pain_on_sitting" in muscle.conditions
    assert any("opposite shoulder" in care.name.lower() for care in muscle.self_care)


# --- Gluteus minimus (ch. 9) ---------------------------------------------------


def test_gluteus_minimus_anterior_points_refer_down_the_side_of_the_leg(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    essential, spillover = zones(muscle, "anterior")
    assert {"buttock_lateral", "lateral_thigh", "lateral_knee", "lateral_leg"} <= essential
    assert "lateral_ankle" in essential | spillover
    # Down the outer side, not the back, of the leg.
    assert not (essential | spillover) & {"posterior_thigh_upper", "posterior_thigh_lower", "calf"}
    assert library.trigger_point("gluteus_minimus.anterior").depth == "deep"


def test_gluteus_minimus_posterior_points_refer_down_the_back_of_the_leg(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    essential = zones(muscle, "posterior")[0]
    assert {"buttock_lower", "posterior_thigh_upper", "calf"} <= essential
    assert not whole_zone(muscle, "posterior") & {"lateral_leg", "lateral_ankle"}


def test_gluteus_minimus_points_are_placed_by_their_landmarks(library: Library) -> None:
    anterior = library.trigger_point("gluteus_minimus.anterior").positions["lateral"]
    assert set(anterior.between or ()) == {"asis", "greater_trochanter"}
    posterior = library.trigger_point("gluteus_minimus.posterior").positions["posterior"]
    assert set(posterior.between or ()) == {"sciatic_notch", "greater_trochanter"}
    assert posterior.offset[1] < 0, "the posterior points lie above the piriformis line"
    assert {"posterior", "lateral"} <= set(library.muscle("gluteus_minimus").outlines)


def test_gluteus_minimus_is_the_pseudo_sciatica_muscle(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    assert "pseudo_sciatica" in muscle.conditions
    assert {"sciatica", "lumbar_disc_disease"} <= set(muscle.mimics)
    assert muscle.innervation.nerve == "Superior gluteal nerve"
    assert muscle.innervation.roots == "L4-S1"
    hazards = hazard_text(muscle)
    assert "superior gluteal" in hazards and "sciatic nerve" in hazards


# --- Short lateral rotators (ch. 10, obturator internus also ch. 6) ----------


def test_short_lateral_rotators_names_and_zones(library: Library) -> None:
    muscle = library.muscle("short_lateral_rotators")
    aliases = {alias.lower() for alias in muscle.aliases}
    assert {
        "superior gemellus",
        "inferior gemellus",
        "obturator internus",
        "quadratus femoris",
    } <= aliases
    for point in muscle.trigger_points:
        assert "buttock_lower" in point.essential, point.id
        assert point.depth == "deep"
    # Obturator internus also refers to the anococcygeal region and the back of the thigh.
    essential, spillover = zones(muscle, "obturator_internus")
    assert "coccyx" in essential
    assert "posterior_thigh_upper" in essential | spillover
    assert cites(
        library.trigger_point("short_lateral_rotators.obturator_internus").sources, "ts_vol2", "6"
    )


def test_short_lateral_rotators_lie_below_piriformis_over_the_sciatic_nerve(
    library: Library,
) -> None:
    muscle = library.muscle("short_lateral_rotators")
    piriformis = library.muscle("piriformis")
    lowest_piriformis = min(y for _, y in piriformis.outlines["posterior"])
    assert min(y for _, y in muscle.outlines["posterior"]) > lowest_piriformis
    assert "sciatic nerve" in hazard_text(muscle)
    assert "pudendal" in hazard_text(muscle)
    assert "piriformis_syndrome" in muscle.conditions
    assert "sciatica" in muscle.mimics


# --- Tensor fasciae latae (ch. 12) --------------------------------------------


def test_tensor_fasciae_latae_referral_and_hazard(library: Library) -> None:
    muscle = library.muscle("tensor_fasciae_latae")
    essential, spillover = zones(muscle, "trp")
    assert {"greater_trochanter", "lateral_thigh"} <= essential
    assert "lateral_knee" in essential | spillover
    assert not (essential | spillover) & {"lateral_leg", "lateral_ankle", "calf"}, (
        "stops at the knee"
    )
    assert "trochanteric_bursitis" in muscle.mimics
    assert "lateral femoral cutaneous" in hazard_text(muscle)
    assert muscle.innervation.nerve == "Superior gluteal nerve"
    assert {"lateral", "anterior"} <= set(muscle.outlines)
    position = library.trigger_point("tensor_fasciae_latae.trp").positions["anterior"]
    assert position.at == "asis" and position.offset[1] > 0, "in the upper third, below the ASIS"


# --- Levator ani and coccygeus (ch. 6) ----------------------------------------


@pytest.mark.parametrize("muscle_id", ["levator_ani", "coccygeus"])
def test_pelvic_floor_refers_to_coccyx_and_sacrum(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    for point in muscle.trigger_points:
        # The coccyx and the lower sacrum, spreading to the anal region.
        assert {"coccyx", "sacrum_lower"} <= set(point.essential), point.id
        assert "anal" in set(point.essential) | set(point.spillover), point.id
        assert point.depth == "deep"
    assert {"coccydynia", "levator_ani_syndrome"} <= set(muscle.mimics)
    assert "pain_on_sitting" in muscle.conditions
    assert muscle.group == "pelvic_floor"


@pytest.mark.parametrize("muscle_id", ["levator_ani", "coccygeus"])
def test_pelvic_floor_is_for_specialists_only(library: Library, muscle_id: str) -> None:
    needling = library.muscle(muscle_id).needling
    assert needling.specialist_only is True
    approach = needling.approach.lower()
    assert "internally" in approach
    assert "pelvic-health specialists" in approach
    hazards = hazard_text(library.muscle(muscle_id))
    assert "rectum" in hazards and "pudendal" in hazards
    assert "bladder" in hazards


def test_levator_ani_hazards_include_the_vagina(library: Library) -> None:
    assert "vagina" in hazard_text(library.muscle("levator_ani"))


# --- Hamstrings (ch. 16) -------------------------------------------------------


def test_hamstrings_medial_refer_up_to_the_gluteal_fold(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    essential, spillover = zones(muscle, "medial")
    assert {"gluteal_fold", "buttock_lower"} <= essential
    assert {"posterior_thigh_upper", "calf_upper"} <= spillover
    assert "calf" not in spillover  # the upper calf only (T&S ch 16)
    assert "popliteal" not in essential


def test_hamstrings_biceps_refers_to_the_back_of_the_knee(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    essential, spillover = zones(muscle, "lateral")
    assert "popliteal" in essential
    assert {"posterior_thigh_lower", "posterior_thigh_upper"} <= spillover
    aliases = {alias.lower() for alias in muscle.aliases}
    assert {"semitendinosus", "semimembranosus", "biceps femoris"} <= aliases


def test_hamstrings_points_sit_on_their_own_side_of_the_thigh(library: Library) -> None:
    marks = landmarks(library, "posterior")
    medial = where(library, library.trigger_point("hamstrings.medial"), "posterior")
    lateral = where(library, library.trigger_point("hamstrings.lateral"), "posterior")
    # Posterior view, patient's right: medial is toward the midline (smaller x).
    assert medial[0] < lateral[0]
    assert marks["gluteal_fold"][1] < medial[1] < marks["knee_joint_line"][1]
    assert marks["gluteal_fold"][1] < lateral[1] < marks["knee_joint_line"][1]


def test_hamstrings_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    hazards = hazard_text(muscle)
    assert "sciatic nerve" in hazards
    assert "tibial nerve" in hazards and "popliteal" in hazards
    assert {"sciatica", "hamstring_strain"} <= set(muscle.mimics)


# --- Clinical review (issue 13): the corrected facts ----------------------------

MUSCLES = [
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "short_lateral_rotators",
    "tensor_fasciae_latae",
    "levator_ani",
    "coccygeus",
    "hamstrings",
]


def warning_signs(library: Library, muscle_id: str) -> dict[str, list[str]]:
    """The muscle's patient warning signs, lower-case, grouped by urgency."""
    found: dict[str, list[str]] = {}
    for sign in library.muscle(muscle_id).patient_warning_signs:
        found.setdefault(sign.urgency, []).append(sign.text.lower())
    return found


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_every_muscle_warns_the_patient_in_a_few_short_signs(
    library: Library, muscle_id: str
) -> None:
    signs = library.muscle(muscle_id).patient_warning_signs
    assert 2 <= len(signs) <= 4, "X3: the handout must still fit on one page"
    for sign in signs:
        assert sign.sources
        assert len(sign.text) < 160, sign.text


@pytest.mark.parametrize(
    "muscle_id",
    [
        "gluteus_maximus",
        "gluteus_medius",
        "gluteus_minimus",
        "piriformis",
        "short_lateral_rotators",
        "hamstrings",
    ],
)
def test_buttock_and_leg_muscles_send_nerve_symptoms_for_review(
    library: Library, muscle_id: str
) -> None:
    # Numbness or pins and needles point to a nerve, not the muscle. Worsening weakness
    # or foot drop is in the general emergency tier (guidance.yaml), so it is not
    # repeated here, where it would print twice on the handout.
    signs = warning_signs(library, muscle_id)
    assert any("pins and needles" in text for text in signs.get("review", []))
    assert not any("foot that drops" in text for texts in signs.values() for text in texts)


def test_piriformis_medial_point_is_never_needled_blind_onto_the_notch(library: Library) -> None:
    # M-PIR2: the edge of the greater sciatic notch is where the gluteal, sciatic and
    # pudendal nerves leave the pelvis, not a bony stop.
    needling = library.muscle("piriformis").needling
    approach = needling.approach.lower()
    assert "edge of the notch as the stop" not in approach
    assert "not needle the medial point blind" in approach
    assert "not a stop" in approach
    # M-PIR3: ultrasound guidance, as for the short lateral rotators.
    assert "ultrasound guidance is advisable" in approach
    assert "ultrasound" in library.muscle("short_lateral_rotators").needling.approach.lower()
    # M-PIR4: the muscle lies 4-8 cm deep.
    assert "4-8 cm" in (needling.depth or "")
    assert "75-100 mm" in (needling.needle_length or "")


def test_piriformis_medial_point_is_drawn_in_the_medial_third(library: Library) -> None:
    # M-PIR1: next to the sacrum, not in the middle of the buttock.
    muscle = library.muscle("piriformis")
    xs = [x for x, _ in muscle.outlines["posterior"]]
    medial = where(library, library.trigger_point("piriformis.medial"), "posterior")
    lateral = where(library, library.trigger_point("piriformis.lateral"), "posterior")
    assert medial[0] < min(xs) + (max(xs) - min(xs)) / 3
    assert lateral[0] > min(xs) + 2 * (max(xs) - min(xs)) / 3 - 10
    for point in muscle.trigger_points:
        assert "buttock_mid" in point.essential, "laterally across the buttock (Fig 10.1)"
        assert cites(point.sources, "ts_vol2", "10")


def test_gluteus_minimus_anterior_needle_hazards(library: Library) -> None:
    # M-GMN2: the path just behind tensor fasciae latae.
    hazards = hazard_text(library.muscle("gluteus_minimus"))
    assert "lateral circumflex femoral" in hazards
    assert "lateral femoral cutaneous" in hazards
    assert "hip joint capsule" in hazards


def test_gluteus_minimus_posterior_point_agrees_with_its_needling_text(library: Library) -> None:
    # M-GMN1: drawn and described over the middle of the piriformis line.
    muscle = library.muscle("gluteus_minimus")
    for view in ("posterior", "lateral"):
        position = library.trigger_point("gluteus_minimus.posterior").positions[view]
        assert position.fraction is not None and 0.4 <= position.fraction <= 0.6, view
    approach = muscle.needling.approach.lower()
    assert "halfway along" in approach and "a third of the way" not in approach
    # M-GMN3: the ball goes by the greater trochanter, not "the hip bone".
    ball = next(care for care in muscle.self_care if "ball" in care.name.lower())
    assert "greater trochanter" in ball.steps[0]
    # M-GMN4: Fig 9.1 for the anterior points.
    assert any(c.figure == "9.1" for c in library.trigger_point("gluteus_minimus.anterior").sources)


def test_gluteus_maximus_trp1_spillover_stays_just_below_the_fold(library: Library) -> None:
    # M-GMX1: posterior_thigh_upper runs two thirds down the thigh; T&S Fig 7.1A
    # spills only just below the fold, which the gluteal_fold zone covers.
    muscle = library.muscle("gluteus_maximus")
    assert "posterior_thigh_upper" not in whole_zone(muscle, "trp1")
    assert "gluteal_fold" in zones(muscle, "trp1")[0]


def test_gluteus_medius_zones_after_review(library: Library) -> None:
    muscle = library.muscle("gluteus_medius")
    # M-GMD1: the crest on its own side only; the low back on both.
    trp3 = zones(muscle, "trp3")[0]
    assert "iliac_crest" in trp3 and "iliac_crest:both" not in trp3
    assert "lumbar_lower:both" in trp3
    # M-GMD2 and the brief: TrP2 to the mid and lateral buttock, spilling to the
    # back and the outer side of the upper thigh.
    essential, spillover = zones(muscle, "trp2")
    assert {"buttock_lateral", "buttock_mid"} <= essential
    assert {"posterior_thigh_upper", "lateral_thigh_upper"} <= spillover
    assert not (essential | spillover) & {"lateral_thigh", "lateral_thigh_lower"}
    # M-GMD3: every point has a depth.
    assert all(point.depth for point in muscle.trigger_points)


def test_short_lateral_rotators_pudendal_nerve_runs_into_the_perineum(library: Library) -> None:
    # M-SLR1: through the lesser sciatic foramen into the perineum, not back into the pelvis.
    hazard = next(
        h
        for h in library.muscle("short_lateral_rotators").needling.hazards
        if "pudendal" in h.structure.lower()
    )
    assert "re-enter the pelvis" not in hazard.risk
    assert "perineum" in hazard.risk


def test_tensor_fasciae_latae_figure(library: Library) -> None:
    # M-TFL2.
    assert any(
        c.figure == "12.1" for c in library.trigger_point("tensor_fasciae_latae.trp").sources
    )


@pytest.mark.parametrize("muscle_id", ["levator_ani", "coccygeus"])
def test_pelvic_floor_warns_of_rectal_bleeding_and_checks_scope(
    library: Library, muscle_id: str
) -> None:
    # M-LA1 / X3: rectal bleeding or a change in bowel habit: see a doctor soon.
    soon = " ".join(warning_signs(library, muscle_id).get("soon", []))
    assert "bleeding from the back passage" in soon and "bowel habit" in soon
    # M-LA3: scope of practice and ultrasound for internal needling.
    approach = library.muscle(muscle_id).needling.approach.lower()
    assert "scope of practice" in approach and "ultrasound guidance is preferred" in approach


def test_levator_ani_self_care_tells_the_patient_about_rectal_bleeding(library: Library) -> None:
    # M-LA1: coccygeus had this caution; levator ani, which mimics bowel disease, now too.
    cautions = " ".join(
        caution for care in library.muscle("levator_ani").self_care for caution in care.cautions
    ).lower()
    assert "bleeding from the back passage" in cautions and "bowel habit" in cautions


def test_coccygeus_roots_and_claim_after_review(library: Library) -> None:
    muscle = library.muscle("coccygeus")
    assert "S4-S5" in (muscle.innervation.roots or "")  # M-CO1: the texts differ
    assert "commonest" not in (library.trigger_point("coccygeus.trp").notes or "")  # M-CO2


def test_hamstrings_biceps_spills_into_the_upper_calf(library: Library) -> None:
    # M-HAM1 / M-HAM2: the upper calf only (T&S Fig 16.1).
    muscle = library.muscle("hamstrings")
    for local_id in ("medial", "lateral"):
        spread = whole_zone(muscle, local_id)
        assert "calf_upper" in spread, local_id
        assert not spread & {"calf", "calf_lower"}, local_id
        assert any(
            c.figure == "16.1" for c in library.trigger_point(f"hamstrings.{local_id}").sources
        )


def test_hamstrings_warn_of_a_clot(library: Library) -> None:
    """A suspected clot is checked the same day (NICE NG158): not a sign that can wait days."""
    signs = warning_signs(library, "hamstrings")
    assert any("swollen, warm and tender" in text for text in signs["emergency"])
    assert any("breathlessness" in text and "chest pain" in text for text in signs["emergency"])
